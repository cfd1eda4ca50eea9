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
    title="content type is not application/xml",
    severity=ERROR,
    kinds=BOTH,
    stage="request",
    hint="send the header Content-Type: application/xml",
)
def content_type(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Goal and goal-rules bodies must be sent as ``application/xml``.

    Source: seed 003, the endpoint tables ("Content type: application/xml") and
    "Getting started" (XML encoded as UTF-8). A ``charset`` parameter is accepted.
    Request-level: ``goalkeeper.check_request`` only.

    Wrong: ``Content-Type: application/json`` (or none) with a ``<goalBean>`` body.

    Right: ``Content-Type: application/xml; charset=UTF-8``
    """
    request = ctx.required_request()
    value = request.headers.get("content-type", "")
    media = value.split(";", 1)[0].strip().lower()
    if media != "application/xml":
        shown = f'"{media}"' if media else "missing"
        yield Finding("PU003", "", f"the Content-Type is {shown}; the API takes application/xml")


def _url_goal_id(doc: Any, ctx: Context, code: str, tag: str) -> Iterator[Finding]:
    """The body's goal id in ``<tag>`` against the URL's ``id`` matrix parameter."""
    element = _first(doc, tag)
    in_url = ctx.required_request().path_params.get("id")
    if element is not None and in_url is not None and _text(element) != in_url:
        yield Finding(
            code,
            _pointer(element),
            f'the URL names goal "{in_url}" but <{tag}> is "{_text(element)}"',
        )


RULES = (
    api_key,
    content_type,
)
