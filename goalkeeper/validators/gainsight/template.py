"""Gainsight goal templates (seed 004, "Template Create API", "Template Update API"):
names, due days, metric references and the create/update split by method."""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import pointer_of, show
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.fields import missing_gsid
from goalkeeper.validators.gainsight.kinds import TEMPLATE, records

ERROR = Severity.ERROR
TEMPLATES = (TEMPLATE,)


@rule(
    "GS200",
    title="template create has no Name",
    severity=ERROR,
    kinds=TEMPLATES,
    schema=True,
    hint="give the template a Name",
)
def template_name() -> None:
    """A template create needs ``record.Name``, a string.

    Source: seed 004, "Template Create API" sample (``"Name": "Goal Template 1"``, "Name
    of the goal template"); SPEC §4.9. A blank name is GS009.

    Wrong: ``{"requests": [{"record": {"GoalTypeName": "Default", "DueDate": 30}}]}``

    Right: ``{"requests": [{"record": {"Name": "Onboarding", "GoalTypeName": "Default",
    "DueDate": 30}}]}``
    """


@rule(
    "GS201",
    title="template DueDate is not a whole number of days, 0 or more",
    severity=ERROR,
    kinds=TEMPLATES,
    schema=True,
    triggers=("requests",),
    hint="a template's DueDate is a number of days (e.g. 30), written without a decimal "
    "point; dates belong to goals",
)
def due_days(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A template's ``DueDate`` counts days: a whole number, 0 or more, not a date.

    Source: seed 004, "Template Create API" (``"DueDate": 2301, // Number Of days``) and
    "Template Update API" (``"DueDate": 25, // Updated due days``); the fetch response
    shows ``0``. A goal's ``DueDate`` is a ``YYYY-MM-DD`` date, which is the usual mix-up.
    Decision (SPEC §4.10): an integer-valued float (``25.0``) is an error too, although
    JSON Schema counts it as an integer, because the API's JSON is typed.

    Wrong: ``"DueDate": "2025-01-31"``, ``"DueDate": -1``, ``"DueDate": 25.0``

    Right: ``"DueDate": 25``
    """
    for index, _item, record in records(doc):
        value = record.get("DueDate")
        if isinstance(value, float) and value.is_integer() and value >= 0:
            yield Finding(
                "GS201",
                pointer_of(("requests", index, "record", "DueDate")),
                f"requests[{index}].record.DueDate must be a whole number of days, not the "
                f"number {show(value)}",
            )


@rule(
    "GS202",
    title="template metric association is not an array of {metricId} objects",
    severity=ERROR,
    kinds=TEMPLATES,
    schema=True,
    hint='write [{"metricId": "1I0056K976K5AXWOB1KBHCAG860QZ6E3JG52"}]',
)
def template_metrics() -> None:
    """A template's ``metricsAssociation`` and ``metricsDissociation`` are arrays of
    objects with a string ``metricId``.

    Source: seed 004, "Template Create API" and "Template Update API" samples
    (``"metricsDissociation": [{"metricId": "1I00…"}]``). Goals dissociate with plain
    GSID strings, which is the usual mix-up.

    Wrong: ``"metricsDissociation": ["1I0056K976K5AXWOB1P7YWFJNZOIUXW8YMEQ"]``

    Right: ``"metricsDissociation": [{"metricId": "1I0056K976K5AXWOB1P7YWFJNZOIUXW8YMEQ"}]``
    """


@rule(
    "GS203",
    title="template update has no Gsid",
    severity=ERROR,
    kinds=TEMPLATES,
    ops=("update",),
    schema=True,
    triggers=("requests",),
    hint='add "Gsid", the GSID of the template to update',
)
def template_gsid(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A template update needs ``record.Gsid``, a string.

    Source: seed 004, "Template Update API" sample (``"Gsid": "1CG01SX5…"``, the
    existing goal template). A misspelt key (``GSID``, ``gsid``) is GS008, not this.

    Wrong: ``PUT /v1/csgoal/external/template`` with ``{"requests": [{"record": {"Name":
    "T"}}]}``

    Right: the same with ``"Gsid": "1CG01SX5TCMHZ0OXX0XMV01B68HZR4B6W7AX"`` in the record.
    """
    yield from missing_gsid(doc, "GS203", TEMPLATE)


@rule(
    "GS204",
    title="template create carries a Gsid",
    severity=Severity.WARNING,
    kinds=TEMPLATES,
    ops=("create",),
    triggers=("requests",),
    hint="to change an existing template send PUT (op update); to create one drop the Gsid",
)
def gsid_on_create(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A template create (``POST``, or ``--op create`` on a file) whose record has
    ``Gsid``.

    Source: seed 004 uses one path for both: "Template Create API" is ``POST
    /v1/csgoal/external/template``, "Template Update API" is ``PUT`` on the same path
    with the template's ``Gsid``. Decision (SPEC §4.10): the method decides; a Gsid in a
    create is almost certainly an update sent with the wrong method.

    Wrong: ``POST /v1/csgoal/external/template`` with ``{"requests": [{"record": {"Gsid":
    "1CG0…", "Name": "T"}}]}``

    Right: ``PUT /v1/csgoal/external/template`` with the same body.
    """
    for index, _item, record in records(doc):
        if "Gsid" in record:
            yield Finding(
                "GS204",
                pointer_of(("requests", index, "record", "Gsid")),
                f"requests[{index}].record has a Gsid, but this is a template create; a Gsid "
                "names an existing template to update",
            )


@rule(
    "GS206",
    title="template field has the wrong type",
    severity=ERROR,
    kinds=TEMPLATES,
    schema=True,
    hint="write the value as a JSON string",
)
def template_field_type() -> None:
    """``GoalTypeName``, ``GoalTypeId``, ``StatusName``, ``StatusId`` and
    ``Description`` are strings.

    Source: seed 004, "Template Create API" and "Template Update API" samples.

    Wrong: ``"GoalTypeName": ["Default"]``

    Right: ``"GoalTypeName": "Default"``
    """


RULES = (
    template_name,
    due_days,
    template_metrics,
    template_gsid,
    gsid_on_create,
    template_field_type,
)
