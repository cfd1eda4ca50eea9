"""Pulse goal rules: account custom parameters (``<accountCustomParameters>``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.rules import rule
from goalkeeper.validators.pulse.contradictions import _contradictions
from goalkeeper.validators.pulse.elements import (
    _label,
    _memo,
    _pointer,
    _quoted,
    _top,
)
from goalkeeper.validators.pulse.kinds import GOAL_RULES

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


@rule(
    "PU250",
    title="parameterName is not acp.<name>",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="write acp. and the ad request parameter's name, e.g. acp.genre",
)
def acp_name() -> None:
    """An account custom parameter's ``parameterName`` is ``acp.`` followed by the name of
    an ad request parameter defined for the Pulse account.

    Source: seed 003, "Goal rules: Request body format"
    (``<parameterName>acp.paramName</parameterName>`` "paramName needs to match the ad
    request parameter name defined for your Pulse account").

    Wrong: ``<parameterName>genre</parameterName>``

    Right: ``<parameterName>acp.genre</parameterName>``
    """


@rule(
    "PU251",
    title="ignoreParent is not a boolean",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="write true or false",
)
def acp_ignore_parent() -> None:
    """An account custom parameter's ``ignoreParent`` is ``true`` or ``false``.

    Source: seed 003, "Goal rules: Request body format" (``<ignoreParent>boolean
    </ignoreParent>``).

    Wrong: ``<ignoreParent>Y</ignoreParent>``

    Right: ``<ignoreParent>true</ignoreParent>``
    """


@rule(
    "PU252",
    title="account custom parameter ruleType is not AT_LEAST_ONE_OF or NONE_OF",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="use AT_LEAST_ONE_OF or NONE_OF; ALL_OF is not available for custom parameters",
)
def acp_rule_type() -> None:
    """Custom parameter rules are ``AT_LEAST_ONE_OF`` or ``NONE_OF``; ``ALL_OF`` is not
    allowed here.

    Source: seed 003, "Goal rules: Request body format"
    (``<ruleType>AT_LEAST_ONE_OF|NONE_OF</ruleType>`` inside ``accountCustomParameters``).

    Wrong: ``<rules><ruleType>ALL_OF</ruleType><value>Comedy</value></rules>``

    Right: ``<rules><ruleType>AT_LEAST_ONE_OF</ruleType><value>Comedy</value></rules>``
    """


@rule(
    "PU253",
    title="custom parameter value is empty or has a forbidden character",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="write a non-empty value without white space or any of , ; \" ' \\ | ~ &",
)
def acp_value() -> None:
    """A custom parameter value is not empty and contains no white space and none of
    ``,`` ``;`` ``"`` ``'`` ``\\`` ``|`` ``~`` ``&``.

    Source: seed 003, "Goal rules: Request body format" (the notes after the format): "The
    account custom parameter values cannot contain any spaces or any of the following
    characters: comma (,), semicolon (;), double quote/quotation mark ("), single
    quote/apostrophe ('), backslash (\\), pipe (|), tilde (~), or ampersand (&)." Decision
    (SPEC §4.10): any Unicode white space (what ``str.isspace`` accepts: tab, newline,
    no-break space, em space, ideographic space ...) counts as a space.

    Wrong: ``<value>Stand-up comedy</value>``, ``<value>Rock&amp;Roll</value>``,
    ``<value>Stand-up&#160;comedy</value>``

    Right: ``<value>Stand-up_comedy</value>``
    """


def _acp_values(doc: Any) -> dict[str, list[tuple[str, str, Any]]]:
    return _memo(doc, "acp", _read_acp_values)  # type: ignore[no-any-return]


def _read_acp_values(doc: Any) -> dict[str, list[tuple[str, str, Any]]]:
    """For each parameter name: (value, ruleType, value element) over all blocks."""
    by_name: dict[str, list[tuple[str, str, Any]]] = {}
    for block in _top(doc, "accountCustomParameters"):
        found = block.by_tag
        name = found.get("parameterName")
        if name is None:
            continue
        listed = None
        for rules in found.get("rules", ()):
            below = rules.by_tag
            values = below.get("value")
            if values is None:
                continue
            rule_type = below.get("ruleType")
            type_text = rule_type[0].text if rule_type is not None else ""
            if listed is None:
                listed = by_name.setdefault(name[0].text, [])
            if len(values) == 1:  # one value a rule (the common case)
                listed.append((values[0].text, type_text, values[0]))
            else:
                listed.extend([(value.text, type_text, value) for value in values])
    return by_name


ACP_VALUE_LIMIT = 20


@rule(
    "PU254",
    title="more than 20 values for a custom parameter",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    hint="keep at most 20 values per parameter",
)
def acp_too_many(doc: Any, ctx: Context) -> Iterator[Finding]:
    """One account custom parameter has more than 20 values.

    Source: seed 003, "Goal rules: Request body format" (the notes after the format): "You
    can add a maximum of 20 values for one account custom paramater." Decision (SPEC §4.10):
    every value of the same ``parameterName`` counts, across all ``accountCustomParameters``
    blocks and both rule types, repeats included. The finding points at the 21st value.

    Wrong: 21 ``<value>`` elements for ``acp.genre``.

    Right: at most 20.
    """
    for name, values in _acp_values(doc).items():
        if len(values) > ACP_VALUE_LIMIT:
            element = values[ACP_VALUE_LIMIT][2]
            yield Finding(
                "PU254",
                _pointer(element),
                f"{name} has {len(values)} values; the limit is {ACP_VALUE_LIMIT}",
            )


@rule(
    "PU255",
    title="custom parameter value repeated",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="list each value once",
)
def acp_repeated_value(doc: Any, ctx: Context) -> Iterator[Finding]:
    """The same value appears twice for one parameter with the same rule type.

    Source: seed 003, "Goal rules: Request body format" (20 values per parameter: a repeat
    uses one up); SPEC §4.10.

    Wrong: ``<value>Comedy</value>`` twice under ``AT_LEAST_ONE_OF`` for ``acp.genre``.

    Right: once.
    """
    for name, values in _acp_values(doc).items():
        if len(values) < 2:
            continue  # one value: none repeated
        seen: set[tuple[str, str]] = set()
        for value, rule_type, element in values:
            if (value, rule_type) in seen:
                yield Finding(
                    "PU255", _pointer(element), f"{name} lists {_quoted(value)} more than once"
                )
            seen.add((value, rule_type))


@rule(
    "PU256",
    title="custom parameter value both required and excluded",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    hint="decide whether the value is targeted or excluded",
)
def acp_contradiction(doc: Any, ctx: Context) -> Iterator[Finding]:
    """The same value of a parameter is under ``AT_LEAST_ONE_OF`` and under ``NONE_OF``.

    Source: seed 003, "Goal rules: Request body format" (custom parameter rule types);
    SPEC §4.8 and §4.10. The finding
    points at the later occurrence.

    Wrong: ``acp.genre`` ``AT_LEAST_ONE_OF`` Comedy and ``NONE_OF`` Comedy.

    Right: one of the two.
    """
    for name, values in _acp_values(doc).items():
        if len(values) < 2:
            continue  # one value: nothing to contradict
        types = {rule_type for _value, rule_type, _element in values}
        if "AT_LEAST_ONE_OF" not in types or "NONE_OF" not in types:
            continue  # the values of one rule type only (the common case)
        entries = [((name, value), rule_type, element) for value, rule_type, element in values]
        yield from _contradictions(
            entries,
            "PU256",
            f"{name} value",
            "targeted",
            ("AT_LEAST_ONE_OF",),
            "NONE_OF",
        )


@rule(
    "PU257",
    title="custom parameter block has no rules",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="add <rules> with a ruleType and the values to target, or remove the block",
)
def acp_no_rules(doc: Any, ctx: Context) -> Iterator[Finding]:
    """An ``accountCustomParameters`` block without ``<rules>`` targets nothing.

    Source: seed 003, "Goal rules: Request body format" (``<rules>`` inside
    ``accountCustomParameters``) and "List goal rules by goal ID", whose response has
    blocks with only ``ignoreParent`` and ``parameterName``. Decision (SPEC §4.10): the API
    itself writes such blocks, so sending one is a warning, not an error: it adds no
    targeting (an edited GET response often carries them).

    Wrong: ``<accountCustomParameters><ignoreParent>false</ignoreParent>
    <parameterName>acp.genre</parameterName></accountCustomParameters>``

    Right: the same with ``<rules><ruleType>AT_LEAST_ONE_OF</ruleType><value>Comedy</value>
    </rules>``, or no block.
    """
    for block in _top(doc, "accountCustomParameters"):
        if "rules" not in block.by_tag:
            name = block.first("parameterName")
            what = f" for {_quoted(name.text)}" if name is not None and name.text else ""
            yield Finding(
                "PU257",
                _pointer(block),
                f"{_label(block)}{what} has no <rules>, so it adds no targeting",
            )


RULES = (
    acp_name,
    acp_ignore_parent,
    acp_rule_type,
    acp_value,
    acp_too_many,
    acp_repeated_value,
    acp_contradiction,
    acp_no_rules,
)
