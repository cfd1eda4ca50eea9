"""XML text to an lxml tree, parsed so that nothing outside the file is ever touched.

The parser loads no DTD, resolves no entity, opens no network connection and performs
no XInclude. A DOCTYPE (the only place entities can be declared) is refused before the
parser sees it, so billion-laughs and external-entity payloads cost a regular expression.
lxml is imported here only, so JSON-only runs never load it.
"""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING, Any, cast
from xml.parsers import expat

from goalkeeper.diagnostics import Finding

if TYPE_CHECKING:
    from lxml import etree

XINCLUDE_NAMESPACE = "http://www.w3.org/2001/XInclude"

_DECLARED_ENCODING = re.compile(rb"""\A\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
# Everything that may precede a DOCTYPE: the declaration, processing instructions,
# comments and white space.
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_LIBXML_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")

_parser: Any = None


def _lxml_parser() -> Any:
    global _parser
    if _parser is None:
        from lxml import etree

        _parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            collect_ids=False,
        )
    return _parser


def declared_encoding(raw: bytes) -> str | None:
    """The encoding named in the XML declaration, if there is one."""
    match = _DECLARED_ENCODING.match(raw)
    return match.group(1).decode("ascii", errors="replace") if match else None


def encoding_finding(raw: bytes) -> Finding | None:
    """GK304 when the declaration names an encoding other than UTF-8."""
    encoding = declared_encoding(raw)
    if encoding is None or encoding.replace("-", "").replace("_", "").lower() == "utf8":
        return None
    return Finding(
        "GK304",
        "",
        f'the XML declaration says encoding="{encoding}"; the API takes UTF-8 only',
        hint='convert the file to UTF-8 and declare encoding="UTF-8" (or omit it)',
        position=(1, 1),
    )


class XmlDocument:
    """A parsed XML payload; pointers are XPaths with 1-based positions."""

    format = "xml"
    non_finite = False
    __slots__ = ("_columns", "memo", "path", "root", "text")

    def __init__(self, root: etree._Element, text: str, path: str | None = None) -> None:
        self.root = root
        self.text = text
        self.path = path
        self._columns: dict[Any, tuple[int, int]] | None = None
        # What several rules derive from the document, computed once (see the Pulse rules).
        self.memo: dict[str, Any] = {}

    def pointer(self, element: etree._Element) -> str:
        return str(element.getroottree().getpath(element))

    def element(self, pointer: str) -> etree._Element | None:
        """The element an XPath pointer names, or its closest existing ancestor."""
        tree = self.root.getroottree()
        while pointer:
            try:
                found = tree.xpath(pointer)
            except Exception:  # an XPath we did not write ourselves
                found = []
            if isinstance(found, list) and found and hasattr(found[0], "tag"):
                return cast("etree._Element", found[0])
            pointer = pointer[: pointer.rfind("/")]
        return self.root

    def position(self, pointer: str) -> tuple[int, int] | None:
        element = self.element(pointer)
        return None if element is None else self.element_position(element)

    def positions(self, pointers: list[str]) -> dict[str, tuple[int, int]]:
        found = {pointer: self.position(pointer) for pointer in pointers}
        return {pointer: position for pointer, position in found.items() if position}

    def element_position(self, element: etree._Element) -> tuple[int, int] | None:
        """Line and column of the element's start tag."""
        if self._columns is None:
            self._columns = _element_positions(self.root, self.text)
        found = self._columns.get(element)
        if found is not None:
            return found
        line = cast("int | None", element.sourceline)
        return (line, 1) if line else None

    def content_spans(self, elements: list[etree._Element]) -> dict[Any, tuple[int, int]]:
        """``[start, end)`` in ``text`` of what lies between each element's start and end
        tags (for the safe fixes); self-closing elements have none. The spans of every
        element are found once per document: one expat pass for the tags, one pass to turn
        byte offsets into character offsets.
        """
        spans: dict[Any, tuple[int, int]] | None = self.memo.get("_content_spans")
        if spans is None:
            spans = self.memo["_content_spans"] = _content_spans(self.root, self.text)
        return {element: spans[element] for element in elements if element in spans}


def _content_spans(root: etree._Element, text: str) -> dict[Any, tuple[int, int]]:
    raw = text.encode("utf-8")
    found = []
    for element, (start_tag, end_tag) in _tag_byte_offsets(root, raw).items():
        if not raw.startswith(b"</", end_tag):  # self-closing: no content
            continue
        opened = _START_TAG.match(raw, start_tag)
        if opened is not None and opened.end() <= end_tag:
            found.append((element, opened.end(), end_tag))
    if len(raw) == len(text):  # ASCII: bytes are characters
        return {element: (start, end) for element, start, end in found}
    offsets = _character_offsets(raw, sorted({o for _, s, e in found for o in (s, e)}))
    return {element: (offsets[start], offsets[end]) for element, start, end in found}


_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*>""")


def _tag_byte_offsets(root: etree._Element, raw: bytes) -> dict[Any, tuple[int, int]]:
    """For every element: the byte offsets where its start tag and its end tag begin
    (for a self-closing element, the end offset is just after it)."""
    from lxml import etree

    starts: list[int] = []
    ends: dict[int, int] = {}
    open_elements: list[int] = []
    parser = expat.ParserCreate()

    def start(_name: str, _attributes: object) -> None:
        open_elements.append(len(starts))
        starts.append(parser.CurrentByteIndex)

    def end(_name: str) -> None:
        ends[open_elements.pop()] = parser.CurrentByteIndex

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with contextlib.suppress(expat.ExpatError):
        parser.Parse(raw, True)
    elements = list(root.iter(etree.Element))
    return {
        element: (starts[index], ends[index])
        for index, element in enumerate(elements[: len(starts)])
        if index in ends
    }


def _character_offsets(raw: bytes, byte_offsets: list[int]) -> dict[int, int]:
    """Sorted UTF-8 byte offsets (at character boundaries) as character offsets."""
    result = {}
    characters = 0
    previous = 0
    for offset in byte_offsets:
        characters += len(raw[previous:offset].decode("utf-8"))
        result[offset] = characters
        previous = offset
    return result


def _element_positions(root: etree._Element, text: str) -> dict[Any, tuple[int, int]]:
    """Start-tag positions of every element, from expat (which counts characters)."""
    from lxml import etree

    starts: list[tuple[int, int]] = []
    parser = expat.ParserCreate()

    def start(_name: str, _attributes: object) -> None:
        starts.append((parser.CurrentLineNumber, parser.CurrentColumnNumber + 1))

    parser.StartElementHandler = start
    # On an error, the elements seen so far get positions; the rest fall back to
    # sourceline.
    with contextlib.suppress(expat.ExpatError):
        parser.Parse(text.encode("utf-8"), True)
    elements = list(root.iter(etree.Element))
    return dict(zip(elements, starts, strict=False))


def parse_xml(
    text: str, raw: bytes, path: str | None = None
) -> tuple[XmlDocument | None, list[Finding]]:
    """Parse ``raw`` (already known to be UTF-8) safely into a document."""
    prolog_end = _PROLOG.match(text)
    offset = prolog_end.end() if prolog_end else 0
    if text.startswith("<!DOCTYPE", offset):
        from goalkeeper.load.text import LineIndex

        return None, [
            Finding(
                "GK302",
                "",
                "the document has a DOCTYPE; goalkeeper refuses DTDs and entity declarations",
                hint="remove the <!DOCTYPE ...> declaration: the API needs none, and DTDs "
                "can pull in files or expand without bound",
                position=LineIndex(text).position(offset),
            )
        ]
    from lxml import etree

    try:
        root = etree.fromstring(raw, _lxml_parser())
    except etree.XMLSyntaxError as error:
        return None, [_syntax_finding(text, error)]
    document = XmlDocument(root, text, path)
    findings: list[Finding] = []
    if XINCLUDE_NAMESPACE in text:
        for element in root.iter(f"{{{XINCLUDE_NAMESPACE}}}*"):
            findings.append(
                Finding(
                    "GK303",
                    document.pointer(element),
                    "XInclude elements are refused; goalkeeper never reads other files",
                    hint="inline the included content into this payload",
                    position=document.element_position(element),
                )
            )
    return document, findings


def _syntax_finding(text: str, error: Any) -> Finding:
    message = _LIBXML_POSITION_SUFFIX.sub("", str(error.msg or error)).strip()
    line, column = error.position if error.position else (1, 1)
    # expat reports the start of the offending token; prefer it when both agree on
    # the line.
    parser = expat.ParserCreate()
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as expat_error:
        if expat_error.lineno == line:
            column = expat_error.offset + 1
    return Finding(
        "GK301",
        "",
        f"the XML is not well-formed: {message}",
        hint="fix the markup at this position; the rest of the file is not checked until it parses",
        position=(line, max(column, 1)),
    )
