"""The ``where`` clause of a Gainsight fetch, read once per document: its conditions and
the aliases they define. Shared by the condition rules (:mod:`.fetch`) and the expression
rules (:mod:`.expression`); no rules of its own.
"""

from __future__ import annotations

from typing import Any

from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import ordinal


def which_condition(index: int) -> str:
    """``the second condition, where.conditions[1]`` (messages count like the payload)."""
    return f"the {ordinal(index)} condition, where.conditions[{index}]"


def where_of(doc: JsonDocument) -> dict[str, Any] | None:
    where = doc.data.get("where")
    return where if isinstance(where, dict) else None


def conditions_of(doc: JsonDocument) -> list[tuple[int, dict[str, Any]]]:
    """The conditions that are objects, with their index (shared by the rules)."""
    found: list[tuple[int, dict[str, Any]]] | None = doc.memo.get("gainsight.conditions")
    if found is None:
        conditions = (where_of(doc) or {}).get("conditions")
        found = [
            (index, condition)
            for index, condition in enumerate(conditions if isinstance(conditions, list) else ())
            if isinstance(condition, dict)
        ]
        doc.memo["gainsight.conditions"] = found
    return found


def aliases_of(doc: JsonDocument) -> dict[str, int]:
    """Each alias defined by a condition, with the index of its first condition."""
    found: dict[str, int] | None = doc.memo.get("gainsight.aliases")
    if found is None:
        found = {}
        for index, condition in conditions_of(doc):
            alias = condition.get("alias")
            if isinstance(alias, str) and alias.strip():
                found.setdefault(alias, index)
        doc.memo["gainsight.aliases"] = found
    return found
