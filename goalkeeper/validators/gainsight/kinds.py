"""Gainsight Customer Goals (seed 004): the six request kinds, their endpoints, signatures
and the response shapes users save and check by mistake.

Light on purpose: the registry imports this module for detection and ``goalkeeper kinds``
without loading any rule module or schema.

Detection (SPEC §3 and §4.10, derived from seed 004's samples; never a guess):

* ``select`` or ``where`` → ``gainsight/fetch``; ``recordIds`` → ``gainsight/delete``;
  ``picklistCategory`` or ``entityIds`` → ``gainsight/picklist``.
* ``requests[]`` items are records. A metric's record has ``unitOfMeasure`` or a lower-case
  ``gsid``/``name``, or its item has an associate/dissociate GoalTypes/GoalTypeNames key
  (these sit beside ``record``, not in it). A template's record has ``metricsAssociation``
  items with only ``metricId``, ``metricsDissociation`` objects, an integer ``DueDate`` or
  a ``GoalTypeName``. A goal's record has a string ``DueDate``, ``EntityType``, an entity
  name field or a string ``metricsDissociation``, or its item has ``association`` or
  ``dissociation``.
* Signs of two kinds are ambiguous, and no sign at all is a detection error: a body such
  as ``{"requests": [{"record": {"Name": "x"}}]}`` needs ``--kind``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from goalkeeper.kinds import Endpoint, Kind, ResponseShape

GOAL = "gainsight/goal"
TEMPLATE = "gainsight/template"
METRIC = "gainsight/metric"
FETCH = "gainsight/fetch"
DELETE = "gainsight/delete"
PICKLIST = "gainsight/picklist"

RECORD_KINDS = (GOAL, TEMPLATE, METRIC)

# Keys of a metric request item that sit beside "record" (seed 004, Metric Create/Update).
METRIC_ITEM_KEYS = frozenset(
    {
        "associateGoalTypes",
        "associateGoalTypeNames",
        "dissociateGoalTypes",
        "dissociateGoalTypeNames",
    }
)
# The name field that carries a goal's entity (seed 004, Create Customer Goals parameters).
ENTITY_NAME_FIELDS = ("CompanyName", "RelationshipName", "OpportunityName")


_NO_RECORD: dict[str, Any] = {}


def _items(data: Any) -> Iterator[tuple[int, dict[str, Any], Any]]:
    """Each ``requests[]`` item that is an object, with its index and its ``record``."""
    requests = data.get("requests") if isinstance(data, dict) else None
    if not isinstance(requests, list):
        return
    for index, item in enumerate(requests):
        if isinstance(item, dict):
            yield index, item, item.get("record")


def records_of(data: Any) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]]]:
    """Each ``requests[]`` item that is an object and has an object ``record``, with its
    index: what the record rules read (the schema reports every other shape)."""
    for index, item, record in _items(data):
        if isinstance(record, dict):
            yield index, item, record


Record = tuple[int, dict[str, Any], dict[str, Any]]


def records(doc: Any) -> list[Record]:
    """:func:`records_of` a document's data, read once per document and shared by the
    rules (``doc.memo``)."""
    found: list[Record] | None = doc.memo.get("gainsight.records")
    if found is None:
        found = doc.memo["gainsight.records"] = list(records_of(doc.data))
    return found


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_METRIC_RECORD_KEYS = frozenset({"unitOfMeasure", "gsid", "name"})
_GOAL_ITEM_KEYS = frozenset({"association", "dissociation"})
_GOAL_RECORD_KEYS = frozenset({"EntityType", *ENTITY_NAME_FIELDS})


def _metric_signs(item: dict[str, Any], record: dict[str, Any]) -> bool:
    return not (_METRIC_RECORD_KEYS.isdisjoint(record) and METRIC_ITEM_KEYS.isdisjoint(item))


def _template_signs(item: dict[str, Any], record: dict[str, Any]) -> bool:
    if "GoalTypeName" in record or _is_integer(record.get("DueDate")):
        return True
    associated = record.get("metricsAssociation")
    if isinstance(associated, list) and any(
        isinstance(entry, dict) and len(entry) == 1 and "metricId" in entry for entry in associated
    ):
        return True
    dissociated = record.get("metricsDissociation")
    return isinstance(dissociated, list) and any(isinstance(entry, dict) for entry in dissociated)


def _goal_signs(item: dict[str, Any], record: dict[str, Any]) -> bool:
    if not (_GOAL_ITEM_KEYS.isdisjoint(item) and _GOAL_RECORD_KEYS.isdisjoint(record)):
        return True
    if isinstance(record.get("DueDate"), str):
        return True
    dissociated = record.get("metricsDissociation")
    return isinstance(dissociated, list) and any(isinstance(entry, str) for entry in dissociated)


def _has_signs(test: Callable[[dict[str, Any], dict[str, Any]], bool]) -> Callable[[Any], bool]:
    def signature(data: Any) -> bool:
        # A plain loop (detection runs on every JSON payload checked); an item without a
        # record still counts by its own keys, such as "association".
        requests = data.get("requests") if isinstance(data, dict) else None
        if isinstance(requests, list):
            for item in requests:
                if isinstance(item, dict):
                    record = item.get("record")
                    if test(item, record if isinstance(record, dict) else _NO_RECORD):
                        return True
        return False

    return signature


def spellings(key: str) -> frozenset[str]:
    """Every upper/lower-case spelling of ``key`` (``Gsid``: ``GSID``, ``gsid``, …)."""
    found = {""}
    for char in key:
        found = {start + case for start in found for case in {char.lower(), char.upper()}}
    return frozenset(found)


def _record_op(key: str) -> Callable[[Any], str]:
    """Update when a record carries the GSID key, in any spelling (the wrong spelling is
    reported by its own rule; the intent is an update)."""
    every_spelling = spellings(key)

    def infer(data: Any) -> str:
        for _index, _item, record in records_of(data):
            if not every_spelling.isdisjoint(record):
                return "update"
        return "create"

    return infer


def _constant(op: str) -> Callable[[Any], str]:
    return lambda _data: op


def _has_any(*keys: str) -> Callable[[Any], bool]:
    return lambda data: isinstance(data, dict) and any(key in data for key in keys)


def _both(method_a: str, method_b: str, path: str, op: str | None) -> tuple[Endpoint, ...]:
    return (Endpoint(method_a, path, op=op), Endpoint(method_b, path, op=op))


# Endpoint paths are matched against the end of a URL's path (with or without a trailing
# slash), so "/csgoal/..." also matches "/v1/csgoal/..." and any host or prefix (SPEC §4.10).
KINDS = (
    Kind(
        name=GOAL,
        vendor="gainsight",
        format="json",
        ops=("create", "update"),
        schema="gainsight/goal.schema.json",
        title="Gainsight customer goal (Customer Goals API, create and update)",
        signature=_has_signs(_goal_signs),
        signature_text='"requests"[].record with a string "DueDate", "EntityType", an entity '
        'name field or string "metricsDissociation", or an "association"/"dissociation" item',
        infer_op=_record_op("Gsid"),
        endpoints=(
            Endpoint("POST", "/csgoal/external/create", op="create"),
            Endpoint("PUT", "/csgoal/external/update", op="update"),
        ),
        keys=frozenset({"requests"}),
    ),
    Kind(
        name=TEMPLATE,
        vendor="gainsight",
        format="json",
        ops=("create", "update"),
        schema="gainsight/template.schema.json",
        title="Gainsight goal template (Customer Goals template API)",
        signature=_has_signs(_template_signs),
        signature_text='"requests"[].record with an integer "DueDate", "GoalTypeName", '
        '"metricsAssociation" items of only "metricId" or "metricsDissociation" objects',
        infer_op=_record_op("Gsid"),
        endpoints=(
            Endpoint("POST", "/csgoal/external/template", op="create"),
            Endpoint("PUT", "/csgoal/external/template", op="update"),
        ),
        keys=frozenset({"requests"}),
    ),
    Kind(
        name=METRIC,
        vendor="gainsight",
        format="json",
        ops=("create", "update"),
        schema="gainsight/metric.schema.json",
        title="Gainsight goal metric (Customer Goals metric API)",
        signature=_has_signs(_metric_signs),
        signature_text='"requests"[].record with "unitOfMeasure" or lower-case "gsid"/"name", '
        "or an item with associate/dissociate GoalTypes/GoalTypeNames",
        infer_op=_record_op("gsid"),
        endpoints=(
            Endpoint("POST", "/csgoal/external/metric", op="create"),
            Endpoint("PUT", "/csgoal/external/metric", op="update"),
        ),
        keys=frozenset({"requests"}),
    ),
    Kind(
        name=FETCH,
        vendor="gainsight",
        format="json",
        ops=("fetch",),
        schema="gainsight/fetch.schema.json",
        title="Gainsight goal or template fetch (query with select, where, paging)",
        signature=_has_any("select", "where"),
        signature_text='"select" or "where"',
        infer_op=_constant("fetch"),
        endpoints=(
            Endpoint("POST", "/csgoal/external/fetch", op="fetch"),
            Endpoint("POST", "/csgoal/external/template/fetch", op="fetch"),
        ),
        keys=frozenset({"select", "where"}),
    ),
    Kind(
        name=DELETE,
        vendor="gainsight",
        format="json",
        ops=("delete",),
        schema="gainsight/delete.schema.json",
        title="Gainsight template or metric delete (recordIds)",
        signature=_has_any("recordIds"),
        signature_text='"recordIds"',
        infer_op=_constant("delete"),
        endpoints=(
            Endpoint("DELETE", "/csgoal/external/template/delete", op="delete"),
            Endpoint("DELETE", "/csgoal/external/metrics", op="delete"),
        ),
        keys=frozenset({"recordIds"}),
    ),
    Kind(
        name=PICKLIST,
        vendor="gainsight",
        format="json",
        ops=("read",),
        schema="gainsight/picklist.schema.json",
        title="Gainsight goal types and statuses picklist request",
        signature=_has_any("picklistCategory", "entityIds"),
        signature_text='"picklistCategory" or "entityIds"',
        infer_op=_constant("read"),
        endpoints=_both("GET", "POST", "/csgoal/external/admin/picklist", "read"),
        keys=frozenset({"picklistCategory", "entityIds"}),
    ),
)


# Template endpoints by operation, for the request rule that compares the method with the
# body (a template POST whose record has Gsid is an update sent as a create).
TEMPLATE_PATH = "/csgoal/external/template"
# recordIds' object prefix depends on the delete URL (SPEC §4.10): templates are goals'
# objects (1CG0), metrics are picklist-class objects (1I00).
DELETE_PREFIX_BY_PATH = {
    "/csgoal/external/template/delete": "1CG0",
    "/csgoal/external/metrics": "1I00",
}


def _is_result_envelope(data: Any) -> bool:
    return isinstance(data, dict) and "result" in data and "requestId" in data


def _is_error_body(data: Any) -> bool:
    return isinstance(data, dict) and all(
        key in data for key in ("timestamp", "status", "error", "path")
    )


def _is_record_list(data: Any) -> bool:
    return isinstance(data, dict) and "recordList" in data


RESPONSES = (
    ResponseShape(
        "gainsight",
        "json",
        _is_result_envelope,
        'a Gainsight response ({"result": ..., "requestId": ...})',
        frozenset({"result"}),
    ),
    ResponseShape(
        "gainsight",
        "json",
        _is_error_body,
        'a Gainsight error response ({"timestamp", "status", "error", "path"})',
        frozenset({"timestamp"}),
    ),
    ResponseShape(
        "gainsight",
        "json",
        _is_record_list,
        'a Gainsight fetch response (a top-level "recordList")',
        frozenset({"recordList"}),
    ),
)
