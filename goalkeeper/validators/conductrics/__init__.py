"""Conductrics: goal types (seed 000) and targeting rules (seed 001).

Structure lives in ``goalkeeper/schemas/conductrics/*.schema.json``; the rule modules
declare the schema-backed rules (documentation only) and the checks a schema cannot make.

Importing this package imports the kinds only; :mod:`goalkeeper.registry` imports the
rule modules named in ``RULE_MODULES`` when a Conductrics payload is first checked.
"""

from __future__ import annotations

from goalkeeper.validators.conductrics.kinds import KINDS, RESPONSES

__all__ = ["KINDS", "RESPONSES", "RULE_MODULES"]

RULE_MODULES = (
    "goalkeeper.validators.conductrics.goal_type",
    "goalkeeper.validators.conductrics.targeting_rule",
    "goalkeeper.validators.conductrics.conditions",
    "goalkeeper.validators.conductrics.apply",
)
