"""The exact line and column of every key and value of a JSON text, by JSON Pointer.

Built only for documents that have findings, so the fast path never pays for it. The
text has already been parsed by :mod:`json`, so the scanner can trust its grammar; it
is iterative, so nesting depth costs memory, never the Python stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from goalkeeper.load.text import LineIndex
from goalkeeper.pointers import escape_token

# Strings are skipped with :func:`string_end` rather than a regular expression: a pattern
# such as ``"(?:[^"\\]|\\.)*"`` costs the regular expression engine about a hundred bytes
# of backtracking state per character, and rescans to the end of the text from every quote
# of an unterminated string.
_TOKEN = re.compile(
    r"""
    [ \t\n\r]*
    (?:
        (?P<string>")
      | (?P<punct>[{}\[\]:,])
      | (?P<scalar>[^\s{}\[\]:,"]+)
    )
    """,
    re.VERBOSE,
)


def string_end(text: str, start: int) -> int:
    """The offset just after the string whose opening quote is at ``start``.

    An unterminated string ends at the end of the text. Linear in the string's length
    (each character is looked at a bounded number of times) and constant in memory.
    """
    position = start + 1
    find = text.find
    while True:
        quote = find('"', position)
        if quote < 0:
            return len(text)
        run = text[position:quote]
        backslashes = len(run) - len(run.rstrip("\\"))
        if backslashes % 2 == 0:
            return quote + 1
        position = quote + 1


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
    _scan(text, result, None)
    return result


def scan_flagged(text: str, is_flagged: Callable[[str], bool]) -> JsonSourceMap:
    """Only the duplicate keys and the scalars ``is_flagged`` picks, located.

    The map's ``keys`` and ``values`` stay empty, so memory grows with what is found,
    not with the size of the document (a 10 MiB array maps nothing).
    """
    result = JsonSourceMap()
    _scan(text, result, is_flagged)
    return result


def _scan(text: str, result: JsonSourceMap, is_flagged: Callable[[str], bool] | None) -> None:
    """The one scanner behind both maps; ``is_flagged`` None records every position."""
    full = is_flagged is None
    lines = LineIndex(text)
    # One frame per open container: [pointer, is_object, next_index, first positions
    # of the keys seen so far (objects only), the current member's key]
    stack: list[list[Any]] = []
    expecting_key = False
    root_done = False

    def value_pointer() -> str:
        if not stack:
            return ""
        frame = stack[-1]
        if frame[1]:
            return f"{frame[0]}/{escape_token(frame[4])}"
        return f"{frame[0]}/{frame[2]}"

    def advance() -> None:
        if stack and not stack[-1][1]:
            stack[-1][2] += 1

    position = 0
    length = len(text)
    match_token = _TOKEN.match
    while position < length:
        match = match_token(text, position)
        if match is None:
            break
        kind = match.lastgroup
        start = match.start(kind or 0)
        position = match.end()
        if kind == "punct":
            char = text[start]
            if char in "{[":
                pointer = value_pointer()
                advance()
                if full:
                    result.values[pointer] = lines.position(start)
                stack.append([pointer, char == "{", 0, {}, ""])
                expecting_key = char == "{"
            elif char in "}]":
                if stack:
                    stack.pop()
                if not stack:
                    root_done = True
            elif char == ",":
                expecting_key = bool(stack) and bool(stack[-1][1])
            continue
        if kind == "string":
            position = string_end(text, start)
            if expecting_key and stack:
                key = _decode_key(text[start:position])
                frame = stack[-1]
                seen = frame[3]
                frame[4] = key
                expecting_key = False
                first = seen.get(key)
                if first is None:
                    seen[key] = start
                    if full:
                        result.keys[f"{frame[0]}/{escape_token(key)}"] = lines.position(start)
                else:
                    pointer = f"{frame[0]}/{escape_token(key)}"
                    where = lines.position(start)
                    result.duplicates.append(Occurrence(pointer, where, lines.position(first), key))
                    if full:
                        result.keys[pointer] = where
                continue
        if root_done:
            break
        if full:
            pointer = value_pointer()
            where = lines.position(start)
            result.values[pointer] = where
            if kind == "scalar":
                result.scalars.append(Literal(pointer, where, match.group("scalar")))
        elif kind == "scalar" and is_flagged is not None and is_flagged(match.group("scalar")):
            result.scalars.append(
                Literal(value_pointer(), lines.position(start), match.group("scalar"))
            )
        advance()


_BRACKET_OR_QUOTE = re.compile(r'["\[\]{}]')


def find_depth_excess(text: str, limit: int) -> tuple[int, int] | None:
    """The position of the first bracket nested deeper than ``limit``, if any.

    Runs on any text (before parsing), so an unterminated string simply ends the scan.
    """
    depth = 0
    position = 0
    search = _BRACKET_OR_QUOTE.search
    while True:
        match = search(text, position)
        if match is None:
            return None
        start = match.start()
        char = text[start]
        if char == '"':
            position = string_end(text, start)
            continue
        position = start + 1
        if char in "[{":
            depth += 1
            if depth > limit:
                return LineIndex(text).position(start)
        else:
            depth -= 1


# ---------------------------------------------------------------------------------------
# Locating a few pointers without mapping the whole text

_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r'[^\s{}\[\]:,"]+')


def _skip_space(text: str, offset: int) -> int:
    match = _SPACE.match(text, offset)
    return match.end() if match else offset


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _skip_value(text: str, offset: int) -> int:
    """The offset just after the value starting at ``offset``."""
    char = text[offset]
    if char == '"':
        return string_end(text, offset)
    if char not in "[{":
        found = _SCALAR.match(text, offset)
        return found.end() if found else offset + 1
    depth = 0
    position = offset
    search = _BRACKET_OR_QUOTE.search
    while True:
        match = search(text, position)
        if match is None:
            return len(text)
        start = match.start()
        token = text[start]
        if token == '"':
            position = string_end(text, start)
            continue
        position = start + 1
        if token in "[{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return position


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
                if text[position] != '"':
                    break
                key_end = string_end(text, position)
                key = _decode_key(text[position:key_end])
                child = (*path, key)
                if child in prefixes:
                    found_offsets[child] = position  # a member is located at its key
                position = _skip_space(text, _skip_space(text, key_end) + 1)  # past ':'
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


def item_spans(
    text: str, pointer: str, wanted: set[int]
) -> tuple[dict[int, tuple[int, int]], int] | None:
    """``[start, end)`` of the wanted items of the array at ``pointer`` and how many items
    it has, or None. Only the wanted spans are kept: an array of a million short items
    costs no list of a million spans."""
    start = value_offset(text, pointer)
    if start is None or text[start] != "[":
        return None
    spans: dict[int, tuple[int, int]] = {}
    count = 0
    for index, (_, _, offset) in enumerate(_members(text, start)):
        if index in wanted:
            spans[index] = (offset, _skip_value(text, offset))
        count = index + 1
    return spans, count
