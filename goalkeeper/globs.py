"""Glob patterns as the configuration uses them (``**`` crosses directories)."""

from __future__ import annotations

import re
from functools import cache


@cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile a glob: ``*`` and ``?`` stay within one path segment, ``**/`` spans any."""
    out = ""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out += "(?:.*/)?"
            index += 3
            continue
        if pattern.startswith("**", index):
            out += ".*"
            index += 2
            continue
        if char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "[":
            end = pattern.find("]", index + 1)
            if end == -1:
                out += re.escape(char)
            else:
                body = pattern[index + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out += f"[{body}]"
                index = end
        else:
            out += re.escape(char)
        index += 1
    return re.compile(f"(?s:{out})\\Z")


class Glob:
    """A pattern; one without a ``/`` matches a file name in any directory."""

    __slots__ = ("_regex", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._regex = glob_regex(pattern.removeprefix("./"))

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glob) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def matches(self, relative_path: str) -> bool:
        if self._regex.match(relative_path):
            return True
        if "/" not in self.pattern:
            return bool(self._regex.match(relative_path.rsplit("/", 1)[-1]))
        return False
