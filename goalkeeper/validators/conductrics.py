"""Conductrics: goal types (seed 000) and targeting rules (seed 001).

Structure lives in ``goalkeeper/schemas/conductrics/*.schema.json``; the rules declared
here are the schema-backed ones (documentation only) and the checks a schema cannot make.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.kinds import Endpoint, Kind, ResponseShape
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import show
from goalkeeper.rules import rule

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO

GOAL_TYPE = "conductrics/goal-type"
TARGETING_RULE = "conductrics/targeting-rule"

_GOAL_TYPE_KEYS = ("agents", "countMax", "valueMin", "valueMax", "name")


def _is_goal_type(data: Any) -> bool:
    return isinstance(data, dict) and "code" in data and any(k in data for k in _GOAL_TYPE_KEYS)


def _is_targeting_rule(data: Any) -> bool:
    return isinstance(data, dict) and ("when" in data or "apply" in data)


def _create(_data: Any) -> str:
    return "create"


KINDS = (
    Kind(
        name=GOAL_TYPE,
        vendor="conductrics",
        format="json",
        ops=("create", "update"),
        schema="conductrics/goal-type.schema.json",
        title="Conductrics goal type (Goal Management API)",
        signature=_is_goal_type,
        signature_text='"code" with any of "agents", "countMax", "valueMin", "valueMax", "name"',
        infer_op=_create,
        endpoints=(Endpoint("PUT", "/admin/{account}/goals/goal/{code:path}"),),
        keys=frozenset({"code"}),
    ),
    Kind(
        name=TARGETING_RULE,
        vendor="conductrics",
        format="json",
        ops=("create",),
        schema="conductrics/targeting-rule.schema.json",
        title="Conductrics targeting rule (Targeting Rules API, transforms)",
        signature=_is_targeting_rule,
        signature_text='"when" or "apply"',
        infer_op=_create,
        endpoints=(
            Endpoint("PUT", "/{owner}/transform-rule", op="create"),
            Endpoint("PUT", "/{owner}/transform-rule/{code:path}", op="create"),
        ),
        outranks=(GOAL_TYPE,),
        keys=frozenset({"when", "apply"}),
    ),
)


def _is_list_response(data: Any) -> bool:
    return isinstance(data, dict) and "status" in data and "data" in data


def _is_data_envelope(data: Any) -> bool:
    inner = data.get("data") if isinstance(data, dict) else None
    return isinstance(inner, dict) and any(k in inner for k in ("transforms", "options"))


def _is_status_message(data: Any) -> bool:
    return isinstance(data, dict) and "success" in data and set(data) <= {"success", "message"}


RESPONSES = (
    ResponseShape(
        "conductrics",
        "json",
        _is_list_response,
        'a Conductrics response ({"status": ..., "data": ...})',
        frozenset({"data"}),
    ),
    ResponseShape(
        "conductrics",
        "json",
        _is_data_envelope,
        'a Conductrics response ({"data": {"transforms" or "options": ...}})',
        frozenset({"data"}),
    ),
    ResponseShape(
        "conductrics",
        "json",
        _is_status_message,
        'a Conductrics status response ({"success": ...})',
        frozenset({"success"}),
    ),
)


# ---------------------------------------------------------------------------------------
# Account options: the transforms-options response (seed 001)


class ConductricsOptions(NamedTuple):
    """Known condition sources, feature providers and operators.

    ``origin`` is None for goalkeeper's built-in lists (findings against them are
    warnings) and the options file's path for an account's own lists (errors).
    """

    sources: frozenset[str]
    feature_sources: frozenset[str]
    operators: frozenset[str]
    origin: str | None = None


# Seed 001 names these providers: geoCity in the transform sample, reoRegionWorld in the
# options sample (SPEC §4.10 also accepts the geoRegionWorld spelling), and geoContinent
# and uaIsMobile as automatic features in the "#geoContinent,#uaIsMobile" example.
BUILT_IN_OPTIONS = ConductricsOptions(
    sources=frozenset(
        {"geoCity", "geoContinent", "geoRegionWorld", "reoRegionWorld", "uaIsMobile"}
    ),
    feature_sources=frozenset({"geoContinent", "geoRegionWorld", "reoRegionWorld", "uaIsMobile"}),
    operators=frozenset({"eq", "neq"}),
)


class OptionsError(ValueError):
    """The options file is not a transforms-options response."""


def parse_options(data: Any, origin: str) -> ConductricsOptions:
    """Read a saved ``transforms-options`` response, with or without its envelope."""
    options = data
    if isinstance(options, dict) and isinstance(options.get("data"), dict):
        options = options["data"]
    if isinstance(options, dict) and isinstance(options.get("options"), dict):
        options = options["options"]
    if not isinstance(options, dict):
        raise OptionsError("expected the transforms-options response, an object")
    providers = options.get("providers")
    operators = options.get("operators")
    if not isinstance(providers, list) or not isinstance(operators, list):
        raise OptionsError('expected "providers" and "operators" arrays under data.options')
    sources: set[str] = set()
    feature_sources: set[str] = set()
    for index, provider in enumerate(providers):
        if not isinstance(provider, dict) or not isinstance(provider.get("code"), str):
            raise OptionsError(f'providers[{index}] has no string "code"')
        sources.add(provider["code"])
        if provider.get("providesFeatures") is True:
            feature_sources.add(provider["code"])
    codes: set[str] = set()
    for index, operator in enumerate(operators):
        if not isinstance(operator, dict) or not isinstance(operator.get("code"), str):
            raise OptionsError(f'operators[{index}] has no string "code"')
        codes.add(operator["code"])
    return ConductricsOptions(
        frozenset(sources), frozenset(feature_sources), frozenset(codes), origin
    )


def load_options(path: str | os.PathLike[str]) -> ConductricsOptions:
    """Load an options file; raises OptionsError with a message that names the problem."""
    from goalkeeper.load.document import load_path

    result = load_path(str(path), expected="json")
    errors = [f for f in result.findings if f.code != "GK102"]
    if errors or not isinstance(result.document, JsonDocument):
        first = errors[0] if errors else None
        where = f" (line {first.position[0]})" if first and first.position else ""
        reason = first.message if first else "not a JSON document"
        raise OptionsError(f"{path}: {reason}{where}")
    return parse_options(result.document.data, str(path))


def _options(ctx: Context) -> ConductricsOptions:
    found = ctx.vendor_options.get("conductrics")
    return found if isinstance(found, ConductricsOptions) else BUILT_IN_OPTIONS


def _against(options: ConductricsOptions) -> tuple[str, Severity | None]:
    if options.origin is None:
        return "goalkeeper's built-in list", None
    return f"the account's options ({os.path.basename(options.origin)})", ERROR


# ---------------------------------------------------------------------------------------
# Goal types (seed 000)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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
    title="goal type code is not 1-100 letters, digits, '/', '_' or '-'",
    severity=ERROR,
    kinds=(GOAL_TYPE,),
    schema=True,
    hint="use 1 to 100 letters, digits, '/', '_' or '-' (e.g. g-checkout)",
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
    hint="shorten the name to at most 50 characters",
)
def goal_type_name() -> None:
    """``name`` must be a non-empty string of at most 50 characters.

    Source: seed 000, "Creating a new Goal Type": "the friendly name ... up to 50
    characters".

    Wrong: ``{"name": "Checkout completed on the new single-page checkout flow (2024)"}``

    Right: ``{"name": "Checkout complete (SPA, 2024)"}``
    """


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


@rule(
    "CT104",
    title="goal type lists an agent twice",
    severity=WARNING,
    kinds=(GOAL_TYPE,),
    schema=True,
    hint="remove the repeated agent code",
)
def goal_type_duplicate_agent() -> None:
    """An agent code appears more than once in ``agents``.

    Source: seed 000, "Creating a new Goal Type" (``agents`` is a list of associations);
    SPEC §4.2. A repeat adds nothing and usually means a merge went wrong. The finding
    points at the repeated entry.

    Wrong: ``{"agents": ["a-1", "a-2", "a-1"]}``

    Right: ``{"agents": ["a-1", "a-2"]}``
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

    Source: seed 000, "Optional fields": "Must be a positive integer". ``0``, ``-1``,
    ``"1"`` and ``1.5`` fail the schema. Decision (SPEC §4.10): ``1.0`` is an error too,
    although JSON Schema counts it as an integer, because the API's JSON is typed.

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

    Source: seed 000, "Optional fields": the minimum and maximum value that should be
    accepted. A quoted number is a string, not a number.

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

    Source: seed 000, "Optional fields": "Both valueMin and valueMax must be provided ...
    (you will get an error message if you provide one without the other)". The finding
    points at the one that is present.

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

    Source: seed 000, "Optional fields": "the max must be greater than the min". Equal
    bounds are an error as well.

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

    Source: seed 000, "Retrieving an Existing Goal Type": these fields "are not supported
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


