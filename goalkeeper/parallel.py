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

    make = tuple.__new__  # the fields in order: a named tuple without its constructor's call
    return [
        make(
            FileResult,
            (
                [_diagnostic(row) for row in rows] if rows else [],
                file_kind,
                file_op,
                skipped,
                facts,
            ),
        )
        for file_kind, file_op, skipped, facts, rows in decoded
    ]


def _diagnostic(row: tuple[Any, ...]) -> Diagnostic:
    """A diagnostic back from the row :func:`_rows` made of it."""
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
_HEADER = 4  # bytes: the length of the marshalled run that follows, little-endian


def _length(size: int) -> bytes:
    return size.to_bytes(_HEADER, "little")


class Team:
    """The processes that check one large run: the parent and the workers it forks once
    the listing has found enough files to share (never for a small run).

    The parent lists the files and, as it goes, writes runs of them into one pipe as
    messages of exactly the pipe's atomic size (a run that finds the pipe full is the
    parent's own); each process, the parent too once the listing is done, takes the next
    message when it is free. So a process slowed by a busy core, a slow kind or its own
    start-up simply takes fewer runs, the checking starts while the files are still being
    listed, and all finish together. The parent checks the first run before it forks: the
    workers inherit what that run loaded (the schema engine, the rule modules of its kind)
    instead of loading it again.
    """

    def __init__(self, size: int) -> None:
        self._size = size  # processes, the parent included
        self._members: list[tuple[int, int]] = []  # (pid, results read end) per worker
        self._tokens = self._tokens_write = -1
        self._message = 0  # the size of a message: the pipe's atomic write

    def _start(self, check_file: Callable[[Item], FileResult]) -> bool:
        """Fork the workers (each checks the runs it gets, then leaves); False when not
        even one could be forked."""
        if self._size < 2 or not hasattr(os, "fork"):
            return False
        tokens, tokens_write = os.pipe()
        self._message = os.fpathconf(tokens, "PC_PIPE_BUF")
        # What exists now is shared with the workers: the collector must not walk it (and
        # so touch, and copy, every page of it) in them.
        gc.freeze()
        for _ in range(self._size - 1):
            try:
                results_read, results_write = os.pipe()
                pid = os.fork()
            except OSError:  # no more processes: the team is who there is
                break
            if pid == 0:
                os.close(tokens_write)
                os.close(results_read)
                for _pid, earlier in self._members:  # the ends meant for earlier workers
                    os.close(earlier)
                self._tokens = tokens
                self._work(check_file, results_write)
            os.close(results_write)
            self._members.append((pid, results_read))
        gc.unfreeze()  # the parent collects as before
        self._tokens, self._tokens_write = tokens, tokens_write
        if not self._members:
            self.close()
            return False
        os.set_blocking(tokens_write, False)  # a full pipe: the parent checks a run itself
        for _pid, results_read in self._members:  # read whenever results have come
            os.set_blocking(results_read, False)
        return True

    def stream(
        self,
        check_file: Callable[[Item], FileResult],
        items: Iterable[Item],
        jobs: int | None = None,
    ) -> tuple[list[Item], list[FileResult]]:
        """Every item of ``items`` (an item is a tuple of plain values, or a plain value)
        and its result, in order. Without ``jobs``, a run of fewer than
        ``PARALLEL_THRESHOLD`` files stays in this process, and so does every run where
        ``fork`` does not exist."""
        listed: list[Item] = []
        results: dict[int, list[FileResult]] = {}
        iterator = iter(items)
        if jobs is None:  # few files are not worth the messages
            listed.extend(islice(iterator, PARALLEL_THRESHOLD))
            shared = len(listed) == PARALLEL_THRESHOLD
        else:
            shared = jobs > 1
        if not shared:
            listed.extend(iterator)
            return listed, [check_file(item) for item in listed]
        # The first run is checked before the workers exist: what it loads (the schema
        # engine, the rule modules of its kind) is theirs too, not loaded again.
        listed.extend(islice(iterator, max(0, _RUN - len(listed))))
        first = [check_file(item) for item in listed[:_RUN]]
        if not self._start(check_file):
            listed.extend(iterator)
            return listed, first + [check_file(item) for item in listed[_RUN:]]
        try:
            runs = _Runs(self, check_file, results)
            runs.keep(listed[:_RUN], first)
            for start in range(_RUN, len(listed), _RUN):
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
            for pid, results_read in self._members:
                os.set_blocking(results_read, True)
                runs.collect(results_read, _read_all(results_read))
                os.close(results_read)
                os.waitpid(pid, 0)  # a run a worker could not send is checked below
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
        """Send the workers away, however the run ended (the listing failed); it does no
        harm twice."""
        for pid, results_read in self._members:
            import signal  # only when the run went wrong: the module costs an import

            os.close(results_read)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        self._members = []
        for descriptor in (self._tokens_write, self._tokens):
            if descriptor != -1:
                os.close(descriptor)
        self._tokens = self._tokens_write = -1

    def _work(self, check_file: Callable[[Item], FileResult], results: int) -> NoReturn:
        """A worker: the results of each run it gets, sent back through ``results`` as
        soon as the run is checked (the parent reads them while it still checks, not all
        at the end); then it leaves without running any cleanup (the parent's listing,
        which this process inherited half done, is not its business)."""
        status = 0
        try:
            while True:
                message = os.read(self._tokens, self._message)
                if not message:
                    break
                number, items = _unpack(message)
                rows = marshal.dumps((number, _rows([check_file(item) for item in items])))
                _write_all(results, _length(len(rows)) + rows)
        except BaseException:  # the parent checks the runs this worker did not send
            status = 1
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
        self.pending: dict[int, bytes] = {}  # a worker's results that are not a whole run yet

    def keep(self, items: list[Any], results: list[FileResult]) -> None:
        """A run the parent checked itself."""
        self.results[len(self.runs)] = results
        self.runs.append(items)

    def send(self, items: list[Any]) -> None:
        number = len(self.runs)
        self.runs.append(items)
        # a file is a named tuple: sent as a plain one
        body = marshal.dumps(
            (number, [tuple(item) if isinstance(item, tuple) else item for item in items])
        )
        size = self.team._message
        if _HEADER + len(body) > size:  # very long paths: split, or check it here
            if len(items) > 1:
                self.runs.pop()
                middle = len(items) // 2
                self.send(items[:middle])
                self.send(items[middle:])
            else:
                self.results[number] = [self.check_file(items[0])]
            return
        message = (_length(len(body)) + body).ljust(size, b"\0")
        try:
            os.write(self.team._tokens_write, message)  # all of it, or nothing
        except BlockingIOError:  # the workers are behind: this run is the parent's
            # (never a read here: the workers may empty the pipe first, and a read of an
            # empty pipe whose writer is this very process would wait forever)
            self.results[number] = [self.check_file(item) for item in items]
            self.collect_all()

    def take(self) -> bool:
        """Check the next run waiting in the pipe; False once there is none (only once
        the pipe is closed for writing: until then a read could wait forever). The
        workers' results that have come meanwhile are read first."""
        self.collect_all()
        message = os.read(self.team._tokens, self.team._message)
        if not message:
            return False
        number, items = _unpack(message)
        self.results[number] = [self.check_file(item) for item in items]
        return True

    def collect_all(self) -> None:
        """Read what the workers have sent so far, without waiting (a worker whose pipe
        is full waits for this)."""
        for _pid, results_read in self.team._members:
            with contextlib.suppress(BlockingIOError):
                self.collect(results_read, os.read(results_read, 1 << 16))

    def collect(self, results_read: int, data: bytes) -> None:
        """Decode the runs complete in what a worker sent so far (``data`` follows what
        came before; a run cut short by a worker's death is dropped and checked again)."""
        pending = self.pending.pop(results_read, b"") + data
        at = 0
        while len(pending) - at >= _HEADER:
            length = int.from_bytes(pending[at : at + _HEADER], "little")
            if len(pending) - at - _HEADER < length:
                break
            start = at + _HEADER
            number, rows = marshal.loads(pending[start : start + length])
            self.results[number] = _results(rows)
            at = start + length
        if at < len(pending):
            self.pending[results_read] = pending[at:]


def _unpack(message: bytes) -> tuple[int, list[Any]]:
    length = int.from_bytes(message[:_HEADER], "little")
    number, items = marshal.loads(message[_HEADER : _HEADER + length])
    return number, items


def check_in_parallel(
    check_file: Callable[[Item], FileResult], files: Sequence[Item], jobs: int
) -> list[FileResult]:
    """One result per file of ``files`` (tuples of plain values, or plain values), in
    order, computed by ``jobs`` processes."""
    if min(jobs, len(files)) <= 1:
        return [check_file(item) for item in files]
    return Team(min(jobs, len(files))).stream(check_file, files, jobs)[1]
