"""Conductrics goal types (seed 000, Goal Management API)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Fix, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import show
from goalkeeper.rules import Source, rule
from goalkeeper.text_edits import remove_json_items
from goalkeeper.validators.conductrics.kinds import GOAL_TYPE
from goalkeeper.validators.conductrics.urls import _url_code

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


def _is_number(value: Any) -> bool:
    """A finite JSON number: NaN, Infinity and numbers beyond a double are the loader's
    findings (GK205, GK206) and are not compared again (one mistake, one diagnostic)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@rule(
    "CT100",
    title="goal type is missing a required field",
    severity=ERROR,
    kinds=(GOAL_TYPE,),
    ops=("create",),
    schema=True,
    hint="a new goal type needs code, name and agents; for a partial update pass --op update",
)
def goal_type_required() -> None:
    """A goal type created with PUT needs ``code``, ``name`` and ``agents``.

    Source: seed 000, "Creating a new Goal Type" ("at a minimum"). ``agents`` may be an
    empty array. An update may send a partial body (seed 000, "Updating an Existing Goal
    Type"): check it with ``--op update`` (or ``op = "update"`` in the files table) and
    nothing is required.

    Wrong: ``{"code": "checkout", "name": "Checkout"}``

    Right: ``{"code": "checkout", "name": "Checkout", "agents": []}``
    """


@rule(
    "CT101",
    title="goal type code is not 1-100 letters, digits, /, _ or -",
    severity=ERROR,
    kinds=(GOAL_TYPE,),
    schema=True,
    hint="use 1 to 100 letters, digits, /, _ or - (e.g. g-checkout)",
)
def goal_type_code() -> None:
    """``code`` must be a string of 1 to 100 letters, digits, slashes and underscores.

    Source: seed 000, "Creating a new Goal Type": "only numbers, letters, slashes, and
    underscores (up to 100 characters)". Decision (SPEC §4.2 and §4.10): the hyphen is
    accepted too, because the vendor's own admin generates codes such as
    ``g-Nd40yzQjDf`` (seed 000's list sample) although the sentence does not list it.

    Wrong: ``{"code": "checkout complete!", ...}``

    Right: ``{"code": "checkout-complete", ...}``
    """


