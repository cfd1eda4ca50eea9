"""Rules about fields that every Infinity kind shares: numbers written as strings,
unknown fields, and read-only fields copied from a response."""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import show
from goalkeeper.rules import rule
from goalkeeper.validators.infinity.kinds import ALL_KINDS, SEGMENT, SEGMENT_GROUP, SEGMENT_ORDER
from goalkeeper.validators.infinity.numbers import read_integer

WARNING = Severity.WARNING

# The integer fields of a segment body (seed 002, "Create Segment": segment,
# segmentOrder, orgId and segmentGroupId are "(int)").
SEGMENT_INTEGERS = ("segment", "segmentOrder", "orgId", "segmentGroupId")


@rule(
    "IN001",
    title="number written as a string",
    severity=WARNING,
    kinds=(SEGMENT, SEGMENT_ORDER),
    triggers=(*SEGMENT_INTEGERS, "sortedSegments"),
    hint="send the number without quotes",
)
def infinity_numeric_string(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """An integer parameter is written as a string of digits: ``"400"`` instead of ``400``.

    Source: seed 002, "Create Segment" and "Order Segment Config" type ``segment``,
    ``segmentOrder``, ``orgId``, ``segmentGroupId`` and the ``sortedSegments`` items as
    ``(int)``, while the API's own responses ("List Segments", "Read Segment Config")
    write them as strings — which is how a saved response, sent back, ends up with
    strings. Decision (SPEC §4.10): a string of digits is a warning and its range is
    checked on the number (``"1"`` also gets the built-in-segment error); a string that
    is not a number is an error of the field's own rule; a criterion's ``value`` is a
    string by design and never takes part.

    Wrong: ``{"segment": "400", "segmentName": "Sales", "criteria": [...]}``

    Right: ``{"segment": 400, "segmentName": "Sales", "criteria": [...]}``
    """
    data = doc.data
    if ctx.kind == SEGMENT_ORDER:
        items = data.get("sortedSegments")
        for index, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, str) and read_integer(item) is not None:
                yield _quoted(f"/sortedSegments/{index}", f"sortedSegments[{index}]", item)
        return
    for name in SEGMENT_INTEGERS:
        value = data.get(name)
        if isinstance(value, str) and read_integer(value) is not None:
            yield _quoted(f"/{name}", name, value)


def _quoted(pointer: str, label: str, value: str) -> Finding:
    return Finding(
        "IN001",
        pointer,
        f"{label} is the string {show(value)}; the API documents an integer",
        hint=f"write {value} without quotes",
    )


@rule(
    "IN003",
    title="unknown Infinity field",
    severity=WARNING,
    kinds=ALL_KINDS,
    schema=True,
    hint="remove the field or fix its spelling",
)
def infinity_unknown_field() -> None:
    """A top-level field that the request does not document.

    Source: seed 002 lists each request's parameters: a segment takes ``segment``,
    ``segmentName``, ``segmentRef``, ``segmentOrder``, ``orgId``, ``criteria`` and
    ``segmentGroupId`` ("Create Segment", "Update Segment Config"; ``segmentStatus`` is
    known and read-only, IN004); a segment order takes ``sortedSegments``; a segment group
    takes ``segmentGroupName`` (its read-only properties are IN004). Anything else is
    ignored at best. The hint suggests the closest documented name.

    Wrong: ``{"segmentname": "Sales", "criteria": [...]}``

    Right: ``{"segmentName": "Sales", "criteria": [...]}``
    """


# Read-only properties: set by the API or chosen by the URL, never by a request body.
READ_ONLY = {
    SEGMENT: {"segmentStatus": "a status the API sets (200: active)"},
    SEGMENT_GROUP: {
        "segmentGroupId": "chosen by the API on create and by the URL on update",
        "igrp": "the IGRP is the URL's path parameter",
        "segmentGroupStatus": "a status the API sets (200: active, 410: deleted)",
    },
}


@rule(
    "IN004",
    title="read-only field in a request body",
    severity=WARNING,
    kinds=(SEGMENT, SEGMENT_GROUP),
    triggers=("segmentStatus", "segmentGroupId", "igrp", "segmentGroupStatus"),
    hint="remove it: a saved response sent back carries fields a request does not take",
)
def infinity_read_only_field(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A property the API reports but a request cannot set.

    Source: seed 002, "Segment Properties" lists ``segmentStatus`` ("Infinity Status code
    indicating status of Segment") and "Segment Group Properties" lists
    ``segmentGroupId``, ``igrp`` and ``segmentGroupStatus``, but "Create Segment",
    "Update Segment Config", "Create Segment Group" and "Update Segment Group Config" do
    not take them. They appear when a read response is saved and sent back. (A segment's
    own ``segmentGroupId`` is a request parameter and is not reported.)

    Wrong: ``{"segmentGroupId": "400", "segmentGroupName": "Group 400", "igrp": "1",
    "segmentGroupStatus": "200"}``

    Right: ``{"segmentGroupName": "Group 400"}``
    """
    for name, why in READ_ONLY.get(ctx.kind, {}).items():
        if name in doc.data:
            yield Finding(
                "IN004", f"/{name}", f"{name} is read-only: {why}; a request cannot set it"
            )


RULES = (infinity_numeric_string, infinity_unknown_field, infinity_read_only_field)
