"""The shipped examples: `goalkeeper check examples/` flags exactly the *-invalid files."""

from __future__ import annotations

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
