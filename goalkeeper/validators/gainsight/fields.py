"""Gainsight record fields common to goals, templates and metrics: the ``requests``
envelope, known and unknown fields, custom (``__gc``) and response (``__gr``) fields,
the spelling of the GSID key and blank names.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import get_close_matches
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import pointer_of, show
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.kinds import GOAL, METRIC, TEMPLATE, records

ERROR = Severity.ERROR
WARNING = Severity.WARNING

RECORD_KINDS = (GOAL, TEMPLATE, METRIC)
GOAL_AND_TEMPLATE = (GOAL, TEMPLATE)

# Record fields seed 004 shows for each kind: in its request samples, its success
# responses and its parameter tables (SPEC §4.10). Fields a lookup maps in the same body
# and custom fields (__gc) are known as well.
# fmt: off
KNOWN_FIELDS = {
    GOAL: frozenset(
        {
            "Name",
            "StatusName",
            "StatusId",
            "EntityType",
            "DueDate",
            "Description",
            "CompanyName",
            "RelationshipName",
            "OpportunityName",
            "RelationshipTypeId",
            "TemplateId",
            "GoalTypeId",
            "Gsid",
            "CompName",
            "AssociatedWork",
            "metricsAssociation",
            "metricsDissociation",
            # responses
            "CompanyId",
            "RelationshipId",
            "OpportunityId",
            "CreatedById",
            "CreatedDate",
            "ModifiedById",
            "ModifiedDate",
            "CurrencyIsoCode",
            "GoalCategory",
            "MetricValues",
        }
    ),
    TEMPLATE: frozenset(
        {
            "Name",
            "GoalTypeName",
            "GoalTypeId",
            "StatusName",
            "StatusId",
            "DueDate",
            "Description",
            "CompName",
            "CompNameGsid",
            "AssociatedWork",
            "metricsAssociation",
            "metricsDissociation",
            "Gsid",
            # responses
            "ModifiedById",
            "ModifiedDate",
            "CreatedDate",
            "CurrencyIsoCode",
            "GoalCategory",
        }
    ),
    METRIC: frozenset(
        {
            "name",
            "unitOfMeasure",
            "description",
            "gsid",
            # responses
            "createdAt",
            "deleted",
            "modifiedAt",
            "createdBy",
            "modifiedBy",
            "displayOrder",
            "externalId",
            "active",
            "systemDefined",
        }
    ),
}

# The GSID key each kind uses (SPEC §4.10): goals and templates "Gsid", metrics "gsid".
GSID_KEY = {GOAL: "Gsid", TEMPLATE: "Gsid", METRIC: "gsid"}


def is_custom(name: str) -> bool:
    return name.endswith("__gc")


def is_response_field(name: str) -> bool:
    return name.endswith("__gr")


def misspelt_gsid_key(name: str, kind: str) -> bool:
    """A spelling of the GSID key other than the kind's own (``GSID``, ``gsid``, ``Gsid``)."""
    return name.lower() == "gsid" and name != GSID_KEY[kind]


def odd_fields(doc: JsonDocument, kind: str) -> list[tuple[int, list[str]]]:
    """Per record (by index), its field names outside the kind's documented ones, read once
    per document: what the unknown, custom, ``__gr`` and GSID-spelling rules look at."""
    key = "gainsight.odd-fields." + kind
    found: list[tuple[int, list[str]]] | None = doc.memo.get(key)
    if found is None:
        known = KNOWN_FIELDS[kind]
        found = doc.memo[key] = [
            (index, [name for name in record if name not in known])
            for index, _item, record in records(doc)
            if not known.issuperset(record)
        ]
    return found


def missing_gsid(doc: JsonDocument, code: str, kind: str) -> Iterator[Finding]:
    """Records of an update without the GSID key (a misspelt key is reported by GS008)."""
    key = GSID_KEY[kind]
    misspelt = {
        index for index, names in odd_fields(doc, kind) if any(n.lower() == "gsid" for n in names)
    }
    for index, _item, record in records(doc):
        if key not in record and index not in misspelt:
            yield Finding(
                code,
                pointer_of(("requests", index, "record")),
                f'requests[{index}].record has no "{key}"; an update needs the GSID of the '
                "record it changes",
            )


