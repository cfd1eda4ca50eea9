"""Checking many files on several cores.

Files are checked in runs of consecutive files that go through one pipe, as messages each
process takes when it is free (see :class:`Team`): a process slowed by a busy core, a slow
kind or its own start-up simply takes fewer runs, and all finish together. A worker sends
its diagnostics back through its own pipe (with each file's cross-file facts, a few
values, never the document). Putting the files back in their order gives exactly the
serial report. Below ``PARALLEL_THRESHOLD`` files a fork is not worth it and the run stays
in one process. Where ``fork`` does not exist the run is serial.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
import struct
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

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


# A run: at most this many consecutive files, sent to the processes in one message.
_RUN = 16
_HEADER = struct.Struct("=I")  # the length of the marshalled run that follows


class Team:
    """Worker processes forked before the files are even listed.

    Forked that early, a worker shares little with the parent: what the check imports and
    builds later (schema engines, rule modules) is its own, so neither process pays for
    copying the shared memory pages that the other one touches. The parent lists the files
    and, as it goes, writes runs of them into one pipe as messages of exactly the pipe's
    atomic size (a run that finds the pipe full is the parent's own); each process, the
    parent too once the listing is done, takes the next message when it is free. So a
    process slowed by a busy core, a slow kind or its own start-up simply takes fewer
    runs, the checking starts while the files are still being listed, and all finish
    together.
    """

    def __init__(
        self, tokens: tuple[int, int], members: list[tuple[int, int]], own: int | None = None
    ) -> None:
        self._tokens, self._tokens_write = tokens
        self._members = members  # the parent's (pid, results read end) per worker
        self._own = own  # a worker's results write end
        self._size = os.fpathconf(self._tokens, "PC_PIPE_BUF")

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
        members: list[tuple[int, int]] = []
        # What exists now is shared with the workers: the collector must not walk it (and
        # so touch, and copy, every page of it) in them.
        gc.freeze()
        for _ in range(size - 1):
            try:
                results_read, results_write = os.pipe()
                pid = os.fork()
            except OSError:  # no more processes: the team is who there is
                break
            if pid == 0:
                os.close(tokens_write)
                os.close(results_read)
                for _pid, earlier in members:  # the ends meant for earlier workers
                    os.close(earlier)
                return cls((tokens, -1), [], results_write)
            os.close(results_write)
            members.append((pid, results_read))
        gc.unfreeze()  # the parent collects as before
        os.set_blocking(tokens_write, False)  # a full pipe: the parent checks a run itself
        return cls((tokens, tokens_write), members)

    def serve(self, work: Callable[[], object]) -> NoReturn:
        """A worker's life: ``work`` ends in :meth:`stream`, which leaves the process;
        anything else leaves it quietly (the parent reports what went wrong, once)."""
        with contextlib.suppress(BaseException):
            work()
        os._exit(1)

    def stream(
        self,
        check_file: Callable[[Item], FileResult],
        items: Iterable[Item],
        jobs: int | None = None,
    ) -> tuple[list[Item], list[FileResult]]:
        """Every item of ``items`` (listed by the parent only; an item is a tuple of plain
        values) and its result, in order. Without ``jobs``, a run that turns out to have
        fewer than ``PARALLEL_THRESHOLD`` files stays in the parent. In a worker this
        checks the runs it gets and never returns."""
        if self._own is not None:
            self._work(check_file)
        listed: list[Item] = []
        results: dict[int, list[FileResult]] = {}
        try:
            iterator = iter(items)
            if jobs is None:  # few files are not worth the messages
                listed.extend(islice(iterator, PARALLEL_THRESHOLD))
                if len(listed) < PARALLEL_THRESHOLD:
                    self.close()
                    return listed, [check_file(item) for item in listed]
            elif jobs < 2:
                self.close()
                listed.extend(iterator)
                return listed, [check_file(item) for item in listed]
            runs = _Runs(self, check_file, results)
            for start in range(0, len(listed), _RUN):
                runs.send(listed[start : start + _RUN])
            run: list[Item] = []
            for item in iterator:
                listed.append(item)
                run.append(item)
                if len(run) == _RUN:
                    runs.send(run)
                    run = []
            if run:
                runs.send(run)
            os.close(self._tokens_write)  # drained, the pipe reads as ended everywhere
            self._tokens_write = -1
            while runs.take():
                pass
            os.close(self._tokens)
            self._tokens = -1
            for pid, results_read in self._members:
                data = _read_all(results_read)
                os.close(results_read)
                _pid, status = os.waitpid(pid, 0)
                with contextlib.suppress(ValueError, EOFError, TypeError):
                    if status == 0:  # a worker that died (killed, out of memory) loses no run
                        results.update((n, _results(rows)) for n, rows in marshal.loads(data))
            self._members = []
            ordered = [
                result
                for number, run_items in enumerate(runs.runs)
                for result in results.get(number) or map(check_file, run_items)
            ]
            return listed, ordered
        finally:
            self.close()

    def close(self) -> None:
        """Send away the workers given no work (the listing failed, or the run is too
        small for them). The parent calls it however the run ends; it does no harm twice."""
        if self._own is not None:
            return
        for pid, results_read in self._members:
            os.close(results_read)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        self._members = []
        for descriptor in (self._tokens_write, self._tokens):
            if descriptor != -1:
                os.close(descriptor)
        self._tokens = self._tokens_write = -1

    def _work(self, check_file: Callable[[Item], FileResult]) -> NoReturn:
        """A worker: the runs of the messages it gets, sent back; then it leaves without
        running any cleanup."""
        assert self._own is not None
        status = 0
        try:
            done = []
            while True:
                message = os.read(self._tokens, self._size)
                if not message:
                    break
                number, items = _unpack(message)
                # put into plain values at once, while the others still have runs to take
                done.append((number, _rows([check_file(item) for item in items])))
            payload = marshal.dumps(done)
        except BaseException:  # the parent checks the runs this worker took
            payload, status = b"", 1
        try:
            _write_all(self._own, payload)
        finally:
            os._exit(status)


class _Runs:
    """The parent's side of the messages: runs numbered as they are sent."""

    def __init__(
        self,
        team: Team,
        check_file: Callable[[Item], FileResult],
        results: dict[int, list[FileResult]],
    ) -> None:
        self.team, self.check_file, self.results = team, check_file, results
        self.runs: list[list[Any]] = []

    def send(self, items: list[Any]) -> None:
        number = len(self.runs)
        self.runs.append(items)
        # a file is a named tuple: sent as a plain one
        body = marshal.dumps(
            (number, [tuple(item) if isinstance(item, tuple) else item for item in items])
        )
        size = self.team._size
        if _HEADER.size + len(body) > size:  # very long paths: split, or check it here
            if len(items) > 1:
                self.runs.pop()
                middle = len(items) // 2
                self.send(items[:middle])
                self.send(items[middle:])
            else:
                self.results[number] = [self.check_file(items[0])]
            return
        message = (_HEADER.pack(len(body)) + body).ljust(size, b"\0")
        try:
            os.write(self.team._tokens_write, message)  # all of it, or nothing
        except BlockingIOError:  # the workers are behind: this run is the parent's
            # (never a read here: the workers may empty the pipe first, and a read of an
            # empty pipe whose writer is this very process would wait forever)
            self.results[number] = [self.check_file(item) for item in items]

    def take(self) -> bool:
        """Check the next run waiting in the pipe; False once there is none (only once
        the pipe is closed for writing: until then a read could wait forever)."""
        message = os.read(self.team._tokens, self.team._size)
        if not message:
            return False
        number, items = _unpack(message)
        self.results[number] = [self.check_file(item) for item in items]
        return True


def _unpack(message: bytes) -> tuple[int, list[Any]]:
    (length,) = _HEADER.unpack_from(message)
    number, items = marshal.loads(message[_HEADER.size : _HEADER.size + length])
    return number, items


def check_in_parallel(
    check_file: Callable[[Item], FileResult], files: Sequence[Item], jobs: int
) -> list[FileResult]:
    """One result per file of ``files`` (tuples of plain values, or plain values), in
    order, computed by ``jobs`` processes forked now."""
    if min(jobs, len(files)) <= 1:
        return [check_file(item) for item in files]
    team = Team.start(min(jobs, len(files)))
    if team is None:
        return [check_file(item) for item in files]
    if team.is_worker:
        worker = team
        worker.serve(lambda: worker.stream(check_file, ()))
    return team.stream(check_file, files, jobs)[1]
