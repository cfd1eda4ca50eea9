"""The baseline: record today's findings, fail only on new ones (SPEC §5.3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from goalkeeper.baseline import Baseline, fingerprint_of
from goalkeeper.cli import main
from goalkeeper.diagnostics import Finding
from goalkeeper.load.document import load_bytes

GOAL = """{
  "code": "g-1",
  "name": "Checkout",
  "agents": [],
  "countMax": 0,
  "valueMin": 10,
  "valueMax": 5
}
"""
# The same findings after edits elsewhere: a member added above them, keys reordered,
# the indentation changed; every line number moved.
GOAL_EDITED_ELSEWHERE = """{
    "name": "Checkout, renamed",
    "code": "g-1",
    "agents": ["a-new"],

    "countMax": 0,
    "valueMin": 10,
    "valueMax": 5
}
"""
RULES = """<?xml version="1.0" encoding="UTF-8"?>
<rulesBean>
    <parentId>f728f3c8-00e7-4d3e-b3a0-3a2ad1a0f9fe</parentId>
    <timeRestrictions>
        <active>true</active>
        <days>MONDAY</days>
        <fromHour>0</fromHour>
        <fromMinute>0</fromMinute>
        <toHour>5</toHour>
        <toMinute>59</toMinute>
    </timeRestrictions>
</rulesBean>
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--now", "2026-01-01T00:00:00Z", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    (tmp_path / "goals").mkdir()
    (tmp_path / "goals" / "checkout.json").write_text(GOAL)
    (tmp_path / "goals" / "rules.xml").write_text(RULES)
    (tmp_path / "goals" / "broken.json").write_text('{"code": "g-2" "name": "x"}')
    return tmp_path


def _write(repository: Path) -> dict[str, object]:
    code, _, err = _run("--write-baseline", str(repository / "baseline.json"), str(repository))
    assert code == 0
    assert "recorded 4 findings" in err
    content: dict[str, object] = json.loads((repository / "baseline.json").read_text())
    return content


def test_write_baseline_records_path_code_pointer_and_hash(repository: Path) -> None:
    content = _write(repository)
    assert content["tool"] == "goalkeeper" and content["version"] == 1
    findings = content["findings"]
    assert isinstance(findings, list)
    assert [(f["path"], f["code"], f["pointer"]) for f in findings] == [
        ("goals/broken.json", "GK201", ""),
        ("goals/checkout.json", "CT105", "/countMax"),
        ("goals/checkout.json", "CT108", "/valueMax"),
        ("goals/rules.xml", "PU244", "/rulesBean/timeRestrictions/toMinute"),
    ]
    assert all(len(f["hash"]) == 16 and "line" not in f for f in findings)


def test_round_trip_drops_recorded_findings_and_counts_them(repository: Path) -> None:
    _write(repository)
    code, out, _ = _run("--baseline", str(repository / "baseline.json"), str(repository))
    assert code == 0
    assert out == "All checks passed (3 files, 4 baselined).\n"


def test_edits_elsewhere_keep_the_entries_valid(repository: Path) -> None:
    _write(repository)
    (repository / "goals" / "checkout.json").write_text(GOAL_EDITED_ELSEWHERE)
    (repository / "goals" / "rules.xml").write_text(
        RULES.replace("<days>MONDAY</days>", "<days>MONDAY</days>\n<days>TUESDAY</days>")
    )
    code, out, _ = _run("--baseline", str(repository / "baseline.json"), str(repository))
    assert (code, out) == (0, "All checks passed (3 files, 4 baselined).\n")


def test_a_changed_offending_value_is_a_new_finding_and_the_old_entry_is_stale(
    repository: Path,
) -> None:
    _write(repository)
    (repository / "goals" / "checkout.json").write_text(
        GOAL.replace('"countMax": 0', '"countMax": -1')
    )
    code, out, _ = _run("--baseline", str(repository / "baseline.json"), str(repository))
    assert code == 1
    assert "checkout.json:5:3: CT105 [error] countMax is -1" in out
    assert "CT108" not in out  # valueMax did not change: still accepted
    assert (
        "1 baseline entry no longer matches a finding (write the baseline again to drop them):\n"
        "  goals/checkout.json: CT105 at /countMax\n"
    ) in out
    assert "3 baselined; the check failed." in out


