"""Infinity segments (seed 002, "Segments"): IDs, names, order, criteria, create vs update.

Structure lives in ``goalkeeper/schemas/infinity/segment.schema.json``; the rules here
document the schema-backed constraints and make the checks a schema cannot: ranges on
numbers that may be quoted, the built-in IDs, integer-valued floats, blank names, the
criteria fields and operators, and the URL of an update.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import show
from goalkeeper.rules import rule
from goalkeeper.validators.infinity.kinds import (
    BUILT_IN_IDS,
    FIRST_ID,
    LAST_ID,
    SEGMENT,
    segment_id,
)
from goalkeeper.validators.infinity.numbers import (
    float_finding,
    is_integer_valued_float,
    range_findings,
    read_integer,
)

ERROR = Severity.ERROR
WARNING = Severity.WARNING
KINDS = (SEGMENT,)

# Seed 002, "Segment Criteria Fields": not available when a trigger's segment is decided.
UNAVAILABLE_FIELDS = {
    "segment": "the segment is not yet defined when a trigger's segment is decided",
    "goal": "goals are calculated after segments",
    "goalTitle": "goals are calculated after segments",
    "goalValue": "goals are calculated after segments",
    "goalCurrency": "goals are calculated after segments",
}
ATTRIBUTION_PREFIX = "attribution"

# Operators goalkeeper knows: begins and nbegins (seed 002's samples) and eq (the
# criteriaConfig of Infinity's public Config API v2 Goals page, a sibling API with the
# same {field, op, value} criteria).
KNOWN_OPERATORS = ("begins", "nbegins", "eq")


@rule(
    "IN100",
    title="segment is missing a required field",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    hint="a new segment needs segmentName and criteria; for an update of an existing "
    "segment pass --op update (criteria is required there too)",
)
def segment_required() -> None:
    """A segment create needs ``segmentName`` and ``criteria``; an update needs ``criteria``.

    Source: seed 002, "Create Segment": every POST parameter is marked OPTIONAL except
    ``segmentName`` and ``criteria``; "Update Segment Config" marks every parameter
    OPTIONAL except ``criteria``. Decision (SPEC §4.10): a detected segment is a create
    unless ``--op update`` (or the files table) says otherwise, and ``criteria`` is
    required on update as printed.

    Wrong: ``{"segmentName": "Sales"}``

    Right: ``{"segmentName": "Sales", "criteria": [{"field": "act", "op": "begins",
    "value": "12"}]}``
    """


@rule(
    "IN101",
    title="segment ID is not an integer from 2 to 65535",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    triggers=("segment",),
    hint="use an integer from 2 to 65535, or leave segment out on create to get the next ID",
)
def segment_id_range(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``segment`` must be an integer from 2 to 65535.

    Source: seed 002, "Segment Properties": "segment (int) - ID to use for Segment (Valid
    IDs are 2-65535, Segment 1 is Default)"; "Create Segment": "Segment ID (2-65535, auto
    increment if not supplied)". A string of digits is read as its number (with the
    IN001 warning); a word, a fraction, ``true`` fail the schema. Decision (SPEC §4.10):
    ``400.0`` is an error too. 0 and 1 are IN102.

    Wrong: ``{"segment": 70000}``, ``{"segment": "abc"}``, ``{"segment": 400.0}``

    Right: ``{"segment": 400}``
    """
    value = doc.data["segment"]
    read = read_integer(value)
    if read is not None and read.number in BUILT_IN_IDS:
        return  # IN102
    yield from range_findings("IN101", "/segment", "segment", value, FIRST_ID, LAST_ID)


