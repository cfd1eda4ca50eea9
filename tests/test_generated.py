"""Generated files are current: regenerate them with the command in each message."""

from __future__ import annotations

from goalkeeper.reference import render_rules_markdown

from conftest import ROOT


def test_docs_rules_md_is_current() -> None:
    current = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    assert current == render_rules_markdown(), (
        "docs/rules.md is stale: run `goalkeeper rules --format markdown > docs/rules.md`"
    )
