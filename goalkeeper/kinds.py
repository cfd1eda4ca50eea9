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


class Endpoint:
    """One HTTP method and path template a kind is sent to.

    ``path`` uses ``{name}`` placeholders; the match is made against the end of a URL's
    path, so any host and any path prefix (a private server, a proxy) is accepted.
    ``op`` is the operation the endpoint implies, or None to infer it from the body.
    """

    __slots__ = ("_pattern", "method", "op", "path")

    def __init__(self, method: str, path: str, op: str | None = None) -> None:
        self.method = method
        self.path = path
        self.op = op
        self._pattern: re.Pattern[str] | None = None

    def __repr__(self) -> str:
        return f"Endpoint({self.method!r}, {self.path!r}, op={self.op!r})"

    @property
    def pattern(self) -> re.Pattern[str]:
        """The path template as a regular expression, compiled on first use."""
        if self._pattern is None:
            regex = ""
            for literal, name in re.findall(r"([^{]*)(?:\{(\w+)\})?", self.path):
                regex += re.escape(literal)
                if name:
                    regex += f"(?P<{name}>[^/;?]+)"
            self._pattern = re.compile(f"(?:^|/){regex.lstrip('/')}/?$")
        return self._pattern

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if method.upper() != self.method:
            return None
        found = self.pattern.search(path)
        return found.groupdict() if found else None


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
    # Kinds that cross-file rules look at: the few facts of one body they need (a small
    # tuple of strings and numbers, sent back from worker processes), or None.
    facts: Callable[[Any], Any] | None = None


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
