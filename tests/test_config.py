"""Configuration files: discovery, every key, and exit-2 errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from goalkeeper.config import find_config, load_config
from goalkeeper.globs import Glob
from goalkeeper.settings import SettingsError


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key(tmp_path: Path) -> None:
    config = load_config(
        _write(
            tmp_path / "goalkeeper.toml",
            """
select = ["CT", "GK"]
ignore = ["CT2"]
strict = true
max-file-size = 2048
exclude = ["vendor/**"]
files = [
  { pattern = "goals/updates/*.json", kind = "conductrics/goal-type", op = "update" },
  { pattern = "rules/**/*.json", kind = "conductrics/targeting-rule" },
]
[per-file-ignores]
"legacy/*.json" = ["CT112"]
[conductrics]
options = "options.json"
""",
        )
    )
    assert config.select == ("CT", "GK") and config.ignore == ("CT2",)
    assert config.strict and config.max_file_size == 2048
    assert config.files[0].op == "update" and config.files[1].op is None
    assert config.per_file_ignores == (("legacy/*.json", ("CT112",)),)
    assert config.conductrics_options == str(tmp_path / "options.json")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("selct = ['CT']", 'selct: unknown key (did you mean "select"?)'),
        ("strict = 'yes'", "strict: expected true or false"),
        ("max-file-size = -1", "max-file-size: expected a positive number of bytes"),
        (
            "files = [{ pattern = 'a', kind = 'nope/kind' }]",
            "files[0].kind: unknown kind 'nope/kind'",
        ),
        (
            "files = [{ pattern = 'a', kind = 'conductrics/targeting-rule', op = 'update' }]",
            "files[0].op: conductrics/targeting-rule has no operation 'update'",
        ),
        ("files = [{ pattern = 'a' }]", "files[0]: give a kind, an op, or both"),
        (
            "files = [{ patern = 'a', op = 'update' }]",
            'files[0].patern: unknown key (did you mean "pattern"?)',
        ),
        (
            "[conductrics]\noption = 'x'",
            'conductrics.option: unknown key (did you mean "options"?)',
        ),
        ("select = [", "invalid TOML"),
    ],
)
def test_bad_configuration_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SettingsError, match=None) as error:
        load_config(str(_write(tmp_path / "goalkeeper.toml", text)))
    assert message in str(error.value)


def test_pyproject_keys_are_named_with_their_table(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "[tool.goalkeeper]\nstrikt = true\n")
    with pytest.raises(SettingsError, match=r"tool\.goalkeeper\.strikt: unknown key"):
        load_config(str(path))


def test_discovery_prefers_the_nearest_file(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[tool.goalkeeper]\nstrict = true\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    _write(tmp_path / "a" / "pyproject.toml", "[project]\nname = 'x'\n")  # no goalkeeper table
    assert find_config(str(nested)) == str(tmp_path / "pyproject.toml")
    _write(tmp_path / "a" / "goalkeeper.toml", "strict = false\n")
    assert find_config(str(nested)) == str(tmp_path / "a" / "goalkeeper.toml")


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("goals/*.json", "goals/a.json", True),
        ("goals/*.json", "goals/sub/a.json", False),
        ("goals/**/*.json", "goals/sub/deeper/a.json", True),
        ("goals/**/*.json", "goals/a.json", True),
        ("*.json", "deep/in/tree/a.json", True),
        ("a?.json", "ab.json", True),
        ("[!x]*.json", "x1.json", False),
    ],
)
def test_globs(pattern: str, path: str, matches: bool) -> None:
    assert Glob(pattern).matches(path) is matches