def test_a_fixed_finding_leaves_a_stale_entry_in_the_json_report(repository: Path) -> None:
    _write(repository)
    (repository / "goals" / "rules.xml").write_text(
        RULES.replace("<toHour>5</toHour>", "<toHour>6</toHour>").replace(
            "<toMinute>59</toMinute>", "<toMinute>0</toMinute>"
        )
    )
    code, out, _ = _run(
        "--format", "json", "--baseline", str(repository / "baseline.json"), str(repository)
    )
    report = json.loads(out)
    assert code == 0
    assert report["baselined"] == 3 and report["diagnostics"] == []
    assert [(e["path"], e["code"]) for e in report["stale_baseline_entries"]] == [
        ("goals/rules.xml", "PU244")
    ]


def test_entries_of_files_not_checked_are_not_stale(repository: Path) -> None:
    _write(repository)
    code, out, _ = _run(
        "--baseline", str(repository / "baseline.json"), str(repository / "goals" / "checkout.json")
    )
    assert (code, out) == (0, "All checks passed (1 file, 2 baselined).\n")


def test_a_repeated_finding_is_counted_not_collapsed(tmp_path: Path) -> None:
    goal = tmp_path / "g.json"
    goal.write_text('{"code": "g-1", "name": "N", "agents": [], "diagram": {}, "tags": []}')
    _run("--write-baseline", str(tmp_path / "b.json"), str(goal))
    code, out, _ = _run("--baseline", str(tmp_path / "b.json"), str(goal))
    assert code == 0 and "2 baselined" in out


def test_paths_are_relative_to_the_baseline_wherever_the_run_starts(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(repository)
    monkeypatch.chdir(repository / "goals")
    code, out, _ = _run("--baseline", "../baseline.json", ".")
    assert (code, out) == (0, "All checks passed (3 files, 4 baselined).\n")


def test_configuration_key_baseline(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(repository)
    (repository / "goalkeeper.toml").write_text('baseline = "baseline.json"\n')
    monkeypatch.chdir(repository)
    code, out, _ = _run("goals")
    assert (code, out) == (0, "All checks passed (3 files, 4 baselined).\n")
    (repository / "goalkeeper.toml").write_text("baseline = 3\n")
    code, _, err = _run("goals")
    assert code == 2 and "baseline: expected a path" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not JSON"),
        ('{"tool": "ruff", "findings": []}', "is not a goalkeeper baseline"),
        ('{"tool": "goalkeeper", "findings": [{"path": 1}]}', "findings[0] needs the strings"),
    ],
)
def test_a_bad_baseline_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "b.json").write_text(content)
    (tmp_path / "g.json").write_text(GOAL)
    code, _, err = _run("--baseline", str(tmp_path / "b.json"), str(tmp_path / "g.json"))
    assert code == 2 and message in err


def test_a_missing_baseline_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "g.json").write_text(GOAL)
    code, _, err = _run("--baseline", str(tmp_path / "none.json"), str(tmp_path / "g.json"))
    assert code == 2 and "cannot read" in err


def test_fingerprints_hash_the_value_at_the_pointer() -> None:
    document = load_bytes(GOAL.encode()).document
    edited = load_bytes(GOAL_EDITED_ELSEWHERE.encode()).document

    def digest(doc: object, pointer: str, message: str = "m") -> str:
        return fingerprint_of(doc, Finding("CT105", pointer, message))

    assert digest(document, "/countMax") == digest(edited, "/countMax")
    assert digest(document, "/countMax") != digest(document, "/valueMax")
    # No value to hash (the document itself, an absent member): the message stands in.
    assert digest(document, "", "a") != digest(document, "", "b")
    assert digest(document, "/missing", "a") == digest(edited, "/missing", "a")
    assert digest(None, "", "a") == digest(document, "", "a")


def test_xml_fingerprint_is_the_element_text() -> None:
    document = load_bytes(RULES.encode()).document
    moved = load_bytes(RULES.replace("    <parentId>", "\n\n<parentId>").encode()).document
    changed = load_bytes(RULES.replace(">59<", ">58<").encode()).document
    pointer = "/rulesBean/timeRestrictions/toMinute"
    first = fingerprint_of(document, Finding("PU244", pointer, "m"))
    assert first == fingerprint_of(moved, Finding("PU244", pointer, "m"))
    assert first != fingerprint_of(changed, Finding("PU244", pointer, "m"))


def test_baseline_relative_paths(tmp_path: Path) -> None:
    baseline = Baseline(str(tmp_path / "sub" / "b.json"), [])
    assert baseline.relative(str(tmp_path / "sub" / "x" / "g.json")) == "x/g.json"
    assert baseline.relative(str(tmp_path / "g.json")) == "../g.json"
    assert baseline.relative("-") == "-"
