"""Comments and trailing commas in almost-JSON text, found by one linear scan.

Vendor documentation annotates its samples with ``//`` and ``/* */`` comments and leaves
trailing commas (seeds 001 and 004), so a copied sample does not parse. The safe fixes of
GK202 and GK203 remove them; this module says where they are. The scan knows JSON
strings (a ``//`` inside ``"http://..."`` is text), steps over each character at most
twice, and gives up (returns None) on an unterminated string or block comment, where no
removal can be trusted.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from goalkeeper.diagnostics import Edit

_SPECIAL = re.compile(r'["/,\]}]')
# Characters that would join into one token if the text between them disappeared.
_WORD = frozenset('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-."')


def _string_end(text: str, start: int) -> int | None:
    """Just after the JSON string opening at ``start``; None when it is not closed on its
    line. Found with ``str.find`` (a regular expression for strings keeps backtracking
    state for every character of a long string)."""
    position = start + 1
    while True:
        quote = text.find('"', position)
        if quote < 0:
            return None
        run = text[position:quote]
        if (len(run) - len(run.rstrip("\\"))) % 2 == 0:  # not an escaped quote
            break
        position = quote + 1
    newline = text.find("\n", start, quote)
    return None if newline >= 0 else quote + 1


class Extras(NamedTuple):
    """Where the comments (``[start, end)``) and the trailing commas (offsets) are."""

    comments: tuple[tuple[int, int], ...]
    trailing_commas: tuple[int, ...]


def scan(text: str) -> Extras | None:
    """The comments and trailing commas of ``text``, or None when the scan cannot be trusted."""
    comments: list[tuple[int, int]] = []
    commas: list[int] = []
    pending: int | None = None  # a comma that nothing significant has followed yet
    after = 0  # the end of the last token looked at
    position = 0
    length = len(text)
    while True:
        found = _SPECIAL.search(text, position)
        if found is None:
            break
        index = found.start()
        char = text[index]
        if char == "/" and text.startswith(("//", "/*"), index):
            if text[index + 1] == "/":
                end = text.find("\n", index)
                end = length if end == -1 else end
                if end > index and text[end - 1] == "\r":
                    end -= 1
            else:
                close = text.find("*/", index + 2)
                if close == -1:
                    return None
                end = close + 2
            if pending is not None and text[after:index].strip():
                pending = None
            comments.append((index, end))
            position = after = end
            continue
        if pending is not None and text[after:index].strip():
            pending = None
        if char == '"':
            string_end = _string_end(text, index)
            if string_end is None:
                return None
            pending = None
            position = after = string_end
        elif char == ",":
            pending = index
            position = after = index + 1
        elif char in "]}":
            if pending is not None:
                commas.append(pending)
            pending = None
            position = after = index + 1
        else:  # a lone "/": not JSON, but not ours to judge
            pending = None
            position = after = index + 1
    return Extras(tuple(comments), tuple(commas))


def comment_removals(text: str, comments: tuple[tuple[int, int], ...]) -> tuple[Edit, ...]:
    """Edits that remove the comments and the white space they leave behind.

    Comments separated only by white space are removed as one run. A run alone on its
    line(s) goes with its line; at the end of a line it takes the spaces before it; in
    the middle of a line it takes the spaces on one side, and leaves one space when the
    tokens on both sides would otherwise join.
    """
    runs: list[list[int]] = []
    for start, end in comments:
        if runs and not text[runs[-1][1] : start].strip():
            runs[-1][1] = end
        else:
            runs.append([start, end])
    edits = []
    for start, end in runs:
        left = start
        while left > 0 and text[left - 1] in " \t":
            left -= 1
        right = end
        while right < len(text) and text[right] in " \t":
            right += 1
        # A byte order mark before the first line does not make the line hold content.
        line_start = left == 0 or text[left - 1] == "\n" or (left == 1 and text[0] == "\ufeff")
        line_end = right == len(text) or text[right] in "\r\n"
        if line_start and line_end:
            if text.startswith("\r\n", right):
                right += 2
            elif right < len(text):
                right += 1
            edits.append(Edit(left, right, ""))
        elif line_end:
            edits.append(Edit(left, end, ""))
        elif line_start:
            edits.append(Edit(start, right, ""))
        else:
            joined = left > 0 and text[left - 1] in _WORD and text[end] in _WORD
            edits.append(Edit(left, end, " " if joined else ""))
    return tuple(edits)
