"""Payload kinds: what each vendor API takes, where it is sent, and how to recognise it.

A kind is declared by its vendor module (``goalkeeper.validators.<vendor>``) and
collected by :mod:`goalkeeper.registry`. Resolution order for a payload is: an explicit
kind, then a configuration glob, then content detection (SPEC §3). Detection never
guesses: no signature or two signatures is a GK finding telling the user what to pass.
"""

from __future__ import annotations

import itertools
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

    @property
    def readable(self) -> str:
        """The path for a message: ``/goal/by_goal_id;id=<id>``."""
        return re.sub(r"\{(\w+)(?::\w+)?\}", r"<\1>", self.path)


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


def one_edit_apart(first: str, second: str) -> bool:
    """Whether two different names are one insertion, deletion, substitution, swap of two
    neighbours, or a change of case apart."""
    if first == second:
        return False
    if first.lower() == second.lower():
        return True
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        differ = [i for i in range(len(first)) if first[i] != second[i]]
        if len(differ) == 1:
            return True
        return (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and first[differ[0]] == second[differ[1]]
            and first[differ[1]] == second[differ[0]]
        )
    shorter, longer = (first, second) if len(first) < len(second) else (second, first)
    index = 0
    while index < len(shorter) and shorter[index] == longer[index]:
        index += 1
    return shorter[index:] == longer[index + 1 :]


# How many top-level keys are compared with a kind's keys: enough for any request body,
# and a bound on the work for a large file that is not a payload at all.
_NEAR_MISS_KEYS = 200
_XML_ROOT = re.compile(r"<(\w+)>")


def near_miss(
    document: Any, kinds: Sequence[Kind], known_keys: Callable[[Kind], Any]
) -> Finding | None:
    """GK401 for a payload that nearly has a kind's signature, else None.

    Files found by walking a directory whose kind cannot be told are skipped (a repository
    holds package.json and tsconfig too), unless they nearly match a kind: a key one edit
    from a key the kind knows whose correction would make the signature match (``cod``,
    ``sortedSegment``), or most of one kind's known keys. Then the typo must not make the
    payload vanish from the check.
    """
    content = content_of(document)
    if document.format == "xml":
        tag = str(getattr(content, "tag", ""))
        for kind in kinds:
            if kind.format != "xml":
                continue
            expected = _XML_ROOT.search(kind.signature_text)
            if expected and one_edit_apart(tag, expected.group(1)):
                return _did_you_mean(f"the root element <{tag}>", f"<{expected.group(1)}>", kind)
        return None
    if not isinstance(content, dict):
        return None
    keys = list(itertools.islice(content, _NEAR_MISS_KEYS))
    for kind in kinds:
        if kind.format != "json":
            continue
        known = known_keys(kind)
        for key in keys:
            if key in known:
                continue
            for candidate in known:
                if candidate in content or not one_edit_apart(key, candidate):
                    continue
                renamed = dict.fromkeys(keys)
                del renamed[key]
                renamed[candidate] = None
                if kind.signature(renamed):
                    pointer = "/" + key.replace("~", "~0").replace("/", "~1")
                    return _did_you_mean(f'the key "{key}"', f'"{candidate}"', kind, pointer)
        present = sum(1 for key in keys if key in known)
        # Most of the kind's keys, or (three or more) most of the object's keys.
        if present >= 2 and (
            present * 2 > len(known) or (present >= 3 and present * 2 > len(keys))
        ):
            return Finding(
                "GK401",
                "",
                f"cannot tell which kind of request this payload is: it has {present} of the "
                f"{len(known)} keys of {kind.name} but not its signature "
                f"({kind.signature_text})",
                hint=f"add the keys {kind.name} is recognised by, or pass --kind {kind.name}",
            )
    return None


def _did_you_mean(what: str, correct: str, kind: Kind, pointer: str = "") -> Finding:
    return Finding(
        "GK401",
        pointer,
        f"cannot tell which kind of request this payload is: {what} is not one goalkeeper "
        f"knows; did you mean {correct} ({kind.name})?",
        hint=f"correct it to {correct}, or pass --kind {kind.name}",
    )
