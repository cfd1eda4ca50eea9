"""Infinity segment groups (seed 002, "Segment Groups"): a name, and nothing else."""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.rules import rule
from goalkeeper.validators.infinity.kinds import SEGMENT_GROUP

ERROR = Severity.ERROR
KINDS = (SEGMENT_GROUP,)


@rule(
    "IN300",
    title="segment group has no segmentGroupName",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    hint='send {"segmentGroupName": "..."}',
)
def segment_group_name_required() -> None:
    """A segment group body, on create and on update, needs ``segmentGroupName``.

    Source: seed 002, "Create Segment Group" and "Update Segment Group Config": "POST
    Params - segmentGroupName (string) - Name of the segment group" (not OPTIONAL).
    Decision (SPEC §4.10): required on update too. Found when the file is mapped to
    ``infinity/segment-group`` (or with ``--kind``): without the key, detection cannot
    recognise a segment group.

    Wrong: ``{"segmentGroupId": 400}`` checked as ``infinity/segment-group``

    Right: ``{"segmentGroupName": "Regions"}``
    """


@rule(
    "IN301",
    title="segmentGroupName is not a non-empty string",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    triggers=("segmentGroupName",),
    hint="give the segment group a name",
)
def segment_group_name(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``segmentGroupName`` must be a string that is not empty or only white space.

    Source: seed 002, "Create Segment Group": "segmentGroupName (string) - Name of the
    segment group". Decision (SPEC §4.10): the seed gives no length, but an empty or
    blank name names nothing.

    Wrong: ``{"segmentGroupName": ""}``, ``{"segmentGroupName": " "}``,
    ``{"segmentGroupName": 400}``

    Right: ``{"segmentGroupName": "Regions"}``
    """
    value = doc.data["segmentGroupName"]
    if isinstance(value, str) and value and value.isspace():
        yield Finding("IN301", "/segmentGroupName", "segmentGroupName is blank (only white space)")


RULES = (segment_group_name_required, segment_group_name)
