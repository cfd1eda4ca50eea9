"""Gainsight GSIDs: the 36-character record ids and the object their prefix names.

The reader (``shape_problem``, ``prefix_problem``) is shared by every Gainsight kind that
carries GSIDs; the rules GS002 and GS003 apply it to the goal, template and metric fields
that hold GSIDs. Both are warnings (SPEC §4.10): the shape and the prefix table are read
from seed 004's samples, not from a documented grammar.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import PathPart, label_of, pointer_of, show
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.kinds import GOAL, METRIC, TEMPLATE, records

GSID_LENGTH = 36
_SHAPE = re.compile(r"1[A-Z0-9]{35}")

# The first four characters name the object (SPEC §4.9/§4.10, a Decision read from the
# seed's samples).
GOAL_OBJECT = "1CG0"
COMPANY = "1P02"
USER = "1P01"
CTA = "1S01"
SUCCESS_PLAN = "1S02"
PICKLIST = "1I00"

PREFIXES = {
    GOAL_OBJECT: "a goal or goal template",
    COMPANY: "a company",
    USER: "a user",
    CTA: "a CTA",
    SUCCESS_PLAN: "a success plan",
    PICKLIST: "a picklist value (status, goal type, metric or associated work)",
}


def shape_problem(value: str) -> str | None:
    """What is wrong with a GSID's shape, or None: ``1`` then 35 upper-case letters or
    digits."""
    if _SHAPE.fullmatch(value):
        return None
    if len(value) != GSID_LENGTH:
        plural = "" if len(value) == 1 else "s"
        return f"is {len(value)} character{plural} long; a GSID has {GSID_LENGTH}"
    if not value.startswith("1"):
        return 'does not start with "1" as every GSID does'
    return "has characters other than upper-case letters and digits"


def prefix_problem(value: str, expected: str) -> str | None:
    """Why a well-shaped GSID names another object than ``expected``, or None."""
    if shape_problem(value) is not None or value.startswith(expected):
        return None
    found = PREFIXES.get(value[:4])
    actual = f"{found} GSID" if found else "an object goalkeeper does not know"
    return (
        f'starts with "{value[:4]}" ({actual}), but this field takes {PREFIXES[expected]} '
        f'GSID, which starts with "{expected}"'
    )


class GsidFields(NamedTuple):
    """Where one record kind keeps GSIDs, and the object prefix expected there (None:
    shape only): record fields holding one GSID, record fields holding an array of them,
    record arrays of objects whose key holds one, and request-item arrays of them."""

    scalars: tuple[tuple[str, str | None], ...]
    arrays: tuple[tuple[str, str | None], ...]
    object_arrays: tuple[tuple[str, str, str | None], ...]
    item_arrays: tuple[tuple[str, str, str | None], ...]  # (block, key, prefix); "" = item


_COMMON_SCALARS = (("Gsid", GOAL_OBJECT), ("StatusId", PICKLIST), ("GoalTypeId", PICKLIST))
_ASSOCIATIONS = tuple(
    (block, key, prefix)
    for block in ("association", "dissociation")
    for key, prefix in (("CTA", CTA), ("SP", SUCCESS_PLAN))
)

GSID_FIELDS = {
    GOAL: GsidFields(
        scalars=(*_COMMON_SCALARS, ("TemplateId", GOAL_OBJECT), ("RelationshipTypeId", None)),
        arrays=(("AssociatedWork", PICKLIST), ("metricsDissociation", PICKLIST)),
        object_arrays=(("metricsAssociation", "metricId", PICKLIST),),
        item_arrays=_ASSOCIATIONS,
    ),
    TEMPLATE: GsidFields(
        scalars=_COMMON_SCALARS,
        arrays=(("AssociatedWork", PICKLIST),),
        object_arrays=(
            ("metricsAssociation", "metricId", PICKLIST),
            ("metricsDissociation", "metricId", PICKLIST),
        ),
        item_arrays=_ASSOCIATIONS,
    ),
    METRIC: GsidFields(
        scalars=(("gsid", PICKLIST),),
        arrays=(),
        object_arrays=(),
        item_arrays=(("", "associateGoalTypes", PICKLIST), ("", "dissociateGoalTypes", PICKLIST)),
    ),
}


class GsidProblem(NamedTuple):
    path: tuple[PathPart, ...]
    value: str
    code: str  # GS002 (shape) or GS003 (prefix)
    problem: str


def _problem(path: tuple[PathPart, ...], value: Any, prefix: str | None) -> GsidProblem | None:
    if not isinstance(value, str) or (
        _SHAPE.fullmatch(value) and (prefix is None or value.startswith(prefix))
    ):
        return None  # not a string (the schema says so) or a well-formed GSID
    shape = shape_problem(value)
    if shape is not None:
        return GsidProblem(path, value, "GS002", shape)
    return GsidProblem(path, value, "GS003", prefix_problem(value, prefix or "") or "")


def _array(path: tuple[PathPart, ...], values: Any, prefix: str | None) -> Iterator[GsidProblem]:
    if isinstance(values, list):
        for index, value in enumerate(values):
            found = _problem((*path, index), value, prefix)
            if found is not None:
                yield found


def _scan(doc: JsonDocument, kind: str) -> list[GsidProblem]:
    fields = GSID_FIELDS[kind]
    found: list[GsidProblem] = []
    for index, item, record in records(doc):
        at = ("requests", index, "record")
        for key, prefix in fields.scalars:
            if key in record:
                problem = _problem((*at, key), record[key], prefix)
                if problem is not None:
                    found.append(problem)
        for key, prefix in fields.arrays:
            found.extend(_array((*at, key), record.get(key), prefix))
        for key, inner, prefix in fields.object_arrays:
            entries = record.get(key)
            if isinstance(entries, list):
                for position, entry in enumerate(entries):
                    if isinstance(entry, dict) and inner in entry:
                        problem = _problem((*at, key, position, inner), entry[inner], prefix)
                        if problem is not None:
                            found.append(problem)
        for block, key, prefix in fields.item_arrays:
            holder = item.get(block) if block else item
            if isinstance(holder, dict):
                where = ("requests", index, block, key) if block else ("requests", index, key)
                found.extend(_array(where, holder.get(key), prefix))
    return found


def gsid_problems(doc: JsonDocument, kind: str) -> list[GsidProblem]:
    """The GSID shape and prefix problems of a record kind's document, read once."""
    key = "gainsight.gsids." + kind
    if key not in doc.memo:
        doc.memo[key] = _scan(doc, kind)
    found: list[GsidProblem] = doc.memo[key]
    return found


