"""Pulse kinds: goals (``<goalBean>``) and goal rules (``<rulesBean>``), seed 003.

Signatures and endpoint tables only: importing this module imports no rule.
"""

from __future__ import annotations

from typing import Any

from goalkeeper.kinds import Endpoint, Kind, ResponseShape

GOAL = "pulse/goal"
GOAL_RULES = "pulse/goal-rules"
BOTH = (GOAL, GOAL_RULES)


def _root_is(name: str) -> Any:
    return lambda root: root.tag == name


def _goal_op(root: Any) -> str:
    """Update when the body names its goal: a non-empty ``<id>`` (SPEC §4.10). An empty or
    blank ``<id/>`` names nothing, so the body is a create (and PU117 says why)."""
    element = next(root.iterchildren("id"), None)
    return "update" if element is not None and "".join(element.itertext()).strip() else "create"


def _update(_root: Any) -> str:
    return "update"


KINDS = (
    Kind(
        name=GOAL,
        vendor="pulse",
        format="xml",
        ops=("create", "update"),
        schema="pulse/goal.xsd",
        title="Pulse (Videoplaza) goal, Goal 1.0 (<goalBean>)",
        signature=_root_is("goalBean"),
        signature_text="root element <goalBean>",
        infer_op=_goal_op,
        endpoints=(
            Endpoint("POST", "/api/1.0/goal", op="create"),
            Endpoint("PUT", "/api/1.0/goal/by_goal_id;id={id}", op="update"),
        ),
    ),
    Kind(
        name=GOAL_RULES,
        vendor="pulse",
        format="xml",
        ops=("update",),
        schema="pulse/goal-rules.xsd",
        title="Pulse (Videoplaza) goal targeting rules, Goal rules 1.0 (<rulesBean>)",
        signature=_root_is("rulesBean"),
        signature_text="root element <rulesBean>",
        infer_op=_update,
        endpoints=(Endpoint("PUT", "/api/1.0/goal/rule/by_goal_id;id={id}", op="update"),),
    ),
)

RESPONSES = (
    ResponseShape(
        "pulse", "xml", _root_is("collection"), "a Pulse response (<collection> of goal beans)"
    ),
)
