"""Gainsight GSIDs: the 36-character record ids and the object their prefix names.

The reader (``shape_problem``, ``prefix_problem``) is shared by every Gainsight kind that
carries GSIDs; the rules GS002 and GS003 apply it to the goal, template and metric fields
that hold GSIDs. Both are warnings (SPEC §4.10): the shape and the prefix table are read
from seed 004's samples, not from a documented grammar.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import PathPart, label_of, pointer_of, show
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.kinds import GOAL, METRIC, TEMPLATE

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
        return f"is {len(value)} characters long; a GSID has {GSID_LENGTH}"
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


class GsidField:
    """Where a record kind keeps GSIDs: a path of keys (``"*"`` = every array item) and
    the object prefix expected there (None: shape only)."""

    __slots__ = ("path", "prefix")

    def __init__(self, path: tuple[str, ...], prefix: str | None) -> None:
        self.path = path
        self.prefix = prefix


_RECORD = ("requests", "*", "record")
_ITEM = ("requests", "*")

_GOAL_AND_TEMPLATE = (
    GsidField((*_RECORD, "Gsid"), GOAL_OBJECT),
    GsidField((*_RECORD, "StatusId"), PICKLIST),
    GsidField((*_RECORD, "GoalTypeId"), PICKLIST),
    GsidField((*_RECORD, "AssociatedWork", "*"), PICKLIST),
    GsidField((*_RECORD, "metricsAssociation", "*", "metricId"), PICKLIST),
    GsidField((*_ITEM, "association", "CTA", "*"), CTA),
    GsidField((*_ITEM, "association", "SP", "*"), SUCCESS_PLAN),
    GsidField((*_ITEM, "dissociation", "CTA", "*"), CTA),
    GsidField((*_ITEM, "dissociation", "SP", "*"), SUCCESS_PLAN),
)

GSID_FIELDS = {
    GOAL: (
        *_GOAL_AND_TEMPLATE,
        GsidField((*_RECORD, "TemplateId"), GOAL_OBJECT),
        GsidField((*_RECORD, "RelationshipTypeId"), None),
        GsidField((*_RECORD, "metricsDissociation", "*"), PICKLIST),
    ),
    TEMPLATE: (
        *_GOAL_AND_TEMPLATE,
        GsidField((*_RECORD, "metricsDissociation", "*", "metricId"), PICKLIST),
    ),
    METRIC: (
        GsidField((*_RECORD, "gsid"), PICKLIST),
        GsidField((*_ITEM, "associateGoalTypes", "*"), PICKLIST),
        GsidField((*_ITEM, "dissociateGoalTypes", "*"), PICKLIST),
    ),
}


def values_at(data: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[PathPart, ...], Any]]:
    """Every value at ``path`` (``"*"`` = each array item), with its concrete path.

    Iterative and linear in the number of values visited; the path is short and fixed.
    """
    level: list[tuple[tuple[PathPart, ...], Any]] = [((), data)]
    for key in path:
        following: list[tuple[tuple[PathPart, ...], Any]] = []
        for where, node in level:
            if key == "*":
                if isinstance(node, list):
                    following.extend(((*where, index), item) for index, item in enumerate(node))
            elif isinstance(node, dict) and key in node:
                following.append(((*where, key), node[key]))
        level = following
    return iter(level)


def _gsids(doc: JsonDocument, kind: str) -> Iterator[tuple[tuple[PathPart, ...], str, str | None]]:
    for field in GSID_FIELDS[kind]:
        for where, value in values_at(doc.data, field.path):
            if isinstance(value, str):
                yield where, value, field.prefix


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

    Every GSID in seed 004 (records, CTAs, success plans, statuses, goal types, metrics,
    associated work) is 36 characters: ``1`` followed by 35 upper-case letters and
    digits. Decision (SPEC §4.10): a warning, because the shape is read from the seed's
    samples rather than documented; a wrong one usually means a truncated copy or a
    name where the id belongs. Checked in ``Gsid``/``gsid``, ``StatusId``,
    ``GoalTypeId``, ``TemplateId``, ``RelationshipTypeId``, ``AssociatedWork``,
    ``metricId``, ``metricsDissociation``, association CTA/SP and the metric's goal type
    ids.

    Wrong: ``"Gsid": "1CG0LXVS2HO4Y5ZF1F6TV4R7ZV0ZO6MPG6S"`` (35 characters)

    Right: ``"Gsid": "1CG0LXVS2HO4Y5ZF1F6TV4R7ZV0ZO6MPG6S1"``
    """
    for where, value, _prefix in _gsids(doc, ctx.kind):
        problem = shape_problem(value)
        if problem is not None:
            yield Finding(
                "GS002",
                pointer_of(where),
                f"{label_of(where)} {show(value)} {problem}",
            )


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

    The prefix names the object (SPEC §4.10, a Decision read from seed 004's samples):
    ``1CG0`` goal or template, ``1P02`` company, ``1P01`` user, ``1S01`` CTA, ``1S02``
    success plan, ``1I00`` picklist values (statuses, goal types, metrics, associated
    work). A company GSID in ``association.CTA`` is a copy-paste mistake the API reports
    only as a failed association. A warning; fields without a documented prefix
    (``RelationshipTypeId``) are not checked.

    Wrong: ``"association": {"CTA": ["1P0275DAZIB1U41FWUD895S0FG38OCPH697T"]}``

    Right: ``"association": {"CTA": ["1S015065Y1L4AP5SUXV96R83SMQ523UNWRXP"]}``
    """
    for where, value, prefix in _gsids(doc, ctx.kind):
        problem = prefix_problem(value, prefix) if prefix is not None else None
        if problem is not None:
            yield Finding("GS003", pointer_of(where), f"{label_of(where)} {show(value)} {problem}")


RULES = (gsid_shape, gsid_prefix)
