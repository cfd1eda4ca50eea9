"""The command line, run in-process through click (plus one real subprocess)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from goalkeeper.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = '{\n  "code": "g-1",\n  "name": "Checkout",\n  "agents": []\n}\n'
BAD_RANGE = (
    '{\n  "code": "g-1",\n  "name": "Checkout",\n  "agents": [],\n'
    '  "valueMin": 10,\n  "valueMax": 5\n}\n'
)
WARNING_ONLY = '{\n  "code": "g-1",\n  "name": "Checkout",\n  "agents": ["a", "a"]\n}\n'


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_passes(tmp_path: Path) -> None:
    result = run("check", str(write(tmp_path / "g.json", GOOD)))
    assert result.exit_code == 0
    assert result.stdout == "All checks passed (1 file).\n"


def test_text_report_form(tmp_path: Path) -> None:
    path = write(tmp_path / "g.json", BAD_RANGE)
    result = run("check", "--no-color", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}:6:3: CT108 [error] valueMax (5) must be greater than valueMin (10)"
    assert lines[1] == "  hint: raise valueMax or lower valueMin"
    assert (
        lines[2]
        == "Found 1 problem (1 error, 0 warnings, 0 info) in 1 of 1 file; the check failed."
    )


def test_json_report_contract(tmp_path: Path) -> None:
    path = write(tmp_path / "g.json", BAD_RANGE)
    write(tmp_path / "ok.json", GOOD)
    result = run("check", "--format", "json", str(tmp_path))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert list(report) == [
        "tool",
        "version",
        "files_checked",
        "summary",
        "diagnostics",
        "ok",
        "skipped",
    ]
    assert report["ok"] is False and report["skipped"] == []
    assert report["tool"] == "goalkeeper" and report["files_checked"] == 2
    assert report["summary"] == {"error": 1, "warning": 0, "info": 0}
    assert report["diagnostics"] == [
        {
            "path": str(path),
            "kind": "conductrics/goal-type",
            "op": "create",
            "code": "CT108",
            "severity": "error",
            "message": "valueMax (5) must be greater than valueMin (10)",
            "pointer": "/valueMax",
            "line": 6,
            "column": 3,
            "hint": "raise valueMax or lower valueMin",
        }
    ]


def test_undetected_kind_has_null_kind_and_op(tmp_path: Path) -> None:
    result = run("check", "--format", "json", str(write(tmp_path / "n.json", '{"name": "x"}')))
    (diagnostic,) = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["code"] == "GK401" and diagnostic["kind"] is None and diagnostic["op"] is None


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run(
        "check", "--format", "json", "--output", str(out), str(write(tmp_path / "g.json", GOOD))
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text())["files_checked"] == 1


def test_stdin_with_a_name(tmp_path: Path) -> None:
    result = run("check", "--stdin-filename", "goals/x.json", "-", stdin=BAD_RANGE)
    assert result.exit_code == 1
    assert result.stdout.startswith("goals/x.json:6:3: CT108")


def test_select_ignore_and_strict(tmp_path: Path) -> None:
    bad = str(write(tmp_path / "bad.json", BAD_RANGE))
    warn = str(write(tmp_path / "warn.json", WARNING_ONLY))
    assert run("check", "--ignore", "CT108", bad).exit_code == 0
    assert run("check", "--select", "CT1", "--ignore", "CT10", bad).exit_code == 0
    assert (
        run("check", "--select", "CT1", "--ignore", "CT10", "--select", "CT108", bad).exit_code == 1
    )
    assert run("check", warn).exit_code == 0
    assert run("check", "--strict", warn).exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check"], "give the files or directories to check"),
        (["check", "--select", "XX1", "f.json"], "'XX1' matches no rule code"),
        (["check", "--kind", "conductrics/goals", "f.json"], "unknown kind 'conductrics/goals'"),
        (
            ["check", "--kind", "conductrics/targeting-rule", "--op", "update", "f.json"],
            "has no operation 'update'",
        ),
        (["check", "--op", "remove", "f.json"], "has no operation 'remove'"),
        (["check", "--now", "yesterday", "f.json"], "is not an ISO 8601 date-time"),
        (["check", "--options", "missing.json", "f.json"], "--options:"),
        (["check", "--format", "yaml", "f.json"], "yaml"),
        (["explain", "CT999"], "unknown rule code"),
        (["schema", "nope/kind"], "unknown kind"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output


def test_bad_input_is_exit_1_never_2(tmp_path: Path) -> None:
    paths = [
        write(tmp_path / "comment.json", '{"a": 1 // x\n}'),
        tmp_path / "missing.json",
    ]
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00\x01garbage")
    result = run("check", *map(str, paths), str(tmp_path / "bin.json"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert {"GK001", "GK103", "GK202"} <= set(re.findall(r"GK\d{3}", result.stdout))


def test_options_make_unknown_sources_errors(tmp_path: Path) -> None:
    rule = write(
        tmp_path / "r.json",
        '{"code": "r", "status": 1, "agents": ["*"], '
        '"when": [["uaBrowser", "eq", "x"]], "apply": {"segment": "s"}}',
    )
    options = FIXTURES / "conductrics/targeting-rule/account-options.json"
    assert run("check", str(rule)).exit_code == 0
    result = run("check", "--options", str(options), str(rule))
    assert result.exit_code == 1 and "CT208 [error]" in result.stdout
    bad_options = write(tmp_path / "o.json", '{"data": {"options": {"providers": 1}}}')
    bad = CliRunner().invoke(main, ["check", "--options", str(bad_options), str(rule)])
    assert bad.exit_code == 2 and "providers" in bad.output


def test_configuration_is_discovered_and_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "updates/rename.json", '{"name": "New name"}')
    write(
        tmp_path / "legacy/old.json",
        WARNING_ONLY.replace('"a", "a"', '"a"').replace("}", ', "extra": 1}'),
    )
    write(tmp_path / "vendor/skip.json", "not json")
    write(
        tmp_path / "goalkeeper.toml",
        """
