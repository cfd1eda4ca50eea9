"""Gainsight request-level rules: the access key header."""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.kinds import KINDS


@rule(
    "GS001",
    title="Gainsight request has no accesskey header",
    severity=Severity.ERROR,
    kinds=tuple(kind.name for kind in KINDS),
    stage="request",
    hint="add the tenant's access key as the accesskey header",
)
def access_key(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """The request carries no ``accesskey`` header (or an empty one).

    Source: seed 004, "Authorization": "you need to pass the access key as part of the
    request header “accesskey” for all of your API requests into Gainsight". Without
    it the API refuses the request. The header name is matched without regard to case
    (HTTP header names are case-insensitive); an empty or blank value counts as missing.
    The key's value never appears in a message.

    Decision (SPEC §4.10, scope of request-level rules): checked by
    ``goalkeeper.check_request`` and the HTTP guards only, never by ``goalkeeper check
    FILE``, which has no headers.

    Wrong: ``POST /v1/csgoal/external/create`` with only ``Content-Type``.

    Right: the same request with the header ``accesskey: <key>``.
    """
    if not ctx.required_request().has_header("accesskey"):
        yield Finding("GS001", "", "no access key: the request has no accesskey header")


RULES = (access_key,)
