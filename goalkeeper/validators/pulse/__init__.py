"""Pulse (Videoplaza): goals (``<goalBean>``) and goal rules (``<rulesBean>``), seed 003.

Structure lives in ``goalkeeper/schemas/pulse/*.xsd``; the rule modules declare the
XSD-backed rules (documentation only) and the checks XSD 1.0 cannot make: goal values by
type, dates and the clock, time-window semantics, caps, limits and contradictions.

Importing this package imports the kinds only; :mod:`goalkeeper.registry` imports the
rule modules named in ``RULE_MODULES`` when a Pulse payload is first checked.
"""

from __future__ import annotations

from goalkeeper.validators.pulse.kinds import KINDS, RESPONSES

__all__ = ["KINDS", "RESPONSES", "RULE_MODULES"]

RULE_MODULES = (
    "goalkeeper.validators.pulse.booleans",
    "goalkeeper.validators.pulse.request",
    "goalkeeper.validators.pulse.goal",
    "goalkeeper.validators.pulse.goal_dates",
    "goalkeeper.validators.pulse.goal_rules",
    "goalkeeper.validators.pulse.caps",
    "goalkeeper.validators.pulse.locations",
    "goalkeeper.validators.pulse.time_windows",
    "goalkeeper.validators.pulse.custom_parameters",
)