def custom_suffix_problem(name: str) -> str | None:
    """Why a field that looks custom does not end in ``__gc``, or None."""
    if not name or name[-1] not in "cC" or is_custom(name):
        return None
    folded = name.lower()
    if folded.endswith("__gc"):
        return f'ends in "{name[-4:]}"; custom fields end in lower-case "__gc"'
    if folded.endswith("_gc"):
        return 'ends in "_gc" with one underscore; custom fields end in "__gc"'
    if folded.endswith("__c"):
        return 'ends in "__c" (a Salesforce custom field); Gainsight custom fields end in "__gc"'
    return None


def lookup_mapped_fields(data: Any) -> set[str] | None:
    """Every record field that a lookup's ``fields`` maps, and every lookup's own name;
    None when ``lookups`` or a lookup's ``fields`` is not an object (GS010 reports it)."""
    lookups = data.get("lookups", {}) if isinstance(data, dict) else {}
    if not isinstance(lookups, dict):
        return None
    mapped: set[str] = set()
    for name, lookup in lookups.items():
        mapped.add(name)
        fields = lookup.get("fields") if isinstance(lookup, dict) else None
        if not isinstance(fields, dict):
            return None
        mapped.update(fields)
    return mapped


@rule(
    "GS030",
    title="requests is not an array of objects with a record",
    severity=ERROR,
    kinds=RECORD_KINDS,
    schema=True,
    hint='send {"requests": [{"record": {...}}]}',
)
def requests_shape() -> None:
    """The body needs ``requests``, a non-empty array of objects, each with an object
    ``record``.

    Source: seed 004, every create and update sample ("Create Customer Goals", "Update
    Customer Goals", "Template Create API", "Metric Create API", …):
    ``{"requests": [{"record": {...}}]}``. A bare record, an empty ``requests`` or an item
    without ``record`` creates or updates nothing.

    Wrong: ``{"record": {"Name": "Onboarding"}}``, ``{"requests": []}``

    Right: ``{"requests": [{"record": {"Name": "Onboarding", ...}}]}``
    """


def _unknown_hint(name: str, known: frozenset[str]) -> str | None:
    # Only the documented names: comparing with every lookup-mapped name of the body
    # would make a body with many unknown and many mapped names quadratic.
    folded = name.casefold()
    same = sorted(k for k in known if k.casefold() == folded)
    close = same or get_close_matches(name, sorted(known), n=1)
    return f'did you mean "{close[0]}"?' if close else None


