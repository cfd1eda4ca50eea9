"""Which files a run checks (SPEC §5.1): named vs walked, excludes, .gitignore, each once."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from goalkeeper.cli import main
from goalkeeper.globs import Glob, GlobError, parse_gitignore

GOOD = '{"code": "g-1", "name": "Checkout", "agents": []}\n'
BAD = '{"code": "g 1", "name": "Checkout", "agents": []}\n'
RULES = '<?xml version="1.0" encoding="UTF-8"?>\n<rulesBean/>\n'


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def report(*args: str) -> dict[str, object]:
    result = run("check", "--format", "json", "--isolated", *args)
    assert result.exit_code in (0, 1), result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def paths_of(data: dict[str, object]) -> list[str]:
    return sorted({d["path"] for d in data["diagnostics"]})  # type: ignore[index,union-attr]


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A web project with payloads: package.json, tsconfig.json, build output, caches."""
    (tmp_path / ".git").mkdir()
    write(tmp_path / "package.json", '{"name": "site", "version": "1.0.0", "scripts": {}}')
    write(tmp_path / "tsconfig.json", '{"compilerOptions": {"strict": true}, "include": []}')
    write(tmp_path / ".vscode/settings.json", '{"editor.tabSize": 2}')
    write(tmp_path / "pom.xml", "<project><modelVersion>4.0.0</modelVersion></project>")
    write(tmp_path / "goals/checkout.json", BAD)
    write(tmp_path / "goals/purchase.json", GOOD)
    for folder in (
        "build",
        "dist",
        "node_modules/x",
        ".venv",
        "venv",
        ".tox",
        "__pycache__",
        "site-packages",
        "pkg.egg-info",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".git",
        ".hg",
        ".svn",
        ".nox",
    ):
        write(tmp_path / folder / "copied.json", BAD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_repository_walk_reports_only_payloads(repository: Path) -> None:
    result = run("check", "--isolated", ".")
    assert result.exit_code == 1
    assert "GK401" not in result.stdout
    data = report(".")
    assert paths_of(data) == ["goals/checkout.json"]
    assert data["files_checked"] == 2
    assert sorted(s["path"] for s in data["skipped"]) == [  # type: ignore[union-attr]
        ".vscode/settings.json",
        "package.json",
        "pom.xml",
        "tsconfig.json",
    ]
    assert {s["reason"] for s in data["skipped"]} == {"no known payload kind"}  # type: ignore[union-attr]
    assert "4 files skipped: no known payload kind." in result.stdout


def test_a_named_file_of_no_known_kind_is_an_error(repository: Path) -> None:
    result = run("check", "--isolated", "package.json")
    assert result.exit_code == 1 and "GK401" in result.stdout


def test_a_walked_file_that_does_not_parse_is_reported(repository: Path) -> None:
    write(repository / "notes/broken.json", '{"name": ')
    assert "notes/broken.json" in paths_of(report("."))


def test_a_near_miss_is_not_skipped(repository: Path) -> None:
    write(repository / "goals/typo.json", '{"cod": "g-1", "name": "n", "agents": []}')
    write(repository / "goals/root.xml", "<rulesbean/>")
    write(repository / "goals/most.json", '{"name": "n", "agents": [], "countMax": 2}')
    data = report(".")
    found = {(d["path"], d["code"]) for d in data["diagnostics"]}  # type: ignore[union-attr]
    assert {
        ("goals/typo.json", "GK401"),
        ("goals/root.xml", "GK401"),
        ("goals/most.json", "GK401"),
    } <= found
    messages = {d["path"]: d["message"] for d in data["diagnostics"]}  # type: ignore[union-attr]
    typo = next(d for d in data["diagnostics"] if d["path"] == "goals/typo.json")  # type: ignore[union-attr]
    assert (typo["pointer"], typo["line"], typo["column"]) == ("/cod", 1, 2)
    assert 'did you mean "code"' in messages["goals/typo.json"]
    assert "did you mean <rulesBean>" in messages["goals/root.xml"]
    assert "conductrics/goal-type" in messages["goals/most.json"]


def test_show_files_lists_every_file_with_its_kind_or_reason(repository: Path) -> None:
    result = run("check", "--isolated", "--show-files", ".")
    assert "goals/purchase.json: conductrics/goal-type (create)" in result.stdout
    assert "package.json: skipped (no known payload kind)" in result.stdout
    data = report("--show-files", ".")
    files = {f["path"]: f for f in data["files"]}  # type: ignore[union-attr]
    assert files["goals/purchase.json"]["kind"] == "conductrics/goal-type"
    assert files["tsconfig.json"]["skipped"] == "no known payload kind"


def test_default_excludes_do_not_apply_to_named_files(repository: Path) -> None:
    assert paths_of(report("build/copied.json")) == ["build/copied.json"]
    assert paths_of(report("--force-exclude", "build/copied.json", "goals")) == [
        "goals/checkout.json"
    ]


def test_each_file_is_checked_once(repository: Path) -> None:
    os.symlink(repository / "goals/checkout.json", repository / "goals/link.json")
    data = report("goals", "./goals", "goals/checkout.json", "./goals/../goals/checkout.json")
    assert data["files_checked"] == 2
    assert len(data["diagnostics"]) == 1  # type: ignore[arg-type]


def test_examples_named_twice_count_once() -> None:
    examples = str(Path(__file__).parent.parent / "examples")
    once = run("check", examples)
    twice = run("check", examples, examples + "/.", examples + "/conductrics")
    assert once.stdout == twice.stdout
    assert "in 8 of 24 files" in twice.stdout


def test_gitignore_is_respected(repository: Path) -> None:
    write(
        repository / ".gitignore",
        "# generated\n/out\nlogs/\n*.tmp.json\n!keep.tmp.json\n**/cache/*.json\ngoals/drafts\n",
    )
    for name in (
        "out/a.json",
        "sub/out/b.json",
        "logs/c.json",
        "x.tmp.json",
        "keep.tmp.json",
        "deep/cache/d.json",
        "goals/drafts/e.json",
        "other/goals/drafts/f.json",
    ):
        write(repository / name, BAD)
    data = report(".")
    assert paths_of(data) == [
        "goals/checkout.json",
        "keep.tmp.json",  # negated
        "other/goals/drafts/f.json",  # a pattern with a slash is anchored
        "sub/out/b.json",  # a leading slash anchors too
    ]
    unfiltered = paths_of(
        report("--config", str(write(repository / "gk.toml", "respect-gitignore = false\n")), ".")
    )
    assert "logs/c.json" in unfiltered and "out/a.json" in unfiltered


def test_nested_gitignore_files_apply_below_their_folder(repository: Path) -> None:
    write(repository / "goals/.gitignore", "checkout.json\n")
    write(repository / "other/checkout.json", BAD)
    assert paths_of(report(".")) == ["other/checkout.json"]
    # Named files are checked even when ignored; --force-exclude applies .gitignore too.
    assert paths_of(report("goals/checkout.json")) == ["goals/checkout.json"]
    assert paths_of(report("--force-exclude", "goals/checkout.json")) == []


def test_trailing_slash_means_a_folder(repository: Path) -> None:
    write(repository / "pulse/goals/r.xml", "<rulesBean><x></rulesBean>")
    write(repository / "pulse.json", BAD)
    data = report("--exclude", "pulse/", ".")
    assert paths_of(data) == ["goals/checkout.json", "pulse.json"]


def test_config_include_and_exclude(repository: Path) -> None:
    write(repository / "goals/extra.payload", BAD)
    write(
        repository / "goalkeeper.toml",
        'include = ["*.json", "*.payload"]\nexclude = ["goals/checkout.json"]\n',
    )
    result = run("check", "--format", "json", ".")
    data = json.loads(result.stdout)
    assert paths_of(data) == ["goals/extra.payload"]


def test_repeated_excludes_add_up(repository: Path) -> None:
    write(repository / "more/x.json", BAD)
    assert paths_of(report(".")) == ["goals/checkout.json", "more/x.json"]
    assert paths_of(report("--exclude", "goals", "--exclude", "more", ".")) == []


@pytest.mark.parametrize("pattern", ["[", "goals/[a-", "x\\"])
def test_a_bad_glob_is_refused(repository: Path, pattern: str) -> None:
    result = CliRunner().invoke(main, ["check", "--exclude", pattern, "."])
    assert result.exit_code == 2
    assert "--exclude" in result.output and "Traceback" not in result.output


def test_a_bad_glob_in_the_configuration_names_file_and_key(repository: Path) -> None:
    write(repository / "goalkeeper.toml", 'exclude = ["["]\n')
    result = CliRunner().invoke(main, ["check", "."])
    assert result.exit_code == 2
    assert "goalkeeper.toml: exclude:" in result.output


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "matches"),
    [
        ("build/", "build", True, True),
        ("build/", "build", False, False),
        ("build/", "src/build/a.json", False, True),
        ("/out", "out/a.json", False, True),
        ("/out", "src/out/a.json", False, False),
        ("a/**/b.json", "a/x/y/b.json", False, True),
        ("a/**/b.json", "a/b.json", False, True),
        ("**/fixtures/*.json", "x/fixtures/a.json", False, True),
        ("logs/**", "logs/a/b.json", False, True),
        ("*.json", "deep/a.json", False, True),
        ("\\#x.json", "#x.json", False, True),
    ],
)
def test_gitignore_glob_semantics(pattern: str, path: str, is_dir: bool, matches: bool) -> None:
    assert Glob(pattern).matches(path, is_dir) is matches