def _url_code(doc: JsonDocument, ctx: Context, code: str) -> Iterator[Finding]:
    in_url = ctx.required_request().path_params.get("code")
    in_body = doc.data.get("code") if isinstance(doc.data, dict) else None
    if in_url is not None and isinstance(in_body, str) and in_url != in_body:
        yield Finding(
            code,
            "/code",
            f"the URL names code {show(in_url)} but the body's code is {show(in_body)}",
        )


# ---------------------------------------------------------------------------------------
# Targeting rules (seed 001)


@rule(
    "CT200",
    title="targeting rule is missing a required field",
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    schema=True,
    hint="a targeting rule needs code, status, agents, when and apply",
)
def targeting_required() -> None:
    """``code``, ``status``, ``agents``, ``when`` and ``apply`` must all be present.

    Source: seed 001, the transform structure and "You can create a new targeting rule
    (or make changes to an existing one) by issuing a PUT". Decision (SPEC §4.10): the
    PUT replaces the whole rule and every rule the API returns carries these fields, so
    all are required; ``when`` may be an empty array.

    Wrong: ``{"code": "target-gothamites", "agents": ["*"], "apply": {"segment": "urbanites"}}``

    Right: ``{"code": "target-gothamites", "status": 1, "agents": ["*"], "when": [],
    "apply": {"segment": "urbanites"}}``
    """


