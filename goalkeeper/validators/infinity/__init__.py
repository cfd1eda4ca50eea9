"""Infinity Config API v2: segments, segment order and segment groups (seed 002).

Light on purpose: importing this package gives the kinds, the response shapes and the
names of the rule modules, never the rules, the schemas or jsonschema.
"""

from __future__ import annotations

from goalkeeper.validators.infinity.kinds import KINDS, RESPONSES

RULE_MODULES = (
    "goalkeeper.validators.infinity.fields",
    "goalkeeper.validators.infinity.paths",
    "goalkeeper.validators.infinity.segment",
    "goalkeeper.validators.infinity.segment_order",
    "goalkeeper.validators.infinity.segment_group",
    "goalkeeper.validators.infinity.cross_file",
)

__all__ = ["KINDS", "RESPONSES", "RULE_MODULES"]
