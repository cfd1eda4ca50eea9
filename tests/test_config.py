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


def _matches_by_walking_up(glob: Glob, path: str, is_dir: bool) -> bool:
    """The definition: the path itself, or any folder above it."""
    parts = path.split("/")
    return glob.matches_exactly(path, is_dir) or any(
        glob.matches_exactly("/".join(parts[:end]), True) for end in range(1, len(parts))
    )


@pytest.mark.parametrize(
    "pattern", ["build/", "a/*/c", "**/x/*.json", "*.json", "x", "!a/b", "a/**/c/*.xml", "c/"]
)
def test_a_pattern_remembers_folders_without_changing_its_answers(pattern: str) -> None:
    glob = Glob(pattern)
    paths = [
        "a/b.json",
        "a/b/c/d.xml",
        "a/q/c/d.xml",
        "a/q/c/e.xml",
        "x/y/z.json",
        "q/x/w.json",
        "build/out/a.json",
        "src/build/b.json",
        "c/x/c/t.xml",
        "x",
    ]
    for _ in range(2):  # the second time every folder's answer is remembered
        for path in paths:
            for is_dir in (False, True):
                expected = _matches_by_walking_up(Glob(pattern), path, is_dir)
                assert glob.matches(path, is_dir) is expected, (path, is_dir)


def test_a_path_thousands_of_folders_deep_is_matched_without_recursion() -> None:
    deep = "/".join(["d"] * 3000) + "/build/a.json"
    assert Glob("build/").matches(deep)
    assert not Glob("nothing/").matches(deep)


def test_relative_paths_follow_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from goalkeeper.settings import Settings

    (tmp_path / "one" / "goals").mkdir(parents=True)
    (tmp_path / "two" / "goals").mkdir(parents=True)
    settings = Settings(base_dir=str(tmp_path))
    monkeypatch.chdir(tmp_path / "one")
    assert settings.relative("goals/a.json") == "one/goals/a.json"
    assert settings.relative(str(tmp_path / "x.json")) == "x.json"
    monkeypatch.chdir(tmp_path / "two")  # the same relative folder is another folder now
    assert settings.relative("goals/a.json") == "two/goals/a.json"
    assert settings.relative("../one/goals/b.json") == "one/goals/b.json"
    assert settings.relative("a.json") == "two/a.json"
