"""Infinity checks across files: IDs and references unique per IGRP, and a segment order
that names only segments the same IGRP defines.

Files of one run belong to the same IGRP when the configuration's
``[tool.goalkeeper.infinity] igrp = {"<glob>" = <IGRP>}`` maps them to the same number,
else when they sit in the same directory. Each rule walks the run's fact sheets once,
with a dictionary from (IGRP, value) to the first file that had it: linear in the number
of files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from goalkeeper.cross_file import FileFacts, FileFinding, FilesContext
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.pointers import show
from goalkeeper.rules import rule
from goalkeeper.validators.infinity.kinds import FIRST_ID, LAST_ID, SEGMENT, SEGMENT_ORDER

Group = tuple[str, Any]


def igrp_of(file: FileFacts, ctx: FilesContext) -> Group:
    """The IGRP a file belongs to: the first configured glob it matches, else its directory
    (worked out once per file and run, for every rule)."""
    known: dict[int, Group] = ctx.memo.setdefault("infinity-igrp", {})
    group = known.get(file.order)
    if group is None:
        group = known[file.order] = _igrp(file, ctx)
    return group


def _igrp(file: FileFacts, ctx: FilesContext) -> Group:
    # What a directory decides (its configuration's igrp table, its own group) is worked
    # out once per directory: a run has far fewer directories than files.
    directories: dict[str, tuple[Any, Group]] = ctx.memo.setdefault("infinity-directories", {})
    head = file.real_path.rpartition(os.sep)[0]
    known = directories.get(head)
    if known is None:
        settings = ctx.settings_for(file)
        # The directory the file is in, however the path was written (./a, a, /abs/a);
        # its label is the directory as the first of its files was reported.
        own: Group = ("directory", os.path.abspath(head or "."))
        labels: dict[Group, str] = ctx.memo.setdefault("infinity-labels", {})
        labels.setdefault(own, file.path.replace("\\", "/").rpartition("/")[0] or ".")
        known = directories[head] = (settings, own)
    settings, own = known
    mapped = settings.vendor_options.get("infinity", ())
    if mapped:
        relative = settings.relative(file.real_path)
        for glob, number in mapped:
            if glob.matches(relative):
                return ("igrp", number)
    return own


def describe(group: Group, ctx: FilesContext) -> str:
    """``IGRP 12``, or the directory as the first of its files was reported."""
    kind, value = group
    if kind == "igrp":
        return f"IGRP {value}"
    return f"directory {ctx.memo['infinity-labels'][group]}/"


def _first_seen(
    files: Sequence[FileFacts],
    ctx: FilesContext,
    value_of: Callable[[Any], Any],
    pointer: str,
    code: str,
    what: str,
) -> Iterator[FileFinding]:
    """A finding at every repeat of (IGRP, value) after its first file."""
    first: dict[tuple[Group, Any], FileFacts] = {}
    for file in files:
        if file.kind != SEGMENT:
            continue
        value = value_of(file.facts)
        if value is None:
            continue
        group = igrp_of(file, ctx)
        earlier = first.setdefault((group, value), file)
        if earlier is not file:
            yield FileFinding(
                file,
                Finding(
                    code,
                    pointer,
                    f"{what} {show(value)} is already used by {ctx.line_of(earlier, pointer)}; "
                    f"it must be unique in {describe(group, ctx)}",
                ),
            )


def _valid_id(facts: tuple[Any, ...]) -> int | None:
    """A segment's ID when it is a valid one; 0, 1 and out-of-range IDs are already errors."""
    number = facts[0]
    return number if number is not None and FIRST_ID <= number <= LAST_ID else None


