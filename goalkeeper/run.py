"""A run over many files: the per-file pass (on several cores when it pays), then the
cross-file stage, merged into one report in file order."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from goalkeeper.checker import Checker, FileResult, Report, Target
from goalkeeper.cross_file import FileFacts, files_stage
from goalkeeper.diagnostics import Diagnostic, Severity
from goalkeeper.files import Found, in_order
from goalkeeper.parallel import Team, auto_jobs, check_in_parallel

if TYPE_CHECKING:
    from goalkeeper.files import SelectedFile


def check_selected(
    checker_for: Callable[[str], Checker],
    files: Iterable[SelectedFile],
    kind: str | None = None,
    op: str | None = None,
    stdin_name: str = "-",
    jobs: int | None = None,
    stdin: bytes | None = None,
) -> Report:
    """Check ``files`` (``-`` is standard input), in this order, with the checker that
    governs each, on several cores when there are enough of them (or ``jobs`` says), then
    the cross-file rules over the whole run."""
    found = (Found(index, "", None, file) for index, file in enumerate(files))
    return check_listing(checker_for, found, kind, op, stdin_name, jobs, stdin)[1]


def check_listing(
    checker_for: Callable[[str], Checker],
    files: Iterable[Found],
    kind: str | None = None,
    op: str | None = None,
    stdin_name: str = "-",
    jobs: int | None = None,
    stdin: bytes | None = None,
    team: Team | None = None,
) -> tuple[list[SelectedFile], Report]:
    """:func:`check_selected` for the files as a listing meets them (put in the order of
    the report by :func:`goalkeeper.files.in_order`); the files in that order, and the
    report. With a ``team`` (the processes a large run is shared among), checking starts
    while the files are still being listed."""
    check_file = file_checker(checker_for, kind, op, stdin_name, stdin)
    # what puts the files in order, kept as they are met: three list slots a file
    numbers: list[int] = []
    keys: list[str] = []
    reals: list[str | None] = []

    kept: list[int] = []

    def listing() -> Iterator[SelectedFile]:
        for found in files:
            numbers.append(found.number)
            keys.append(found.key)
            reals.append(found.real)
            yield found.file
        # all listed: the order is worked out while the other processes still check
        kept.extend(in_order(numbers, keys, reals))

    if team is not None:
        met, checked = team.stream(check_file, listing(), jobs)
        listed = list(map(met.__getitem__, kept))
        results = list(map(checked.__getitem__, kept))
    else:
        met = list(listing())
        listed = list(map(met.__getitem__, kept))
        if any(item.path == "-" for item in listed):
            jobs = 1  # standard input belongs to this process
        results = check_in_parallel(check_file, listed, jobs or auto_jobs(len(listed)))
    skipped: list[tuple[str, str]] = []
    sheets: list[FileFacts] = []
    for index, result in enumerate(results):
        if result.skipped is not None:
            skipped.append((listed[index].display, result.skipped))
        elif result.facts is not None and result.kind is not None and result.op is not None:
            item = listed[index]
            sheets.append(
                FileFacts(index, item.display, item.path, result.kind, result.op, result.facts)
            )
    results = _with_cross_file(checker_for, sheets, results)
    diagnostics = tuple(d for result in results if result.diagnostics for d in result.diagnostics)
    # Only a file with a warning can fail the run through its own ``strict``.
    warned = {d.path for d in diagnostics if d.severity is Severity.WARNING}
    # (a file's shown path names the same folder, so the same configuration, as its path)
    strict_paths = frozenset(
        path for path in warned if path is not None and checker_for(path).settings.strict
    )
    report = Report(
        diagnostics,
        len(listed) - len(skipped),
        skipped=tuple(skipped),
        files=_FileRows(listed, results, stdin_name),
        strict_paths=strict_paths,
    )
    return listed, report


def file_checker(
    checker_for: Callable[[str], Checker],
    kind: str | None,
    op: str | None,
    stdin_name: str = "-",
    stdin: bytes | None = None,
) -> Callable[[tuple[Any, ...]], FileResult]:
    """How one listed file is checked: a :class:`SelectedFile`, or its fields as a plain
    tuple (how another process hands it over). Files of one folder (listed together)
    share their checker and their folder's path relative to its configuration, each
    worked out once."""
    folder: str | None = None
    checker: Checker | None = None
    relative_folder: str | None = None  # for the configuration's ``files`` entries

    def check_file(item: tuple[Any, ...]) -> FileResult:
        nonlocal folder, checker, relative_folder
        path, display, walked, unreadable, regular = item
        if path == "-":  # no neighbours: standard input gives no cross-file facts
            target = Target(stdin_name, kind, op)
            own = checker_for(stdin_name)
            if stdin is not None:  # already read (through the size limit) by --fix
                return own.check_bytes_result(stdin, target)
            # at most the size limit and one byte are read: /dev/zero ends with GK003
            return own.check_stream(sys.stdin.buffer.read, target)
        here, _sep, name = path.rpartition(os.sep)
        if checker is None or here != folder:
            checker, folder, relative_folder = checker_for(path), here, None
        if unreadable is not None:  # a directory the walk could not enter
            return checker.unreadable_directory(display, unreadable)
        relative = None
        if (kind is None or op is None) and checker.settings.mappings and name:
            if relative_folder is None:
                whole = checker.settings.relative(path)
                relative_folder = whole[: len(whole) - len(name)]
            relative = relative_folder + name
        return checker.check_file(
            path, display, Target(display, kind, op), walked, True, regular, relative
        )

    return check_file


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


def _with_cross_file(
    checker_for: Callable[[str], Checker],
    sheets: Sequence[FileFacts],
    results: list[FileResult],
) -> list[FileResult]:
    """The results with the cross-file findings about the files' ``sheets`` added to the
    files they are in."""
    across = files_stage(checker_for, sheets)
    if not across:
        return results
    merged = list(results)
    for index, extra in across.items():
        found = merged[index]
        diagnostics = sorted([*found.diagnostics, *extra], key=Diagnostic.sort_key)
        merged[index] = found._replace(diagnostics=diagnostics)
    return merged