@rule(
    "CT201",
    title="targeting rule code is not a non-empty string",
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    schema=True,
    hint='give the rule a code, e.g. "target-gothamites"',
)
def targeting_code() -> None:
    """``code`` must be a non-empty string.

    Source: seed 001, the transform structure (``"code": "target-gothamites"``) and
    ``PUT /owner_code/transform-rule/my-rule``.

    Wrong: ``{"code": ""}``, ``{"code": 42}``

    Right: ``{"code": "target-gothamites"}``
    """


@rule(
    "CT202",
    title="targeting rule code has unusual characters or length",
    severity=WARNING,
    kinds=(TARGETING_RULE,),
    schema=True,
    hint="keep codes to 1-100 letters, digits, '/', '_' or '-' so they work in URLs",
)
def targeting_code_format() -> None:
    """``code`` has characters outside letters, digits, ``/``, ``_``, ``-`` or is over 100.

    Source: seed 001 does not state a format; Decision (SPEC §4.3 and §4.10): goal-type
    codes allow ``[A-Za-z0-9/_-]{1,100}`` (seed 000) and an older Conductrics page allows
    letters, digits, dash and underscore, so goalkeeper warns outside that set. The
    code is also the last segment of the rule's URL.

    Wrong: ``{"code": "target gothamites"}``

    Right: ``{"code": "target-gothamites"}``
    """


