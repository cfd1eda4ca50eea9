"""Gainsight picklist requests (seed 004, "GET Picklist"): goal types and statuses.

Structure lives in ``goalkeeper/schemas/gainsight/picklist.schema.json``; the rule here
reads the ``entityIds`` items, which a schema could only reject, not explain.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import get_close_matches

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import ordinal, show
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.gsids import shape_problem
from goalkeeper.validators.gainsight.kinds import PICKLIST

KINDS = (PICKLIST,)

# The named entities of seed 004's picklist request comment and responses; a
# relationship type is named by its GSID.
ENTITY_NAMES = ("COMPANY", "ALL_ENTITY")


@rule(
    "GS450",
    title="entityIds is not an array of strings",
    severity=Severity.ERROR,
    kinds=KINDS,
    schema=True,
    hint='write entityIds as an array, e.g. "entityIds": ["COMPANY"]',
)
def entity_ids_shape() -> None:
    """``entityIds`` must be an array of strings.

    Source: seed 004, "GET Picklist" sample request (``"entityIds": ["COMPANY"], // Pass
    COMAPANY, RELATIONSHIP_TYPE_IDs, ALL_ENTITY or any cobination``); SPEC §4.9.

    Wrong: ``{"entityIds": "COMPANY"}``, ``{"entityIds": [1]}``

    Right: ``{"entityIds": ["COMPANY", "ALL_ENTITY"]}``
    """


@rule(
    "GS451",
    title="entityIds item is not COMPANY, ALL_ENTITY or a relationship type GSID",
    severity=Severity.WARNING,
    kinds=KINDS,
    triggers=("entityIds",),
    hint="use COMPANY, ALL_ENTITY or a relationship type's GSID (36 characters)",
)
def entity_id(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """An ``entityIds`` item that is neither ``COMPANY``, ``ALL_ENTITY`` nor a GSID.

    Source: seed 004, "GET Picklist": "Pass COMAPANY, RELATIONSHIP_TYPE_IDs, ALL_ENTITY
    or any cobination"; the responses' ``associationIds`` show ``COMPANY`` and
    ``ALL_ENTITY``. Decision (SPEC §4.10): any other item is a warning — this catches
    the seed comment's own misspelling ``COMAPANY`` copied into a body. A relationship
    type id is a GSID (36 characters, ``1`` then upper-case letters and digits) without
    a documented prefix, so only its shape is read. Names are upper-case.

    Wrong: ``{"entityIds": ["COMAPANY"]}``, ``{"entityIds": ["company"]}``,
    ``{"entityIds": ["RELATIONSHIP"]}``

    Right: ``{"entityIds": ["COMPANY", "1P06GH7MGDHT4CPQ4L6JD5N3ZZ33FNV1ZSEB"]}``
    """
    entity_ids = doc.data["entityIds"]
    if not isinstance(entity_ids, list):
        return
    for index, item in enumerate(entity_ids):
        if not isinstance(item, str) or item in ENTITY_NAMES or shape_problem(item) is None:
            continue
        close = get_close_matches(item.upper(), ENTITY_NAMES, n=1, cutoff=0.7)
        yield Finding(
            "GS451",
            f"/entityIds/{index}",
            f"entityIds[{index}], the {ordinal(index)} entity, {show(item)} is not COMPANY, "
            "ALL_ENTITY or a relationship "
            "type GSID; the API does not document other entity ids",
            hint=f'did you mean "{close[0]}"?' if close else None,
        )


@rule(
    "GS452",
    title="active, includeMetrics or includeChildPicklist is not a boolean",
    severity=Severity.ERROR,
    kinds=KINDS,
    schema=True,
    hint="write true or false without quotes",
)
def picklist_flags() -> None:
    """``active``, ``includeMetrics`` and ``includeChildPicklist`` must be JSON booleans.

    Source: seed 004, "GET Picklist" sample request: ``"active": false, // Pass true for
    all active picklists``, ``"includeMetrics": false``, ``"includeChildPicklist": true``.

    Wrong: ``{"active": "true"}``, ``{"includeMetrics": 1}``

    Right: ``{"active": true, "includeMetrics": false}``
    """


@rule(
    "GS453",
    title="picklistCategory is not GOAL_TYPE or GOAL_STATUS",
    severity=Severity.ERROR,
    kinds=KINDS,
    schema=True,
    hint="use GOAL_TYPE (the default) or GOAL_STATUS, or leave picklistCategory out",
)
def picklist_category() -> None:
    """``picklistCategory`` is optional and must be ``GOAL_TYPE`` or ``GOAL_STATUS``.

    Source: seed 004, "GET Picklist": ``"picklistCategory":"GOAL_TYPE" //cPass GOAL_TYPE
    (default) or GOAL_STATUS``. Decision (SPEC §4.10): optional, the default being
    ``GOAL_TYPE``.

    Wrong: ``{"picklistCategory": "STATUS"}``, ``{"picklistCategory": "goal_type"}``

    Right: ``{"picklistCategory": "GOAL_STATUS"}``
    """


@rule(
    "GS454",
    title="unknown picklist request field",
    severity=Severity.WARNING,
    kinds=KINDS,
    schema=True,
    hint="remove the field or fix its spelling",
)
def picklist_unknown_field() -> None:
    """A field the picklist request does not document.

    Source: seed 004, "GET Picklist" sample request: ``entityIds``, ``active``,
    ``includeMetrics``, ``includeChildPicklist``, ``picklistCategory``. The hint suggests
    the closest name.

    Wrong: ``{"entityIds": ["COMPANY"], "includeChildPicklists": true}``

    Right: ``{"entityIds": ["COMPANY"], "includeChildPicklist": true}``
    """


RULES = (entity_ids_shape, entity_id, picklist_flags, picklist_category, picklist_unknown_field)