@rule(
    "IN401",
    title="segment ID repeated in the same IGRP",
    severity=Severity.ERROR,
    kinds=(SEGMENT,),
    stage="files",
    hint="give each segment of an IGRP its own ID, or map the files to different IGRPs in "
    "[tool.goalkeeper.infinity] igrp",
)
def repeated_segment_id(files: Sequence[FileFacts], ctx: FilesContext) -> Iterator[FileFinding]:
    """Two segment files of the same IGRP carry the same ``segment`` ID.

    Source: seed 002, "Introduction": "The Segment ID and Segment Reference are unique per
    IGRP". Decision (SPEC §4.10): files checked together belong to the same IGRP when the
    configuration maps them to it (``[tool.goalkeeper.infinity] igrp = {"segments/eu/*.json"
    = 12}``) or, by default, when they are in the same directory; ``"400"`` and ``400``
    are the same ID; only bodies that carry a valid ``segment`` take part (0, 1 and IDs
    outside 2-65535 are reported by IN101 and IN102 alone). The finding points at
    the second file's ``segment`` and names the first file and its line. Checked when
    files are checked together (``goalkeeper check DIR``, ``goalkeeper.check_files``), not
    for standard input or a single library payload.

    Wrong: ``segments/sales.json`` with ``{"segment": 400, ...}`` and
    ``segments/support.json`` with ``{"segment": "400", ...}``

    Right: ``{"segment": 400, ...}`` and ``{"segment": 401, ...}``
    """
    yield from _first_seen(files, ctx, _valid_id, "/segment", "IN401", "segment")


@rule(
    "IN402",
    title="segmentRef repeated in the same IGRP",
    severity=Severity.ERROR,
    kinds=(SEGMENT,),
    stage="files",
    hint="give each segment of an IGRP its own reference",
)
def repeated_segment_ref(files: Sequence[FileFacts], ctx: FilesContext) -> Iterator[FileFinding]:
    """Two segment files of the same IGRP carry the same ``segmentRef``.

    Source: seed 002, "Introduction": "The Segment ID and Segment Reference are unique per
    IGRP". Decision (SPEC §4.10): references are compared exactly (case and spaces count);
    files are grouped by IGRP as for IN401. The finding points at the second file's
    ``segmentRef`` and names the first file and its line.

    Wrong: two files in ``segments/`` with ``{"segmentRef": "sectionAbcd", ...}``

    Right: ``{"segmentRef": "sectionAbcd", ...}`` and ``{"segmentRef": "sectionEfgh", ...}``
    """
    yield from _first_seen(files, ctx, lambda facts: facts[1], "/segmentRef", "IN402", "segmentRef")


@rule(
    "IN403",
    title="segment order names a segment no file of the IGRP defines",
    severity=Severity.WARNING,
    kinds=(SEGMENT_ORDER,),
    stage="files",
    hint="add the segment's file beside the order, fix the ID, or map the files to one IGRP",
)
def undefined_in_order(files: Sequence[FileFacts], ctx: FilesContext) -> Iterator[FileFinding]:
    """A ``sortedSegments`` ID that no segment file of the same IGRP defines.

    Source: seed 002, "Order Segment Config": "sortedSegments (array) - Array of Segment
    IDs". Decision (SPEC §4.10): an order that names a segment none of the run's segment
    files of its IGRP (grouped as for IN401) defines with ``segment`` is a warning — the
    segment may exist only on the server, or the ID is a typo. Built-in and out-of-range
    IDs are left to IN202 and IN203.

    Wrong: ``segments/order.json`` with ``{"sortedSegments": [400, 401]}`` beside only
    ``{"segment": 400, ...}``

    Right: the same order beside segment files for 400 and 401.
    """
    defined: dict[Group, set[int]] = {}
    for file in files:
        if file.kind == SEGMENT and file.facts[0] is not None:
            defined.setdefault(igrp_of(file, ctx), set()).add(file.facts[0])
    for file in files:
        if file.kind != SEGMENT_ORDER:
            continue
        group = igrp_of(file, ctx)
        known = defined.get(group, set())
        if known.issuperset(number for _index, number in file.facts):
            continue
        for index, number in file.facts:
            if number not in known and FIRST_ID <= number <= LAST_ID:
                yield FileFinding(
                    file,
                    Finding(
                        "IN403",
                        f"/sortedSegments/{index}",
                        f"sortedSegments[{index}] is segment {number}, which no segment file "
                        f"in {describe(group, ctx)} defines",
                    ),
                )


RULES = (repeated_segment_id, repeated_segment_ref, undefined_in_order)
