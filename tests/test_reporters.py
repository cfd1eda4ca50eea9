"""Every --format: SARIF against the official schema, GitHub escaping, GitLab Code Quality,
JUnit, and the full text with source lines; --output writes exactly what stdout shows."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest
from click.testing import CliRunner

from goalkeeper.checker import Report
from goalkeeper.cli import main
from goalkeeper.diagnostics import Diagnostic, Severity
from goalkeeper.reporters import FORMATS, render
from goalkeeper.reporters.full import source_excerpt
from goalkeeper.reporters.github import format_annotation

from conftest import FIXTURES, ROOT

SARIF_SCHEMA = json.loads(
    (Path(__file__).parent / "data/sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
# Invalid fixtures of every vendor and of the loaders: syntax errors without a pointer,
# XML positions, findings without a line (a file that cannot be read).
SOURCES = [
    "general/invalid/GK201-missing-comma.json",
    "general/invalid/GK301-unclosed-tag.xml",
    "general/invalid/GK102-byte-order-mark.json",
    "no-such-file.json",  # GK001: a finding without a line
    "conductrics/goal-type/invalid",
    "pulse/goal-rules/invalid",
    "general/valid/GK201-valid-json.json",
]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the fixtures above, checked from its own directory (relative paths)."""
    base = tmp_path_factory.mktemp("corpus")
    for source in SOURCES:
        origin = FIXTURES / source
        target = base / source
        if not origin.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, target)
        else:
            shutil.copyfile(origin, target)
    return base


def check_in(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, *args: str, paths: tuple[str, ...] = ()
) -> Any:
    monkeypatch.chdir(corpus)
    return run("check", "--isolated", "--now", "2016-09-01T00:00:00Z", *args, *(paths or SOURCES))


def json_report(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return json.loads(check_in(corpus, monkeypatch, "--format", "json").output)


# -- SARIF -------------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = check_in(corpus, monkeypatch, "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.output)
    validator = jsonschema.Draft4Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(log), key=str)
    assert errors == []
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1


