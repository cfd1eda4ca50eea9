"""Gainsight customer goals (seed 004, "Create Customer Goals", "Update Customer Goals",
"Goal API"): single-record create, entity types and their name fields, statuses."""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import pointer_of
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.fields import lookup_mapped_fields, missing_gsid
from goalkeeper.validators.gainsight.kinds import GOAL, records

ERROR = Severity.ERROR
GOALS = (GOAL,)

# The name field each entity type needs (seed 004, "Create Customer Goals" parameters).
ENTITY_NAME_FIELD = {
    "COMPANY": "CompanyName",
    "RELATIONSHIP": "RelationshipName",
    "OPPORTUNITY": "OpportunityName",
}


@rule(
    "GS100",
    title="goal create does not send exactly one record",
    severity=ERROR,
    kinds=GOALS,
    ops=("create",),
    schema=True,
    hint="send exactly one record per create request: bulk creation is not supported",
)
def single_record_create() -> None:
    """A goal create's ``requests`` must hold exactly one item.

    Source: seed 004, "Create Customer Goals": "You can create only one Customer Goal
    at a time using this API. Bulk creation of customer goals is not supported." An
    empty ``requests`` creates nothing and is reported here too; on update an empty
    ``requests`` is GS030 and several records are accepted.

    Wrong: ``{"requests": [{"record": {...}}, {"record": {...}}]}`` to create two goals.

    Right: two requests, each ``{"requests": [{"record": {...}}]}``.
    """


@rule(
    "GS101",
    title="goal create has no Name",
    severity=ERROR,
    kinds=GOALS,
    schema=True,
    hint="give the goal a Name",
)
def goal_name() -> None:
    """A goal create needs ``record.Name``, a string.

    Source: seed 004, "Create Customer Goals" parameters: ``Name*`` (mandatory), "the
    name of the goal". On update ``Name`` is optional but may not be empty (GS009).

    Wrong: ``{"record": {"StatusName": "New", "EntityType": "GLOBAL"}}``

    Right: ``{"record": {"Name": "Onboarding", "StatusName": "New", "EntityType":
    "GLOBAL"}}``
    """