def test_gitignore_file_parsing() -> None:
    patterns = parse_gitignore("# c\n\n!keep\nbad[\nx \n\\#y\n")
    assert [p.pattern for p in patterns] == ["!keep", "x", "#y"]
    assert patterns[0].negated
    with pytest.raises(GlobError):
        Glob("[")


_PATTERNS = ["*.log", "build/", "/dist", "docs/*.json", "**/tmp", "a?c", "[ab]*.xml", "x/**/y"]
_PATHS = ["a.log", "build", "src/build", "dist", "src/dist", "docs/a.json", "docs/x/a.json"]
_PATHS += ["deep/tmp", "tmp", "abc", "b.xml", "x/y", "x/q/r/y", "src/a.log", "keep.json"]


@given(st.lists(st.sampled_from([*_PATTERNS, "!keep.json", "!*.log"]), min_size=1, max_size=6))
def test_gitignore_combined_matcher_agrees_with_the_patterns_in_order(lines: list[str]) -> None:
    """The one-regex test of a .gitignore without ``!`` gives git's last-match answer."""
    from goalkeeper.files import _any_match, _gitignored, _Ignore

    patterns = parse_gitignore("\n".join(lines))
    by_pattern = _Ignore("/r", patterns)  # no combined test: one pattern after the other
    combined = _Ignore("/r", patterns, _any_match(patterns))
    assert (combined.any_match is None) == any(p.negated for p in patterns)
    for path in _PATHS:
        for is_dir in (False, True):
            expected = _gitignored("/r/" + path, is_dir, [by_pattern])
            assert _gitignored("/r/" + path, is_dir, [combined]) is expected, (path, is_dir)
            assert _gitignored("/r/" + path, is_dir, [combined, by_pattern]) is expected


