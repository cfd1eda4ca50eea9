"""Conductrics targeting rules: the ``when`` conditions and ``andor`` (seed 001)."""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Fix, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import show
from goalkeeper.rules import Source, rule
from goalkeeper.text_edits import replace_json_value
from goalkeeper.validators.conductrics.kinds import TARGETING_RULE
from goalkeeper.validators.conductrics.options import (
    ConductricsOptions,
    _against,
    _known_list_hint,
    _options,
)

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


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


def _lower_andor(source: Source, finding: Finding) -> Fix | None:
    """``"AND"``, ``"Or"`` → lower case; any other value needs a human decision."""
    andor = source.document.data.get("andor")
    if finding.pointer != "/andor" or not isinstance(andor, str):
        return None
    lowered = andor.strip().lower()
    if lowered not in ("and", "or") or lowered == andor:
        return None
    edit = replace_json_value(source, "/andor", lowered)
    return None if edit is None else Fix((edit,), f'write andor as "{lowered}"')


@rule(
    "CT210",
    title='andor is not "and" or "or"',
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    schema=True,
    hint='use "and" (the default) or "or", in lower case',
    fix=_lower_andor,
)
def targeting_andor() -> None:
    """``andor`` is optional and must be ``"and"`` or ``"or"``.

    Source: seed 001, the transform structure: 'Optional "and" vs "or" evaluation, can be
    "and" (the default) or "or"'.

    Wrong: ``{"andor": "AND"}``

    Right: ``{"andor": "and"}``

    Fix (safe): a value that is ``and`` or ``or`` in another case (or with spaces around
    it) is written in lower case: ``"AND"`` becomes ``"and"``. Other values (``"xor"``,
    ``1``) have no fix: which combination was meant is the user's decision.
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


RULES = (
    targeting_source,
    targeting_operator,
    targeting_andor,
    targeting_andor_unused,
)
