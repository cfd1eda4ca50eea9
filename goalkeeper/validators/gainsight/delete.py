"""Gainsight delete requests (seed 004, "Template Delete API" and "Metric Delete API").

Structure lives in ``goalkeeper/schemas/gainsight/delete.schema.json``. The GSID readers
are shared with the record kinds (:mod:`goalkeeper.validators.gainsight.gsids`); which
object a ``recordIds`` GSID must name depends on the URL, so that check is request-level.
"""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import ordinal, show
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.gsids import (
    GOAL_OBJECT,
    PICKLIST,
    prefix_problem,
    shape_problem,
)
from goalkeeper.validators.gainsight.kinds import DELETE, DELETE_PREFIX_BY_PATH

KINDS = (DELETE,)

# What each delete endpoint removes, by the prefix it expects (kinds.DELETE_PREFIX_BY_PATH).
_DELETED = {GOAL_OBJECT: "goal templates", PICKLIST: "metrics"}


def _record_ids(doc: JsonDocument) -> Iterator[tuple[int, str]]:
    record_ids = doc.data.get("recordIds")
    if isinstance(record_ids, list):
        for index, value in enumerate(record_ids):
            if isinstance(value, str):
                yield index, value


@rule(
    "GS400",
    title="recordIds is not a non-empty array of GSID strings",
    severity=Severity.ERROR,
    kinds=KINDS,
    schema=True,
    hint='list the GSIDs to delete, e.g. "recordIds": ["1CG01SX5TCMHZ0OXX0750YQUGDZ3WPZ50KBY"]',
)
def record_ids_shape() -> None:
    """``recordIds`` is required and must be a non-empty array of strings.

    Source: seed 004, "Template Delete API" (``{"recordIds": ["1CG01SX5…"]} // GSID of
    Goal Template to be deleted``) and "Metric Delete API"; SPEC §4.9. Decision (SPEC
    §4.10): the structure (array, non-empty, strings) is an error; the GSID's shape and
    prefix are warnings (GS401, GS402).

    Wrong: ``{"recordIds": []}``, ``{"recordIds": "1CG01SX5TCMHZ0OXX0750YQUGDZ3WPZ50KBY"}``,
    ``{"recordIds": [{"gsid": "1CG0…"}]}``

    Right: ``{"recordIds": ["1CG01SX5TCMHZ0OXX0750YQUGDZ3WPZ50KBY"]}``
    """


@rule(
    "GS401",
    title="recordIds item is not shaped like a GSID",
    severity=Severity.WARNING,
    kinds=KINDS,
    triggers=("recordIds",),
    hint="copy the GSID from Gainsight exactly: 36 characters, 1 and 35 upper-case letters "
    "or digits",
)
def record_id_shape(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A ``recordIds`` item is not 36 characters of ``1`` and upper-case letters or digits.

    Source: seed 004, "Template Delete API" and "Metric Delete API": the items are GSIDs,
    and every GSID in the seed has that shape. Decision (SPEC §4.10): GSID shape is a
    warning everywhere (read from the samples, not documented); the reader is the one the
    record kinds use (GS002). A name where the GSID belongs is the usual mistake.

    Wrong: ``{"recordIds": ["Goal Template 1"]}``,
    ``{"recordIds": ["1cg01sx5tcmhz0oxx0750yqugdz3wpz50kby"]}``

    Right: ``{"recordIds": ["1CG01SX5TCMHZ0OXX0750YQUGDZ3WPZ50KBY"]}``
    """
    for index, value in _record_ids(doc):
        problem = shape_problem(value)
        if problem is not None:
            yield Finding(
                "GS401",
                f"/recordIds/{index}",
                f"recordIds[{index}], the {ordinal(index)} id, {show(value)} {problem}",
            )


@rule(
    "GS402",
    title="recordIds GSID names another object than the delete URL",
    severity=Severity.WARNING,
    kinds=KINDS,
    stage="request",
    hint="template delete takes goal template GSIDs (1CG0...), metrics delete takes metric "
    "GSIDs (1I00...); check the URL and the ids",
)
def record_id_prefix(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A ``recordIds`` GSID whose prefix names another object than the URL deletes.

    Source: seed 004: "Template Delete API" deletes goal templates (``1CG0…`` in its
    sample), "Metric Delete API" deletes metrics (``1I00…``). Decision (SPEC §4.10): the
    expected prefix depends on the URL, so only ``goalkeeper.check_request`` (and the
    HTTP guards) check it; a warning, like every prefix check. A metric GSID sent to the
    template delete deletes nothing, or the wrong thing.

    Wrong: ``DELETE /v1/csgoal/external/template/delete`` with
    ``{"recordIds": ["1I0056K976K5AXWOB1NB0L2GCSS77AMROJ8W"]}``

    Right: ``DELETE /csgoal/external/metrics`` with the same body.
    """
    path = ctx.required_request().path.rstrip("/")
    expected = next(
        (prefix for suffix, prefix in DELETE_PREFIX_BY_PATH.items() if path.endswith(suffix)),
        None,
    )
    if expected is None:
        return
    for index, value in _record_ids(doc):
        problem = prefix_problem(value, expected)
        if problem is not None:
            yield Finding(
                "GS402",
                f"/recordIds/{index}",
                f"recordIds[{index}], the {ordinal(index)} id, {show(value)} {problem}; "
                f"{path} deletes {_DELETED[expected]}",
            )


@rule(
    "GS403",
    title="unknown delete request field",
    severity=Severity.WARNING,
    kinds=KINDS,
    schema=True,
    hint="remove the field or fix its spelling",
)
def delete_unknown_field() -> None:
    """A field the delete request does not document.

    Source: seed 004, "Template Delete API" and "Metric Delete API": the body is
    ``{"recordIds": [...]}`` and nothing else. The hint suggests the closest name.

    Wrong: ``{"recordIds": ["1CG0…"], "force": true}``

    Right: ``{"recordIds": ["1CG0…"]}``
    """


RULES = (record_ids_shape, record_id_shape, record_id_prefix, delete_unknown_field)
