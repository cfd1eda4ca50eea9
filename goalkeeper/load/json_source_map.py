"""The exact line and column of every key and value of a JSON text, by JSON Pointer.

Built only for documents that have findings, so the fast path never pays for it. The
text has already been parsed by :mod:`json`, so the scanner can trust its grammar; it
is iterative, so nesting depth costs memory, never the Python stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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


# ---------------------------------------------------------------------------------------
# Locating a few pointers without mapping the whole text

_SPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r'[^\s{}\[\]:,"]+')
_CONTAINER_PART = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _skip_space(text: str, offset: int) -> int:
    match = _SPACE.match(text, offset)
    return match.end() if match else offset


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _skip_value(text: str, offset: int) -> int:
    """The offset just after the value starting at ``offset``."""
    char = text[offset]
    if char == '"':
        found = _STRING.match(text, offset)
        return found.end() if found else len(text)
    if char not in "[{":
        found = _SCALAR.match(text, offset)
        return found.end() if found else offset + 1
    depth = 0
    for part in _CONTAINER_PART.finditer(text, offset):
        token = part.group()
        if token in "[{":
            depth += 1
        elif token in "]}":
            depth -= 1
            if depth == 0:
                return part.end()
    return len(text)


def locate(text: str, pointers: list[str]) -> dict[str, tuple[int, int]]:
    """Positions (as :meth:`JsonSourceMap.position` gives them) of a few pointers.

    Only the containers on the way to a requested pointer are scanned; every other value
    is skipped with one regular expression, so a finding near the top of a large file
    costs next to nothing. ``text`` must be valid JSON.
    """
    wanted: dict[tuple[str, ...], str] = {}
    for pointer in pointers:
        parts = tuple(_unescape(part) for part in pointer.split("/")[1:]) if pointer else ()
        for length in range(len(parts) + 1):  # ancestors too: the fallback for a missing one
            prefix = parts[:length]
            wanted.setdefault(prefix, "/".join(("", *map(escape_token, prefix))) if prefix else "")
    found_offsets: dict[tuple[str, ...], int] = {}
    prefixes = set(wanted)
    parents = {prefix[:-1] for prefix in prefixes if prefix}  # paths worth descending into

    # Iterative walk: (path, offset of the value)
    stack: list[tuple[tuple[str, ...], int]] = [((), _skip_space(text, 0))]
    while stack:
        path, offset = stack.pop()
        found_offsets.setdefault(path, offset)
        if offset >= len(text) or text[offset] not in "[{":
            continue
        is_object = text[offset] == "{"
        position = offset + 1
        index = 0
        while True:
            position = _skip_space(text, position)
            if position >= len(text) or text[position] in "]}":
                break
            if is_object:
                key_match = _STRING.match(text, position)
                if key_match is None:
                    break
                key = _decode_key(key_match.group())
                child = (*path, key)
                if child in prefixes:
                    found_offsets[child] = position  # a member is located at its key
                position = _skip_space(text, _skip_space(text, key_match.end()) + 1)  # past ':'
            else:
                child = (*path, str(index))
                index += 1
            if child in prefixes:
                found_offsets.setdefault(child, position)
                if child in parents:
                    stack.append((child, position))
            position = _skip_space(text, _skip_value(text, position))
            if position < len(text) and text[position] == ",":
                position += 1
            else:
                break
    lines = LineIndex(text)
    result: dict[str, tuple[int, int]] = {}
    for pointer in pointers:
        parts = tuple(_unescape(part) for part in pointer.split("/")[1:]) if pointer else ()
        while parts not in found_offsets and parts:
            parts = parts[:-1]
        if parts in found_offsets:
            result[pointer] = lines.position(found_offsets[parts])
    return result


# ---------------------------------------------------------------------------------------
# Exact offsets, for the safe fixes


def _members(text: str, offset: int) -> Iterator[tuple[str, int, int]]:
    """(key or index, where the member starts (its key, in an object), where its value
    starts) for each member of the container at ``offset``."""
    is_object = text[offset] == "{"
    position = offset + 1
    index = 0
    while True:
        position = _skip_space(text, position)
        if position >= len(text) or text[position] in "]}":
            return
        start = position
        if is_object:
            if text[position] != '"':
                return
            key_end = _skip_value(text, position)
            key = _decode_key(text[position:key_end])
            position = _skip_space(text, _skip_space(text, key_end) + 1)  # past ':'
        else:
            key = str(index)
            index += 1
        yield key, start, position
        position = _skip_space(text, _skip_value(text, position))
        if position < len(text) and text[position] == ",":
            position += 1
        else:
            return


def value_offset(text: str, pointer: str) -> int | None:
    """Where the value at ``pointer`` starts in ``text`` (valid JSON); None if it is absent.

    Only the containers on the way are scanned. Of two members with the same key the
    last counts, as for the parsed data.
    """
    offset = _skip_space(text, 0)
    for part in pointer.split("/")[1:] if pointer else ():
        if offset >= len(text) or text[offset] not in "[{":
            return None
        wanted = _unescape(part)
        found = None
        for key, _start, child in _members(text, offset):
            if key == wanted:
                found = child
        if found is None:
            return None
        offset = found
    return offset if offset < len(text) else None


def value_span(text: str, pointer: str) -> tuple[int, int] | None:
    """``[start, end)`` of the value at ``pointer``, or None if it is absent."""
    start = value_offset(text, pointer)
    return None if start is None else (start, _skip_value(text, start))


def item_spans(text: str, pointer: str) -> list[tuple[int, int]] | None:
    """``[start, end)`` of every item of the array at ``pointer``, or None."""
    start = value_offset(text, pointer)
    if start is None or text[start] != "[":
        return None
    return [(offset, _skip_value(text, offset)) for _, _, offset in _members(text, start)]
