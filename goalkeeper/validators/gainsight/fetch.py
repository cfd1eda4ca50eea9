"""Gainsight fetch requests (seed 004, "Fetch Customer Goals" and "Template Fetch API").

Structure lives in ``goalkeeper/schemas/gainsight/fetch.schema.json``; the rules here are
the schema-backed ones (documentation only) and the checks a schema cannot make: known
fields, value counts per operator, literals and unique aliases. The ``where.expression``
rules (GS311-GS314) live with its grammar in :mod:`goalkeeper.validators.gainsight.expression`;
both read the where clause through :mod:`goalkeeper.validators.gainsight.where`.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import get_close_matches
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import ordinal, show
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.kinds import FETCH
from goalkeeper.validators.gainsight.where import (
    aliases_of,
    conditions_of,
    which_condition,
)

ERROR = Severity.ERROR
WARNING = Severity.WARNING

KINDS = (FETCH,)

# Fields of goals and templates that seed 004 names: the create/update parameter tables,
# the request samples, the responses (goal, template and fetch) and the fetch samples'
# select lists. Company_ID is the lookup path SPEC §4.10 gives as an example
# (Company_ID__gr.csm__gr.name).
KNOWN_FIELDS = frozenset(
    {
        "AssociatedWork",
        "CompanyId",
        "CompanyName",
        "Company_ID",
        "CreatedById",
        "CreatedDate",
        "CurrencyIsoCode",
        "Deleted",
        "Description",
        "DueDate",
        "EntityType",
        "GoalCategory",
        "GoalTypeId",
        "GoalTypeName",
        "Gsid",
        "MetricValues",
        "ModifiedById",
        "ModifiedDate",
        "Name",
        "OpportunityId",
        "OpportunityName",
        "RelationshipId",
        "RelationshipName",
        "RelationshipTypeId",
        "StatusId",
        "StatusName",
        "TemplateId",
    }
)

_SORTED_FIELDS = sorted(KNOWN_FIELDS)

OPERATORS = (
    "EQ",
    "NE",
    "LT",
    "GT",
    "LTE",
    "GTE",
    "BTW",
    "IN",
    "CONTAINS",
    "STARTS_WITH",
    "ENDS_WITH",
    "IS_NULL",
    "IS_NOT_NULL",
    "INCLUDES",
    "EXCLUDES",
)
NO_VALUE_OPERATORS = frozenset({"IS_NULL", "IS_NOT_NULL"})
MANY_VALUE_OPERATORS = frozenset({"IN", "INCLUDES", "EXCLUDES"})
SINGLE_VALUE_OPERATORS = frozenset(OPERATORS) - NO_VALUE_OPERATORS - MANY_VALUE_OPERATORS - {"BTW"}
LITERALS = ("TODAY", "YESTERDAY", "TOMORROW", "LAST_N_DAYS", "CURRENT_USER", "ALL_USERS")


def is_known_field(path: str) -> bool:
    """A field or lookup path is known when its first segment is: a known field, a custom
    field (``__gc``) or a known field's lookup (``CompanyId__gr``)."""
    first = path.split(".", 1)[0].strip()
    if first in KNOWN_FIELDS or first.endswith("__gc"):
        return True
    return first.endswith("__gr") and first[: -len("__gr")] in KNOWN_FIELDS


def _did_you_mean(path: str) -> str | None:
    """The path with its first segment replaced by the closest known field (a lookup
    segment ``X__gr`` by the closest ``Y__gr``)."""
    first, dot, rest = path.partition(".")
    name = first.strip()
    lookup = name.endswith("__gr")
    close = get_close_matches(name[:-4] if lookup else name, _SORTED_FIELDS, n=1)
    if not close:
        return None
    return f'did you mean "{close[0]}{"__gr" if lookup else ""}{dot}{rest}"?'


# ---------------------------------------------------------------------------------------
# select


@rule(
    "GS300",
    title="select is not a non-empty array of field names",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    hint='list the fields to return, e.g. "select": ["Name", "Gsid", "StatusId"]',
)
def select_shape() -> None:
    """``select`` is required and must be a non-empty array of non-blank strings.

    Source: seed 004, "Fetch Customer Goals" and "Template Fetch API" (every sample
    request lists the fields to return in ``select``); SPEC §4.9. Blank is empty (SPEC
    §4.10).

    Wrong: ``{"select": [], "pageSize": 10}``, ``{"select": "Name"}``, ``{"select": [""]}``

    Right: ``{"select": ["Name", "Gsid"]}``
    """


