"""A run over many files: the per-file pass (on several cores when it pays), then the
cross-file stage, merged into one report in file order."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, overload

from goalkeeper.checker import Checker, FileResult, Report, Target
from goalkeeper.cross_file import FileFacts, files_stage
from goalkeeper.diagnostics import Diagnostic
from goalkeeper.parallel import Team, auto_jobs, check_in_parallel

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
    team: Team | None = None,
) -> Report:
    """Check ``files`` (``-`` is standard input) with the checker that governs each, on
    several cores when there are enough of them (or ``jobs`` says; ``team`` holds the
    workers started before the files were listed), then the cross-file rules over the
    whole run. In a worker of the team this never returns."""

    if any(item.path == "-" for item in files):
        jobs = 1  # standard input belongs to this process
    # Each file's checker, looked up once (configuration errors surface before any work);
    # files of one directory share it ('-' is the working directory's). Workers are
    # handed positions in the list.
    checkers = _checkers(checker_for, files, stdin_name)

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
    identity = [item.path for item in files] if team is not None else ()
    results = check_in_parallel(check_file, range(len(files)), count, team, identity)
    results = _with_cross_file(checker_for, files, results)
    skipped = tuple(
        (item.display, result.skipped)
        for item, result in zip(files, results, strict=True)
        if result.skipped is not None
    )
    strict = [checker for checker in set(checkers) if checker.settings.strict]
    strict_paths = frozenset(
        stdin_name if item.path == "-" else item.display
        for item, checker in zip(files, checkers, strict=True)
        if strict and checker.settings.strict
    )
    return Report(
        tuple(d for result in results if result.diagnostics for d in result.diagnostics),
        len(files) - len(skipped),
        skipped=skipped,
        files=_FileRows(files, results, stdin_name),
        strict_paths=strict_paths,
    )


class _FileRows(Sequence[tuple[str, str | None, str | None, str | None]]):
    """Every file of the run as (path, kind, op, reason skipped), for ``--show-files`` and
    the reports that list files: made when asked for, not for every run."""

    def __init__(
        self, files: Sequence[SelectedFile], results: Sequence[FileResult], stdin_name: str
    ) -> None:
        self._files, self._results, self._stdin_name = files, results, stdin_name

    def __len__(self) -> int:
        return len(self._files)

    @overload
    def __getitem__(self, index: int) -> tuple[str, str | None, str | None, str | None]: ...

    @overload
    def __getitem__(
        self, index: slice
    ) -> Sequence[tuple[str, str | None, str | None, str | None]]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        item, result = self._files[index], self._results[index]
        shown = self._stdin_name if item.path == "-" else item.display
        return (shown, result.kind, result.op, result.skipped)


def _checkers(
    checker_for: Callable[[str], Checker], files: Sequence[SelectedFile], stdin_name: str
) -> list[Checker]:
    """The checker of each file; files of one folder (listed together) share it."""
    checkers = []
    folder: str | None = None
    checker: Checker | None = None
    for item in files:
        if item.path == "-":
            checkers.append(checker_for(stdin_name))
            folder = None
            continue
        here = item.path.rpartition(os.sep)[0]
        if checker is None or here != folder:
            checker, folder = checker_for(item.path), here
        checkers.append(checker)
    return checkers


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
