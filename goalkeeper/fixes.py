"""Safe fixes (SPEC §5.2): apply the rules' text edits until nothing changes.

A rule declares its fix beside its check (``@rule(..., fix=...)``); the checker attaches
the :class:`~goalkeeper.diagnostics.Fix` to the diagnostic, as offsets into the file's
text. This module decides which fixes go together, applies them and checks again:

* A fix is applied whole or not at all. In one pass the fixes are taken in order of
  their first offset, then rule code; one whose edits overlap an edit already taken waits
  for the next pass, where it is computed again on the new text.
* Passes repeat until no diagnostic offers a fix, at most :data:`MAX_PASSES` times.
* A file that would not parse after the fixes is left as it was, and GK601 says so.

Only the edited ranges change, so indentation, key order, number spelling and XML
comments stay byte for byte.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import itertools
import os
import stat
import tempfile
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from goalkeeper.diagnostics import Diagnostic, Edit, Fix

if TYPE_CHECKING:
    from goalkeeper.checker import Checker, Report, Target

MAX_PASSES = 10

# Load codes after which there is no document: a text that ends with one of them does
# not parse.
UNPARSED = frozenset(
    {"GK002", "GK003", "GK101", "GK103", "GK201", "GK202", "GK203", "GK208", "GK301", "GK302"}
)


class FixResult(NamedTuple):
    """The outcome of fixing one text: the new text and what is left to report."""

    original: str
    text: str
    fixed: int
    diagnostics: list[Diagnostic]

    @property
    def changed(self) -> bool:
        return self.text != self.original


def choose(diagnostics: Iterable[Diagnostic]) -> list[tuple[Diagnostic, Fix]]:
    """The fixes of one pass: by first offset, then code; none overlapping another.

    Two fixes with the same edits (two findings of one mistake) count once.
    """
    candidates = sorted(
        ((d, d.fix) for d in diagnostics if d.fix is not None),
        key=lambda item: (item[1].start, item[0].code, item[1].edits),
    )
    taken: list[tuple[Diagnostic, Fix]] = []
    starts: list[int] = []  # the accepted edits, sorted and disjoint
    ends: list[int] = []
    seen: set[tuple[Edit, ...]] = set()
    for diagnostic, fix in candidates:
        if fix.edits in seen:
            continue
        edits = sorted(fix.edits)
        if _overlaps_itself(edits) or any(_collides(starts, ends, e) for e in edits):
            continue
        for edit in edits:
            index = bisect_left(starts, edit.start)
            starts.insert(index, edit.start)
            ends.insert(index, edit.end)
        seen.add(fix.edits)
        taken.append((diagnostic, fix))
    return taken


def _overlaps_itself(edits: list[Edit]) -> bool:
    return any(
        later.start < earlier.end or later.start == earlier.start
        for earlier, later in itertools.pairwise(edits)
    )


def _collides(starts: list[int], ends: list[int], edit: Edit) -> bool:
    """Whether ``edit`` overlaps an accepted edit (two edits at one point collide too)."""
    index = bisect_left(starts, edit.start)
    if index < len(starts) and (starts[index] == edit.start or starts[index] < edit.end):
        return True
    return index > 0 and ends[index - 1] > edit.start


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied, in one linear pass."""
    parts = []
    position = 0
    for edit in sorted(edits):
        parts.append(text[position : edit.start])
        parts.append(edit.content)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


def fix_text(checker: Checker, raw: bytes, target: Target, path: str | None = None) -> FixResult:
    """Fix one payload's bytes: the fixed text and the diagnostics of what is left.

    With ``path`` the bytes are checked as that file is (its name picks the parser);
    without, as text of no name (the format is sniffed).
    """

    def check(data: bytes) -> list[Diagnostic]:
        if path is None:
            return checker.check_bytes(data, target)
        return checker.check_file_bytes(data, path, target)

    try:
        original = raw.decode("utf-8")
    except UnicodeDecodeError:  # nothing to edit; GK101 says why
        return FixResult("", "", 0, check(raw))
    text = original
    fixed = 0
    first = diagnostics = check(raw)
    for _ in range(MAX_PASSES):
        chosen = choose(diagnostics)
        if not chosen:
            break
        text = apply_edits(text, (edit for _, fix in chosen for edit in fix.edits))
        applied = {fix.edits for _, fix in chosen}
        # Findings that share a fix (one per repeated agent) are all resolved by it.
        fixed += sum(1 for d in diagnostics if d.fix is not None and d.fix.edits in applied)
        diagnostics = check(text.encode("utf-8"))
    if text == original:
        return FixResult(original, original, 0, diagnostics)
    broken = next((d for d in diagnostics if d.code in UNPARSED), None)
    if broken is not None:
        left = [dataclasses.replace(d, fix=None) for d in first]
        return FixResult(original, original, 0, [*left, _not_applied(broken, target)])
    return FixResult(original, text, fixed, diagnostics)


def _not_applied(broken: Diagnostic, target: Target) -> Diagnostic:
    where = ""
    if broken.line is not None:
        where = f" at line {broken.line}, column {broken.column} of the fixed text"
    return _file_diagnostic(
        "GK601",
        "the safe fixes were not applied: after them the file would not parse "
        f"({broken.code} {broken.message}{where})",
        target.path,
    )


