"""Gainsight Customer Goals (seed 004): goals, templates, metrics, fetch, delete, picklist.

Light on purpose: importing the package gives the kinds and response shapes only. The
rule modules named in ``RULE_MODULES`` are imported by the registry when a Gainsight
payload is checked, or when the rule reference is built.
"""

from __future__ import annotations

from goalkeeper.validators.gainsight.kinds import KINDS, RESPONSES

RULE_MODULES = (
    "goalkeeper.validators.gainsight.gsids",
    "goalkeeper.validators.gainsight.dates",
    "goalkeeper.validators.gainsight.fields",
    "goalkeeper.validators.gainsight.lookups",
    "goalkeeper.validators.gainsight.associations",
    "goalkeeper.validators.gainsight.access",
    "goalkeeper.validators.gainsight.goal",
    "goalkeeper.validators.gainsight.template",
    "goalkeeper.validators.gainsight.metric",
    "goalkeeper.validators.gainsight.fetch",
    "goalkeeper.validators.gainsight.expression",
    "goalkeeper.validators.gainsight.delete",
    "goalkeeper.validators.gainsight.picklist",
)

__all__ = ["KINDS", "RESPONSES", "RULE_MODULES"]
