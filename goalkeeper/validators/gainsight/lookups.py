"""Gainsight lookups: how a request resolves names (a company's, a custom lookup's) into
GSIDs, and the record fields they read."""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import pointer_of
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.kinds import GOAL, TEMPLATE, records

ERROR = Severity.ERROR
GOAL_AND_TEMPLATE = (GOAL, TEMPLATE)
LOOKUP_ERROR = "8008 INVALID_LOOKUP_CONFIG"


@rule(
    "GS010",
    title="lookup is incomplete or malformed",
    severity=ERROR,
    kinds=GOAL_AND_TEMPLATE,
    schema=True,
    hint='each lookup needs "fields" (a non-empty map such as {"CompanyName": "Name"}), '
    '"lookupField", "objectName", "multiMatchOption" and "onNoMatch"',
)
def lookup_shape() -> None:
    """Every entry of ``lookups`` needs ``fields`` (a non-empty map of record field to
    field of the looked-up object), ``lookupField``, ``objectName``,
    ``multiMatchOption`` and ``onNoMatch``; the strings must not be empty.

    Source: seed 004, "Create Customer Goals" and "Goal Create API" samples; the error
    table lists 8008 INVALID_LOOKUP_CONFIG ("Lookup Error"), which a lookup with a
    missing or empty part gets. The message names that error.

    Wrong: ``"lookups": {"CompanyId": {"fields": {}, "objectName": "company"}}``

    Right: ``"lookups": {"CompanyId": {"fields": {"CompanyName": "Name"}, "lookupField":
    "Gsid", "objectName": "company", "multiMatchOption": "FIRSTMATCH", "onNoMatch":
    "ERROR"}}``
    """


@rule(
    "GS011",
    title="lookup multiMatchOption is not FIRSTMATCH or MARKASERROR",
    severity=ERROR,
    kinds=GOAL_AND_TEMPLATE,
    schema=True,
    hint="use FIRSTMATCH (take the first match) or MARKASERROR (fail on several matches)",
)
def multi_match_option() -> None:
    """``multiMatchOption`` says what to do when a lookup finds several records.

    Source: seed 004 shows ``FIRSTMATCH`` ("Create Customer Goals"). Decision (SPEC §4.10):
    ``MARKASERROR`` comes from Gainsight's public lookup documentation and is accepted too;
    any other value (including another case) makes the API answer
    8008 INVALID_LOOKUP_CONFIG.

    Wrong: ``"multiMatchOption": "FIRST"``

    Right: ``"multiMatchOption": "FIRSTMATCH"``
    """


@rule(
    "GS012",
    title="lookup onNoMatch is not ERROR, NULLABLE or DEFAULTVALUE",
    severity=ERROR,
    kinds=GOAL_AND_TEMPLATE,
    schema=True,
    hint="use ERROR, NULLABLE or DEFAULTVALUE",
)
def on_no_match() -> None:
    """``onNoMatch`` says what to do when a lookup finds nothing.

    Source: seed 004 shows ``ERROR`` ("Create Customer Goals"). Decision (SPEC §4.10):
    ``NULLABLE`` and ``DEFAULTVALUE`` come from Gainsight's public lookup documentation and
    are accepted; any other value makes the API answer 8008 INVALID_LOOKUP_CONFIG.

    Wrong: ``"onNoMatch": "SKIP"``

    Right: ``"onNoMatch": "NULLABLE"``
    """


@rule(
    "GS013",
    title="a field a lookup maps is missing from the record",
    severity=Severity.WARNING,
    kinds=GOAL_AND_TEMPLATE,
    triggers=("lookups",),
    hint="add the field to the record, or remove it from the lookup's fields",
)
def lookup_field_present(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A lookup's ``fields`` names a record field that a record does not have.

    Source: seed 004, "Template Create API": the lookup ``{"fields": {"CompName":
    "Name"}}`` resolves the record's ``CompName`` ("Value for Custom lookup field").
    Without that field the lookup has nothing to resolve and the target field stays
    unset (or the lookup fails). The finding points at the lookup's entry and says how
    many records lack the field.

    Wrong: ``{"requests": [{"record": {"Name": "G"}}], "lookups": {"CompanyId":
    {"fields": {"CompanyName": "Name"}, ...}}}``

    Right: ``{"requests": [{"record": {"Name": "G", "CompanyName": "IBM"}}], ...}``
    """
    lookups = doc.data["lookups"]
    if not isinstance(lookups, dict):
        return
    wanted: dict[str, list[tuple[str, str]]] = {}
    for name, lookup in lookups.items():
        fields = lookup.get("fields") if isinstance(lookup, dict) else None
        if isinstance(fields, dict):
            for field in fields:
                wanted.setdefault(field, []).append((name, field))
    if not wanted:
        return
    # One pass over the records' keys: how many records carry each mapped field.
    present = dict.fromkeys(wanted, 0)
    total = 0
    for _index, _item, record in records(doc):
        total += 1
        for key in record:
            if key in present:
                present[key] += 1
    for field, places in wanted.items():
        missing = total - present[field]
        if not missing:
            continue
        where = "requests[0].record has" if total == 1 else f"{missing} of {total} records have"
        for name, key in places:
            yield Finding(
                "GS013",
                pointer_of(("lookups", name, "fields", key)),
                f'lookups.{name} resolves the record field "{field}", but {where} no "{field}"',
            )


RULES = (lookup_shape, multi_match_option, on_no_match, lookup_field_present)