@rule(
    "GS102",
    title="goal create has neither StatusName nor StatusId",
    severity=ERROR,
    kinds=GOALS,
    ops=("create",),
    triggers=("requests",),
    hint='add "StatusName" (e.g. "New") or "StatusId" (the status GSID)',
)
def goal_status(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A goal create needs a status: ``StatusName`` or ``StatusId``.

    Source: seed 004, "Create Customer Goals" marks ``StatusName*`` mandatory; the
    "Goal Create API" sample sends ``StatusId`` instead. Decision (SPEC §4.10): either
    one is enough. A blank ``StatusName`` is GS009 (8010 INVALID_STATUS_NAME).

    Wrong: ``{"record": {"Name": "Onboarding", "EntityType": "GLOBAL"}}``

    Right: ``{"record": {"Name": "Onboarding", "StatusName": "New", "EntityType":
    "GLOBAL"}}``
    """
    for index, _item, record in records(doc):
        if "StatusName" not in record and "StatusId" not in record:
            yield Finding(
                "GS102",
                pointer_of(("requests", index, "record")),
                f'requests[{index}].record has neither "StatusName" nor "StatusId"',
            )


@rule(
    "GS104",
    title="goal EntityType is missing or not COMPANY, RELATIONSHIP, OPPORTUNITY or GLOBAL",
    severity=ERROR,
    kinds=GOALS,
    schema=True,
    hint="set EntityType to COMPANY, RELATIONSHIP, OPPORTUNITY or GLOBAL",
)
def entity_type() -> None:
    """A goal create needs ``EntityType``, one of ``COMPANY``, ``RELATIONSHIP``,
    ``OPPORTUNITY`` and ``GLOBAL`` (upper case).

    Source: seed 004, "Create Customer Goals" parameters: ``EntityType*`` "indicates if
    the goal is created on a Company, Relationship, or Opportunity"; the "Goal Create
    API" sample sends ``GLOBAL``. Decision (SPEC §4.10): required on create; on update
    it is optional but must be one of the four when present.

    Wrong: ``"EntityType": "Company"``

    Right: ``"EntityType": "COMPANY"``
    """


@rule(
    "GS105",
    title="goal has no name field for its EntityType",
    severity=ERROR,
    kinds=GOALS,
    ops=("create",),
    schema=True,
    triggers=("requests",),
    hint="give the entity's name as a string, resolved through lookups",
)
def entity_name(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A COMPANY goal needs ``CompanyName``, a RELATIONSHIP goal ``RelationshipName`` and
    an OPPORTUNITY goal ``OpportunityName`` (strings).

    Source: seed 004, "Create Customer Goals" parameters: "CompanyName/ RelationshipName/
    OpportunityName*", mandatory, "resolved using lookups". Decision (SPEC §4.10): a
    GLOBAL goal needs none (one present is accepted).

    Wrong: ``{"record": {"Name": "G", "StatusName": "New", "EntityType": "COMPANY"}}``

    Right: ``{"record": {"Name": "G", "StatusName": "New", "EntityType": "COMPANY",
    "CompanyName": "IBM"}, ...}`` with a lookup for ``CompanyName``.
    """
    for index, _item, record in records(doc):
        entity = str(record.get("EntityType"))
        field = ENTITY_NAME_FIELD.get(entity)
        if field is not None and field not in record:
            yield Finding(
                "GS105",
                pointer_of(("requests", index, "record")),
                f'requests[{index}].record is a {entity} goal but has no "{field}"',
                f'add "{field}" with the {entity.lower()} name, resolved through lookups',
            )


@rule(
    "GS106",
    title="goal entity name is not resolved through a lookup",
    severity=ERROR,
    kinds=GOALS,
    ops=("create",),
    triggers=("requests",),
)
def entity_name_lookup(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """The entity's name field (``CompanyName``, ``RelationshipName``,
    ``OpportunityName``) must be mapped by a lookup's ``fields``.

    Source: seed 004, "Create Customer Goals" parameters: "These fields need to be
    resolved using lookups, as demonstrated in the sample request" — the sample maps
    ``{"CompanyName": "Name"}`` in the ``CompanyId`` lookup. Without the lookup the API
    answers 8008 INVALID_LOOKUP_CONFIG; the message names it.

    Wrong: ``{"requests": [{"record": {..., "EntityType": "COMPANY", "CompanyName":
    "IBM"}}]}`` without ``lookups``.

    Right: the same with ``"lookups": {"CompanyId": {"fields": {"CompanyName": "Name"},
    "lookupField": "Gsid", "objectName": "company", "multiMatchOption": "FIRSTMATCH",
    "onNoMatch": "ERROR"}}``.
    """
    mapped = lookup_mapped_fields(doc.data)
    if mapped is None:
        return  # malformed lookups: GS010 says what is wrong with them
    for index, _item, record in records(doc):
        entity = str(record.get("EntityType"))
        field = ENTITY_NAME_FIELD.get(entity)
        if field is not None and field in record and field not in mapped:
            target = field[: -len("Name")] + "Id"
            yield Finding(
                "GS106",
                pointer_of(("requests", index, "record", field)),
                f'"{field}" is not resolved through lookups (no lookup maps it in its '
                '"fields"); the API answers 8008 INVALID_LOOKUP_CONFIG',
                f'add "lookups": {{"{target}": {{"fields": {{"{field}": "Name"}}, '
                '"lookupField": "Gsid", "objectName": '
                f'"{entity.lower()}", "multiMatchOption": "FIRSTMATCH", "onNoMatch": "ERROR"}}}}',
            )


@rule(
    "GS107",
    title="RELATIONSHIP goal has no RelationshipTypeId",
    severity=ERROR,
    kinds=GOALS,
    ops=("create",),
    schema=True,
    triggers=("requests",),
    hint="add RelationshipTypeId, the relationship type's id",
)
def relationship_type(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A goal created on a relationship needs ``RelationshipTypeId`` (a string).

    Source: seed 004, "Create Customer Goals" parameters: ``RelationshipTypeId`` "is to
    be provided when the goal is created in a relationship".

    Wrong: ``{"record": {..., "EntityType": "RELATIONSHIP", "RelationshipName": "IBM
    EMEA"}}``

    Right: the same with ``"RelationshipTypeId": "1P06GH2ZL6Z4T1RQ2I4TZ8D8KX2OFSZL3XJJ"``.
    """
    for index, _item, record in records(doc):
        if record.get("EntityType") == "RELATIONSHIP" and "RelationshipTypeId" not in record:
            yield Finding(
                "GS107",
                pointer_of(("requests", index, "record")),
                f'requests[{index}].record is a RELATIONSHIP goal but has no "RelationshipTypeId"',
            )


@rule(
    "GS108",
    title="goal metricsAssociation item is malformed",
    severity=ERROR,
    kinds=GOALS,
    schema=True,
    hint='write {"metricId": "1I00…", "baseValue": 10.0, "targetValue": 8.0, '
    '"actualValue": [{"value": 5.0, "timestamp": "2025-01-04"}]}',
)
def goal_metrics_association() -> None:
    """A goal's ``metricsAssociation`` is an array of objects with ``metricId`` (a
    string) and, when present, numeric ``baseValue`` and ``targetValue`` and
    ``actualValue``, an array of ``{value (number), timestamp (date)}``.

    Source: seed 004, "Goal Create API" and "Goal Update Goal" samples. Decision (SPEC
    §4.10): ``metricId`` is required and the rest typed when present. A quoted number is
    a string, not a number. The timestamp's date form is GS004.

    Wrong: ``{"metricId": "1I00…", "baseValue": "10"}``,
    ``{"actualValue": [{"value": 5.0}]}``

    Right: ``{"metricId": "1I00…", "baseValue": 10.0, "actualValue": [{"value": 5.0,
    "timestamp": "2025-01-04"}]}``
    """


@rule(
    "GS109",
    title="goal metricsDissociation is not an array of metric GSID strings",
    severity=ERROR,
    kinds=GOALS,
    schema=True,
    hint='write ["1I0056K976K5AXWOB1KBHCAG860QZ6E3JG52", ...]; templates take '
    '{"metricId": ...} objects, goals take strings',
)
def goal_metrics_dissociation() -> None:
    """A goal's ``metricsDissociation`` is an array of metric GSID strings.

    Source: seed 004, "Goal Update Goal" sample (``"metricsDissociation": ["1I00…",
    …]``). Templates take ``{"metricId": …}`` objects instead ("Template Update API"),
    which is why an object here is an error.

    Wrong: ``"metricsDissociation": [{"metricId": "1I0056K976K5AXWOB1KBHCAG860QZ6E3JG52"}]``

    Right: ``"metricsDissociation": ["1I0056K976K5AXWOB1KBHCAG860QZ6E3JG52"]``
    """


@rule(
    "GS110",
    title="goal update has no Gsid",
    severity=ERROR,
    kinds=GOALS,
    ops=("update",),
    schema=True,
    triggers=("requests",),
    hint='add "Gsid", the GSID of the goal to update',
)
def goal_gsid(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A goal update needs ``record.Gsid``, a string, to say which goal to change.

    Source: seed 004, "Update Customer Goals" parameters: ``GSID*`` (mandatory); every
    sample spells the key ``Gsid``. A record with another spelling is GS008, not this.

    Wrong: ``{"requests": [{"record": {"Name": "CG15"}}]}`` sent as an update.

    Right: ``{"requests": [{"record": {"Name": "CG15", "Gsid":
    "1CG03GFNBH1NOBHOND412PHFQQEPGXWOQ1T9"}}]}``
    """
    yield from missing_gsid(doc, "GS110", GOAL)


@rule(
    "GS111",
    title="goal field has the wrong type",
    severity=ERROR,
    kinds=GOALS,
    schema=True,
    hint="write the value as a JSON string",
)
def goal_field_type() -> None:
    """``StatusName``, ``StatusId``, ``TemplateId``, ``GoalTypeId`` and ``Description``
    are strings.

    Source: seed 004, "Create Customer Goals" parameters ("Data Type: String") and the
    "Goal Create API" sample.

    Wrong: ``"Description": ["Q1", "Q2"]``

    Right: ``"Description": "Q1 and Q2"``
    """


RULES = (
    single_record_create,
    goal_name,
    goal_status,
    entity_type,
    entity_name,
    entity_name_lookup,
    relationship_type,
    goal_metrics_association,
    goal_metrics_dissociation,
    goal_gsid,
    goal_field_type,
)