def _file_diagnostic(code: str, message: str, path: str | None) -> Diagnostic:
    """A diagnostic about a whole file, from the fix engine rather than a check."""
    from goalkeeper.registry import rule_by_code

    declared = rule_by_code(code)
    assert declared is not None
    return Diagnostic(
        code=code,
        severity=declared.severity,
        message=message,
        pointer="",
        line=None,
        column=None,
        hint=declared.hint,
        kind=None,
        op=None,
        path=path,
    )


def unified_diff(path: str, before: str, after: str) -> str:
    """The fix as a unified diff, ``a/path`` to ``b/path`` as git shows it."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


class WriteError(Exception):
    """The fixed text could not be written; the message says why, the file is unchanged."""


def write_atomically(path: str, text: str) -> None:
    """Replace the file at ``path`` with ``text``: a temporary file in the same
    directory, renamed over the original, with the original's permissions.

    A symbolic link is followed (the file it names is replaced, the link stays). A file
    without any write permission bit is refused even for a user (root) who could write
    it: the mode says the file is not to be changed.
    """
    real = os.path.realpath(path)
    try:
        status = os.stat(real)
    except OSError as error:
        raise WriteError(f"cannot write the fixed file: {error.strerror or error}") from None
    mode = stat.S_IMODE(status.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(real, os.W_OK):
        raise WriteError(f"cannot write the fixed file: it is read-only (mode {mode:04o})")
    directory, name = os.path.split(real)
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise WriteError(
            f"cannot write the fixed file: cannot create a file in its directory "
            f"({error.strerror or error})"
        ) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        if hasattr(os, "chown") and (status.st_uid, status.st_gid) != _owner(temporary):
            with contextlib.suppress(OSError):  # only root can give a file away
                os.chown(temporary, status.st_uid, status.st_gid)
        os.replace(temporary, real)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteError(f"cannot write the fixed file: {error.strerror or error}") from None


def _owner(path: str) -> tuple[int, int]:
    status = os.stat(path)
    return status.st_uid, status.st_gid


def write_error(message: str, path: str | None) -> Diagnostic:
    """GK602 for a file whose fixes could not be written."""
    return _file_diagnostic("GK602", message, path)


class FixRun(NamedTuple):
    """What ``--fix`` or ``--diff`` did to a whole run."""

    report: Report  # what is left (``--fix``), or the report as checked (``--diff``)
    diffs: list[str]  # one unified diff per file that changes (or would change)
    fixed: int  # fixes applied (or that would be applied)
    stdout: bytes | None  # with --fix and standard input: the fixed text (or the input as it was)


def fix_files(
    checker_for: Callable[[str], Checker],
    report: Report,
    files: Iterable[tuple[str, str]],
    targets: Callable[[str, str], Target],
    *,
    write: bool,
    stdin: bytes | None = None,
) -> FixRun:
    """Fix every file of a checked run whose diagnostics offer a fix.

    ``files`` are the run's (path to read, path shown) pairs; ``checker_for`` and
    ``targets`` give the checker and the :class:`Target` a file was checked with. Files
    without a fixable diagnostic are not read again, so ``--fix`` costs nothing over a
    check when nothing is fixable. With
    ``write`` the fixed files replace the originals and the report keeps only what is
    left; without, the report is unchanged and the diffs say what would change.
    """
    from goalkeeper.load.document import read_limited

    groups: dict[str | None, list[Diagnostic]] = {}
    for diagnostic in report.diagnostics:
        groups.setdefault(diagnostic.path, []).append(diagnostic)
    fixable = {d.path for d in report.diagnostics if d.fix is not None}
    diagnostics: list[Diagnostic] = []
    diffs: list[str] = []
    fixed = 0
    stdout: bytes | None = None
    for path, display in files:
        target = targets(path, display)
        shown = target.path
        group = groups.pop(shown, [])
        is_stdin = path == "-"
        if shown not in fixable and not (is_stdin and write):
            diagnostics.extend(group)
            continue
        checker = checker_for(path)
        raw = stdin if is_stdin else read_limited(path, checker.settings.max_file_size)
        if not isinstance(raw, bytes):  # the file went away since it was checked
            diagnostics.extend(group)
            continue
        result = fix_text(checker, raw, target, None if is_stdin else path)
        if is_stdin and write:
            stdout = result.text.encode("utf-8") if result.changed else raw
        if not result.changed:
            diagnostics.extend(result.diagnostics if write else group)
            continue
        diffs.append(unified_diff(shown or "-", result.original, result.text))
        fixed += result.fixed
        if not write:
            diagnostics.extend(group)
        elif is_stdin:
            diagnostics.extend(result.diagnostics)
        else:
            try:
                write_atomically(path, result.text)
            except WriteError as error:
                fixed -= result.fixed
                diagnostics.extend([*group, write_error(str(error), shown)])
            else:
                diagnostics.extend(result.diagnostics)
    for rest in groups.values():  # diagnostics of no listed file (none expected)
        diagnostics.extend(rest)
    return FixRun(
        report.replace(tuple(diagnostics), fixed=fixed if write else None),
        diffs,
        fixed,
        stdout,
    )