@rule(
    "GS031",
    title="unknown Gainsight field",
    severity=WARNING,
    kinds=RECORD_KINDS,
    schema=True,
    triggers=("requests",),
    hint="remove the field or fix its spelling; custom fields end in __gc",
)
def unknown_field(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A field seed 004 does not show for this kind, that no lookup maps and that is not
    a custom field.

    Source: seed 004's request samples, success responses and parameter tables ("Create
    Customer Goals", "Template Create API", "Metric Create API", …). Decision
    (SPEC §4.10): those are the known fields, plus every field a lookup's ``fields`` maps
    in the same body (``CompName`` in ``{"fields": {"CompName": "Name"}}``) and every
    custom field (``…__gc``). The API ignores or rejects the rest; the hint proposes the
    closest known name (a known name in another case first: ``DUEDATE`` → ``DueDate``).
    Unknown keys beside ``requests``, ``record``, in associations, in lookups and in the
    items of ``metricsAssociation`` (``metricId``, ``baseValue``, ``targetValue``,
    ``actualValue`` of ``{value, timestamp}`` on a goal; ``metricId`` alone on a template,
    as the "Template Create API" sample shows) and a template's ``metricsDissociation`` are
    reported too (the schema): a misspelt ``basevalue`` would be dropped silently. Fields
    ending in ``__gr`` on a goal or template (GS007), a misspelt GSID key (GS008) and a
    misspelt custom suffix (GS005) have their own rules; a metric has no lookup-resolved
    fields (its responses carry none), so a ``__gr`` field there is unknown.

    Wrong: ``{"record": {"Name": "Onboarding", "StatusNmae": "New", ...}}``

    Right: ``{"record": {"Name": "Onboarding", "StatusName": "New", ...}}``
    """
    known = KNOWN_FIELDS[ctx.kind]
    mapped = lookup_mapped_fields(doc.data) or set()
    for index, names in odd_fields(doc, ctx.kind):
        for name in names:
            if (
                name in mapped
                or is_custom(name)
                or (is_response_field(name) and ctx.kind in GOAL_AND_TEMPLATE)
                or misspelt_gsid_key(name, ctx.kind)
                or custom_suffix_problem(name) is not None
            ):
                continue
            yield Finding(
                "GS031",
                pointer_of(("requests", index, "record", name)),
                f'unknown field "{name}" in requests[{index}].record',
                _unknown_hint(name, known),
            )


@rule(
    "GS005",
    title="custom field does not end in __gc",
    severity=WARNING,
    kinds=RECORD_KINDS,
    triggers=("requests",),
    hint='Gainsight custom fields end in two underscores and lower-case "gc": name__gc',
)
def custom_suffix(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A record field that looks like a custom field but does not end in ``__gc``.

    Source: seed 004 sends custom fields as ``cf_picklist__gc`` ("Create Customer Goals")
    and ``cust_string_value__gc`` ("Template Create API", "Goal Create API"); SPEC §4.9
    "custom fields end in ``__gc``". ``_gc`` (one underscore), ``__GC`` and Salesforce's
    ``__c`` are the usual slips; Gainsight does not know such a field.

    Wrong: ``"cust_string_value_gc": "Facebook"``, ``"Region__c": "EMEA"``

    Right: ``"cust_string_value__gc": "Facebook"``
    """
    for index, names in odd_fields(doc, ctx.kind):
        for name in names:
            problem = custom_suffix_problem(name)
            if problem is not None:
                yield Finding(
                    "GS005",
                    pointer_of(("requests", index, "record", name)),
                    f'requests[{index}].record field "{name}" {problem}',
                )


@rule(
    "GS007",
    title="lookup-resolved response field (__gr) sent in a request",
    severity=WARNING,
    kinds=GOAL_AND_TEMPLATE,
    triggers=("requests",),
    hint="remove the __gr field; send the id field (or a lookup) instead",
)
def response_field(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A record field ending in ``__gr``: the API adds those to its responses.

    Source: seed 004's success responses ("Create Customer Goals", "Goal Create API") carry
    ``CreatedById__gr``, ``ModifiedById__gr`` and ``StatusId__gr`` (``{"Name": ...}``
    objects resolved from the id beside them). They are read-only: sending one back, usually
    after saving a response as the next request, changes nothing.

    Wrong: ``{"record": {"StatusId__gr": {"Name": "New"}, ...}}``

    Right: ``{"record": {"StatusName": "New", ...}}``
    """
    for index, names in odd_fields(doc, ctx.kind):
        for name in names:
            if is_response_field(name):
                yield Finding(
                    "GS007",
                    pointer_of(("requests", index, "record", name)),
                    f'"{name}" is a field the API returns (resolved from "{name[:-4]}"); '
                    "sending it back has no effect",
                )


@rule(
    "GS008",
    title="GSID key spelt for another kind (Gsid for goals and templates, gsid for metrics)",
    severity=ERROR,
    kinds=RECORD_KINDS,
    triggers=("requests",),
)
def gsid_key_spelling(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """The record's GSID key is spelt differently from what this kind takes.

    Source: seed 004. Goals and templates use ``Gsid`` ("Update Customer Goals",
    "Template Update API"); metrics use lower-case ``gsid`` ("Metric Update API"). The
    goal update parameter table prints ``GSID``, but every sample and response spells
    it ``Gsid``. Decision (SPEC §4.10): any other spelling is an error whatever the
    operation, with a hint naming the right key; the operation is still inferred as an
    update, so no second diagnostic says the key is missing.

    Wrong: ``{"record": {"GSID": "1CG0…"}}`` for a goal; ``{"record": {"Gsid": "1I00…"}}``
    for a metric.

    Right: ``{"record": {"Gsid": "1CG0…"}}`` for a goal; ``{"record": {"gsid": "1I00…"}}``
    for a metric.
    """
    right = GSID_KEY[ctx.kind]
    noun = {GOAL: "a goal", TEMPLATE: "a template", METRIC: "a metric"}[ctx.kind]
    for index, names in odd_fields(doc, ctx.kind):
        for name in names:
            if misspelt_gsid_key(name, ctx.kind):
                yield Finding(
                    "GS008",
                    pointer_of(("requests", index, "record", name)),
                    f'"{name}" is not the GSID key of {noun}; it is spelt "{right}"',
                    f'rename "{name}" to "{right}"',
                )


_BLANKABLE = {GOAL: ("Name", "StatusName"), TEMPLATE: ("Name", "StatusName"), METRIC: ("name",)}


@rule(
    "GS009",
    title="Name or StatusName is empty or blank",
    severity=ERROR,
    kinds=RECORD_KINDS,
    triggers=("requests",),
    hint="give the name, or leave the field out of an update to keep the current value",
)
def blank_name(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A goal's or template's ``Name`` or ``StatusName``, or a metric's ``name``, is
    empty or only whitespace.

    Source: seed 004, "Update Customer Goals" parameters: ``Name`` "cannot be left
    empty", ``StatusName`` "need to be filled with relevant status"; the error table
    lists 8010 INVALID_STATUS_NAME. Decision (SPEC §4.10, blank is empty): whitespace
    alone (any Unicode space) counts as empty, on create and on update. A blank
    ``StatusName`` makes the API answer 8010 INVALID_STATUS_NAME.

    Wrong: ``"Name": "  "``, ``"StatusName": ""``

    Right: ``"Name": "Onboarding"``, ``"StatusName": "New"``
    """
    for index, _item, record in records(doc):
        for name in _BLANKABLE[ctx.kind]:
            value = record.get(name)
            if isinstance(value, str) and (not value or value.isspace()):
                what = "an empty string" if not value else f"only whitespace ({show(value)})"
                prevents = (
                    "; the API answers 8010 INVALID_STATUS_NAME" if name == "StatusName" else ""
                )
                yield Finding(
                    "GS009",
                    pointer_of(("requests", index, "record", name)),
                    f"requests[{index}].record.{name} is blank: {what}{prevents}",
                )


@rule(
    "GS040",
    title="AssociatedWork is not an array of GSID strings",
    severity=ERROR,
    kinds=GOAL_AND_TEMPLATE,
    schema=True,
    hint='write AssociatedWork as an array of GSIDs, e.g. ["1I005G22HP9QX1NRFCZYV81Y6QHH30TMXP49"]',
)
def associated_work() -> None:
    """``AssociatedWork`` must be an array of GSID strings.

    Source: seed 004, "Template Create API" and "Goal Create API": ``"AssociatedWork":
    ["1I005G22HP9QX1NRFCMFSKO6E6SA4ZP9ZQ4B"]`` ("GSIDs of associated work"). A single
    string or objects are structure errors; the GSIDs' shape and prefix are warnings
    (GS002, GS003).

    Wrong: ``"AssociatedWork": "1I005G22HP9QX1NRFCMFSKO6E6SA4ZP9ZQ4B"``

    Right: ``"AssociatedWork": ["1I005G22HP9QX1NRFCMFSKO6E6SA4ZP9ZQ4B"]``
    """


RULES = (
    requests_shape,
    unknown_field,
    custom_suffix,
    response_field,
    gsid_key_spelling,
    blank_name,
    associated_work,
)
