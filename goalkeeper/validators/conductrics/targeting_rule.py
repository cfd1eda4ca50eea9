"""Conductrics targeting rules (seed 001): code, status, agents, unknown fields and the request."""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import show
from goalkeeper.rules import rule
from goalkeeper.validators.conductrics.goal_type import remove_repeated_agents
from goalkeeper.validators.conductrics.kinds import TARGETING_RULE
from goalkeeper.validators.conductrics.urls import _url_code

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


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
    hint="keep codes to 1-100 letters, digits, /, _ or - so they work in URLs",
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
    if isinstance(agents, list) and "*" in agents:
        others = len([a for a in agents if a != "*"])
        if not others:
            return  # ["*", "*"] is a repeat (CT220), not codes beside "*"
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


@rule(
    "CT220",
    title="targeting rule lists an agent twice",
    severity=WARNING,
    kinds=(TARGETING_RULE,),
    schema=True,
    hint="remove the repeated agent code",
    fix=remove_repeated_agents,
)
def targeting_duplicate_agent() -> None:
    """An agent code (or ``"*"``) appears more than once in ``agents``.

    Source: seed 001, the transform structure (``agents``: the agent codes the rule is
    for); Decision (SPEC §4.10): a repeat is a warning, as for goal types (CT104). It adds
    nothing and usually means a merge went wrong. The finding points at the repeat.

    Wrong: ``{"agents": ["my-agent-1", "my-agent-2", "my-agent-1"]}``

    Right: ``{"agents": ["my-agent-1", "my-agent-2"]}``

    Fix (safe): removes every repeat with the comma before it; the first listing of each
    code stays where it is, as for CT104.
    """


RULES = (
    targeting_required,
    targeting_code,
    targeting_code_format,
    targeting_status,
    targeting_agents,
    targeting_star_with_codes,
    targeting_no_agents,
    targeting_condition_shape,
    targeting_unknown_field,
    targeting_api_key,
    targeting_url_code,
    targeting_duplicate_agent,
)
