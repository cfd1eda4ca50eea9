"""Infinity segment order (seed 002, "Order Segment Config"): the IDs in ``sortedSegments``."""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import show
from goalkeeper.rules import rule
from goalkeeper.validators.infinity.kinds import BUILT_IN_IDS, FIRST_ID, LAST_ID, SEGMENT_ORDER
from goalkeeper.validators.infinity.numbers import (
    float_finding,
    is_integer_valued_float,
    read_integer,
)

ERROR = Severity.ERROR
KINDS = (SEGMENT_ORDER,)


def _items(doc: JsonDocument) -> list[tuple[int, object, int]]:
    """(index, item, number) for every item that is an integer or a string of digits."""
    found: list[tuple[int, object, int]] | None = doc.memo.get("infinity-sorted")
    if found is None:
        items = doc.data.get("sortedSegments")
        found = []
        for index, item in enumerate(items if isinstance(items, list) else ()):
            read = read_integer(item)
            if read is not None:
                found.append((index, item, read.number))
        doc.memo["infinity-sorted"] = found
    return found


@rule(
    "IN200",
    title="segment order has no sortedSegments",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    hint='send {"sortedSegments": [400, 401, ...]}',
)
def sorted_segments_required() -> None:
    """A segment order body needs ``sortedSegments``.

    Source: seed 002, "Order Segment Config": "PUT Params - sortedSegments (array) - Array
    of Segment IDs, with the array index to be used as the order" (not marked OPTIONAL).
    Found when the file is mapped to ``infinity/segment-order`` in the configuration
    (or with ``--kind``): without the key, detection cannot recognise a segment order.

    Wrong: ``{"segments": [400, 401]}`` checked as ``infinity/segment-order``

    Right: ``{"sortedSegments": [400, 401]}``
    """


@rule(
    "IN201",
    title="sortedSegments is not a non-empty array of integers",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    triggers=("sortedSegments",),
    hint="list the segment IDs as integers, in the order they are to be detected",
)
def sorted_segments_shape(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``sortedSegments`` must be a non-empty array of integer segment IDs.

    Source: seed 002, "Order Segment Config": "Array of Segment IDs". Decision (SPEC
    §4.10): the array must not be empty (an empty order orders nothing); quoted digits
    are read as numbers (IN001); ``400.0`` is an error.

    Wrong: ``{"sortedSegments": []}``, ``{"sortedSegments": [400, "sales"]}``,
    ``{"sortedSegments": [400.0]}``

    Right: ``{"sortedSegments": [400, 401]}``
    """
    items = doc.data["sortedSegments"]
    for index, item in enumerate(items if isinstance(items, list) else ()):
        if is_integer_valued_float(item):
            yield float_finding(
                "IN201", f"/sortedSegments/{index}", f"sortedSegments[{index}]", item
            )


@rule(
    "IN202",
    title="sortedSegments includes built-in segment 0 or 1",
    severity=ERROR,
    kinds=KINDS,
    triggers=("sortedSegments",),
    hint="remove 0 and 1: built-in segments always have segmentOrder 0",
)
def built_in_in_order(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``sortedSegments`` contains 0 or 1, the built-in segments.

    Source: seed 002, "Order Segment Config": "built-in segments (IDs 0 and 1) may not be
    ordered. They will always have a segmentOrder of 0. If you try to include these
    segments in the sortedSegments array the API will return an error." ``"1"`` counts
    as 1.

    Wrong: ``{"sortedSegments": [1, 400, 401]}``

    Right: ``{"sortedSegments": [400, 401]}``
    """
    for index, item, number in _items(doc):
        if number in BUILT_IN_IDS:
            yield Finding(
                "IN202",
                f"/sortedSegments/{index}",
                f"sortedSegments[{index}] is {show(item)}, a built-in segment; the API "
                "returns an error when the order includes it",
            )


@rule(
    "IN203",
    title="sortedSegments ID is outside 2-65535",
    severity=ERROR,
    kinds=KINDS,
    triggers=("sortedSegments",),
    hint="segment IDs run from 2 to 65535",
)
def order_id_range(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """An ID in ``sortedSegments`` is not a valid segment ID (2-65535).

    Source: seed 002, "Segment Properties": "Valid IDs are 2-65535". 0 and 1 are IN202.

    Wrong: ``{"sortedSegments": [400, 70000]}``, ``{"sortedSegments": [-4]}``

    Right: ``{"sortedSegments": [400, 401]}``
    """
    for index, item, number in _items(doc):
        if number not in BUILT_IN_IDS and not FIRST_ID <= number <= LAST_ID:
            yield Finding(
                "IN203",
                f"/sortedSegments/{index}",
                f"sortedSegments[{index}] is {show(item)}; segment IDs are {FIRST_ID}-{LAST_ID}",
            )


@rule(
    "IN204",
    title="sortedSegments lists a segment twice",
    severity=ERROR,
    kinds=KINDS,
    triggers=("sortedSegments",),
    hint="list each segment once: its index is its order",
)
def repeated_in_order(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A segment ID appears more than once in ``sortedSegments``.

    Source: seed 002, "Order Segment Config": "the array index to be used as the order" —
    a segment listed twice would get two orders. Decision (SPEC §4.10): an error;
    ``"400"`` and ``400`` are the same ID. The finding points at the repeat and names the
    index of the first.

    Wrong: ``{"sortedSegments": [400, 401, 400]}``

    Right: ``{"sortedSegments": [400, 401]}``
    """
    first: dict[int, int] = {}
    for index, item, number in _items(doc):
        earlier = first.setdefault(number, index)
        if earlier != index:
            yield Finding(
                "IN204",
                f"/sortedSegments/{index}",
                f"sortedSegments[{index}] repeats segment {show(item)}, already at "
                f"sortedSegments[{earlier}]",
            )


RULES = (
    sorted_segments_required,
    sorted_segments_shape,
    built_in_in_order,
    order_id_range,
    repeated_in_order,
)
