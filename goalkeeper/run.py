"""A run over many files: the per-file pass (on several cores when it pays), then the
cross-file stage, merged into one report in file order."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from goalkeeper.checker import Checker, FileResult, Report, Target
from goalkeeper.cross_file import FileFacts, files_stage
from goalkeeper.diagnostics import Diagnostic
from goalkeeper.parallel import auto_jobs, check_in_parallel

if TYPE_CHECKING:
    from goalkeeper.files import SelectedFile


def check_selected(
    checker_for: Callable[[str], Checker],
    files: Sequence[SelectedFile],
    kind: str | None = None,
    op: str | None = None,
    stdin_name: str = "-",
    jobs: int | None = None,
    stdin: bytes | None = None,
) -> Report:
    """Check ``files`` (``-`` is standard input) with the checker that governs each, on
    several cores when there are enough of them (or ``jobs`` says), then the cross-file
    rules over the whole run."""

    if any(item.path == "-" for item in files):
        jobs = 1  # standard input belongs to this process
    # Each file's checker, looked up once (configuration errors surface before any work);
    # files of one directory share it ('-' is the working directory's). Workers are
    # handed positions in the list.
    checkers = [checker_for(stdin_name if item.path == "-" else item.path) for item in files]

    def check_file(index: int) -> FileResult:
        item, checker = files[index], checkers[index]
        if item.path == "-":  # no neighbours: standard input gives no cross-file facts
            target = Target(stdin_name, kind, op)
            if stdin is not None:  # already read (through the size limit) by --fix
                return checker.check_bytes_result(stdin, target)
            # at most the size limit and one byte are read: /dev/zero ends with GK003
            return checker.check_stream(sys.stdin.buffer.read, target)
        if item.unreadable is not None:  # a directory the walk could not enter
            return checker.unreadable_directory(item.display, item.unreadable)
        return checker.check_file(
            item.path,
            item.display,
            Target(item.display, kind, op),
            item.walked,
            facts=True,
            regular=item.regular,
        )

    count = jobs or auto_jobs(len(files))
    results = check_in_parallel(check_file, range(len(files)), count)
    results = _with_cross_file(checker_for, files, results)
    skipped = tuple(
        (item.display, result.skipped)
        for item, result in zip(files, results, strict=True)
        if result.skipped is not None
    )
    shown = tuple(
        (item.display if item.path != "-" else stdin_name, result.kind, result.op, result.skipped)
        for item, result in zip(files, results, strict=True)
    )
    strict_paths = frozenset(
        stdin_name if item.path == "-" else item.display
        for item, checker in zip(files, checkers, strict=True)
        if checker.settings.strict
    )
    return Report(
        tuple(d for result in results for d in result.diagnostics),
        len(files) - len(skipped),
        skipped=skipped,
        files=shown,
        strict_paths=strict_paths,
    )


def _with_cross_file(
    checker_for: Callable[[str], Checker],
    files: Sequence[SelectedFile],
    results: list[FileResult],
) -> list[FileResult]:
    """The results with the cross-file findings added to the files they are in."""
    sheets = [
        FileFacts(index, item.display, item.path, result.kind, result.op, result.facts)
        for index, (item, result) in enumerate(zip(files, results, strict=True))
        if result.facts is not None and result.kind is not None and result.op is not None
    ]
    across = files_stage(checker_for, sheets)
    if not across:
        return results
    merged = list(results)
    for index, extra in across.items():
        found = merged[index]
        diagnostics = sorted([*found.diagnostics, *extra], key=Diagnostic.sort_key)
        merged[index] = found._replace(diagnostics=diagnostics)
    return merged
