"""Globs in gitignore syntax, as the configuration, ``--exclude`` and ``.gitignore`` use them.

* ``*`` and ``?`` stay within one path segment; ``**/`` spans any number of directories,
  a trailing ``/**`` is everything inside.
* A pattern without a ``/`` (other than a trailing one) matches a name at any depth; one
  with a ``/`` at the start or in the middle is anchored to the directory the pattern is
  relative to.
* A trailing ``/`` matches directories only; ``!`` negates (in ``.gitignore`` files);
  ``\\`` escapes the next character.
* A pattern that matches a directory matches everything inside it.

A malformed pattern (an unclosed ``[``, a reversed range, a trailing ``\\``) raises
:class:`GlobError`; the command line turns it into exit status 2.
"""

from __future__ import annotations

import re
from functools import cache


class GlobError(ValueError):
    """A pattern that is not a valid glob."""


@cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile one glob (without ``!``, leading or trailing ``/``) to a regular expression."""
    out = ""
    index = 0
    length = len(pattern)
    while index < length:
        char = pattern[index]
        if pattern.startswith("**/", index) and (index == 0 or pattern[index - 1] == "/"):
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
        elif char == "\\":
            if index + 1 >= length:
                raise GlobError(f"{pattern!r} ends with a lone '\\'")
            index += 1
            out += re.escape(pattern[index])
        elif char == "[":
            index, body = _class(pattern, index)
            out += body
        else:
            out += re.escape(char)
        index += 1
    try:
        return re.compile(f"(?s:{out})\\Z")
    except re.error as error:
        raise GlobError(f"{pattern!r} is not a valid glob: {error}") from None


def _class(pattern: str, start: int) -> tuple[int, str]:
    """A ``[...]`` character class starting at ``start``: (index of its ``]``, regex)."""
    index = start + 1
    negate = index < len(pattern) and pattern[index] in "!^"
    if negate:
        index += 1
    members = ""
    first = True
    while True:
        if index >= len(pattern):
            raise GlobError(f"{pattern!r} has a '[' that is never closed")
        char = pattern[index]
        if char == "]" and not first:
            break
        if char == "\\" and index + 1 < len(pattern):
            index += 1
            char = pattern[index]
        members += "\\" + char if char in "\\^[]" else char
        first = False
        index += 1
    body = f"[{'^' if negate else ''}{members}]"
    try:
        re.compile(body)
    except re.error:
        raise GlobError(f"{pattern!r} has an invalid range in [{members}]") from None
    return index, body


class Glob:
    """One gitignore-style pattern, matched against ``/``-separated relative paths."""

    __slots__ = ("_folders", "_regex", "anchored", "directory_only", "negated", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        text = pattern
        self.negated = text.startswith("!")
        if self.negated:
            text = text[1:]
        self.directory_only = text.endswith("/") and not text.endswith("\\/")
        text = text.rstrip("/") if self.directory_only else text
        while text.startswith("./"):
            text = text[2:]
        self.anchored = "/" in text
        text = text.lstrip("/")
        if not text:
            raise GlobError(f"{pattern!r} is an empty pattern")
        self._regex = glob_regex(text)
        # folder -> whether the pattern names it or a folder above it (files of one folder
        # share the answer)
        self._folders: dict[str, bool] = {}

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r})"

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern (without the directory-only and anchoring rules)."""
        return self._regex

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glob) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def matches_exactly(self, relative_path: str, is_dir: bool = False) -> bool:
        """Whether the pattern names this path itself (not one of its directories)."""
        if self.directory_only and not is_dir:
            return False
        if self.anchored:
            return self._regex.match(relative_path) is not None
        return self._regex.match(relative_path.rsplit("/", 1)[-1]) is not None

    def matches(self, relative_path: str, is_dir: bool = False) -> bool:
        """Whether the pattern names the path or a directory that holds it."""
        if self.matches_exactly(relative_path, is_dir):
            return True
        folder = relative_path.rpartition("/")[0]
        if not folder:
            return False
        found = self._folders.get(folder)
        if found is not None:
            return found
        # Up to the first folder with a known answer, then down again (no recursion:
        # a path can be thousands of folders deep).
        unknown = []
        while folder and found is None:
            unknown.append(folder)
            folder = folder.rpartition("/")[0]
            found = self._folders.get(folder) if folder else False
        for folder in reversed(unknown):
            found = found or self.matches_exactly(folder, True)
            if len(self._folders) < _FOLDERS_KEPT:
                self._folders[folder] = found
        return bool(found)


# The most folders a pattern remembers its answer for.
_FOLDERS_KEPT = 4096


def parse_gitignore(text: str) -> tuple[Glob, ...]:
    """The patterns of a ``.gitignore`` file; lines git would not understand are passed over."""
    patterns = []
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        # Trailing spaces are ignored unless escaped.
        stripped = line.rstrip(" ")
        if stripped.endswith("\\") and len(stripped) < len(line):
            stripped += " "
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith(("\\#", "\\!")):
            stripped = stripped[1:]
            # A literal leading '!' or '#': escape it again for the glob compiler.
            stripped = "\\" + stripped if stripped.startswith("!") else stripped
        try:
            patterns.append(Glob(stripped))
        except GlobError:
            continue
    return tuple(patterns)
