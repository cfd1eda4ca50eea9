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


def run_case(case: Case, engine: str = "jsonschema_rs", jobs: int = 1) -> list[Diagnostic]:
    settings = settings_for(case, engine)
    if case.is_run:
        return run_directory(case, settings, jobs)
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


def run_directory(case: Case, settings: Settings, jobs: int) -> list[Diagnostic]:
    """A directory fixture: its files checked together, paths shown relative to it."""
    from goalkeeper.files import SelectedFile
    from goalkeeper.globs import Glob
    from goalkeeper.run import check_selected

    options = dict(settings.vendor_options)
    if case.igrp:
        options["infinity"] = tuple((Glob(glob), number) for glob, number in case.igrp.items())
    settings = settings._replace(base_dir=str(case.path), vendor_options=options)
    files = [
        SelectedFile(str(path), path.relative_to(case.path).as_posix(), True)
        for path in sorted(case.path.rglob("*"))
        if path.suffix in (".json", ".xml")
    ]
    checker = Checker(settings)
    report = check_selected(lambda _path: checker, files, case.kind, case.op, jobs=jobs)
    return list(report.diagnostics)


def reduce(diagnostics: list[Diagnostic], with_path: bool = False) -> list[dict[str, Any]]:
    return [
        {
            **({"path": d.path} if with_path else {}),
            "code": d.code,
            "severity": d.severity.value,
            "pointer": d.pointer,
            "line": d.line,
            "column": d.column,
        }
        for d in diagnostics
    ]


def golden_text(diagnostics: list[Diagnostic], with_path: bool = False) -> str:
    """What a golden file holds: each diagnostic's code, place, message and hint (and its
    file, for a directory fixture)."""
    blocks = []
    for d in diagnostics:
        where = d.pointer or "/"
        if with_path:
            where = f"{d.path}: {where}"
        if d.line is not None:
            where += f" (line {d.line}, column {d.column})"
        lines = [f"{d.code} {d.severity.value} at {where}", f"  message: {d.message}"]
        if d.hint:
            lines.append(f"  hint: {d.hint}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