@rule(
    "CT102",
    title="goal type name is not 1-50 characters",
    severity=ERROR,
    kinds=(GOAL_TYPE,),
    schema=True,
    triggers=("name",),
    hint="give a name of 1 to 50 characters that is not only white space",
)
def goal_type_name(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``name`` must be a string of 1 to 50 characters, not only white space.

    Source: seed 000, "Creating a new Goal Type": "the friendly name ... up to 50
    characters". Decision (SPEC §4.10, blank is empty): a name of white space only
    (any Unicode white space: spaces, tabs, no-break spaces) is as empty as ``""``.

    Wrong: ``{"name": "Checkout completed on the new single-page checkout flow (2024)"}``,
    ``{"name": " "}``

    Right: ``{"name": "Checkout complete (SPA, 2024)"}``
    """
    name = doc.data.get("name")
    if isinstance(name, str) and name.isspace() and len(name) <= 50:
        yield Finding("CT102", "/name", f"name is blank: {show(name)} is only white space")


@rule(
    "CT103",
    title="goal type agents is not an array of agent codes",
    severity=ERROR,
    kinds=(GOAL_TYPE,),
    schema=True,
    hint='write agents as an array of agent code strings, e.g. ["a-3eHahm75Oi"], or []',
)
def goal_type_agents() -> None:
    """``agents`` must be an array of non-empty agent-code strings; it may be empty.

    Source: seed 000, "Creating a new Goal Type": "an array of agent codes ... The array
    may be empty".

    Wrong: ``{"agents": "a-3eHahm75Oi"}``

    Right: ``{"agents": ["a-3eHahm75Oi"]}``
    """


def remove_repeated_agents(source: Source, finding: Finding) -> Fix | None:
    """Every repeat of an agent code goes, with its comma; the first listing stays.

    There is one finding per repeat and they all get the same fix, computed once. Goal
    types (CT104) and targeting rules (CT220) share it: both list agents the same way.
    """
    if finding.pointer.rpartition("/")[0] != "/agents":
        return None
    memo = source.document.memo
    if "fix:CT104" not in memo:
        memo["fix:CT104"] = _repeated_agents_fix(source)
    fix: Fix | None = memo["fix:CT104"]
    return fix


def _repeated_agents_fix(source: Source) -> Fix | None:
    agents = source.document.data.get("agents")
    if not isinstance(agents, list):
        return None
    count = 0

    def repeats() -> Iterator[int]:
        # one pass, no list of every repeat: a long run of repeats becomes one edit
        nonlocal count
        seen: set[str] = set()
        for index, agent in enumerate(agents):
            key = json.dumps(agent, sort_keys=True)
            if key in seen:
                count += 1
                yield index
            seen.add(key)

    edits = remove_json_items(source, "/agents", repeats())
    if not edits:
        return None
    return Fix(edits, f"remove {count} repeated agent code{'s' if count != 1 else ''}")


@rule(
    "CT104",
    title="goal type lists an agent twice",
    severity=WARNING,
    kinds=(GOAL_TYPE,),
    schema=True,
    hint="remove the repeated agent code",
    fix=remove_repeated_agents,
)
def goal_type_duplicate_agent() -> None:
    """An agent code appears more than once in ``agents``.

    Source: seed 000, "Creating a new Goal Type" (``agents`` is a list of associations);
    SPEC §4.2. A repeat adds nothing and usually means a merge went wrong. The finding
    points at the repeated entry.

    Wrong: ``{"agents": ["a-1", "a-2", "a-1"]}``

    Right: ``{"agents": ["a-1", "a-2"]}``

    Fix (safe): removes every repeat with the comma before it; the first listing of each
    code stays where it is, so ``["a-1", "a-2", "a-1"]`` becomes ``["a-1", "a-2"]``.
    """


@rule(
    "CT105",
    title="countMax is not a positive integer",
    severity=ERROR,
    kinds=(GOAL_TYPE,),
    schema=True,
    triggers=("countMax",),
    hint="use a whole number of at least 1 without a decimal point (the default is 1)",
)
def count_max(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``countMax`` must be a positive integer: ``1``, ``2``, … .

    Source: seed 000, "Creating a new Goal Type" ("Optional fields that may be provided"):
    "Must be a positive integer". ``0``, ``-1``, ``"1"`` and ``1.5`` fail the schema.
    Decision (SPEC §4.10): ``1.0`` is an error too, although JSON Schema counts it as an
    integer, because the API's JSON is typed.

    Wrong: ``{"countMax": 0}``, ``{"countMax": "3"}``, ``{"countMax": 3.0}``

    Right: ``{"countMax": 3}``
    """
    value = doc.data["countMax"]
    if isinstance(value, float) and value.is_integer() and value >= 1:
        yield Finding(
            "CT105",
            "/countMax",
            f"countMax must be a positive integer, not the number {show(value)}",
        )


@rule(
    "CT106",
    title="valueMin or valueMax is not a number",
    severity=ERROR,
    kinds=(GOAL_TYPE,),
    schema=True,
    hint="write the value as a JSON number, e.g. 0 or 99.5",
)
def value_bounds_type() -> None:
    """``valueMin`` and ``valueMax`` must be JSON numbers.

    Source: seed 000, "Creating a new Goal Type" ("Optional fields that may be provided"):
    the minimum and maximum value that should be accepted. A quoted number is a string, not
    a number.

    Wrong: ``{"valueMin": "0", "valueMax": "100"}``

    Right: ``{"valueMin": 0, "valueMax": 100}``
    """


@rule(
    "CT107",
    title="valueMin and valueMax must be given together",
    severity=ERROR,
    kinds=(GOAL_TYPE,),
    schema=True,
    hint="give both valueMin and valueMax, or neither",
)
def value_bounds_pair() -> None:
    """One of ``valueMin`` and ``valueMax`` is given without the other.

    Source: seed 000, "Creating a new Goal Type" ("Optional fields that may be provided"):
    "Both valueMin and valueMax must be provided ... (you will get an error message if you
    provide one without the other)". The finding points at the one that is present.

    Wrong: ``{"valueMin": 0}``

    Right: ``{"valueMin": 0, "valueMax": 500}``
    """


@rule(
    "CT108",
    title="valueMax is not greater than valueMin",
    severity=ERROR,
    kinds=(GOAL_TYPE,),
    triggers=("valueMax",),
    hint="raise valueMax or lower valueMin",
)
def value_range(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``valueMax`` must be strictly greater than ``valueMin``.

    Source: seed 000, "Creating a new Goal Type" ("Optional fields that may be provided"):
    "the max must be greater than the min". Equal bounds are an error as well.

    Wrong: ``{"valueMin": 10, "valueMax": 5}``

    Right: ``{"valueMin": 5, "valueMax": 10}``
    """
    low, high = doc.data.get("valueMin"), doc.data["valueMax"]
    if _is_number(low) and _is_number(high) and high <= low:
        yield Finding(
            "CT108",
            "/valueMax",
            f"valueMax ({show(high)}) must be greater than valueMin ({show(low)})",
        )


@rule(
    "CT109",
    title="update body is empty",
    severity=WARNING,
    kinds=(GOAL_TYPE,),
    ops=("update",),
    hint='add the fields to change, e.g. {"name": "New name"}',
)
def empty_update(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A goal type update with ``{}`` changes nothing.

    Source: seed 000, "Updating an Existing Goal Type" (a partial document updates only
    the fields it has); SPEC §4.2.

    Wrong: ``{}`` sent as an update.

    Right: ``{"name": "My New Name"}``
    """
    if doc.data == {}:
        yield Finding("CT109", "", "the update body is empty; nothing would change")


@rule(
    "CT110",
    title="agents in an update replaces the whole list",
    severity=INFO,
    kinds=(GOAL_TYPE,),
    ops=("update",),
    triggers=("agents",),
    hint="GET the goal type first, add your change to its agents, then PUT the full list",
)
def agents_replace(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """An update that carries ``agents`` replaces the current agent list; it does not add.

    Source: seed 000, "Updating an Existing Goal Type": "the list of agent codes in the
    array you provide replaces the list of current agents. So, you will usually want to
    GET the Goal Type first".

    Wrong: ``{"agents": ["a-new"]}`` to add one agent to a goal type that has three.

    Right: ``{"agents": ["a-1", "a-2", "a-3", "a-new"]}`` after a GET.
    """
    if isinstance(doc.data["agents"], list):
        yield Finding(
            "CT110",
            "/agents",
            "agents replaces the goal type's current agents; agents not listed are dropped",
        )


@rule(
    "CT111",
    title="internal Conductrics Express field",
    severity=WARNING,
    kinds=(GOAL_TYPE,),
    triggers=("diagram", "tags"),
    hint="remove it: the API returns it but does not support it for developer use",
)
def express_fields(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``diagram`` and ``tags`` are used internally by Conductrics Express.

    Source: seed 000, "Retrieving an Existing Goal Type Object": these fields "are not supported
    or documented for developer use at this time". They appear when a GET response is
    saved and sent back.

    Wrong: ``{"code": "checkout", "name": "Checkout", "agents": [], "diagram": {...}}``

    Right: ``{"code": "checkout", "name": "Checkout", "agents": []}``
    """
    for name in ("diagram", "tags"):
        if name in doc.data:
            yield Finding(
                "CT111",
                f"/{name}",
                f"{name} is an internal Conductrics Express field, not supported for developer use",
            )


@rule(
    "CT112",
    title="unknown goal type field",
    severity=WARNING,
    kinds=(GOAL_TYPE,),
    schema=True,
    hint="remove the field or fix its spelling",
)
def goal_type_unknown_field() -> None:
    """A field that the Goal Management API does not document.

    Source: seed 000 documents ``code``, ``name``, ``agents``, ``countMax``,
    ``valueMin``, ``valueMax`` (and the internal ``diagram``, ``tags``); anything else
    is ignored at best. The hint suggests the closest documented name.

    Wrong: ``{"countmax": 3}``

    Right: ``{"countMax": 3}``
    """


@rule(
    "CT113",
    title="goal type code in the URL differs from the body",
    severity=ERROR,
    kinds=(GOAL_TYPE,),
    stage="request",
    hint="use the same code in the URL and in the body",
)
def goal_type_url_code(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """The ``code`` in ``PUT /admin/{account}/goals/goal/{code}`` must equal the body's.

    Source: seed 000, "Creating a new Goal Type": the code "must match the code in the
    endpoint URL". Checked by ``goalkeeper.check_request`` only
    (SPEC §4.10), since a file has no URL.

    Wrong: ``PUT .../goals/goal/g-checkout`` with ``{"code": "g-purchase", ...}``

    Right: ``PUT .../goals/goal/g-checkout`` with ``{"code": "g-checkout", ...}``
    """
    yield from _url_code(doc, ctx, "CT113")


@rule(
    "CT114",
    title="goal type request has no API key",
    severity=ERROR,
    kinds=(GOAL_TYPE,),
    stage="request",
    hint="add the admin API key as the x-conductrics-apikey header (or ?apikey=)",
)
def goal_type_api_key(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """The request carries neither an ``apikey`` query parameter nor an
    ``x-conductrics-apikey`` header.

    Source: seed 000, "API keys and such": the admin API key goes in the query parameter
    ``apikey`` or the header ``x-conductrics-apikey``; without it the API answers
    "Unauthorized". Request-level: ``goalkeeper.check_request`` only. The key's
    value never appears in a message.

    Wrong: ``PUT https://api-v3.conductrics.com/admin/acc-xxxxxx/goals/goal/g-1`` with no key.

    Right: the same request with the header ``x-conductrics-apikey: admin-...``.
    """
    request = ctx.required_request()
    if not (request.has_query("apikey") or request.has_header("x-conductrics-apikey")):
        yield Finding(
            "CT114",
            "",
            "no API key: the request has neither an apikey query parameter nor an "
            "x-conductrics-apikey header",
        )


RULES = (
    goal_type_required,
    goal_type_code,
    goal_type_name,
    goal_type_agents,
    goal_type_duplicate_agent,
    count_max,
    value_bounds_type,
    value_bounds_pair,
    value_range,
    empty_update,
    agents_replace,
    express_fields,
    goal_type_unknown_field,
    goal_type_url_code,
    goal_type_api_key,
)
