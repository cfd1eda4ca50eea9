"""The shipped examples: `goalkeeper check examples/` flags exactly the *-invalid files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from goalkeeper.cli import main

from conftest import ROOT

EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".json", ".xml"))


def test_examples_exist_for_every_json_kind() -> None:
    assert any("goal-types" in str(p) for p in EXAMPLES)
    assert any("targeting-rules" in str(p) for p in EXAMPLES)
    assert any("pulse/goals" in str(p) for p in EXAMPLES)
    assert any("pulse/goal-rules" in str(p) for p in EXAMPLES)
    assert any("infinity/segments" in str(p) for p in EXAMPLES)
    assert any("infinity/segment-groups" in str(p) for p in EXAMPLES)
    for kind in ("goals", "templates", "metrics"):
        assert any(f"gainsight/{kind}" in str(p) for p in EXAMPLES)
    assert any("gainsight/fetch-" in str(p) for p in EXAMPLES)


def test_check_examples_as_the_readme_does(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # so that the repository's [tool.goalkeeper] applies
    result = CliRunner().invoke(main, ["check", "--format", "json", "examples/"])
    assert result.exit_code == 1
    import json

    report = json.loads(result.stdout)
    flagged = {d["path"] for d in report["diagnostics"] if d["severity"] == "error"}
    expected = {str(p.relative_to(ROOT)) for p in EXAMPLES if p.stem.endswith("-invalid")}
    assert flagged == expected
    clean = {str(p.relative_to(ROOT)) for p in EXAMPLES} - expected
    assert not clean & {d["path"] for d in report["diagnostics"]}
    assert report["files_checked"] == len(EXAMPLES)


def test_fix_on_copies_of_the_examples_leaves_only_decisions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--fix changes exactly the fixable lines and leaves findings that need a human."""
    import json
    import shutil

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.chdir(tmp_path)
    args = ["check", "--now", "2026-01-01T00:00:00Z", "examples/"]
    diff = CliRunner().invoke(main, [*args[:-1], "--diff", "examples/"]).stdout
    changed = sorted(line for line in diff.splitlines() if line[:1] in "+-")
    assert changed == sorted(
        [
            "--- a/examples/conductrics/goal-types/checkout-invalid.json",
            "+++ b/examples/conductrics/goal-types/checkout-invalid.json",
            '-  "agents": ["a-H509Pq90EL", "a-H509Pq90EL"],',
            '+  "agents": ["a-H509Pq90EL"],',
            "--- a/examples/conductrics/targeting-rules/mobile-europe-invalid.json",
            "+++ b/examples/conductrics/targeting-rules/mobile-europe-invalid.json",
            '-  "andor": "AND",',
            '-  "apply": {"feature": "#geoContinent, #uaIsMobile,"}',
            '+  "andor": "and",',
            '+  "apply": {"feature": "#geoContinent,#uaIsMobile"}',
            "--- a/examples/pulse/goal-rules/late-night-comedy-invalid.xml",
            "+++ b/examples/pulse/goal-rules/late-night-comedy-invalid.xml",
            "-        <toHour>23</toHour>",
            "-        <toMinute>59</toMinute>",
            "+        <toHour>0</toHour>",
            "+        <toMinute>0</toMinute>",
        ]
    )
    result = CliRunner().invoke(main, [*args[:-1], "--fix", "--format", "json", "examples/"])
    report = json.loads(result.stdout)
    assert report["fixed"] == 5
    left = {d["code"] for d in report["diagnostics"]}
    assert not left & {"CT104", "CT210", "CT213", "CT214", "PU244"}
    # The sample copied from the documentation keeps its comment: it also lacks a comma,
    # which needs a human, so it is left untouched (GK601).
    assert {"GK202", "GK601"} <= left
    again = CliRunner().invoke(main, [*args[:-1], "--diff", "examples/"])
    assert again.exit_code == 0 and again.stdout == ""
