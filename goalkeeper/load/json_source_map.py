"""The exact line and column of every key and value of a JSON text, by JSON Pointer.

Built only for documents that have findings, so the fast path never pays for it. The
text has already been parsed by :mod:`json`, so the scanner can trust its grammar; it
is iterative, so nesting depth costs memory, never the Python stack.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from goalkeeper.load.text import LineIndex
from goalkeeper.pointers import escape_token

_TOKEN = re.compile(
    r"""
    [ \t\n\r]*
    (?:
        (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<punct>[{}\[\]:,])
      | (?P<scalar>[^\s{}\[\]:,"]+)
    )
    """,
    re.VERBOSE | re.DOTALL,
)


class Occurrence(NamedTuple):
    pointer: str
    position: tuple[int, int]
    first_position: tuple[int, int]
    key: str


class Literal(NamedTuple):
    pointer: str
    position: tuple[int, int]
    text: str


class JsonSourceMap:
    """Positions of member keys (for object members) and values (for everything)."""

    __slots__ = ("duplicates", "keys", "scalars", "values")

    def __init__(self) -> None:
        self.keys: dict[str, tuple[int, int]] = {}
        self.values: dict[str, tuple[int, int]] = {}
        self.duplicates: list[Occurrence] = []
        self.scalars: list[Literal] = []

    def position(self, pointer: str) -> tuple[int, int] | None:
        """Where the thing at ``pointer`` starts: a member's key, else the value.

        A pointer that names nothing (a missing member) falls back to its closest
        existing ancestor, so every finding gets a real place in the file.
        """
        while True:
            found = self.keys.get(pointer) or self.values.get(pointer)
            if found is not None or not pointer:
                return found
            pointer = pointer[: pointer.rfind("/")]


def _decode_key(raw: str) -> str:
    if "\\" not in raw:
        return raw[1:-1]
    import json

    decoded: str = json.loads(raw)
    return decoded


def build_source_map(text: str) -> JsonSourceMap:
    """Scan ``text`` (valid JSON, possibly with NaN/Infinity literals) into a source map."""
    result = JsonSourceMap()
    lines = LineIndex(text)
    # One frame per open container: [pointer, is_object, next_index, first positions
    # of the keys seen so far (objects only)]
    stack: list[list[object]] = []
    pending_key: str | None = None
    expecting_key = False
    root_done = False

    def value_pointer() -> str:
        if not stack:
            return ""
        frame = stack[-1]
        parent = frame[0]
        assert isinstance(parent, str)
        if frame[1]:
            return parent + "/" + escape_token(pending_key or "")
        index = frame[2]
        assert isinstance(index, int)
        frame[2] = index + 1
        return f"{parent}/{index}"

    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        start = match.start(kind or 0)
        if kind == "punct":
            char = match.group("punct")
            if char in "{[":
                pointer = value_pointer()
                result.values[pointer] = lines.position(start)
                stack.append([pointer, char == "{", 0, {}])
                expecting_key = char == "{"
            elif char in "}]":
                stack.pop()
                if not stack:
                    root_done = True
            elif char == ",":
                expecting_key = bool(stack) and bool(stack[-1][1])
            continue
        if kind == "string" and expecting_key:
            key = _decode_key(match.group("string"))
            position = lines.position(start)
            frame = stack[-1]
            pointer = str(frame[0]) + "/" + escape_token(key)
            seen = frame[3]
            assert isinstance(seen, dict)
            if key in seen:
                result.duplicates.append(Occurrence(pointer, position, seen[key], key))
            else:
                seen[key] = position
            result.keys[pointer] = position
            pending_key = key
            expecting_key = False
            continue
        if root_done:
            break
        pointer = value_pointer()
        position = lines.position(start)
        result.values[pointer] = position
        if kind == "scalar":
            result.scalars.append(Literal(pointer, position, match.group("scalar")))
    return result


_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def find_depth_excess(text: str, limit: int) -> tuple[int, int] | None:
    """The position of the first bracket nested deeper than ``limit``, if any."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                return LineIndex(text).position(match.start())
        elif char in "]}":
            depth -= 1
    return None
