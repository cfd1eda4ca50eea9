"""A run over many files: the per-file pass (on several cores when it pays), then the
cross-file stage, merged into one report in file order."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from goalkeeper.checker import Checker, Report, Target
from goalkeeper.cross_file import FileFacts, files_stage
from goalkeeper.diagnostics import Diagnostic
from goalkeeper.parallel import auto_jobs, check_files_in_parallel


def check_many(
    checker: Checker,
    files: Sequence[tuple[str, str]],
    kind: str | None = None,
    op: str | None = None,
    stdin_name: str = "-",
    jobs: int | None = None,
) -> Report:
    """Check ``files`` ((path to read, path to show), ``-`` for standard input)."""

    def check_file(item: tuple[str, str]) -> tuple[list[Diagnostic], Any]:
        path, display = item
        if path == "-":  # no neighbours: standard input gives no cross-file facts
            raw = sys.stdin.buffer.read()
            return checker.check_bytes(raw, Target(stdin_name, kind, op)), None
        facts: list[Any] = []
        diagnostics = checker.check_path(path, display, Target(display, kind, op), facts)
        return diagnostics, (facts[0] if facts else None)

    if any(path == "-" for path, _ in files):
        jobs = 1  # standard input belongs to this process
    count = jobs or auto_jobs(len(files))
    results = check_files_in_parallel(check_file, files, count)
    sheets = [
        FileFacts(index, files[index][1], files[index][0], *facts)
        for index, (_diagnostics, facts) in enumerate(results)
        if facts is not None
    ]
    across = files_stage(checker, sheets)
    diagnostics: list[Diagnostic] = []
    for index, (found, _facts) in enumerate(results):
        extra = across.get(index)
        if extra:
            found = sorted([*found, *extra], key=Diagnostic.sort_key)
        diagnostics.extend(found)
    return Report(tuple(diagnostics), len(files))