_NAMES = st.text(alphabet="ab-._ 0", min_size=1, max_size=4).filter(lambda n: n not in (".", ".."))


@given(
    st.lists(
        st.lists(_NAMES, min_size=1, max_size=3).map(tuple), min_size=1, max_size=12, unique=True
    )
)
def test_a_walk_lists_files_in_the_order_of_their_paths(shapes: list[tuple[str, ...]]) -> None:
    """Files come out while the walk goes on, folder by folder: the order must still be
    that of the whole paths (a folder "a" sorts as "a/", after "a-b.json" and "a.json")."""
    import tempfile

    from goalkeeper.files import FileSelector
    from goalkeeper.settings import Settings

    with tempfile.TemporaryDirectory() as top:
        root = os.path.join(top, "tree")
        made = set()
        for *folders, name in shapes:
            folder = os.path.join(root, *folders)
            path = os.path.join(folder, name + ".json")
            try:
                os.makedirs(folder, exist_ok=True)
                Path(path).write_text("{}")
            except OSError:  # a name already taken by a file or a folder
                continue
            made.add(path)
        expected = sorted(
            os.path.join(here, name)
            for here, _dirs, names in os.walk(root)
            for name in names
            if os.path.join(here, name) in made
        )
        settings = Settings(base_dir=top, respect_gitignore=False)
        listed = [f.path for f in FileSelector(lambda _d: settings, (), False).select([root])]
        assert listed == expected


@given(
    st.lists(st.sampled_from([*_PATTERNS, "!keep.json", "!*.log", "*.json"]), max_size=5),
    st.lists(st.sampled_from([*_PATTERNS, "!*.xml", "src/*.log"]), max_size=5),
)
def test_a_files_quick_gitignore_test_agrees_with_the_full_one(
    outer: list[str], inner: list[str]
) -> None:
    """A file's name alone answers when no pattern is negated or names a folder part;
    it must agree with the full test (outer and inner .gitignore, files only)."""
    from goalkeeper.files import _any_match, _entry_test, _file_test, _Ignore

    stack = []
    for base, lines in (("/r", outer), ("/r/src", inner)):
        patterns = parse_gitignore("\n".join(lines))
        if patterns:
            stack.append(_Ignore(base, patterns, _any_match(patterns)))
    names = ["a.log", "b.xml", "keep.json", "x.json", "abc", "tmp", "dist", "build", "a?c"]
    for directory in ("/r/src", "/r/src/docs", "/r/src/x/q"):
        quick, full = _file_test(directory, stack), _entry_test(directory, stack)
        for name in names:
            assert quick(name) is full(name, False), (directory, name)