def test_sarif_rules_results_and_locations(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = json_report(corpus, monkeypatch)["diagnostics"]
    log = json.loads(check_in(corpus, monkeypatch, "--format", "sarif").output)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({d["code"] for d in expected})
    anchors = set(re.findall(r"^### ([A-Z]{2}\d{3})$", (ROOT / "docs/rules.md").read_text(), re.M))
    for descriptor in rules:
        code = descriptor["id"]
        assert descriptor["helpUri"].endswith(f"docs/rules.md#{code.lower()}")
        assert code in anchors
        assert descriptor["shortDescription"]["text"]
        assert "Wrong" in descriptor["help"]["text"] and "Right" in descriptor["help"]["text"]
        assert descriptor["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = run_["results"]
    assert len(results) == len(expected)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, diagnostic in zip(results, expected, strict=True):
        assert result["ruleId"] == diagnostic["code"]
        assert rules[result["ruleIndex"]]["id"] == diagnostic["code"]
        assert result["level"] == levels[diagnostic["severity"]]
        assert result["message"]["text"].startswith(diagnostic["message"])
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == diagnostic["path"]
        if diagnostic["line"] is None:
            assert "region" not in location
        else:
            assert location["region"] == {
                "startLine": diagnostic["line"],
                "startColumn": diagnostic["column"],
            }
        assert re.fullmatch(r"[0-9a-f]{64}", result["partialFingerprints"]["goalkeeper/v1"])
    assert any(r["level"] == "warning" for r in results)
    assert any("region" not in r["locations"][0]["physicalLocation"] for r in results)


def test_sarif_fingerprints_survive_moved_lines(tmp_path: Path) -> None:
    payload = '{"code": "g-1", "name": "N", "agents": [], "valueMin": 10, "valueMax": 5}\n'
    path = tmp_path / "goal.json"
    path.write_text(payload)
    before = json.loads(run("check", "--format", "sarif", str(path)).output)
    path.write_text("\n\n\n" + payload)
    after = json.loads(run("check", "--format", "sarif", str(path)).output)
    first, second = before["runs"][0]["results"][0], after["runs"][0]["results"][0]
    assert first["partialFingerprints"] == second["partialFingerprints"]
    region = second["locations"][0]["physicalLocation"]["region"]
    assert (
        region["startLine"] == first["locations"][0]["physicalLocation"]["region"]["startLine"] + 3
    )


def test_sarif_of_a_clean_run_is_valid_and_empty(tmp_path: Path) -> None:
    path = tmp_path / "goal.json"
    path.write_text('{"code": "g-1", "name": "N", "agents": []}')
    log = json.loads(run("check", "--format", "sarif", str(path)).output)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


# -- GitHub ------------------------------------------------------------------------------


def _diagnostic(**changes: Any) -> Diagnostic:
    values: dict[str, Any] = {
        "code": "CT108",
        "severity": Severity.ERROR,
        "message": "valueMax (5) must be greater than valueMin (10)",
        "pointer": "/valueMax",
        "line": 6,
        "column": 3,
        "hint": None,
        "kind": "conductrics/goal-type",
        "op": "create",
        "path": "goals/checkout.json",
    }
    values.update(changes)
    return Diagnostic(**values)


def test_github_annotation_shape() -> None:
    assert format_annotation(_diagnostic()) == (
        "::error file=goals/checkout.json,line=6,col=3,title=CT108::"
        "valueMax (5) must be greater than valueMin (10)"
    )
    warning = _diagnostic(severity=Severity.WARNING, line=None, column=None, path=None)
    assert format_annotation(warning).startswith("::warning title=CT108::")
    assert format_annotation(_diagnostic(severity=Severity.INFO)).startswith("::notice ")


def test_github_escapes_messages_and_properties() -> None:
    diagnostic = _diagnostic(
        message='name "100%\r\n::error::x" is odd',
        hint="a, b: c",
        path="dir,one/a:b%.json",
    )
    assert format_annotation(diagnostic) == (
        "::error file=dir%2Cone/a%3Ab%25.json,line=6,col=3,title=CT108::"
        'name "100%25%0D%0A::error::x" is odd%0Ahint: a, b: c'
    )


def test_github_format_from_the_cli(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = json_report(corpus, monkeypatch)["diagnostics"]
    lines = check_in(corpus, monkeypatch, "--format", "github").output.splitlines()
    assert len(lines) == len(expected)
    for line, diagnostic in zip(lines, expected, strict=True):
        command = {"error": "error", "warning": "warning", "info": "notice"}[diagnostic["severity"]]
        assert line.startswith(f"::{command} file={diagnostic['path']},")
        assert f",title={diagnostic['code']}::" in line
        assert "\n" not in line and "\r" not in line


# -- GitLab ------------------------------------------------------------------------------


def test_gitlab_code_quality(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = json_report(corpus, monkeypatch)["diagnostics"]
    issues = json.loads(check_in(corpus, monkeypatch, "--format", "gitlab").output)
    assert isinstance(issues, list) and len(issues) == len(expected)
    severities = {"error": "major", "warning": "minor", "info": "info"}
    for issue, diagnostic in zip(issues, expected, strict=True):
        assert issue["check_name"] == diagnostic["code"]
        assert issue["description"] == f"{diagnostic['code']} {diagnostic['message']}"
        assert issue["severity"] == severities[diagnostic["severity"]]
        assert issue["location"] == {
            "path": diagnostic["path"],
            "lines": {"begin": diagnostic["line"] or 1},
        }
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)


# -- JUnit -------------------------------------------------------------------------------


def test_junit_one_case_per_file_a_failure_per_error(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = json_report(corpus, monkeypatch)
    root = ElementTree.fromstring(check_in(corpus, monkeypatch, "--format", "junit").output)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == report["files_checked"] == int(suite.get("tests", "0"))
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert int(suite.get("failures", "0")) == len(errors)
    for case in cases:
        failures = case.findall("failure")
        mine = [d for d in errors if d["path"] == case.get("name")]
        assert [f.get("type") for f in failures] == [d["code"] for d in mine]
    passing = [c for c in cases if c.get("name") == "general/valid/GK201-valid-json.json"]
    assert passing and not passing[0].findall("failure")


def test_junit_strict_counts_warnings_and_escapes_what_xml_cannot_hold() -> None:
    report = Report(
        (
            _diagnostic(message="bad \x00 byte and \ud800 surrogate"),
            _diagnostic(severity=Severity.WARNING, code="CT110", path="b.json"),
        ),
        3,
        files=(
            ("goals/checkout.json", None, None, None),
            ("b.json", None, None, None),
            ("c.json", None, None, None),
            ("skipped.json", None, None, "no known payload kind"),
        ),
    )
    text = render(report, "junit")
    root = ElementTree.fromstring(text)
    assert root.get("failures") == "1" and root.get("tests") == "3"
    assert "\\u0000" in text and "\\ud800" in text
    strict = ElementTree.fromstring(render(report, "junit", strict=True))
    assert strict.get("failures") == "2" and strict.get("tests") == "3"


# -- full --------------------------------------------------------------------------------


def test_full_shows_the_source_lines_with_a_caret(tmp_path: Path) -> None:
    path = tmp_path / "goal.json"
    path.write_text(
        '{\n  "code": "g-1",\n  "name": "N",\n  "agents": [],\n  "valueMin": 10,\n'
        '  "valueMax": 5\n}\n'
    )
    output = run("check", "--format", "full", "--no-color", str(path)).output
    assert output == (
        f"{path}:6:3: CT108 [error] valueMax (5) must be greater than valueMin (10)\n"
        "    |\n"
        '  4 |   "agents": [],\n'
        '  5 |   "valueMin": 10,\n'
        '  6 |   "valueMax": 5\n'
        "    |   ^\n"
        "  7 | }\n"
        "    |\n"
        "  hint: raise valueMax or lower valueMin\n"
        "\n"
        "Found 1 problem (1 error, 0 warnings, 0 info) in 1 of 1 file; the check failed.\n"
    )


def test_full_never_reads_a_file_named_like_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "goal.json").write_text('{"on": "disk"}\n')
    payload = '{"code": "g-1", "name": "N", "agents": [], "valueMin": 10, "valueMax": 5}'
    result = CliRunner().invoke(
        main,
        ["check", "--format", "full", "--stdin-filename", "goal.json", "-"],
        input=payload,
    )
    assert "goal.json:1:" in result.output and "CT108" in result.output
    assert "disk" not in result.output and " | " not in result.output


def test_full_cuts_long_lines_around_the_column() -> None:
    line = "x" * 500 + "HERE" + "y" * 500
    excerpt = source_excerpt([line], 1, 501)
    shown = excerpt[1]
    caret = excerpt[2]
    assert "HERE" in shown and len(shown) < 140
    assert shown.index("HERE") == caret.index("^")


def test_full_without_readable_source_is_the_text_report() -> None:
    report = Report((_diagnostic(path="-"),), 1)
    assert render(report, "full") == render(report, "text").replace("\nFound", "\n\nFound")


# -- every format, --output --------------------------------------------------------------


@pytest.mark.parametrize("output_format", FORMATS)
def test_output_file_holds_what_stdout_shows(
    output_format: str, corpus: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown = check_in(corpus, monkeypatch, "--format", output_format, "--no-color")
    target = tmp_path / f"report.{output_format}"
    written = check_in(corpus, monkeypatch, "--format", output_format, "--output", str(target))
    assert shown.exit_code == written.exit_code == 1
    assert written.output == ""
    assert target.read_text(encoding="utf-8") == shown.output


def test_every_format_is_offered_by_the_cli() -> None:
    import click

    (option,) = [p for p in main.commands["check"].params if p.name == "output_format"]
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == FORMATS
