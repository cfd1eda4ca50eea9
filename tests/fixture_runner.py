"""Run one fixture case through the real pipeline and reduce the result for comparison."""

from __future__ import annotations

import json
from typing import Any

from goalkeeper.api import _vendor_options, check_request
from goalkeeper.checker import Checker, Target
from goalkeeper.cli import _parse_now
from goalkeeper.diagnostics import Diagnostic
from goalkeeper.settings import Selection, Settings

from conftest import FIXTURES, Case


def settings_for(case: Case, engine: str = "jsonschema_rs") -> Settings:
    defaults = Settings()
    return Settings(
        selection=Selection(("ALL",), tuple(case.ignore)),
        max_file_size=case.max_file_size or defaults.max_file_size,
        now=_parse_now(case.now),
        vendor_options=_vendor_options(case.options),
        engine=engine,
        base_dir=str(FIXTURES),
    )


def run_case(case: Case, engine: str = "jsonschema_rs") -> list[Diagnostic]:
    settings = settings_for(case, engine)
    if case.request:
        spec = json.loads(case.path.read_text(encoding="utf-8"))
        body = spec["body"]
        report = check_request(
            spec["method"],
            spec["url"],
            body,
            spec.get("headers"),
            now=settings.now,
            options=case.options,
        )
        return [d for d in report.diagnostics if settings.selection.enabled(d.code)]
    checker = Checker(settings)
    return checker.check_path(str(case.path), case.name, Target(case.name, case.kind, case.op))


def reduce(diagnostics: list[Diagnostic]) -> list[dict[str, Any]]:
    return [
        {
            "code": d.code,
            "severity": d.severity.value,
            "pointer": d.pointer,
            "line": d.line,
            "column": d.column,
        }
        for d in diagnostics
    ]


def golden_text(diagnostics: list[Diagnostic]) -> str:
    """What a golden file holds: each diagnostic's code, place, message and hint."""
    blocks = []
    for d in diagnostics:
        where = d.pointer or "/"
        if d.line is not None:
            where += f" (line {d.line}, column {d.column})"
        lines = [f"{d.code} {d.severity.value} at {where}", f"  message: {d.message}"]
        if d.hint:
            lines.append(f"  hint: {d.hint}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