@rule(
    "GS301",
    title="select lists a field twice",
    severity=WARNING,
    kinds=KINDS,
    triggers=("select",),
    hint="remove the repeated field",
)
def select_duplicate(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A field appears more than once in ``select``.

    Source: seed 004, "Fetch Customer Goals" (``select`` lists the fields to return);
    SPEC §4.9. A repeat returns nothing more and usually means a merge went wrong. The
    finding points at the repeat and names the first occurrence.

    Wrong: ``{"select": ["Name", "Gsid", "Name"]}``

    Right: ``{"select": ["Name", "Gsid"]}``
    """
    select = doc.data["select"]
    if not isinstance(select, list):
        return
    first: dict[str, int] = {}
    for index, field in enumerate(select):
        if not isinstance(field, str):
            continue
        if field in first:
            yield Finding(
                "GS301",
                f"/select/{index}",
                f"select[{index}], the {ordinal(index)} field, repeats {show(field)}, "
                f"already listed as select[{first[field]}]",
            )
        else:
            first[field] = index


@rule(
    "GS302",
    title="select names an unknown field (8009 INVALID_FIELD)",
    severity=WARNING,
    kinds=KINDS,
    triggers=("select",),
    hint="fix the spelling; custom fields end in __gc, lookups read CompanyId__gr.Name",
)
def select_unknown_field(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A ``select`` field that is neither a documented field nor a custom field.

    Source: seed 004, "Sample Failure Response for Invalid Field Queried" (``"Invalid
    fields in select clause - Gsd"``) and "Error Codes": **8009 INVALID_FIELD**,
    "Invalid field in select clause". Known fields are those seed 004 shows for goals and
    templates (parameter tables, samples, responses); a custom field (``…__gc``) is
    always known.

    Decision (SPEC §4.10): a tenant's own fields cannot be known, so this is a warning,
    although the API answers 8009. ``select`` may hold lookup paths
    (``CompanyId__gr.Name``, ``Company_ID__gr.csm__gr.name``) and names with spaces; a
    path is known when its first segment is (``X__gr`` is the lookup of the known ``X``).

    Wrong: ``{"select": ["Name", "Gsd"]}``

    Right: ``{"select": ["Name", "Gsid", "CompanyId__gr.Name", "cust_string_value__gc"]}``
    """
    select = doc.data["select"]
    if not isinstance(select, list):
        return
    for index, field in enumerate(select):
        if isinstance(field, str) and field.strip() and not is_known_field(field):
            yield Finding(
                "GS302",
                f"/select/{index}",
                f"select[{index}], the {ordinal(index)} field, {show(field)} is not a known "
                "goal or template field; "
                "the API answers 8009 INVALID_FIELD for a field it does not have",
                hint=_did_you_mean(field),
            )


# ---------------------------------------------------------------------------------------
# where.conditions


@rule(
    "GS303",
    title="where is not an object with a conditions array",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    hint='write where as {"conditions": [...], "expression": "A AND B"}',
)
def where_shape() -> None:
    """``where`` is optional; when present it must be an object with ``conditions``, an
    array of condition objects (``[]`` is accepted: no filter).

    Source: seed 004, "Fetch Customer Goals" sample request (``where`` carries
    ``conditions`` and ``expression``); SPEC §4.9 (``where.conditions[]``). Decision (SPEC
    §4.10): ``where`` is optional (no filter fetches every record, page by page); a
    ``where`` without ``conditions`` (``{}``, or only an ``expression``) is an error, since
    the filter it was meant to carry is missing.

    Wrong: ``{"where": [{"fieldName": "Name", ...}]}``, ``{"where": {"expression": "A"}}``

    Right: ``{"where": {"conditions": [{"fieldName": "Name", ...}], "expression": "A"}}``
    """


@rule(
    "GS304",
    title="condition is missing fieldName, alias, operator or value",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    triggers=("where",),
    hint="give each condition fieldName, operator, alias and a value array (or a literal)",
)
def condition_shape(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """Each condition needs a non-blank ``fieldName`` and ``alias``, an ``operator`` and
    ``value``, an array; ``literal``, when given, is a string.

    Source: seed 004, "Fetch Customer Goals" and "Template Fetch API" sample conditions
    (``{"fieldName": "Name", "value": ["CGnew"], "alias": "A", "operator": "EQ"}``); SPEC
    §4.9. Decision (SPEC §4.10): ``value`` may be absent for ``IS_NULL`` and
    ``IS_NOT_NULL``, and a condition may give ``literal`` instead of ``value``.

    Wrong: ``{"fieldName": "Name", "alias": "A", "operator": "EQ"}``,
    ``{"fieldName": "Name", "value": "CGnew", "alias": "A", "operator": "EQ"}``

    Right: ``{"fieldName": "Name", "value": ["CGnew"], "alias": "A", "operator": "EQ"}``
    """
    for index, condition in conditions_of(doc):
        operator = condition.get("operator")
        if "value" in condition or "literal" in condition or operator in NO_VALUE_OPERATORS:
            continue
        if operator not in OPERATORS:
            continue  # GS305 (or the schema's missing operator) says what is wrong
        yield Finding(
            "GS304",
            f"/where/conditions/{index}",
            f'required field "value" is missing in {which_condition(index)}; {operator} compares '
            "the field with it",
        )


@rule(
    "GS305",
    title="unknown condition operator",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    hint="use one of EQ, NE, LT, GT, LTE, GTE, BTW, IN, CONTAINS, STARTS_WITH, ENDS_WITH, "
    "IS_NULL, IS_NOT_NULL, INCLUDES, EXCLUDES (upper case)",
)
def condition_operator() -> None:
    """A condition's ``operator`` must be one of the documented operators.

    Source: seed 004 shows ``EQ`` ("Fetch Customer Goals"), ``STARTS_WITH`` and
    ``CONTAINS`` ("Template Fetch API", "Goal Fetch API"). Decision (SPEC
    §4.10): the rest of the list comes from Gainsight's public query documentation —
    ``NE``, ``LT``, ``GT``, ``LTE``, ``GTE``, ``BTW``, ``IN``, ``ENDS_WITH``,
    ``IS_NULL``, ``IS_NOT_NULL``, ``INCLUDES``, ``EXCLUDES`` — and any other operator is
    an error. Operators are upper-case.

    Wrong: ``{"operator": "LIKE"}``, ``{"operator": "eq"}``

    Right: ``{"operator": "EQ"}``
    """


def _value_counts(doc: JsonDocument) -> Iterator[tuple[int, str, list[Any]]]:
    """Conditions with a valid operator, a value array and no literal."""
    for index, condition in conditions_of(doc):
        operator, value = condition.get("operator"), condition.get("value")
        if operator in OPERATORS and isinstance(value, list) and "literal" not in condition:
            yield index, operator, value


@rule(
    "GS306",
    title="wrong number of values for the operator",
    severity=ERROR,
    kinds=KINDS,
    triggers=("where",),
)
def value_count(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``BTW`` needs exactly two values, ``IS_NULL`` and ``IS_NOT_NULL`` none, every other
    operator at least one.

    Source: seed 004, "Fetch Customer Goals", "Template Fetch API" and "Goal Fetch API"
    (each condition carries one value); SPEC §4.9. Decision (SPEC §4.10): ``value`` may
    be ``[]`` or absent for ``IS_NULL``/``IS_NOT_NULL``. For every other operator an empty
    ``value`` compares the field with nothing; goalkeeper reads that as an error too.

    Wrong: ``{"operator": "BTW", "value": ["2025-01-01"]}``,
    ``{"operator": "IS_NULL", "value": ["x"]}``, ``{"operator": "EQ", "value": []}``

    Right: ``{"operator": "BTW", "value": ["2025-01-01", "2025-01-31"]}``,
    ``{"operator": "IS_NULL", "value": []}``
    """
    for index, operator, value in _value_counts(doc):
        count = len(value)
        if operator == "BTW" and count != 2:
            yield Finding(
                "GS306",
                f"/where/conditions/{index}/value",
                f"BTW needs exactly two values (from and to); {which_condition(index)} has {count}",
                hint='give the range as two values, e.g. ["2025-01-01", "2025-01-31"]',
            )
        elif operator in NO_VALUE_OPERATORS and count:
            yield Finding(
                "GS306",
                f"/where/conditions/{index}/value",
                f"{operator} takes no value; {which_condition(index)} has {count}",
                hint="remove the values (an empty array or no value at all)",
            )
        elif operator not in NO_VALUE_OPERATORS and count == 0:
            yield Finding(
                "GS306",
                f"/where/conditions/{index}/value",
                f"{operator} needs a value; the value of {which_condition(index)} is empty",
                hint="add the value to compare with, or use IS_NULL to match empty fields",
            )


@rule(
    "GS307",
    title="several values for a single-value operator",
    severity=WARNING,
    kinds=KINDS,
    triggers=("where",),
    hint="use IN (or INCLUDES) for several values, or one condition per value joined by OR",
)
def single_value(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``EQ``, ``NE``, ``LT``, ``GT``, ``LTE``, ``GTE``, ``CONTAINS``, ``STARTS_WITH`` and
    ``ENDS_WITH`` compare with one value; the API's use of any further value is
    undocumented.

    Source: seed 004, "Fetch Customer Goals", "Template Fetch API" and "Goal Fetch API"
    (each condition carries one value). Decision (SPEC §4.10): more than one value for a
    single-value operator is a warning.

    Wrong: ``{"operator": "EQ", "value": ["CG1", "CG2"]}``

    Right: ``{"operator": "IN", "value": ["CG1", "CG2"]}``
    """
    for index, operator, value in _value_counts(doc):
        if operator in SINGLE_VALUE_OPERATORS and len(value) > 1:
            yield Finding(
                "GS307",
                f"/where/conditions/{index}/value/1",
                f"{operator} compares with one value; {which_condition(index)} has {len(value)}",
            )


@rule(
    "GS308",
    title="unknown literal",
    severity=WARNING,
    kinds=KINDS,
    triggers=("where",),
    hint="use one of " + ", ".join(LITERALS) + ", or give the value itself in value",
)
def condition_literal(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A condition's ``literal`` is not one of the named values.

    Source: Decision (SPEC §4.10): a condition may give ``literal`` instead of ``value``,
    as the vendor's Cockpit fetch samples do, with ``TODAY``, ``YESTERDAY``,
    ``TOMORROW``, ``LAST_N_DAYS``, ``CURRENT_USER`` or ``ALL_USERS``; any other literal
    is a warning.

    Wrong: ``{"fieldName": "DueDate", "literal": "NOW", "alias": "A", "operator": "LT"}``

    Right: ``{"fieldName": "DueDate", "literal": "TODAY", "alias": "A", "operator": "LT"}``
    """
    for index, condition in conditions_of(doc):
        literal = condition.get("literal")
        if isinstance(literal, str) and literal not in LITERALS:
            close = get_close_matches(literal.upper(), LITERALS, n=1)
            yield Finding(
                "GS308",
                f"/where/conditions/{index}/literal",
                f"{which_condition(index)} has the literal {show(literal)}, which is not one of "
                + ", ".join(LITERALS),
                hint=f'did you mean "{close[0]}"?' if close else None,
            )


@rule(
    "GS309",
    title="condition gives both value and literal",
    severity=WARNING,
    kinds=KINDS,
    triggers=("where",),
    hint="keep one: value for given values, literal for a named value such as TODAY",
)
def value_and_literal(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A condition has values in ``value`` and a ``literal``; which one the API uses is
    undocumented.

    Source: Decision (SPEC §4.10): ``literal`` is given *instead of* ``value``. An empty
    ``value`` beside a literal carries nothing and is accepted.

    Wrong: ``{"value": ["2025-01-01"], "literal": "TODAY", ...}``

    Right: ``{"literal": "TODAY", ...}``, ``{"value": [], "literal": "TODAY", ...}``
    """
    for index, condition in conditions_of(doc):
        value = condition.get("value")
        if "literal" in condition and isinstance(value, list) and value:
            yield Finding(
                "GS309",
                f"/where/conditions/{index}/literal",
                f"{which_condition(index)} gives both value and literal; give one of them",
            )


@rule(
    "GS310",
    title="two conditions share an alias",
    severity=ERROR,
    kinds=KINDS,
    triggers=("where",),
    hint="give every condition its own alias (A, B, C, ...)",
)
def duplicate_alias(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """Every condition's ``alias`` must be unique: the expression names conditions by it.

    Source: seed 004, "Template Fetch API" sample (aliases ``A`` and ``B`` combined by
    ``"A AND B"``); SPEC §4.9. Aliases are case-sensitive (SPEC §4.10): ``a`` and ``A``
    are two aliases. The finding points at the repeat.

    Wrong: two conditions with ``"alias": "A"``

    Right: ``"alias": "A"`` and ``"alias": "B"``
    """
    aliases = aliases_of(doc)
    for index, condition in conditions_of(doc):
        alias = condition.get("alias")
        if isinstance(alias, str) and alias in aliases and aliases[alias] != index:
            yield Finding(
                "GS310",
                f"/where/conditions/{index}/alias",
                f"alias {show(alias)} of {which_condition(index)} is already the alias of "
                f"{which_condition(aliases[alias])}",
            )


@rule(
    "GS317",
    title="condition names an unknown field",
    severity=WARNING,
    kinds=KINDS,
    triggers=("where",),
    hint="fix the spelling; custom fields end in __gc, lookups read CompanyId__gr.Name",
)
def condition_unknown_field(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A condition's ``fieldName`` is neither a documented field nor a custom field.

    Source: seed 004 (the fields of goals and templates, as for GS302, and "Error
    Codes": 8009 INVALID_FIELD). Decision (SPEC §4.10): lookup paths and names with
    spaces are allowed; a path is known when its first segment is; tenant fields cannot
    be known, so this is a warning.

    Wrong: ``{"fieldName": "Nmae", ...}``

    Right: ``{"fieldName": "Name", ...}``, ``{"fieldName": "CompanyId__gr.Name", ...}``
    """
    for index, condition in conditions_of(doc):
        field = condition.get("fieldName")
        if isinstance(field, str) and field.strip() and not is_known_field(field):
            yield Finding(
                "GS317",
                f"/where/conditions/{index}/fieldName",
                f"{which_condition(index)} filters on {show(field)}, which is not a known goal or "
                "template field",
                hint=_did_you_mean(field),
            )


# ---------------------------------------------------------------------------------------
# paging and unknown fields


@rule(
    "GS315",
    title="pageSize or pageNumber is not a positive integer (8007 INVALID_PAGE_REQUEST)",
    severity=ERROR,
    kinds=KINDS,
    schema=True,
    triggers=("pageSize", "pageNumber"),
    hint="use a whole number of at least 1 without a decimal point; pages are numbered from 1",
)
def paging(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``pageSize`` and ``pageNumber`` must be positive integers; ``pageNumber`` is 1-based.

    Source: seed 004, "Fetch Customer Goals" sample (``"pageSize": 100, "pageNumber":
    1``) and "Error Codes": **8007 INVALID_PAGE_REQUEST**, "Invalid page request".
    Decision (SPEC §4.10): pages are numbered from 1, and an integer-valued float
    (``10.0``) is an error too, although JSON Schema counts it as an integer, because
    the API's JSON is typed.

    Wrong: ``{"pageSize": 0}``, ``{"pageNumber": 0}``, ``{"pageSize": "10"}``,
    ``{"pageSize": 10.0}``

    Right: ``{"pageSize": 10, "pageNumber": 1}``
    """
    for name in ("pageSize", "pageNumber"):
        value = doc.data.get(name)
        if isinstance(value, float) and value.is_integer() and value >= 1:
            yield Finding(
                "GS315",
                f"/{name}",
                f"{name} must be a positive integer, not the number {show(value)}; "
                "the API answers 8007 INVALID_PAGE_REQUEST",
            )


@rule(
    "GS316",
    title="unknown fetch request field",
    severity=WARNING,
    kinds=KINDS,
    schema=True,
    hint="remove the field or fix its spelling",
)
def fetch_unknown_field() -> None:
    """A field the fetch request does not document, at the top, in ``where`` or in a
    condition.

    Source: seed 004, "Fetch Customer Goals" and "Template Fetch API": ``select``,
    ``where`` (``conditions``, ``expression``), ``pageSize``, ``pageNumber``; a
    condition has ``fieldName``, ``value``, ``alias``, ``operator`` (and ``literal``,
    SPEC §4.10). The hint suggests the closest documented name.

    Wrong: ``{"select": ["Name"], "pagesize": 10}``

    Right: ``{"select": ["Name"], "pageSize": 10}``
    """


RULES = (
    select_shape,
    select_duplicate,
    select_unknown_field,
    where_shape,
    condition_shape,
    condition_operator,
    value_count,
    single_value,
    condition_literal,
    value_and_literal,
    duplicate_alias,
    paging,
    fetch_unknown_field,
    condition_unknown_field,
)