strict = true
exclude = ["vendor"]
files = [{ pattern = "updates/*.json", kind = "conductrics/goal-type", op = "update" }]
[per-file-ignores]
"legacy/*.json" = ["CT112"]
""",
    )
    monkeypatch.chdir(tmp_path)
    result = run("check", ".")
    assert result.stdout == "All checks passed (2 files).\n", result.stdout
    assert result.exit_code == 0
    isolated = run("check", "--isolated", ".")
    assert isolated.exit_code == 1 and "GK201" in isolated.stdout
    # Without its files mapping the partial update has no kind: found by walking, skipped.
    assert "1 file skipped: no known payload kind." in isolated.stdout


def test_bad_configuration_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "goalkeeper.toml", "strict = 1\n")
    write(tmp_path / "g.json", GOOD)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "g.json"])
    assert result.exit_code == 2 and "strict: expected true or false" in result.output


def test_directories_skip_hidden_folders_and_other_files(tmp_path: Path) -> None:
    write(tmp_path / "a/g.json", GOOD)
    write(tmp_path / "a/notes.txt", "not checked")
    write(tmp_path / ".git/config.json", "not checked")
    write(tmp_path / "node_modules/x/package.json", "not checked")
    result = run("check", str(tmp_path))
    assert result.stdout == "All checks passed (1 file).\n"


def test_statistics_and_quiet(tmp_path: Path) -> None:
    path = str(write(tmp_path / "bad.json", BAD_RANGE.replace('"g-1"', '"g 1"')))
    stats = run("check", "--statistics", path)
    assert "    1  CT101  [error]" in stats.stdout
    quiet = run("check", "--quiet", path)
    assert "hint:" not in quiet.stdout and "Found" not in quiet.stdout
    assert len(quiet.stdout.splitlines()) == 2


def test_color_is_opt_in_when_not_a_terminal(tmp_path: Path) -> None:
    path = str(write(tmp_path / "bad.json", BAD_RANGE))
    assert "\x1b[" not in run("check", path).stdout
    assert "\x1b[31" in run("check", "--color", path).stdout


def test_input_files_are_never_modified(tmp_path: Path) -> None:
    files = [write(tmp_path / f"{i}.json", text) for i, text in enumerate((GOOD, BAD_RANGE, "{,"))]
    before = [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]
    run("check", str(tmp_path))
    assert before == [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]


def test_rules_explain_kinds_and_schema() -> None:
    text = run("rules").stdout
    assert re.search(
        r"^CT108  error    value-range\s+valueMax is not greater than valueMin$", text, re.M
    )
    records = json.loads(run("rules", "--format", "json").stdout)
    assert {r["code"] for r in records} >= {"GK201", "CT108", "CT219"}
    assert run("rules", "--format", "markdown").stdout.startswith("# goalkeeper rules")
    explained = run("explain", "ct108").stdout
    assert explained.startswith("CT108 value-range:") and "seed 000" in explained
    assert "conductrics/targeting-rule  (json; create)" in run("kinds").stdout
    schema = json.loads(run("schema", "conductrics/goal-type").stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["code", "name", "agents"]
    update = json.loads(run("schema", "conductrics/goal-type", "--op", "update").stdout)
    assert "required" not in update


def _python_in_venv(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def test_installed_console_script(tmp_path: Path) -> None:
    path = write(tmp_path / "g.json", BAD_RANGE)
    completed = subprocess.run(
        [_python_in_venv("goalkeeper"), "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert json.loads(completed.stdout)["diagnostics"][0]["code"] == "CT108"
    version = subprocess.run(
        [_python_in_venv("goalkeeper"), "--version"], capture_output=True, text=True, check=False
    )
    assert version.stdout == "goalkeeper 0.1.0\n"


_PROBE = """
import sys
from goalkeeper.cli import main
try:
    main(sys.argv[1:], prog_name="goalkeeper")
except SystemExit:
    pass
heavy = [m for m in ("jsonschema", "jsonschema_rs", "lxml", "xmlschema") if m in sys.modules]
print("LOADED:" + ",".join(heavy))
"""


@pytest.mark.parametrize(
    ("args", "forbidden"),
    [
        (["--version"], {"jsonschema", "jsonschema_rs", "lxml", "xmlschema"}),
        (["--help"], {"jsonschema", "jsonschema_rs", "lxml", "xmlschema"}),
        (["check", "--help"], {"jsonschema", "jsonschema_rs", "lxml", "xmlschema"}),
        (["check", "JSON_FILE"], {"jsonschema", "lxml", "xmlschema"}),
    ],
)
def test_light_commands_import_no_heavy_library(
    tmp_path: Path, args: list[str], forbidden: set[str]
) -> None:
    path = write(tmp_path / "g.json", BAD_RANGE)
    args = [str(path) if a == "JSON_FILE" else a for a in args]
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    loaded = set(completed.stdout.rsplit("LOADED:", 1)[1].strip().split(",")) - {""}
    assert not (loaded & forbidden), loaded
