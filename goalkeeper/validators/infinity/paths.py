"""The Infinity request URL: every path parameter is an integer."""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import show
from goalkeeper.rules import rule
from goalkeeper.validators.infinity.kinds import ALL_KINDS

_NAMES = {"igrp": "IGRP", "segment": "segment ID", "id": "segment group ID"}


@rule(
    "IN002",
    title="path parameter in the URL is not an integer",
    severity=Severity.ERROR,
    kinds=ALL_KINDS,
    stage="request",
    hint="put the numeric IGRP and segment (group) ID in the URL, e.g. "
    "/config/v2/igrps/1/segments/400",
)
def infinity_path_parameter(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """An IGRP, segment or segment group specifier in the URL is not an integer.

    Source: seed 002 types every URL path parameter as ``(int)``: "IGRP SPECIFIER (int) -
    Installation ID", "SEGMENT SPECIFIER (int) - Segment ID", "SEGMENT GROUP SPECIFIER
    (int)". Decision (SPEC §4.10, "Infinity endpoints"): the path parameters are
    integers. ``…/segments/order`` is the segment order's endpoint, which takes PUT only:
    a POST there is the order sent with the wrong method (GK501), not a segment update
    of a segment called "order". Request-level: ``goalkeeper.check_request`` only.

    Wrong: ``POST /config/v2/igrps/acme/segments``

    Right: ``POST /config/v2/igrps/1/segments``
    """
    request = ctx.required_request()
    for name, value in request.path_params.items():
        if value.isascii() and value.isdigit():
            continue
        what = _NAMES.get(name, name)
        yield Finding("IN002", "", f"the {what} in the URL, {show(value)}, is not an integer")


RULES = (infinity_path_parameter,)