def _findings(doc: JsonDocument, kind: str, code: str) -> Iterator[Finding]:
    for found in gsid_problems(doc, kind):
        if found.code == code:
            where = found.path
            message = f"{label_of(where)} {show(found.value)} {found.problem}"
            yield Finding(code, pointer_of(where), message)


@rule(
    "GS002",
    title="GSID is not 36 characters: 1 and 35 upper-case letters or digits",
    severity=Severity.WARNING,
    kinds=(GOAL, TEMPLATE, METRIC),
    triggers=("requests",),
    hint="copy the GSID from Gainsight exactly: 36 characters, "
    "e.g. 1CG0LXVS2HO4Y5ZF1FQY0E46C0NQWLLWPFX7",
)
def gsid_shape(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A field that holds a GSID has a value that is not shaped like one.

    Source: seed 004's samples ("Create Customer Goals", "Goal Create API", "Template Create
    API", "Metric Create API" and their responses). Every GSID there (records, CTAs, success
    plans, statuses, goal types, metrics, associated work) is 36 characters: ``1`` followed
    by 35 upper-case letters and digits. Decision (SPEC §4.10): a warning, because the shape
    is read from the seed's samples rather than documented; a wrong one usually means a
    truncated copy or a name where the id belongs. Checked in ``Gsid``/``gsid``,
    ``StatusId``, ``GoalTypeId``, ``TemplateId``, ``RelationshipTypeId``,
    ``AssociatedWork``, ``metricId``, ``metricsDissociation``, association CTA/SP and the
    metric's goal type ids.

    Wrong: ``"Gsid": "1CG0LXVS2HO4Y5ZF1F6TV4R7ZV0ZO6MPG6S"`` (35 characters)

    Right: ``"Gsid": "1CG0LXVS2HO4Y5ZF1F6TV4R7ZV0ZO6MPG6S1"``
    """
    yield from _findings(doc, ctx.kind, "GS002")


@rule(
    "GS003",
    title="GSID names another kind of object than the field takes",
    severity=Severity.WARNING,
    kinds=(GOAL, TEMPLATE, METRIC),
    triggers=("requests",),
    hint="use the GSID of the right object: 1CG0 goal/template, 1P02 company, 1P01 user, "
    "1S01 CTA, 1S02 success plan, 1I00 status/goal type/metric/associated work",
)
def gsid_prefix(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A well-shaped GSID whose first four characters name another object.

    Source: seed 004's samples ("Create Customer Goals", "Goal Create API", "Goal Update
    Goal", "Metric Update API"). The prefix names the object (SPEC §4.10, a Decision):
    ``1CG0`` goal or template, ``1P02`` company, ``1P01`` user, ``1S01`` CTA, ``1S02``
    success plan, ``1I00`` picklist values (statuses, goal types, metrics, associated
    work). A company GSID in ``association.CTA`` is a copy-paste mistake the API reports
    only as a failed association. A warning; fields without a documented prefix
    (``RelationshipTypeId``) are not checked.

    Wrong: ``"association": {"CTA": ["1P0275DAZIB1U41FWUD895S0FG38OCPH697T"]}``

    Right: ``"association": {"CTA": ["1S015065Y1L4AP5SUXV96R83SMQ523UNWRXP"]}``
    """
    yield from _findings(doc, ctx.kind, "GS003")


RULES = (gsid_shape, gsid_prefix)
