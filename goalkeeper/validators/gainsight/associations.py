"""Gainsight associations: CTAs and success plans linked to a goal or template, and the
metrics associated with or dissociated from it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import pointer_of, show
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.kinds import GOAL, TEMPLATE, records

ERROR = Severity.ERROR
GOAL_AND_TEMPLATE = (GOAL, TEMPLATE)


@rule(
    "GS020",
    title="association or dissociation CTA list is empty",
    severity=ERROR,
    kinds=GOAL_AND_TEMPLATE,
    schema=True,
    hint="list at least one CTA GSID, or leave CTA out",
)
def empty_cta() -> None:
    """``association.CTA`` or ``dissociation.CTA`` is present but empty.

    Source: seed 004, "Error Codes": 8001 CTA_RECORD_EMPTY, "CTA set provided is empty"
    (HTTP 400). The samples send ``"CTA": ["1S01…", …]``. Leave the key out when there
    is nothing to associate. The message names the error.

    Wrong: ``"association": {"CTA": [], "SP": ["1S02JJSBDT2ZT78W7NMT0VBJP3QF725QD8RC"]}``

    Right: ``"association": {"SP": ["1S02JJSBDT2ZT78W7NMT0VBJP3QF725QD8RC"]}``
    """


@rule(
    "GS021",
    title="association or dissociation SP list is empty",
    severity=ERROR,
    kinds=GOAL_AND_TEMPLATE,
    schema=True,
    hint="list at least one success plan GSID, or leave SP out",
)
def empty_sp() -> None:
    """``association.SP`` or ``dissociation.SP`` is present but empty.

    Source: seed 004, "Error Codes": 8002 SP_RECORD_EMPTY, "Success Plan set provided
    is empty" (HTTP 400). Leave the key out when there is nothing to associate. The
    message names the error.

    Wrong: ``"dissociation": {"SP": []}``

    Right: ``"dissociation": {"SP": ["1S02JJSBDT2ZT78W7N326U5W640ZRK54GLAT"]}``
    """


@rule(
    "GS022",
    title="association or dissociation is not an object of CTA/SP GSID arrays",
    severity=ERROR,
    kinds=GOAL_AND_TEMPLATE,
    schema=True,
    hint='write {"CTA": ["1S01…"], "SP": ["1S02…"]}',
)
def association_shape() -> None:
    """``association`` and ``dissociation`` are objects whose ``CTA`` and ``SP`` are
    arrays of GSID strings.

    Source: seed 004, "Create Customer Goals" and "Goal Update Goal" samples. They sit
    beside ``record`` in a ``requests`` item, not inside it. The GSIDs' shape and prefix
    are warnings (GS002, GS003).

    Wrong: ``"association": {"CTA": "1S015065Y1L4AP5SUXV96R83SMQ523UNWRXP"}``

    Right: ``"association": {"CTA": ["1S015065Y1L4AP5SUXV96R83SMQ523UNWRXP"]}``
    """


def _dissociated_ids(kind: str, record: dict[str, Any]) -> Iterator[tuple[int, str]]:
    dissociated = record.get("metricsDissociation")
    if not isinstance(dissociated, list):
        return
    for index, entry in enumerate(dissociated):
        # Goals list GSID strings; templates list {"metricId": ...} objects.
        value = entry.get("metricId") if kind == TEMPLATE and isinstance(entry, dict) else entry
        if isinstance(value, str):
            yield index, value


@rule(
    "GS025",
    title="the same metric is associated and dissociated",
    severity=Severity.WARNING,
    kinds=GOAL_AND_TEMPLATE,
    triggers=("requests",),
    hint="keep the metric in one of metricsAssociation and metricsDissociation",
)
def metric_both_ways(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """One record lists a metric in ``metricsAssociation`` and in
    ``metricsDissociation``.

    Source: seed 004, "Goal Update Goal": the sample associates
    ``1I0056K976K5AXWOB1KBHCAG860QZ6E3JG52`` and dissociates it in the same request,
    and the documentation does not say which wins. Decision (SPEC §4.10): a warning,
    pointing at the dissociation entry, since the vendor's own sample does it.

    Wrong: ``"metricsAssociation": [{"metricId": "1I00…G52"}], "metricsDissociation":
    ["1I00…G52"]``

    Right: ``"metricsAssociation": [{"metricId": "1I00…G52"}]``
    """
    for index, _item, record in records(doc):
        associated = record.get("metricsAssociation")
        if not isinstance(associated, list) or "metricsDissociation" not in record:
            continue
        ids = {
            entry["metricId"]
            for entry in associated
            if isinstance(entry, dict) and isinstance(entry.get("metricId"), str)
        }
        path = ("requests", index, "record", "metricsDissociation")
        for position, value in _dissociated_ids(ctx.kind, record):
            if value in ids:
                where = (*path, position, "metricId") if ctx.kind == TEMPLATE else (*path, position)
                yield Finding(
                    "GS025",
                    pointer_of(where),
                    f"metric {show(value)} is both associated and dissociated in "
                    f"requests[{index}].record; the outcome is undocumented",
                )


RULES = (empty_cta, empty_sp, association_shape, metric_both_ways)
