"""From a path or bytes to a parsed document, or to the GK findings that say why not."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Union

from goalkeeper.diagnostics import Finding
from goalkeeper.load.json_document import JsonDocument, parse_json
from goalkeeper.load.text import DEFAULT_MAX_FILE_SIZE, decode

if TYPE_CHECKING:
    from goalkeeper.load.xml_document import XmlDocument

Document = Union[JsonDocument, "XmlDocument"]
Format = Literal["json", "xml"]


@dataclass(slots=True)
class LoadResult:
    """A document (None when the bytes could not be parsed) and the loader's findings."""

    document: Document | None
    findings: list[Finding] = field(default_factory=list)
    format: Format | None = None


def sniff_format(raw: bytes) -> Format:
    """XML when the first significant byte opens a tag, JSON otherwise."""
    stripped = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "xml" if stripped.startswith(b"<") else "json"


def load_bytes(raw: bytes, path: str | None = None, expected: Format | None = None) -> LoadResult:
    """Decode and parse a payload. ``expected`` forces the format (from an explicit kind)."""
    text_format: Format = expected or sniff_format(raw)
    decoded = decode(raw)
    findings = list(decoded.findings)
    if text_format == "xml":
        from goalkeeper.load.xml_document import encoding_finding

        wrong_encoding = encoding_finding(raw.lstrip(b"\xef\xbb\xbf"))
        if wrong_encoding is not None:
            kept = [f for f in findings if f.code not in ("GK101",)]
            return LoadResult(None, [*kept, wrong_encoding], text_format)
    text = decoded.text
    if text is None:
        return LoadResult(None, findings, text_format)
    if not text.strip():
        findings.append(Finding("GK002", "", "the file is empty", position=(1, 1)))
        return LoadResult(None, findings, text_format)
    if text_format == "xml":
        from goalkeeper.load.xml_document import parse_xml

        xml_document, xml_findings = parse_xml(text, raw, path)
        findings.extend(xml_findings)
        return LoadResult(xml_document, findings, text_format)
    document, json_findings = parse_json(text, path)
    findings.extend(json_findings)
    return LoadResult(document, findings, text_format)


def read_limited(path: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes | Finding:
    """The file's bytes, or the GK finding that says why they cannot be had."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_size + 1)
    except IsADirectoryError:
        return Finding("GK001", "", "cannot read the file: it is a directory")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return Finding("GK001", "", f"cannot read the file: {reason}")
    if len(raw) > max_size:
        size = os.path.getsize(path) if os.path.exists(path) else len(raw)
        return Finding(
            "GK003",
            "",
            f"the file is {size:,} bytes, over the limit of {max_size:,} bytes",
            hint="raise max-file-size in the configuration if the file is really a payload",
        )
    return raw


def load_path(
    path: str,
    display_path: str | None = None,
    expected: Format | None = None,
    max_size: int = DEFAULT_MAX_FILE_SIZE,
) -> LoadResult:
    raw = read_limited(path, max_size)
    if isinstance(raw, Finding):
        return LoadResult(None, [raw])
    return load_bytes(raw, display_path or path, expected)
