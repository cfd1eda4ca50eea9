"""Payload kinds: what each vendor API takes, where it is sent, and how to recognise it.

A kind is declared by its vendor module (``goalkeeper.validators.<vendor>``) and
collected by :mod:`goalkeeper.registry`. Resolution order for a payload is: an explicit
kind, then a configuration glob, then content detection (SPEC §3). Detection never
guesses: no signature or two signatures is a GK finding telling the user what to pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Literal, NamedTuple

from goalkeeper.diagnostics import Finding

Format = Literal["json", "xml"]


class PathSegment(NamedTuple):
    """One ``/``-separated piece of an endpoint's path template.

    ``literal`` is fixed text (None for a parameter); ``param`` names a parameter that
    takes the whole URL segment; ``converter`` is ``"str"``, ``"int"`` (ASCII digits only)
    or ``"path"`` (the rest of the path, ``/`` included); ``matrix`` pairs each required
    matrix parameter (``;id=…``) with the name it is reported under.
    """

    literal: str | None
    param: str | None = None
    converter: str = "str"
    matrix: tuple[tuple[str, str], ...] = ()


_PLACEHOLDER = re.compile(r"^\{(\w+)(?::(str|int|path))?\}$")


def parse_template(path: str) -> tuple[PathSegment, ...]:
    """The segments of a path template such as ``/goal/by_goal_id;id={id}``."""
    segments = []
    pieces = path.strip("/").split("/")
    for index, piece in enumerate(pieces):
        name, *matrix_parts = piece.split(";")
        matrix = []
        for part in matrix_parts:
            key, _, value = part.partition("=")
            found = _PLACEHOLDER.match(value)
            if not key or found is None:
                raise ValueError(f"matrix parameter {part!r} in {path!r} must be key={{name}}")
            matrix.append((key, found.group(1)))
        placeholder = _PLACEHOLDER.match(name)
        if placeholder is None:
            if "{" in name or "}" in name:
                raise ValueError(f"segment {name!r} in {path!r}: a parameter is a whole segment")
            segments.append(PathSegment(name, matrix=tuple(matrix)))
            continue
        converter = placeholder.group(2) or "str"
        if converter == "path" and (index != len(pieces) - 1 or matrix):
            raise ValueError(
                f"{{{placeholder.group(1)}:path}} must be the last segment of {path!r}"
            )
        segments.append(PathSegment(None, placeholder.group(1), converter, tuple(matrix)))
    return tuple(segments)


class Endpoint:
    """One HTTP method and path template a kind is sent to.

    ``path`` uses ``{name}`` placeholders, each a whole segment; ``{name:int}`` takes only
    digits and ``{name:path}`` (last segment only) takes the rest of the path, ``/``
    included. A segment may require matrix parameters: ``by_goal_id;id={id}``. The
    template is matched against the end of a URL's path, so any host and any path prefix
    (a private server, a proxy, ``/v1``) is accepted: declare the shortest form.
    ``op`` is the operation the endpoint implies, or None to infer it from the body.
    :mod:`goalkeeper.endpoints` does the matching.
    """

    __slots__ = ("_segments", "method", "op", "path")

    def __init__(self, method: str, path: str, op: str | None = None) -> None:
        self.method = method.upper()
        self.path = path
        self.op = op
        self._segments: tuple[PathSegment, ...] | None = None

    def __repr__(self) -> str:
        return f"Endpoint({self.method!r}, {self.path!r}, op={self.op!r})"

    @property
    def segments(self) -> tuple[PathSegment, ...]:
        """The parsed path template, on first use."""
        if self._segments is None:
            self._segments = parse_template(self.path)
        return self._segments

    def match(self, method: str, path: str) -> dict[str, str] | None:
        """The path parameters when ``method`` and ``path`` are this endpoint's, else None.

        Matrix parameters are reported only when present. :func:`goalkeeper.endpoints.
        match_endpoint` chooses between endpoints and reports wrong methods.
        """
        from goalkeeper.endpoints import match_path, split_path

        if method.upper() != self.method:
            return None
        found = match_path(self, split_path(path))
        return None if found is None else found[0]

    @property
    def shown(self) -> str:
        """The path as users write it: ``{code:path}`` shown as ``{code}``."""
        return re.sub(r"\{(\w+):\w+\}", r"{\1}", self.path)


class Kind(NamedTuple):
    name: str
    vendor: str
    format: Format
    ops: tuple[str, ...]
    schema: str
    title: str
    signature: Callable[[Any], bool]
    signature_text: str
    infer_op: Callable[[Any], str]
    endpoints: tuple[Endpoint, ...] = ()
    outranks: tuple[str, ...] = ()
    # JSON kinds: the signature can only match an object with one of these keys.
    keys: frozenset[str] | None = None


class ResponseShape(NamedTuple):
    """A vendor response that users sometimes save and check as if it were a request."""

    vendor: str
    format: Format
    test: Callable[[Any], bool]
    description: str
    # JSON shapes: the test can only match an object with one of these keys.
    keys: frozenset[str] | None = None


def content_of(document: Any) -> Any:
    """What signatures look at: the JSON data, or the XML root element."""
    return document.root if document.format == "xml" else document.data


def response_finding(
    document: Any, shapes: Sequence[ResponseShape], vendor: str | None = None
) -> Finding | None:
    content = content_of(document)
    for shape in shapes:
        if shape.format != document.format or (vendor is not None and shape.vendor != vendor):
            continue
        if shape.keys is not None and shape.keys.isdisjoint(content):
            continue
        if shape.test(content):
            return Finding(
                "GK403",
                "",
                f"this is {shape.description}, not a request body",
                hint="check the request you send, not what the API answered; strip the "
                "response envelope",
            )
    return None


def detect(document: Any, kinds: Sequence[Kind]) -> Kind | Finding:
    """The one kind whose signature the document has, or a GK finding."""
    content = content_of(document)
    matches = [
        kind
        for kind in kinds
        if kind.format == document.format
        and (kind.keys is None or not kind.keys.isdisjoint(content))
        and kind.signature(content)
    ]
    outranked = {name for kind in matches for name in kind.outranks}
    matches = [kind for kind in matches if kind.name not in outranked]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = " and ".join(kind.name for kind in matches)
        return Finding(
            "GK402",
            "",
            f"the payload looks like {names}; goalkeeper does not guess between them",
            hint=f"pass --kind (one of {', '.join(k.name for k in matches)}) or map the "
            "file to a kind in the configuration's files table",
        )
    hint = (
        "pass --kind KIND (see `goalkeeper kinds`) or map the file to a kind in the "
        "configuration's files table"
    )
    if document.format == "json" and isinstance(content, dict) and content:
        hint += (
            '; a partial update body (such as a goal type\'s {"name": ...}) needs '
            "--kind and --op update"
        )
    what = "XML root element <" + str(content.tag) + ">" if document.format == "xml" else "payload"
    return Finding(
        "GK401",
        "",
        f"cannot tell which kind of request this {what} is",
        hint=hint,
    )
