"""Bytes to text: size limits, byte order marks, UTF-16/32 and invalid UTF-8, all located."""

from __future__ import annotations

import codecs
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from goalkeeper.diagnostics import Finding

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024

# JSON and XML both start with ASCII; RFC 4627 §3 reads the encoding off the NUL
# pattern of the first four bytes when there is no byte order mark.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
)


class LineIndex:
    """Turns character offsets into 1-based (line, column) pairs; lines end at ``\\n``."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        # An array, not a list: eight bytes a line, whatever the number of lines.
        starts = array("q", [0])
        append = starts.append
        find = text.find
        index = find("\n")
        while index != -1:
            append(index + 1)
            index = find("\n", index + 1)
        self._starts = starts

    @property
    def starts(self) -> Sequence[int]:
        """The offset where each line starts."""
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class DecodedText(NamedTuple):
    text: str | None
    findings: tuple[Finding, ...]


def _wide_encoding(raw: bytes) -> str | None:
    for bom, name in _WIDE_BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:4]
    if len(head) == 4:
        if head[0] == 0 and head[1] == 0 and head[2] == 0:
            return "UTF-32"
        if head[1] == 0 and head[2] == 0 and head[3] == 0:
            return "UTF-32"
    if len(head) >= 2 and (head[0] == 0) != (head[1] == 0):
        return "UTF-16"
    return None


def decode(raw: bytes) -> DecodedText:
    """Decode a payload as UTF-8, the only encoding the vendor APIs take."""
    if raw[:1] == b"{" and raw[1:2] != b"\x00":
        # The common case: no byte order mark, not UTF-16/32, not empty.
        try:
            return DecodedText(raw.decode("utf-8"), ())
        except UnicodeDecodeError as error:
            return DecodedText(None, (_not_utf8(raw, error),))
    if not raw.strip():
        return DecodedText(None, (Finding("GK002", "", "the file is empty", position=(1, 1)),))
    wide = _wide_encoding(raw)
    if wide is not None:
        return DecodedText(
            None,
            (
                Finding(
                    "GK103",
                    "",
                    f"the file is encoded as {wide}; payloads must be UTF-8",
                    hint=f"re-save the file as UTF-8 without a byte order mark, e.g. "
                    f"iconv -f {wide} -t UTF-8",
                    position=(1, 1),
                ),
            ),
        )
    findings: list[Finding] = []
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        findings.append(
            Finding(
                "GK102",
                "",
                "the file starts with a UTF-8 byte order mark",
                hint="save the file as UTF-8 without BOM; some APIs reject the mark",
                position=(1, 1),
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        findings.append(_not_utf8(raw, error))
        return DecodedText(None, tuple(findings))
    return DecodedText(text, tuple(findings))


def _not_utf8(raw: bytes, error: UnicodeDecodeError) -> Finding:
    line_start = raw.rfind(b"\n", 0, error.start) + 1
    line = raw.count(b"\n", 0, error.start) + 1
    column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
    bad = raw[error.start : error.end].hex(" ")
    return Finding(
        "GK101",
        "",
        f"the file is not valid UTF-8: byte {bad} cannot be decoded",
        hint="re-save the file as UTF-8 (the source encoding may be Latin-1 or Windows-1252)",
        position=(line, column),
    )