@rule(
    "IN102",
    title="segment ID 0 or 1 is a built-in segment",
    severity=ERROR,
    kinds=KINDS,
    triggers=("segment",),
    hint="use an ID from 2 to 65535; segments 0 and 1 are built in",
)
def built_in_segment(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``segment`` is 0 or 1, the built-in segments, which cannot be created or updated.

    Source: seed 002, "Introduction": "All triggers are given a Segment ID of 1 by default
    if they do not match any criteria"; "Update Segment Config": "built-in segments (IDs
    0 and 1) may not be updated". ``"1"`` counts as 1 (SPEC §4.10).

    Wrong: ``{"segment": 1, "segmentName": "Default", "criteria": [...]}``

    Right: ``{"segment": 2, "segmentName": "Sales", "criteria": [...]}``
    """
    value = doc.data["segment"]
    read = read_integer(value)
    if read is not None and read.number in BUILT_IN_IDS:
        yield Finding(
            "IN102",
            "/segment",
            f"segment {show(value)} is a built-in segment (0 and 1); it cannot be created "
            "or updated",
        )


@rule(
    "IN103",
    title="segmentName is not 1-100 characters",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    triggers=("segmentName",),
    hint="give the segment a name of 1 to 100 characters",
)
def segment_name(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``segmentName`` must be a string of 1 to 100 characters, not only white space.

    Source: seed 002, "Create Segment": "segmentName (string) - Segment Name (e.g.
    “Sales”) (Max 100 characters)". Decision (SPEC §4.10): a name must not be empty, and
    a name of white space only is blank, which counts as empty.

    Wrong: ``{"segmentName": ""}``, ``{"segmentName": "   "}``, a 101-character name

    Right: ``{"segmentName": "Sales"}``
    """
    value = doc.data["segmentName"]
    if isinstance(value, str) and value and value.isspace():
        yield Finding("IN103", "/segmentName", "segmentName is blank (only white space)")


@rule(
    "IN104",
    title="segmentRef is not a string of at most 100 characters",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    hint="use a reference of at most 100 characters",
)
def segment_ref() -> None:
    """``segmentRef`` must be a string of at most 100 characters.

    Source: seed 002, "Create Segment": "segmentRef (string) OPTIONAL - Segment Reference
    (e.g. “1234”) (Max 100 characters)". A number is not a string: write ``"1234"``.

    Wrong: ``{"segmentRef": 1234}``, a 101-character reference

    Right: ``{"segmentRef": "sectionAbcd"}``
    """


@rule(
    "IN105",
    title="segmentOrder is not an integer from 0 to 65535",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    triggers=("segmentOrder",),
    hint="use an integer from 0 to 65535 (the default is 0)",
)
def segment_order_field(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``segmentOrder`` must be an integer from 0 to 65535.

    Source: seed 002, "Create Segment": "segmentOrder (int) OPTIONAL - Segment Order
    (e.g. 1, defaults to 0) (0-65535)". Quoted digits are read as the number (IN001);
    Decision (SPEC §4.10): ``1.0`` is an error.

    Wrong: ``{"segmentOrder": -1}``, ``{"segmentOrder": 65536}``, ``{"segmentOrder": 1.0}``

    Right: ``{"segmentOrder": 1}``
    """
    value = doc.data["segmentOrder"]
    yield from range_findings("IN105", "/segmentOrder", "segmentOrder", value, 0, LAST_ID)


@rule(
    "IN106",
    title="orgId is not an integer",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    triggers=("orgId",),
    hint="use the organisation's numeric ID, or leave orgId out for the IGRP's primary "
    "organisation",
)
def segment_org_id(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``orgId`` must be an integer.

    Source: seed 002, "Create Segment": "orgId (int) OPTIONAL - Organisation ID the
    segment belongs to. If not specified, this will default to the IGRP's primary
    Organisation." Quoted digits are read as the number (IN001); Decision (SPEC §4.10):
    ``2.0`` is an error.

    Wrong: ``{"orgId": "Acme"}``, ``{"orgId": 2.0}``

    Right: ``{"orgId": 2}``
    """
    value = doc.data["orgId"]
    if is_integer_valued_float(value):
        yield float_finding("IN106", "/orgId", "orgId", value)


@rule(
    "IN107",
    title="segmentGroupId is not an integer of 0 or more",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    triggers=("segmentGroupId",),
    hint="use the segment group's ID, or 0 (the default group)",
)
def segment_group_id(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``segmentGroupId`` must be an integer of 0 or more.

    Source: seed 002, "Create Segment": "segmentGroupId (integer) OPTIONAL - Segment Group
    ID, defaults to zero"; "Segment Groups": "All triggers are given a Segment Group ID
    of 0 by default". Decision (SPEC §4.10): the seed gives no range, so goalkeeper
    accepts 0 or more; ``1.0`` is an error.

    Wrong: ``{"segmentGroupId": -1}``

    Right: ``{"segmentGroupId": 0}``
    """
    value = doc.data["segmentGroupId"]
    yield from range_findings("IN107", "/segmentGroupId", "segmentGroupId", value, 0, None)


@rule(
    "IN108",
    title="criteria is not an array of {field, op, value} objects",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    hint='write each criterion as {"field": "act", "op": "begins", "value": "12"}',
)
def segment_criteria_shape() -> None:
    """``criteria`` must be an array of objects with exactly ``field``, ``op`` and ``value``;
    ``field`` and ``op`` are non-empty strings.

    Source: seed 002, "Create Segment": "criteria (array) - ... An array of objects, each
    with the following properties: field (the field to check), op (the operation to use
    when checking), and value (the value to check for)". Decision (SPEC §4.10): any other
    property in a criterion is an error, since the API documents exactly these three.

    Wrong: ``{"criteria": {"field": "act", "op": "begins", "value": "12"}}``,
    ``{"criteria": [{"field": "act", "operator": "begins", "value": "12"}]}``

    Right: ``{"criteria": [{"field": "act", "op": "begins", "value": "12"}]}``
    """


@rule(
    "IN109",
    title="criterion value is not a string",
    severity=WARNING,
    kinds=KINDS,
    schema=True,
    hint='write the value as a string, e.g. "12"',
)
def segment_criterion_value() -> None:
    """A criterion's ``value`` is not a string.

    Source: seed 002's criteria write every value as a string (``"value":"12"``,
    ``"value":"\\/action\\/do"``). Decision (SPEC §4.10): a non-string value is a warning
    (how the API compares it is undocumented), and a string value is never reported as a
    "numeric string".

    Wrong: ``{"field": "act", "op": "begins", "value": 12}``

    Right: ``{"field": "act", "op": "begins", "value": "12"}``
    """


def criteria(doc: JsonDocument) -> list[tuple[int, dict[str, Any]]]:
    """The criteria that are objects, with their index (shared by the criteria rules)."""
    found: list[tuple[int, dict[str, Any]]] | None = doc.memo.get("infinity-criteria")
    if found is None:
        items = doc.data.get("criteria")
        found = [
            (index, item)
            for index, item in enumerate(items if isinstance(items, list) else ())
            if isinstance(item, dict)
        ]
        doc.memo["infinity-criteria"] = found
    return found


@rule(
    "IN110",
    title="criterion field is not available when segments are decided",
    severity=ERROR,
    kinds=KINDS,
    triggers=("criteria",),
    hint="segment on fields known before segmentation (e.g. act, href); goals and "
    "attribution come later",
)
def segment_criterion_field(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A criterion's ``field`` is one that does not exist yet when a trigger's segment is
    decided: ``segment``, ``goal``, ``goalTitle``, ``goalValue``, ``goalCurrency`` or any
    ``attribution…`` field.

    Source: seed 002, "Segment Criteria Fields": fields may be any trigger report field
    "except for the following fields: attribution… - None of the attribution fields are
    suitable for criteria. segment - This is not yet defined when deciding the trigger's
    segment. goal, goalTitle, goalValue, goalCurrency - Goals are calculated after
    segments". Field names are compared exactly.

    Wrong: ``{"field": "goalTitle", "op": "begins", "value": "Sale"}``

    Right: ``{"field": "href", "op": "begins", "value": "/sale"}``
    """
    for index, item in criteria(doc):
        field = item.get("field")
        if not isinstance(field, str):
            continue
        if field in UNAVAILABLE_FIELDS:
            why = UNAVAILABLE_FIELDS[field]
        elif field.startswith(ATTRIBUTION_PREFIX):
            why = "no attribution field is suitable for segment criteria"
        else:
            continue
        yield Finding(
            "IN110",
            f"/criteria/{index}/field",
            f"criteria[{index}].field {show(field)} cannot be used: {why}",
        )


@rule(
    "IN111",
    title="unknown criterion operator",
    severity=WARNING,
    kinds=KINDS,
    triggers=("criteria",),
    hint="goalkeeper knows " + ", ".join(KNOWN_OPERATORS),
)
def segment_criterion_operator(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A criterion's ``op`` is not an operator goalkeeper knows.

    Source: seed 002's criteria use ``begins`` and ``nbegins`` ("List Segments", "Read
    Segment Config"). Infinity's public Config API v2 Goals page
    (https://www.infinity.co/service/api/config_v2_goals.html), whose goal
    ``criteriaConfig`` has the same ``{field, op, value}`` shape, shows ``eq``. Those
    three are the operators goalkeeper could confirm from a public Infinity source.
    Decision (SPEC §4.10): any other operator is a warning, not an error, because the
    full list is not published with the segments API; operators are case-sensitive.

    Wrong: ``{"field": "href", "op": "startsWith", "value": "/sale"}``

    Right: ``{"field": "href", "op": "begins", "value": "/sale"}``
    """
    for index, item in criteria(doc):
        op = item.get("op")
        if isinstance(op, str) and op and op not in KNOWN_OPERATORS:
            yield Finding(
                "IN111",
                f"/criteria/{index}/op",
                f"criteria[{index}].op {show(op)} is not an operator goalkeeper knows",
            )


@rule(
    "IN112",
    title="criteria is empty",
    severity=WARNING,
    kinds=KINDS,
    triggers=("criteria",),
    hint="add the criteria triggers must match to be in this segment",
)
def segment_empty_criteria(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``criteria`` is an empty array.

    Source: seed 002: "Triggers are associated to a particular Segment based on criteria
    that are defined for each Segment", and triggers that match no criteria get the
    default segment 1. What a segment without criteria matches is not documented.
    Decision (SPEC §4.10): a warning, because the behaviour is undocumented — the API may
    match no trigger or every trigger.

    Wrong: ``{"segmentName": "Sales", "criteria": []}``

    Right: ``{"segmentName": "Sales", "criteria": [{"field": "act", "op": "begins",
    "value": "12"}]}``
    """
    if doc.data["criteria"] == []:
        yield Finding(
            "IN112",
            "/criteria",
            "criteria is empty; what a segment without criteria matches is undocumented "
            "(no trigger, or every trigger)",
        )


@rule(
    "IN113",
    title="segment in an update body",
    severity=WARNING,
    kinds=KINDS,
    ops=("update",),
    triggers=("segment",),
    hint="remove segment from the body; the URL's segment specifier selects the segment",
)
def segment_in_update(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """An update body carries ``segment``; the URL selects the segment to update.

    Source: seed 002, "Update Segment Config": ``POST
    /config/v2/igrps/{IGRP SPECIFIER}/segments/{SEGMENT SPECIFIER}`` and its POST
    parameters do not include ``segment``. Decision (SPEC §4.10): a warning; 0 and 1
    stay errors (IN102), and ``check_request`` compares it with the URL (IN114).

    Wrong: ``POST .../segments/400`` with ``{"segment": 400, "criteria": [...]}``

    Right: ``POST .../segments/400`` with ``{"criteria": [...]}``
    """
    yield Finding(
        "IN113",
        "/segment",
        "segment in an update body is not an update parameter: the URL selects the segment",
    )


def _url_segment(ctx: Context) -> int | None:
    value = ctx.required_request().path_params.get("segment")
    return int(value) if value is not None and value.isascii() and value.isdigit() else None


@rule(
    "IN114",
    title="segment in the body differs from the URL",
    severity=ERROR,
    kinds=KINDS,
    ops=("update",),
    stage="request",
    hint="use the same segment ID in the URL and the body, or drop it from the body",
)
def segment_url_differs(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """The body's ``segment`` is not the segment the URL updates.

    Source: seed 002, "Update Segment Config": the URL's "SEGMENT SPECIFIER (int) - Segment
    ID" selects the segment. ``"400"`` and ``400`` are the same ID. Request-level:
    ``goalkeeper.check_request`` only (SPEC §4.10).

    Wrong: ``POST .../segments/400`` with ``{"segment": 401, "criteria": [...]}``

    Right: ``POST .../segments/400`` with ``{"criteria": [...]}``
    """
    in_url = _url_segment(ctx)
    in_body = segment_id(doc.data.get("segment")) if isinstance(doc.data, dict) else None
    if in_url is not None and in_body is not None and in_url != in_body:
        yield Finding(
            "IN114",
            "/segment",
            f"the URL updates segment {in_url} but the body's segment is "
            f"{show(doc.data['segment'])}",
        )


@rule(
    "IN115",
    title="update URL names a built-in segment",
    severity=ERROR,
    kinds=KINDS,
    ops=("update",),
    stage="request",
    hint="built-in segments 0 and 1 cannot be updated; to change their organisation "
    "update the IGRP resource",
)
def segment_url_built_in(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """The update URL's segment is 0 or 1.

    Source: seed 002, "Update Segment Config": "Note that built-in segments (IDs 0 and 1)
    may not be updated. If you want to change the Organisation they link to, you will
    need to update the IGRP resource instead." Request-level: ``goalkeeper.check_request``
    only.

    Wrong: ``POST /config/v2/igrps/1/segments/1``

    Right: ``POST /config/v2/igrps/1/segments/400``
    """
    in_url = _url_segment(ctx)
    if in_url in BUILT_IN_IDS:
        yield Finding(
            "IN115",
            "",
            f"the URL updates segment {in_url}, a built-in segment that cannot be updated",
        )


RULES = (
    segment_required,
    segment_id_range,
    built_in_segment,
    segment_name,
    segment_ref,
    segment_order_field,
    segment_org_id,
    segment_group_id,
    segment_criteria_shape,
    segment_criterion_value,
    segment_criterion_field,
    segment_criterion_operator,
    segment_empty_criteria,
    segment_in_update,
    segment_url_differs,
    segment_url_built_in,
)
