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

import contextlib
import gc
import marshal
import os
import signal
import struct
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, TypeVar

from goalkeeper.diagnostics import Diagnostic, Edit, Fix, Severity

if TYPE_CHECKING:
    from goalkeeper.checker import FileResult

# Below this many files one process is faster than paying for a fork and a transfer.
PARALLEL_THRESHOLD = 400

Item = TypeVar("Item")
Result = TypeVar("Result")
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


def _runs(files: Sequence[Item]) -> list[Sequence[Item]]:
    """``files`` cut into runs of consecutive files, at most one token's worth each."""
    size = max(_MIN_RUN, -(-len(files) // _MAX_TOKENS))
    return [files[start : start + size] for start in range(0, len(files), size)]


def _take_runs(
    tokens: int,
    runs: list[Sequence[Item]],
    check_file: Callable[[Item], FileResult],
    keep: Callable[[list[FileResult]], Result],
) -> list[tuple[int, Result]]:
    """Check the run of each token this process gets, until the tokens are gone; what
    ``keep`` makes of each run's results is kept."""
    done: list[tuple[int, Result]] = []
    while True:
        token = os.read(tokens, _TOKEN.size)
        if not token:
            return done
        (number,) = _TOKEN.unpack(token)
        done.append((number, keep([check_file(item) for item in runs[number]])))


def _as_is(results: list[FileResult]) -> list[FileResult]:
    return results


def _fingerprint(identity: Sequence[str]) -> bytes:
    """Names the file list: a worker that listed other files (the tree changed between
    the two listings) takes no part. Forked processes hash strings alike."""
    return struct.pack("=qQ", hash(tuple(identity)), len(identity))


class _Member(NamedTuple):
    """A worker as the parent sees it."""

    pid: int
    go: int  # the parent writes the file list's fingerprint here: start
    results: int  # the worker's results come back here


class Team:
    """Worker processes forked before the files are even listed.

    Forked that early, a worker shares little with the parent: what the check imports and
    builds later (schema engines, rule modules) is its own, so neither process pays for
    copying shared memory pages that the other one touches. Each worker lists the files
    itself, the same way, while the parent does; the parent then sends each worker the
    fingerprint of its own list (a worker whose list differs stops) and the tokens.
    """

    def __init__(
        self,
        tokens: tuple[int, int],
        members: list[_Member],
        own: tuple[int, int] | None = None,
    ) -> None:
        self._tokens, self._tokens_write = tokens
        self._members = members
        self._own = own  # a worker's (go, results) ends

    @property
    def is_worker(self) -> bool:
        return self._own is not None

    @classmethod
    def start(cls, size: int) -> Team | None:
        """The parent's team of ``size`` processes (itself included); in each forked
        worker, the worker's. None where there is nothing to fork."""
        if size < 2 or not hasattr(os, "fork"):
            return None
        tokens, tokens_write = os.pipe()
        members: list[_Member] = []
        # What exists now is shared with the workers: the collector must not walk it (and
        # so touch, and copy, every page of it) in them.
        gc.freeze()
        try:
            for _ in range(size - 1):
                go_read, go_write = os.pipe()
                results_read, results_write = os.pipe()
                pid = os.fork()
                if pid == 0:
                    for descriptor in (tokens_write, go_write, results_read):
                        os.close(descriptor)
                    for member in members:  # the ends meant for earlier workers
                        os.close(member.go)
                        os.close(member.results)
                    return cls((tokens, -1), [], (go_read, results_write))
                os.close(go_read)
                os.close(results_write)
                members.append(_Member(pid, go_write, results_read))
        except OSError:  # no more processes: the team is who there is
            pass
        gc.unfreeze()  # the parent collects as before
        return cls((tokens, tokens_write), members)

    def serve(self, work: Callable[[], object]) -> NoReturn:
        """A worker's life: ``work`` ends in :meth:`check`, which leaves the process;
        anything else (an error while listing the files) leaves it quietly."""
        with contextlib.suppress(BaseException):  # the parent reports what went wrong
            work()
        os._exit(1)

    def check(
        self,
        check_file: Callable[[Item], FileResult],
        files: Sequence[Item],
        jobs: int,
        identity: Sequence[str],
    ) -> list[FileResult]:
        """One result per file of ``files``, in order, with at most ``jobs`` processes of
        the team; the rest of it is sent away."""
        if self._own is not None:
            self._work(check_file, files, identity)
        active = self._members[: max(0, min(jobs, len(files)) - 1)]
        if not active:
            self.close()
            return [check_file(item) for item in files]
        for member in self._members[len(active) :]:
            _dismiss(member)
        self._members = []
        runs = _runs(files)
        fingerprint = _fingerprint(identity)
        for member in active:
            with contextlib.suppress(OSError):  # a worker gone: the others take its runs
                _write_all(member.go, fingerprint)
            os.close(member.go)
        tokens, tokens_write = self._tokens, self._tokens_write
        self._tokens = self._tokens_write = -1  # used up: nothing left to close
        try:
            _write_all(tokens_write, b"".join(map(_TOKEN.pack, range(len(runs)))))
        finally:
            os.close(tokens_write)  # drained, the pipe reads as ended everywhere
        try:
            by_run = dict(_take_runs(tokens, runs, check_file, _as_is))
        finally:
            os.close(tokens)
        for member in active:
            data = _read_all(member.results)
            os.close(member.results)
            _pid, status = os.waitpid(member.pid, 0)
            try:
                if status != 0:
                    raise ValueError("worker failed")
                by_run.update((number, _results(rows)) for number, rows in marshal.loads(data))
            except (ValueError, EOFError, TypeError):
                continue  # a worker that died (killed, out of memory) loses no files
        return [
            result
            for number, run in enumerate(runs)
            for result in (by_run[number] if number in by_run else map(check_file, run))
        ]

    def close(self) -> None:
        """Send away the workers not given any work (the run ended early, or it is too
        small for them). The parent calls it however the run ends; it does no harm twice."""
        if self._own is not None:
            return
        for member in self._members:
            _dismiss(member)
        self._members = []
        if self._tokens_write != -1:
            os.close(self._tokens_write)
            os.close(self._tokens)
            self._tokens = self._tokens_write = -1

    def _work(
        self,
        check_file: Callable[[Item], FileResult],
        files: Sequence[Item],
        identity: Sequence[str],
    ) -> NoReturn:
        """A worker: the runs of the tokens it gets, sent back; then it leaves without
        running any cleanup."""
        assert self._own is not None
        go, results = self._own
        status = 0
        try:
            expected = _read_all(go)
            if not expected:  # sent away
                os._exit(0)
            # each run is put into plain values at once, while the other processes still
            # have runs to take (the last one does not wait for this one's encoding)
            done = []
            if expected == _fingerprint(identity):
                done = _take_runs(self._tokens, _runs(files), check_file, _rows)
            payload = marshal.dumps(done)
        except BaseException:  # the parent checks the runs this worker took
            payload, status = b"", 1
        try:
            _write_all(results, payload)
        finally:
            os._exit(status)


def _dismiss(member: _Member) -> None:
    """Send a worker away: it may still be listing files, which nobody needs now."""
    os.close(member.go)
    os.close(member.results)
    with contextlib.suppress(OSError):
        os.kill(member.pid, signal.SIGKILL)
    os.waitpid(member.pid, 0)


def check_in_parallel(
    check_file: Callable[[Item], FileResult],
    files: Sequence[Item],
    jobs: int,
    team: Team | None = None,
    identity: Sequence[str] = (),
) -> list[FileResult]:
    """One result per file of ``files``, in order, computed by ``jobs`` processes: the
    ``team`` started before the files were listed (``identity`` names their list), or
    one forked now."""
    if team is None:
        if min(jobs, len(files)) <= 1 or not hasattr(os, "fork"):
            return [check_file(item) for item in files]
        team = Team.start(min(jobs, len(files)))
        if team is None:
            return [check_file(item) for item in files]
        if team.is_worker:
            worker = team
            worker.serve(lambda: worker.check(check_file, files, jobs, identity))
    return team.check(check_file, files, jobs, identity)
