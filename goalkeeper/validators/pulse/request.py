"""Request-level checks shared by goals and goal rules: headers and the goal id in the URL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.rules import rule
from goalkeeper.validators.pulse.elements import (
    _first,
    _pointer,
    _quoted,
    _text,
)
from goalkeeper.validators.pulse.kinds import BOTH

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


@rule(
    "PU002",
    title="request has no x-o-api-key header",
    severity=ERROR,
    kinds=BOTH,
    stage="request",
    hint="send the API key in the x-o-api-key header",
)
def api_key(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Every goal and goal-rules request needs the authentication header ``x-o-api-key``.

    Source: seed 003, "Create a goal" and the other endpoint tables ("Header:
    Authentication header (x-o-api-key)"). Request-level: ``goalkeeper.check_request``
    only. The key's value never appears in a message.

    Wrong: ``PUT /api/1.0/goal/rule/by_goal_id;id=f728...`` with no ``x-o-api-key``.

    Right: the same request with ``x-o-api-key: ...``.
    """
    request = ctx.required_request()
    if not request.has_header("x-o-api-key"):
        yield Finding("PU002", "", "no API key: the request has no x-o-api-key header")


@rule(
    "PU003",
    title="content type is not application/xml in UTF-8",
    severity=ERROR,
    kinds=BOTH,
    stage="request",
    hint="send the header Content-Type: application/xml",
)
def content_type(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Goal and goal-rules bodies must be sent as ``application/xml``.

    Source: seed 003, the tables of "Create a goal", "Update a goal" and "Update goal rules"
    (Content type application/xml) and
    "Getting started" (XML encoded as UTF-8). A ``charset`` parameter must name UTF-8
    (Decision, SPEC §4.10: any other charset is an error).
    Request-level: ``goalkeeper.check_request`` only.

    Wrong: ``Content-Type: application/json`` (or none) with a ``<goalBean>`` body.

    Right: ``Content-Type: application/xml; charset=UTF-8``
    """
    request = ctx.required_request()
    value = request.headers.get("content-type", "")
    media, *parameters = value.split(";")
    media = media.strip().lower()
    if media != "application/xml":
        shown = _quoted(media) if media else "missing"
        yield Finding("PU003", "", f"the Content-Type is {shown}; the API takes application/xml")
        return
    for parameter in parameters:
        name, _, charset = parameter.partition("=")
        charset = charset.strip().strip('"')
        if name.strip().lower() == "charset" and charset.lower() not in ("utf-8", "utf8"):
            yield Finding(
                "PU003",
                "",
                f"the Content-Type's charset is {_quoted(charset)}; the API takes XML encoded "
                "as UTF-8",
                hint="send Content-Type: application/xml; charset=UTF-8 (or no charset)",
            )


def _url_goal_id(doc: Any, ctx: Context, code: str, tag: str) -> Iterator[Finding]:
    """The body's goal id in ``<tag>`` against the URL's ``id`` matrix parameter."""
    element = _first(doc, tag)
    in_url = ctx.required_request().path_params.get("id")
    # An empty or blank id is its own mistake (PU121, PU203), not a second one here.
    if element is not None and element.text and in_url is not None and element.text != in_url:
        yield Finding(
            code,
            _pointer(element),
            f"the URL names goal {_quoted(in_url)} but <{tag}> is {_quoted(_text(element))}",
        )


RULES = (
    api_key,
    content_type,
)
