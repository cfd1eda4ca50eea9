"""From a path or bytes to a parsed document, or to the GK findings that say why not."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Union

from goalkeeper.diagnostics import Finding
from goalkeeper.load.json_document import JsonDocument, parse_json
from goalkeeper.load.text import DEFAULT_MAX_FILE_SIZE, decode

if TYPE_CHECKING:
    from goalkeeper.load.xml_document import XmlDocument

Document = Union[JsonDocument, "XmlDocument"]
Format = Literal["json", "xml"]


class LoadResult(NamedTuple):
    """A document (None when the bytes could not be parsed) and the loader's findings.

    ``text`` is the decoded text without a byte order mark, when the bytes decoded (the
    safe fixes of syntax problems work on it when there is no document).
    """

    document: Document | None
    findings: list[Finding]
    format: Format | None = None
    text: str | None = None


def sniff_format(raw: bytes) -> Format:
    """XML when the first significant byte opens a tag, JSON otherwise."""
    if raw[:1] == b"{":
        return "json"
    stripped = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "xml" if stripped.startswith(b"<") else "json"


def load_bytes(raw: bytes, path: str | None = None, expected: Format | None = None) -> LoadResult:
    """Decode and parse a payload. ``expected`` forces the format (from an explicit kind)."""
    text_format: Format = expected or sniff_format(raw)
    decoded = decode(raw)
    findings = list(decoded.findings)
    if text_format == "xml":
        xml = _xml_loader()
        wrong_encoding = xml.encoding_finding(raw.lstrip(b"\xef\xbb\xbf"))
        if wrong_encoding is not None:
            kept = [f for f in findings if f.code not in ("GK101",)]
            return LoadResult(None, [*kept, wrong_encoding], text_format)
    text = decoded.text
    if text is None:
        return LoadResult(None, findings, text_format)
    if not text or text.isspace():
        findings.append(Finding("GK002", "", "the file is empty", position=(1, 1)))
        return LoadResult(None, findings, text_format, text)
    if text_format == "xml":
        xml_document, xml_findings = _xml_loader().parse_xml(text, raw, path)
        findings.extend(xml_findings)
        return LoadResult(xml_document, findings, text_format, text)
    document, json_findings = parse_json(text, path)
    findings.extend(json_findings)
    return LoadResult(document, findings, text_format, text)


_xml_module: Any = None


def _xml_loader() -> Any:
    """The XML loader, imported on the first XML payload only (JSON runs never load lxml)."""
    global _xml_module
    if _xml_module is None:
        from goalkeeper.load import xml_document

        _xml_module = xml_document
    return _xml_module


# O_NONBLOCK: a special file that slipped past the stat check (replaced between the two
# calls) can still not block the open or a read.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def too_large(size: int, max_size: int) -> Finding:
    return Finding(
        "GK003",
        "",
        f"the file is {size:,} bytes, over the limit of {max_size:,} bytes",
        hint="raise max-file-size in the configuration if the file is really a payload",
    )


def special_file_kind(mode: int) -> str | None:
    """What a non-regular, non-directory file is ("a named pipe (FIFO)" …), else None."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


_NOT_REGULAR = ", not a regular file"


def special_file_of(findings: list[Finding]) -> str | None:
    """What kind of special file the load findings say the file is, if they say so."""
    for finding in findings:
        if finding.code == "GK001" and finding.message.endswith(_NOT_REGULAR):
            return finding.message[len("cannot read the file: it is ") : -len(_NOT_REGULAR)]
    return None


def _not_regular(kind: str) -> Finding:
    return Finding(
        "GK001",
        "",
        f"cannot read the file: it is {kind}{_NOT_REGULAR}",
        hint="goalkeeper reads regular files only (a pipe or device could block or never "
        "end); pass the content on standard input with '-' instead",
    )


def _os_error(error: OSError) -> Finding:
    return Finding("GK001", "", f"cannot read the file: {error.strerror or error}")


def read_limited(
    path: str, max_size: int = DEFAULT_MAX_FILE_SIZE, regular: bool = False
) -> bytes | Finding:
    """The file's bytes, or the GK finding that says why they cannot be had.

    Only regular files are opened: a FIFO, device or socket is a finding before anything
    could block on it. The size is asked first, so an oversized file is never read and a
    small one is read in one call (a buffered ``read(max_size)`` would allocate
    ``max_size`` every time); at most ``max_size + 1`` bytes are ever read. A file a
    directory walk saw as ``regular`` is opened without the first look (the look after
    opening still catches one replaced since).
    """
    if not regular:
        try:
            status = os.stat(path)
        except OSError as error:
            return _os_error(error)
        if stat.S_ISDIR(status.st_mode):
            return Finding("GK001", "", "cannot read the file: it is a directory")
        kind = special_file_kind(status.st_mode)
        if kind is not None:
            return _not_regular(kind)
        if status.st_size > max_size:
            return too_large(status.st_size, max_size)
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except IsADirectoryError:
        return Finding("GK001", "", "cannot read the file: it is a directory")
    except OSError as error:
        return _os_error(error)
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            return Finding("GK001", "", "cannot read the file: it is a directory")
        kind = special_file_kind(status.st_mode)
        if kind is not None:  # replaced by a special file since the first look
            return _not_regular(kind)
        if status.st_size > max_size:
            return too_large(status.st_size, max_size)
        first = os.read(descriptor, status.st_size + 1)
        if len(first) <= status.st_size:  # a short read of a regular file is its end
            return first
        # The file grew since fstat: read on in chunks, never past the limit.
        return read_stream(lambda size: os.read(descriptor, size), max_size, first)
    except OSError as error:
        return _os_error(error)
    finally:
        os.close(descriptor)


def read_stream(
    read: Callable[[int], bytes], max_size: int = DEFAULT_MAX_FILE_SIZE, head: bytes = b""
) -> bytes | Finding:
    """Everything ``read`` gives until it ends, or GK003 once more than ``max_size``
    bytes came (standard input: ``/dev/zero`` ends with the size finding, not with the
    memory)."""
    chunks = [head] if head else []
    total = len(head)
    while total <= max_size:
        chunk = read(min(65536, max_size + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > max_size:
        return Finding(
            "GK003",
            "",
            f"the input is over the limit of {max_size:,} bytes",
            hint="raise max-file-size in the configuration if the input is really a payload",
        )
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def load_path(
    path: str,
    display_path: str | None = None,
    expected: Format | None = None,
    max_size: int = DEFAULT_MAX_FILE_SIZE,
    regular: bool = False,
) -> LoadResult:
    raw = read_limited(path, max_size, regular)
    if isinstance(raw, Finding):
        return LoadResult(None, [raw], expected)
    return load_bytes(raw, display_path or path, expected)
