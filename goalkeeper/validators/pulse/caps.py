"""Pulse goal rules: frequency caps (``<frequencyCappings>``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.rules import rule
from goalkeeper.validators.pulse.elements import (
    _integer,
    _memo,
    _pointer,
    _top,
)
from goalkeeper.validators.pulse.kinds import GOAL_RULES

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


_TIME_UNITS = (
    "FIVE_MINUTES",
    "TEN_MINUTES",
    "QUARTER_HOUR",
    "HALF_HOUR",
    "HOUR",
    "DAY",
    "WEEK",
    "MONTH",
    "GOAL_LIFETIME",
)
_RANKS = {unit: rank for rank, unit in enumerate(_TIME_UNITS)}


@rule(
    "PU220",
    title="impressions is not a positive whole number",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="write a whole number of 1 or more",
)
def caps_impressions() -> None:
    """A frequency cap's ``impressions`` is a whole number of at least 1.

    Source: seed 003, "Goal rules: Request body format" (``<impressions>integer
    </impressions>`` "Number of impressions to allow in this time period"). Decision (SPEC
    §4.10): at least 1; a cap of 0 would stop delivery altogether.

    Wrong: ``<impressions>0</impressions>``, ``<impressions>2.5</impressions>``

    Right: ``<impressions>3</impressions>``
    """


@rule(
    "PU221",
    title="timeUnit is not a known period",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="use FIVE_MINUTES, TEN_MINUTES, QUARTER_HOUR, HALF_HOUR, HOUR, DAY, "
    "WEEK, MONTH or GOAL_LIFETIME",
)
def caps_time_unit() -> None:
    """A frequency cap's ``timeUnit`` is one of ``FIVE_MINUTES``, ``TEN_MINUTES``,
    ``QUARTER_HOUR``, ``HALF_HOUR``, ``HOUR``, ``DAY``, ``WEEK``, ``MONTH``,
    ``GOAL_LIFETIME``.

    Source: seed 003, "Goal rules: Request body format" (``<timeUnit>``).

    Wrong: ``<timeUnit>MINUTE</timeUnit>``

    Right: ``<timeUnit>FIVE_MINUTES</timeUnit>``
    """


def _caps(doc: Any) -> list[tuple[str, int, Any]]:
    return _memo(doc, "caps", _read_caps)  # type: ignore[no-any-return]


def _read_caps(doc: Any) -> list[tuple[str, int, Any]]:
    caps = []
    for section in _top(doc, "frequencyCappings"):
        found = section.by_tag
        unit = found.get("timeUnit")
        if unit is None or unit[0].text not in _RANKS:
            continue
        impressions = found.get("impressions")
        if impressions is None:
            continue
        text = impressions[0].text
        # 0-9 only, the common case, read here
        number = int(text) if text.isdigit() and text.isascii() else _integer(impressions[0])
        if number is not None:
            caps.append((unit[0].text, number, section))
    return caps


@rule(
    "PU222",
    title="two frequency caps for the same period",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="keep one cap per time unit",
)
def caps_same_unit(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Two ``frequencyCappings`` use the same ``timeUnit``.

    Source: seed 003, "Goal rules: Request body format" (one cap per period, as the sample's
    HOUR and DAY caps); SPEC §4.8. Which of the two applies is undocumented.

    Wrong: ``<frequencyCappings><impressions>3</impressions><timeUnit>HOUR</timeUnit>
    </frequencyCappings>`` twice with 3 and 5.

    Right: one HOUR cap.
    """
    seen: dict[str, tuple[int, Any]] = {}
    for unit, impressions, section in _caps(doc):
        if unit in seen:
            first, first_section = seen[unit]
            yield Finding(
                "PU222",
                _pointer(section),
                f"a second {unit} cap, of {impressions} impressions: the {unit} cap on line "
                f"{first_section.sourceline} allows {first}; which one applies is undocumented",
            )
        else:
            seen[unit] = (impressions, section)


@rule(
    "PU223",
    title="frequency cap can never be reached",
    severity=INFO,
    kinds=(GOAL_RULES,),
    hint="lower the shorter period's cap below the longer one's, or remove it",
)
def caps_unreachable(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A cap for a shorter period is not lower than a cap for a longer period, so the longer
    period's cap always stops delivery first.

    Source: seed 003, "Goal rules: Request body format" (caps per period; the sample allows
    3 per HOUR and 15 per DAY); SPEC §4.8. Periods are ordered FIVE_MINUTES <
    TEN_MINUTES < QUARTER_HOUR < HALF_HOUR < HOUR < DAY < WEEK < MONTH < GOAL_LIFETIME.

    Wrong: 20 per HOUR with 10 per DAY (the hourly cap of 20 can never be reached).

    Right: 3 per HOUR with 15 per DAY.

    The finding names the lowest cap of a longer period (the one that stops delivery
    first); between equal caps, the shorter period.
    """
    caps = _caps(doc)
    if len(caps) < 2 or _rising(caps):
        return  # a lone cap, or each longer period allows more (the common case)
    # For each period, the lowest cap of any longer period: one pass over the nine periods.
    lowest: dict[str, tuple[int, int]] = {}  # unit -> (impressions, rank of the cap's unit)
    for unit, impressions, _section in caps:
        rank = _RANKS[unit]
        known = lowest.get(unit)
        if known is None or impressions < known[0]:
            lowest[unit] = (impressions, rank)
    longer: list[tuple[int, int] | None] = [None] * len(_TIME_UNITS)
    best: tuple[int, int] | None = None
    for rank in range(len(_TIME_UNITS) - 1, -1, -1):
        longer[rank] = best
        own = lowest.get(_TIME_UNITS[rank])
        if own is not None and (best is None or own <= best):
            best = own
    for unit, impressions, section in caps:
        binding = longer[_RANKS[unit]]
        if binding is not None and binding[0] <= impressions:
            yield Finding(
                "PU223",
                _pointer(section),
                f"the {unit} cap of {impressions} can never be reached: the "
                f"{_TIME_UNITS[binding[1]]} cap is {binding[0]}",
            )


def _rising(caps: list[tuple[str, int, Any]]) -> bool:
    """Whether the caps, ordered by period, have each a longer period and more impressions
    than the one before: then every cap can be reached."""
    ordered = sorted([(_RANKS[unit], impressions) for unit, impressions, _section in caps])
    previous_rank, previous = ordered[0]
    for rank, impressions in ordered[1:]:
        if rank == previous_rank or impressions <= previous:
            return False
        previous_rank, previous = rank, impressions
    return True


RULES = (
    caps_impressions,
    caps_time_unit,
    caps_same_unit,
    caps_unreachable,
)
