"""Checking many files on several cores.

The sorted file list is cut into small runs of consecutive files. Before the workers are
forked, one token per run goes into a pipe that every process reads: each process takes
the next token when it is free, so a process slowed by a busy core, a slow kind or its own
start-up simply takes fewer runs, and all finish together. (Every token is written before
the fork and each read asks for exactly one token, so no two processes ever get the
same run.) A worker sends its diagnostics back through its own pipe (with each file's
cross-file facts, a few values, never the document); the parent checks runs itself too.
Putting the files back in their order gives exactly the serial report. Forking shares
everything already imported and compiled, so a worker starts in about a millisecond;
below ``PARALLEL_THRESHOLD`` files that is not worth it and the run stays in one process.
Where ``fork`` does not exist the run is serial.
"""

from __future__ import annotations

import gc
import marshal
import os
import struct
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
    return marshal.dumps(_rows(per_file))


def _decode(data: bytes) -> list[FileResult]:
    return _results(marshal.loads(data))


def _rows(per_file: list[FileResult]) -> list[Any]:
    """The results as plain values :mod:`marshal` can carry."""
    return [
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
                    None if d.fix is None else (tuple(map(tuple, d.fix.edits)), d.fix.description),
                    d.fingerprint,
                )
                for d in result.diagnostics
            ],
        )
        for result in per_file
    ]


def _results(decoded: list[Any]) -> list[FileResult]:
    from goalkeeper.checker import FileResult

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


# Tokens: one unsigned 32-bit run number each. All of them fit the smallest pipe buffer
# (and PIPE_BUF), so writing them never blocks; longer lists get longer runs.
_TOKEN = struct.Struct("=I")
_MAX_TOKENS = 4096 // _TOKEN.size
# The fewest files in a run: a token read per run costs a system call.
_MIN_RUN = 16


def check_in_parallel(
    check_file: Callable[[Item], FileResult], files: Sequence[Item], jobs: int
) -> list[FileResult]:
    """One result per file of ``files``, in order, computed by ``jobs`` processes."""
    jobs = min(jobs, len(files))
    if jobs <= 1 or not hasattr(os, "fork"):
        return [check_file(item) for item in files]
    size = max(_MIN_RUN, -(-len(files) // _MAX_TOKENS))
    runs = [files[start : start + size] for start in range(0, len(files), size)]
    tokens, token_end = os.pipe()
    try:
        _write_all(token_end, b"".join(_TOKEN.pack(number) for number in range(len(runs))))
    finally:
        os.close(token_end)  # drained, the pipe reads as ended in every process

    def take_runs() -> list[tuple[int, list[FileResult]]]:
        done: list[tuple[int, list[FileResult]]] = []
        while True:
            token = os.read(tokens, _TOKEN.size)
            if not token:
                return done
            (number,) = _TOKEN.unpack(token)
            done.append((number, [check_file(item) for item in runs[number]]))

    # What exists now is shared with the workers: the collector must not walk it (and so
    # touch, and copy, every page of it) in them.
    workers = []
    gc.freeze()
    try:
        for _ in range(jobs - 1):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: check, send, and leave without running any cleanup
                os.close(read_end)
                status = 0
                try:
                    payload = marshal.dumps(
                        [(number, _rows(results)) for number, results in take_runs()]
                    )
                except BaseException:  # the parent checks the runs this worker took
                    payload, status = b"", 1
                try:
                    _write_all(write_end, payload)
                finally:
                    os._exit(status)
            os.close(write_end)
            workers.append((pid, read_end))
    finally:
        gc.unfreeze()  # the parent collects as before
    by_run: dict[int, list[FileResult]] = {}
    try:
        by_run.update(take_runs())
    finally:
        os.close(tokens)
    for pid, read_end in workers:
        data = _read_all(read_end)
        os.close(read_end)
        _pid, status = os.waitpid(pid, 0)
        try:
            if status != 0:
                raise ValueError("worker failed")
            by_run.update((number, _results(rows)) for number, rows in marshal.loads(data))
        except (ValueError, EOFError, TypeError):
            continue  # a worker that died (killed, out of memory) must not lose its files
    return [
        result
        for number, run in enumerate(runs)
        for result in (by_run[number] if number in by_run else [check_file(i) for i in run])
    ]