@rule(
    "CT203",
    title="targeting rule status is not 1 or 0",
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    schema=True,
    triggers=("status",),
    hint="use the integer 1 (enabled) or 0 (disabled)",
)
def targeting_status(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``status`` must be the integer ``1`` (enabled) or ``0`` (disabled).

    Source: seed 001, the transform structure: ``"status": 1 // 1 means enabled, 0 means
    disabled``. ``true``, ``"1"`` and ``2`` fail the schema; Decision (SPEC §4.10):
    ``1.0`` is an error too.

    Wrong: ``{"status": true}``, ``{"status": "1"}``, ``{"status": 1.0}``

    Right: ``{"status": 1}``
    """
    value = doc.data["status"]
    if isinstance(value, float) and value in (0.0, 1.0):
        yield Finding(
            "CT203", "/status", f"status must be the integer 1 or 0, not the number {show(value)}"
        )


@rule(
    "CT204",
    title="targeting rule agents is not an array of agent codes",
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    schema=True,
    hint='write agents as an array of agent codes, or ["*"] for all agents',
)
def targeting_agents() -> None:
    """``agents`` must be an array of non-empty agent-code strings, or ``["*"]``.

    Source: seed 001, the transform structure: ``"agents": ["*"], // agent codes(s) rule
    applies to, or "*" for all agents``.

    Wrong: ``{"agents": "*"}``

    Right: ``{"agents": ["*"]}``
    """


@rule(
    "CT205",
    title='"*" listed together with agent codes',
    severity=WARNING,
    kinds=(TARGETING_RULE,),
    triggers=("agents",),
    hint='use ["*"] alone for all agents, or list the agent codes without "*"',
)
def targeting_star_with_codes(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``"*"`` already means every agent; other codes beside it are redundant.

    Source: seed 001, the transform structure (``"*"`` for all agents); SPEC §4.3. A list
    mixing both usually means the author meant only the listed agents.

    Wrong: ``{"agents": ["*", "my-agent-1"]}``

    Right: ``{"agents": ["*"]}`` or ``{"agents": ["my-agent-1"]}``
    """
    agents = doc.data["agents"]
    if isinstance(agents, list) and "*" in agents and len(agents) > 1:
        others = len([a for a in agents if a != "*"])
        yield Finding(
            "CT205",
            f"/agents/{agents.index('*')}",
            f'agents has "*" (all agents) and {others} other '
            f"code{'s' if others != 1 else ''}; the others are redundant",
        )


@rule(
    "CT206",
    title="targeting rule applies to no agent",
    severity=WARNING,
    kinds=(TARGETING_RULE,),
    schema=True,
    hint='list the agent codes the rule is for, or ["*"] for all agents',
)
def targeting_no_agents() -> None:
    """``agents`` is an empty array, so the rule fires for no agent.

    Source: seed 001, the transform structure (agent codes or ``"*"``); SPEC §4.3.

    Wrong: ``{"agents": []}``

    Right: ``{"agents": ["my-agent-1"]}``
    """


@rule(
    "CT207",
    title="condition is not [source, operator, value]",
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    schema=True,
    hint='write each condition as three strings: ["geoCity", "eq", "New York"]',
)
def targeting_condition_shape() -> None:
    """``when`` must be an array whose items are arrays of exactly three strings.

    Source: seed 001, the transform structure: "each item is always a three-element array
    of strings at this time"; "if there are no conditions for this rule, just provide an
    empty array".

    Wrong: ``{"when": [["geoCity", "New York"]]}``, ``{"when": [["uaIsMobile", "eq", true]]}``

    Right: ``{"when": [["geoCity", "eq", "New York"]]}``, ``{"when": []}``
    """


def _conditions(doc: JsonDocument) -> list[tuple[int, list[str]]]:
    """The well-formed [source, operator, value] conditions with their index (shared)."""
    found: list[tuple[int, list[str]]] | None = doc.memo.get("conditions")
    if found is None:
        when = doc.data.get("when")
        found = [
            (index, condition)
            for index, condition in enumerate(when if isinstance(when, list) else ())
            if isinstance(condition, list)
            and len(condition) == 3
            and all(isinstance(part, str) for part in condition)
        ]
        doc.memo["conditions"] = found
    return found


def _unknown_condition_parts(
    doc: JsonDocument,
    options: ConductricsOptions,
    code: str,
    part: int,
    what: str,
    known: frozenset[str],
) -> Iterator[Finding]:
    """Conditions whose source (part 0) or operator (part 1) is not in ``known``."""
    for index, condition in _conditions(doc):
        if condition[part] not in known:
            against, severity = _against(options)
            yield Finding(
                code,
                f"/when/{index}/{part}",
                f"condition {what} {show(condition[part])} is not in {against}",
                hint=_known_list_hint(known, options.origin),
                severity=severity,
            )


def _known_list_hint(names: frozenset[str], origin: str | None) -> str:
    listed = ", ".join(sorted(names))
    if origin is None:
        return (
            f"goalkeeper knows {listed}; pass --options with your account's "
            "transforms-options response to check against its own list"
        )
    return f"the account's options list {listed}"


@rule(
    "CT208",
    title="unknown condition source",
    severity=WARNING,
    kinds=(TARGETING_RULE,),
    triggers=("when",),
)
def targeting_source(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A condition's source is not a known source-data type.

    Source: seed 001: the source "should be one of the recognized source data types",
    listed by the account's ``transforms-options`` response (``providers[].code``).
    goalkeeper's built-in list holds the providers the seed names (``geoCity``,
    ``geoContinent``, ``reoRegionWorld`` as printed and ``geoRegionWorld``,
    ``uaIsMobile``); against it an unknown source is a warning. With ``--options FILE``
    (or ``conductrics.options`` in the configuration) the account's own list is used and
    an unknown source is an **error**.

    Wrong: ``{"when": [["geoCty", "eq", "New York"]]}``

    Right: ``{"when": [["geoCity", "eq", "New York"]]}``
    """
    options = _options(ctx)
    yield from _unknown_condition_parts(doc, options, "CT208", 0, "source", options.sources)


@rule(
    "CT209",
    title="unknown condition operator",
    severity=WARNING,
    kinds=(TARGETING_RULE,),
    triggers=("when",),
)
def targeting_operator(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A condition's operator is not a known comparison operator.

    Source: seed 001: the ``transforms-options`` response lists the operators
    (``{"code": "eq", "name": "is"}``, ``{"code": "neq", "name": "is not"}``, "...other
    operators..."). Built in: ``eq`` and ``neq`` (a warning otherwise); against an
    account's options file (``--options``) an unknown operator is an **error**.

    Wrong: ``{"when": [["geoCity", "==", "New York"]]}``

    Right: ``{"when": [["geoCity", "eq", "New York"]]}``
    """
    options = _options(ctx)
    yield from _unknown_condition_parts(doc, options, "CT209", 1, "operator", options.operators)


@rule(
    "CT210",
    title='andor is not "and" or "or"',
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    schema=True,
    hint='use "and" (the default) or "or", in lower case',
)
def targeting_andor() -> None:
    """``andor`` is optional and must be ``"and"`` or ``"or"``.

    Source: seed 001, the transform structure: 'Optional "and" vs "or" evaluation, can be
    "and" (the default) or "or"'.

    Wrong: ``{"andor": "AND"}``

    Right: ``{"andor": "and"}``
    """


@rule(
    "CT211",
    title="andor has no effect with fewer than two conditions",
    severity=INFO,
    kinds=(TARGETING_RULE,),
    triggers=("andor",),
    hint="remove andor, or add the other conditions it should combine",
)
def targeting_andor_unused(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``andor`` only matters when ``when`` has two or more conditions.

    Source: seed 001: "(makes no difference unless more than one condition in "when"
    array)".

    Wrong: ``{"when": [["geoCity", "eq", "New York"]], "andor": "or"}``

    Right: ``{"when": [["geoCity", "eq", "New York"], ["geoCity", "eq", "Boston"]],
    "andor": "or"}``
    """
    when = doc.data.get("when")
    andor = doc.data["andor"]
    if isinstance(when, list) and len(when) < 2 and andor in ("and", "or"):
        count = len(when)
        yield Finding(
            "CT211",
            "/andor",
            f"andor {show(andor)} has no effect with {count} condition{'s' if count != 1 else ''}",
        )


def _apply(data: Mapping[str, Any]) -> dict[str, Any] | None:
    apply = data.get("apply")
    return apply if isinstance(apply, dict) else None


@rule(
    "CT212",
    title="apply sets neither a feature nor a segment",
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    schema=True,
    triggers=("apply",),
    hint='set apply.feature (e.g. "gothamite") and/or apply.segment (e.g. "urbanites")',
)
def targeting_apply(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``apply`` must be an object with a non-empty string ``feature`` and/or ``segment``.

    Source: seed 001, the transform structure ("Targeting to apply when the rule fires":
    ``feature`` and/or ``segment``) and the automatic-features example. A rule that
    applies nothing does nothing.

    Wrong: ``{"apply": {}}``, ``{"apply": {"feature": ""}}``, ``{"apply": "gothamite"}``

    Right: ``{"apply": {"feature": "gothamite"}}``
    """
    apply = _apply(doc.data)
    if apply is None:
        return
    if not any(
        isinstance(apply.get(key), str) and apply[key].strip() for key in ("feature", "segment")
    ):
        yield Finding("CT212", "/apply", "apply sets neither a feature nor a segment")


def _feature_items(doc: JsonDocument) -> list[str]:
    """The items of apply.feature, split at commas (shared by the feature rules)."""
    found: list[str] | None = doc.memo.get("features")
    if found is None:
        feature = (_apply(doc.data) or {}).get("feature")
        found = feature.split(",") if isinstance(feature, str) and feature.strip() else []
        doc.memo["features"] = found
    return found


@rule(
    "CT213",
    title="empty item in the feature list",
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    triggers=("apply",),
    hint="remove the extra comma",
)
def targeting_feature_empty_item(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``apply.feature`` is a comma-separated list and one of its items is empty.

    Source: seed 001: "use commas for multiple features". ``"a,,b"``, a leading or a
    trailing comma names a feature with no name.

    Wrong: ``{"apply": {"feature": "#geoContinent,,#uaIsMobile"}}``

    Right: ``{"apply": {"feature": "#geoContinent,#uaIsMobile"}}``
    """
    items = _feature_items(doc)
    empty = [index + 1 for index, item in enumerate(items) if not item.strip()]
    if empty:
        apply = _apply(doc.data) or {}
        where = ", ".join(str(n) for n in empty)
        yield Finding(
            "CT213",
            "/apply/feature",
            f"apply.feature {show(apply['feature'])} has an empty item "
            f"(item {where} of {len(items)})",
        )


@rule(
    "CT214",
    title="spaces around commas in the feature list",
    severity=WARNING,
    kinds=(TARGETING_RULE,),
    triggers=("apply",),
    hint="write the list without spaces: #geoContinent,#uaIsMobile",
)
def targeting_feature_spaces(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """An item of ``apply.feature`` has leading or trailing spaces.

    Source: seed 001 writes the list without spaces (``"#geoContinent,#uaIsMobile"``);
    SPEC §4.3. Whether the API trims is undocumented, so ``"a, b"`` may name the feature
    ``" b"``.

    Wrong: ``{"apply": {"feature": "#geoContinent, #uaIsMobile"}}``

    Right: ``{"apply": {"feature": "#geoContinent,#uaIsMobile"}}``
    """
    spaced = [item for item in _feature_items(doc) if item.strip() and item != item.strip()]
    if spaced:
        apply = _apply(doc.data) or {}
        yield Finding(
            "CT214",
            "/apply/feature",
            f"apply.feature {show(apply['feature'])} has spaces around {show(spaced[0].strip())}",
        )


@rule(
    "CT215",
    title="#feature is not an automatic feature provider",
    severity=WARNING,
    kinds=(TARGETING_RULE,),
    triggers=("apply",),
)
def targeting_automatic_feature(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A ``#``-prefixed feature must name a provider that provides automatic features.

    Source: seed 001: "prefix with # for a Conductrics-provided feature", and the
    options response marks those providers with ``"providesFeatures": true``. Built in:
    ``geoContinent``, ``uaIsMobile`` (the seed's example) and ``reoRegionWorld`` /
    ``geoRegionWorld`` (a warning otherwise); against ``--options`` an unknown provider
    is an **error**. Items are trimmed before the check (SPEC §4.10).

    Wrong: ``{"apply": {"feature": "#geoContinents"}}``

    Right: ``{"apply": {"feature": "#geoContinent"}}``
    """
    options = _options(ctx)
    for item in _feature_items(doc):
        name = item.strip()
        if name.startswith("#") and name[1:] not in options.feature_sources:
            against, severity = _against(options)
            yield Finding(
                "CT215",
                "/apply/feature",
                f"automatic feature {show(name)} is not a feature provider in {against}",
                hint=_known_list_hint(options.feature_sources, options.origin),
                severity=severity,
            )


@rule(
    "CT216",
    title="apply sets both a feature and a segment",
    severity=INFO,
    kinds=(TARGETING_RULE,),
    triggers=("apply",),
    hint="fine if intended; most rules assign one or the other",
)
def targeting_feature_and_segment(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``apply`` assigns features and a segment at once.

    Source: seed 001: "Can also assign segment, but in practice likely just one or the
    other".

    Wrong (unusual): ``{"apply": {"feature": "gothamite", "segment": "urbanites"}}``

    Right: ``{"apply": {"feature": "gothamite"}}``
    """
    apply = _apply(doc.data) or {}
    if all(
        isinstance(apply.get(key), str) and apply[key].strip() for key in ("feature", "segment")
    ):
        yield Finding("CT216", "/apply", "apply sets both a feature and a segment")


@rule(
    "CT217",
    title="unknown targeting rule field",
    severity=WARNING,
    kinds=(TARGETING_RULE,),
    schema=True,
    hint="remove the field or fix its spelling",
)
def targeting_unknown_field() -> None:
    """A field the Targeting Rules API does not document, at the top or inside ``apply``.

    Source: seed 001's transform structure has ``code``, ``status``, ``agents``, ``when``,
    ``andor``, ``apply`` (``feature``, ``segment``). The hint suggests the closest name.

    Wrong: ``{"apply": {"features": "gothamite"}}``

    Right: ``{"apply": {"feature": "gothamite"}}``
    """


@rule(
    "CT218",
    title="targeting rule request has no API key",
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    stage="request",
    hint="add the API key as the x-mpath-apikey header (or ?apikey=)",
)
def targeting_api_key(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """The request carries neither an ``apikey`` query parameter nor an ``x-mpath-apikey``
    header.

    Source: seed 001, "Providing Your API Key": "a URL param called 'apikey' ... or ... a
    HTTP Header called 'x-mpath-apikey'". Request-level: ``goalkeeper.check_request``
    only. The key's value never appears in a message.

    Wrong: ``PUT http://api.conductrics.com/owner_code/transform-rule/my-rule`` with no key.

    Right: the same request with ``x-mpath-apikey: ...``.
    """
    request = ctx.required_request()
    if not (request.has_query("apikey") or request.has_header("x-mpath-apikey")):
        yield Finding(
            "CT218",
            "",
            "no API key: the request has neither an apikey query parameter nor an "
            "x-mpath-apikey header",
        )


@rule(
    "CT219",
    title="targeting rule code in the URL differs from the body",
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    stage="request",
    hint="use the same code in the URL and in the body",
)
def targeting_url_code(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """The code in ``PUT /{owner}/transform-rule/{code}`` must equal the body's ``code``.

    Source: seed 001: a rule is created or changed "by issuing a PUT to the desired rule's
    base URL"; SPEC §4.3. A mismatch writes the body to a different rule than the URL
    names. Request-level: ``goalkeeper.check_request`` only.

    Wrong: ``PUT .../transform-rule/my-rule`` with ``{"code": "other-rule", ...}``

    Right: ``PUT .../transform-rule/my-rule`` with ``{"code": "my-rule", ...}``
    """
    yield from _url_code(doc, ctx, "CT219")


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
    targeting_required,
    targeting_code,
    targeting_code_format,
    targeting_status,
    targeting_agents,
    targeting_star_with_codes,
    targeting_no_agents,
    targeting_condition_shape,
    targeting_source,
    targeting_operator,
    targeting_andor,
    targeting_andor_unused,
    targeting_apply,
    targeting_feature_empty_item,
    targeting_feature_spaces,
    targeting_automatic_feature,
    targeting_feature_and_segment,
    targeting_unknown_field,
    targeting_api_key,
    targeting_url_code,
)
