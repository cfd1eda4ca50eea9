"""Conductrics kinds: goal types (seed 000) and targeting rules (seed 001).

Signatures and endpoint tables only: importing this module imports no rule.
"""

from __future__ import annotations

from typing import Any

from goalkeeper.kinds import Endpoint, Kind, ResponseShape

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
