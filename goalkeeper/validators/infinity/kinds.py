"""The three Infinity kinds: how each is recognised, where it is sent, what it tells the
cross-file stage.

Detection (SPEC §3 and §4.10): ``sortedSegments`` means a segment order,
``segmentGroupName`` a segment group, ``segmentName`` or ``criteria`` a segment. The
three signatures are equally decisive, so an object with keys of two of them is
ambiguous (GK402) rather than settled by list order.
"""

from __future__ import annotations

from typing import Any

from goalkeeper.kinds import Endpoint, Kind, ResponseShape

SEGMENT = "infinity/segment"
SEGMENT_ORDER = "infinity/segment-order"
SEGMENT_GROUP = "infinity/segment-group"
ALL_KINDS = (SEGMENT, SEGMENT_ORDER, SEGMENT_GROUP)

# Valid segment IDs (seed 002, "Segment Properties": "Valid IDs are 2-65535"); 0 and 1
# are the built-in segments.
FIRST_ID = 2
LAST_ID = 65535
BUILT_IN_IDS = (0, 1)

_IGRPS = "/config/v2/igrps/{igrp}"


def _is_segment(data: Any) -> bool:
    return isinstance(data, dict) and ("segmentName" in data or "criteria" in data)


def _is_segment_order(data: Any) -> bool:
    return isinstance(data, dict) and "sortedSegments" in data


def _is_segment_group(data: Any) -> bool:
    return isinstance(data, dict) and "segmentGroupName" in data


def _create(_data: Any) -> str:
    return "create"


def _update(_data: Any) -> str:
    return "update"


def segment_id(value: Any) -> int | None:
    """A segment ID as the API reads it: an integer or a string of digits ("400" is 400).

    Anything else (a float, a word, a digit string too long to be an ID) is None: the
    per-file rules report it, and it takes no part in the cross-file checks.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and 0 < len(value) <= 20 and value.isascii() and value.isdigit():
        return int(value)
    return None


def segment_facts(data: Any) -> tuple[Any, ...] | None:
    """What the cross-file rules need from a segment: (ID or None, segmentRef or None).

    Only bodies that carry the key take part (SPEC §4.10); a few bytes per file, so a run
    of any size keeps them all.
    """
    ref = data.get("segmentRef")
    return (segment_id(data.get("segment")), ref if isinstance(ref, str) else None)


def segment_order_facts(data: Any) -> tuple[Any, ...] | None:
    """The IDs of a segment order with their index: ((index, ID), ...)."""
    items = data.get("sortedSegments")
    if not isinstance(items, list):
        return None
    found = []
    for index, item in enumerate(items):
        number = segment_id(item)
        if number is not None:
            found.append((index, number))
    return tuple(found)


KINDS = (
    Kind(
        name=SEGMENT,
        vendor="infinity",
        format="json",
        ops=("create", "update"),
        schema="infinity/segment.schema.json",
        title="Infinity segment (Config API v2, Segments)",
        signature=_is_segment,
        signature_text='"segmentName" or "criteria"',
        infer_op=_create,
        endpoints=(
            Endpoint("POST", f"{_IGRPS}/segments", op="create"),
            Endpoint("POST", f"{_IGRPS}/segments/{{segment}}", op="update"),
        ),
        keys=frozenset({"segmentName", "criteria"}),
        facts=segment_facts,
    ),
    Kind(
        name=SEGMENT_ORDER,
        vendor="infinity",
        format="json",
        ops=("update",),
        schema="infinity/segment-order.schema.json",
        title="Infinity segment order (Config API v2, Order Segment Config)",
        signature=_is_segment_order,
        signature_text='"sortedSegments"',
        infer_op=_update,
        endpoints=(Endpoint("PUT", f"{_IGRPS}/segments/order", op="update"),),
        keys=frozenset({"sortedSegments"}),
        facts=segment_order_facts,
    ),
    Kind(
        name=SEGMENT_GROUP,
        vendor="infinity",
        format="json",
        ops=("create", "update"),
        schema="infinity/segment-group.schema.json",
        title="Infinity segment group (Config API v2, Segment Groups)",
        signature=_is_segment_group,
        signature_text='"segmentGroupName"',
        infer_op=_create,
        endpoints=(
            Endpoint("POST", f"{_IGRPS}/segmentGroups", op="create"),
            Endpoint("POST", f"{_IGRPS}/segmentGroups/{{id}}", op="update"),
        ),
        keys=frozenset({"segmentGroupName"}),
    ),
)

# Seed 002 shows only unwrapped read responses (a segment or segment group exactly as a
# request would carry it, with string numbers); SPEC §4.10 checks them as requests, so
# Infinity has no response shape of its own.
RESPONSES: tuple[ResponseShape, ...] = ()
