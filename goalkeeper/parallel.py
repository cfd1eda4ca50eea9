"""Checking many files on several cores.

The sorted file list is dealt out like cards (file i to process i mod N, so that slow and
fast kinds are spread evenly); each extra share goes to a forked worker that sends its
diagnostics back through a pipe, file by file (with each file's cross-file facts, a few
values, never the document), while the parent checks the first share itself. Putting the
files back in their order gives exactly the serial report. Forking shares everything
already imported and compiled, so a worker starts in about a millisecond; below
``PARALLEL_THRESHOLD`` files that is not worth it and the run stays in one process. Where
``fork`` does not exist the run is serial.
"""

from __future__ import annotations

import gc
import marshal
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from goalkeeper.diagnostics import Diagnostic, Edit, Fix, Severity

if TYPE_CHECKING:
    from goalkeeper.checker import FileResult

# Below this many files one process is faster than paying for a fork and a transfer.
PARALLEL_THRESHOLD = 400

Item = TypeVar("Item")
CheckFile = Callable[[Item], "FileResult"]


def available_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def auto_jobs(file_count: int) -> int:
    """How many processes to use for ``file_count`` files when the user did not say."""
    if not hasattr(os, "fork") or file_count < PARALLEL_THRESHOLD:
        return 1
    return max(1, min(available_cores(), file_count // (PARALLEL_THRESHOLD // 2), 8))


def _encode(per_file: list[FileResult]) -> bytes:
    return marshal.dumps(
        [
            (
                result.kind,
                result.op,
                result.skipped,
                result.facts,
                [
                    (
                        d.code,
                        d.severity.value,
                        d.message,
                        d.pointer,
                        d.line,
                        d.column,
                        d.hint,
                        d.kind,
                        d.op,
                        d.path,
                        None
                        if d.fix is None
                        else (tuple(map(tuple, d.fix.edits)), d.fix.description),
                        d.fingerprint,
                    )
                    for d in result.diagnostics
                ],
            )
            for result in per_file
        ]
    )


def _decode(data: bytes) -> list[FileResult]:
    from goalkeeper.checker import FileResult

    decoded: list[Any] = marshal.loads(data)
    return [
        FileResult([_diagnostic(row) for row in rows], file_kind, file_op, skipped, facts)
        for file_kind, file_op, skipped, facts, rows in decoded
    ]


def _diagnostic(row: tuple[Any, ...]) -> Diagnostic:
    """A diagnostic back from the row :func:`_encode` made of it."""
    code, severity, message, pointer, line, column, hint, kind, op, path, fix, fingerprint = row
    return Diagnostic(
        code,
        Severity(severity),
        message,
        pointer,
        line,
        column,
        hint,
        kind,
        op,
        path,
        None if fix is None else Fix(tuple(Edit(*edit) for edit in fix[0]), fix[1]),
        fingerprint,
    )


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _read_all(descriptor: int) -> bytes:
    parts: list[bytes] = []
    while True:
        part = os.read(descriptor, 1 << 20)
        if not part:
            return b"".join(parts)
        parts.append(part)


def check_in_parallel(
    check_file: Callable[[Item], FileResult], files: Sequence[Item], jobs: int
) -> list[FileResult]:
    """One result per file of ``files``, in order, computed by ``jobs`` processes."""
    jobs = min(jobs, len(files))
    if jobs <= 1 or not hasattr(os, "fork"):
        return [check_file(item) for item in files]
    shares = [files[index::jobs] for index in range(jobs)]
    # What exists now is shared with the workers: the collector must not walk it (and so
    # touch, and copy, every page of it) in them.
    workers = []
    gc.freeze()
    try:
        for share in shares[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: check, send, and leave without running any cleanup
                os.close(read_end)
                status = 0
                try:
                    payload = _encode([check_file(item) for item in share])
                except BaseException:  # the parent checks the share again
                    payload, status = b"", 1
                try:
                    _write_all(write_end, payload)
                finally:
                    os._exit(status)
            os.close(write_end)
            workers.append((pid, read_end, share))
    finally:
        gc.unfreeze()  # the parent collects as before
    results = [[check_file(item) for item in shares[0]]]
    for pid, read_end, share in workers:
        data = _read_all(read_end)
        os.close(read_end)
        _pid, status = os.waitpid(pid, 0)
        try:
            if status != 0:
                raise ValueError("worker failed")
            results.append(_decode(data))
        except (ValueError, EOFError, TypeError):
            # A worker that died (killed, out of memory) must not lose its files.
            results.append([check_file(item) for item in share])
    return [results[index % jobs][index // jobs] for index in range(len(files))]
