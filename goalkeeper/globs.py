"""Glob patterns as the configuration uses them (``**`` crosses directories)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Glob:
    """A pattern; one without a ``/`` matches a file name in any directory."""

    pattern: str
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_regex", glob_regex(self.pattern.removeprefix("./")))

    def matches(self, relative_path: str) -> bool:
        if self._regex.match(relative_path):
            return True
        if "/" not in self.pattern:
            return bool(self._regex.match(relative_path.rsplit("/", 1)[-1]))
        return False
