"""JSON text to data plus a lazy source map, with every problem a located GK finding.

The fast path is the standard library's C decoder with three cheap hooks that only raise
a flag (duplicate keys, NaN/Infinity, numbers that overflow a double). Positions are
computed by :mod:`goalkeeper.load.json_source_map` only when something is reported.
"""

from __future__ import annotations

import json
import math
import threading
from typing import TYPE_CHECKING, Any

from goalkeeper.diagnostics import Finding, cap_findings
from goalkeeper.load.text import LineIndex

if TYPE_CHECKING:
    from goalkeeper.load.json_source_map import JsonSourceMap

MAX_DEPTH = 512
# The largest finite double has 309 integer digits.
_MAX_DOUBLE_DIGITS = 309

_DUPLICATE = 1
_NON_FINITE = 2
_OVERFLOW = 4

_flags = threading.local()


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        _flags.value |= _DUPLICATE
    return result


def _constant(literal: str) -> float:
    _flags.value |= _NON_FINITE
    return float(literal)


def _float(literal: str) -> float:
    value = float(literal)
    if math.isinf(value):
        _flags.value |= _OVERFLOW
    return value


def _int(literal: str) -> int | float:
    digits = len(literal) - literal.startswith("-")
    if digits >= _MAX_DOUBLE_DIGITS and _integer_overflows(literal, digits):
        _flags.value |= _OVERFLOW
        return math.inf
    return int(literal)


def _integer_overflows(literal: str, digits: int) -> bool:
    """Whether an integer literal is beyond the largest double (it would become infinity)."""
    if digits > _MAX_DOUBLE_DIGITS:
        return True
    if digits < _MAX_DOUBLE_DIGITS:
        return False
    try:
        float(int(literal))
    except OverflowError:
        return True
    return False


_DECODER = json.JSONDecoder(
    object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float, parse_int=_int
)


class JsonDocument:
    """A parsed JSON payload. ``text`` is None for data handed over already parsed."""

    format = "json"
    __slots__ = ("_source_map", "data", "memo", "non_finite", "path", "reported_values", "text")

    def __init__(self, data: Any, text: str | None, path: str | None = None) -> None:
        self.data = data
        self.text = text
        self.path = path
        # NaN or an infinite number somewhere in the data (already reported).
        self.non_finite = False
        # Pointers of values the loader already reported (NaN, beyond a double): rules
        # leave them alone, and the engine drops any finding at or inside them.
        self.reported_values: frozenset[str] = frozenset()
        self._source_map: JsonSourceMap | None = None
        # What several rules derive from the document, computed once.
        self.memo: dict[str, Any] = {}

    @property
    def source_map(self) -> JsonSourceMap | None:
        if self._source_map is None and self.text is not None:
            from goalkeeper.load.json_source_map import build_source_map

            self._source_map = build_source_map(self.text)
        return self._source_map

    def position(self, pointer: str) -> tuple[int, int] | None:
        return self.positions([pointer]).get(pointer)

    def positions(self, pointers: list[str]) -> dict[str, tuple[int, int]]:
        """Where each pointer's thing starts (see :meth:`JsonSourceMap.position`).

        A document already mapped (because the loader found something) answers from its
        map; otherwise only the way to these pointers is scanned.
        """
        if self.text is None:
            return {}
        if self._source_map is not None:
            found = {p: self._source_map.position(p) for p in pointers}
            return {p: position for p, position in found.items() if position is not None}
        from goalkeeper.load.json_source_map import locate

        return locate(self.text, pointers)


def parse_json(text: str, path: str | None = None) -> tuple[JsonDocument | None, list[Finding]]:
    """Parse ``text``; a document comes back unless the text is not JSON at all."""
    # Every bracket is at most one level, so few brackets means a shallow document.
    if len(text) > MAX_DEPTH and text.count("{") + text.count("[") > MAX_DEPTH:
        from goalkeeper.load.json_source_map import find_depth_excess

        deep = find_depth_excess(text, MAX_DEPTH)
        if deep is not None:
            return None, [_too_deep(deep)]
    _flags.value = 0
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as error:
        return None, [syntax_finding(text, error)]
    except RecursionError:  # pragma: no cover - the depth guard above comes first
        from goalkeeper.load.json_source_map import find_depth_excess

        deep = find_depth_excess(text, MAX_DEPTH) or (1, 1)
        return None, [_too_deep(deep)]
    flags = _flags.value
    document = JsonDocument(data, text, path)
    findings: list[Finding] = []
    if flags:
        document.non_finite = bool(flags & (_NON_FINITE | _OVERFLOW))
        flagged = _flagged_findings(document, flags)
        # every flagged value is left alone by the rules, listed or not
        document.reported_values = frozenset(
            f.pointer for f in flagged if f.code in ("GK205", "GK206")
        )
        findings.extend(cap_findings(flagged))
    if not isinstance(data, dict):
        findings.append(
            Finding(
                "GK207",
                "",
                f"the payload is {describe_json_type(data)}; every request body is a JSON object",
                hint="wrap the content in an object with the fields the API expects",
                position=document.position(""),
            )
        )
    return document, findings


