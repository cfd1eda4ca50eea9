"""Gainsight goal metrics (seed 004, "Metric Create API", "Metric Update API"): lower-case
keys, units of measure and goal type associations."""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import pointer_of, show
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.fields import missing_gsid
from goalkeeper.validators.gainsight.kinds import METRIC, records

ERROR = Severity.ERROR
METRICS = (METRIC,)


@rule(
    "GS250",
    title="metric create has no name",
    severity=ERROR,
    kinds=METRICS,
    schema=True,
    hint='give the metric a lower-case "name"',
)
def metric_name() -> None:
    """A metric create needs ``record.name`` (lower case), a string.

    Source: seed 004, "Metric Create API" sample (``"name": "Metric Name 1"``). Metric
    keys are lower-case, unlike goal keys: ``Name`` is an unknown field here. A blank
    name is GS009.

    Wrong: ``{"requests": [{"record": {"Name": "Logins", "unitOfMeasure": "DECIMAL"}}]}``

    Right: ``{"requests": [{"record": {"name": "Logins", "unitOfMeasure": "DECIMAL"}}]}``
    """


@rule(
    "GS251",
    title="metric unitOfMeasure is not DECIMAL, PERCENTAGE or CURRENCY",
    severity=ERROR,
    kinds=METRICS,
    schema=True,
    hint="use DECIMAL, PERCENTAGE or CURRENCY (upper case)",
)
def unit_of_measure() -> None:
    """``unitOfMeasure`` is one of ``DECIMAL``, ``PERCENTAGE`` and ``CURRENCY``.

    Source: seed 004, "Metric Create API" sample: ``"unitOfMeasure": "DECIMAL", // Unit
    of measure: DECIMAL/PERCENTAGE/CURRENCY``.

    Wrong: ``"unitOfMeasure": "percent"``

    Right: ``"unitOfMeasure": "PERCENTAGE"``
    """


@rule(
    "GS252",
    title="metric update has no gsid",
    severity=ERROR,
    kinds=METRICS,
    ops=("update",),
    schema=True,
    triggers=("requests",),
    hint='add lower-case "gsid", the GSID of the metric to update',
)
def metric_gsid(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A metric update needs ``record.gsid`` (lower case), a string.

    Source: seed 004, "Metric Update API" sample (``"gsid": "1I0056K9…", // GSID of
    existing metric``). ``Gsid`` or ``GSID`` (the goal spelling) is GS008, not this.

    Wrong: ``PUT /csgoal/external/metric/`` with ``{"requests": [{"record": {"name":
    "Logins"}}]}``

    Right: the same with ``"gsid": "1I0056K976K5AXWOB1PGJTG9R7V2KYR0KBHZ"``.
    """
    yield from missing_gsid(doc, "GS252", METRIC)


_OPPOSITES = (
    ("associateGoalTypes", "dissociateGoalTypes"),
    ("associateGoalTypeNames", "dissociateGoalTypeNames"),
)


@rule(
    "GS253",
    title="the same goal type is associated and dissociated",
    severity=ERROR,
    kinds=METRICS,
    triggers=("requests",),
    hint="keep the goal type in one of the two lists",
)
def goal_type_both_ways(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """One metric request lists a goal type (by GSID or by name) both to associate and to
    dissociate.

    Source: seed 004, "Metric Update API": ``associateGoalTypes`` /
    ``associateGoalTypeNames`` and ``dissociateGoalTypes`` / ``dissociateGoalTypeNames``
    sit beside ``record``. Asking for both at once has no documented meaning; SPEC §4.9
    makes it an error. The finding points at the dissociation entry.

    Wrong: ``"associateGoalTypeNames": ["CG4"], "dissociateGoalTypeNames": ["CG4"]``

    Right: ``"associateGoalTypeNames": ["CG4"], "dissociateGoalTypeNames": ["CG1"]``
    """
    for index, item, _record in records(doc):
        for associate, dissociate in _OPPOSITES:
            added, removed = item.get(associate), item.get(dissociate)
            if not isinstance(added, list) or not isinstance(removed, list):
                continue
            wanted = {value for value in added if isinstance(value, str)}
            for position, value in enumerate(removed):
                if isinstance(value, str) and value in wanted:
                    yield Finding(
                        "GS253",
                        pointer_of(("requests", index, dissociate, position)),
                        f"goal type {show(value)} is in both requests[{index}].{associate} "
                        f"and requests[{index}].{dissociate}",
                    )


@rule(
    "GS254",
    title="metric goal type list is not an array of strings",
    severity=ERROR,
    kinds=METRICS,
    schema=True,
    hint='write ["1I00GO4Q83RGDEM94YM7VTGXMVT1E1JLKNQB"] or ["CP Goal Type"]',
)
def goal_type_lists() -> None:
    """``associateGoalTypes``, ``associateGoalTypeNames``, ``dissociateGoalTypes`` and
    ``dissociateGoalTypeNames`` are arrays of strings (GSIDs or names).

    Source: seed 004, "Metric Create API" and "Metric Update API" samples. They sit in
    the ``requests`` item beside ``record``, not inside it.

    Wrong: ``"associateGoalTypeNames": "CP Goal Type"``

    Right: ``"associateGoalTypeNames": ["CP Goal Type"]``
    """


@rule(
    "GS255",
    title="metric field has the wrong type",
    severity=ERROR,
    kinds=METRICS,
    schema=True,
    hint="write the value as a JSON string",
)
def metric_field_type() -> None:
    """``description`` is a string.

    Source: seed 004, "Metric Create API" sample (``"description":
    "<p>description</p>"``).

    Wrong: ``"description": 42``

    Right: ``"description": "Logins per week"``
    """


RULES = (
    metric_name,
    unit_of_measure,
    metric_gsid,
    goal_type_both_ways,
    goal_type_lists,
    metric_field_type,
)