def _too_deep(position: tuple[int, int]) -> Finding:
    return Finding(
        "GK208",
        "",
        f"the document is nested deeper than {MAX_DEPTH} levels",
        hint="no vendor payload nests this deep; the file is probably generated wrongly",
        position=position,
    )


def _flagged_findings(document: JsonDocument, flags: int) -> list[Finding]:
    from goalkeeper.load.json_source_map import scan_flagged

    assert document.text is not None
    wants_numbers = bool(flags & (_NON_FINITE | _OVERFLOW))
    source_map = scan_flagged(
        document.text, _is_non_finite_literal if wants_numbers else _never_flagged
    )
    findings: list[Finding] = []
    if flags & _DUPLICATE:
        for duplicate in source_map.duplicates:
            line = duplicate.first_position[0]
            findings.append(
                Finding(
                    "GK204",
                    duplicate.pointer,
                    f'key "{duplicate.key}" appears more than once in the same object '
                    f"(first on line {line})",
                    hint="keep one of them: the API silently keeps only one value",
                    position=duplicate.position,
                )
            )
    if flags & (_NON_FINITE | _OVERFLOW):
        for literal in source_map.scalars:
            text = literal.text
            if text in ("NaN", "Infinity", "-Infinity"):
                findings.append(
                    Finding(
                        "GK205",
                        literal.pointer,
                        f"{text} is not a JSON number",
                        hint="JSON has no NaN or Infinity; use a finite number or null",
                        position=literal.position,
                    )
                )
            elif text[0] in "-0123456789" and _overflows(text):
                shown = text if len(text) <= 24 else f"{text[:12]}…({len(text)} characters)"
                findings.append(
                    Finding(
                        "GK206",
                        literal.pointer,
                        f"the number {shown} is too large for a double",
                        hint="numbers beyond ±1.8e308 cannot be represented by the API",
                        position=literal.position,
                    )
                )
    return findings


def _overflows(literal: str) -> bool:
    if any(char in literal for char in ".eE"):
        return math.isinf(float(literal))
    return _integer_overflows(literal, len(literal) - literal.startswith("-"))


def _never_flagged(_literal: str) -> bool:
    return False


def _is_non_finite_literal(literal: str) -> bool:
    if literal in ("NaN", "Infinity", "-Infinity"):
        return True
    try:
        return literal[0] in "-0123456789" and _overflows(literal)
    except ValueError:  # not a number (the text already parsed, so this is defensive)
        return False


def describe_json_type(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


_FRIENDLY = {
    "Expecting ',' delimiter": "expected a comma between two items",
    "Expecting ':' delimiter": "expected a colon after the key",
    "Expecting property name enclosed in double quotes": "expected a key in double quotes",
    "Expecting value": "expected a value",
    "Extra data": "unexpected content after the end of the JSON value",
    "Unterminated string starting at": "this string is never closed",
    "Invalid control character at": "raw control character inside a string",
    "Invalid \\escape": "invalid escape sequence in a string",
    "Invalid \\uXXXX escape": "invalid \\u escape in a string",
}


def syntax_finding(text: str, error: json.JSONDecodeError) -> Finding:
    """Turn a decoder error into the friendliest located finding we can give."""
    pos = error.pos
    lines = LineIndex(text)
    if text.startswith(("//", "/*"), pos):
        style = text[pos : pos + 2]
        return Finding(
            "GK202",
            "",
            f"JSON does not allow comments; remove the {style} comment",
            hint="delete the comment (vendor docs annotate samples with comments that "
            "are not part of the payload)",
            position=lines.position(pos),
        )
    if error.msg in ("Expecting property name enclosed in double quotes", "Expecting value"):
        before = len(text[:pos].rstrip())
        if before and text[before - 1] == "," and text.startswith(("}", "]"), pos):
            closer = "object" if text[pos] == "}" else "array"
            return Finding(
                "GK203",
                "",
                f"trailing comma after the last item of an {closer}",
                hint="remove the comma: JSON does not allow one before } or ]",
                position=lines.position(before - 1),
            )
    if error.msg == "Invalid control character at" and text.startswith(("\n", "\r"), pos):
        message = "this string is not closed before the end of the line"
    elif text.startswith("'", pos):
        message = "JSON strings and keys use double quotes, not single quotes"
    elif error.msg == "Expecting value" and text.startswith(("...", "…"), pos):
        dots = "…" if text.startswith("…", pos) else "..."
        message = f"{dots} is a placeholder from the documentation, not JSON"
    else:
        message = _FRIENDLY.get(error.msg, error.msg[:1].lower() + error.msg[1:])
    hint = "fix the syntax at this position; the rest of the file is not checked until it parses"
    if text.lstrip().startswith("<"):
        hint = (
            "the file looks like XML, not JSON: .json files are parsed as JSON; rename it to "
            ".xml if it is an XML payload"
        )
    return Finding("GK201", "", f"invalid JSON: {message}", hint=hint, position=lines.position(pos))
