"""XML text to an lxml tree, parsed so that nothing outside the file is ever touched.

The parser loads no DTD, resolves no entity, opens no network connection and performs
no XInclude. A DOCTYPE (the only place entities can be declared) is refused before the
parser sees it, so billion-laughs and external-entity payloads cost a regular expression.
lxml is imported here only, so JSON-only runs never load it.
"""

from __future__ import annotations

import contextlib
import re
import threading
from array import array
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
        self._columns: tuple[array[int], array[int]] | None = None
        # What several rules derive from the document, computed once (see the Pulse rules).
        self.memo: dict[str, Any] = {}

    def pointer(self, element: etree._Element) -> str:
        return element_index(self.root).pointer(element)

    def element(self, pointer: str) -> etree._Element | None:
        """The element an XPath pointer names, or its closest existing ancestor."""
        return cast("etree._Element", element_index(self.root).element(pointer))

    def position(self, pointer: str) -> tuple[int, int] | None:
        return self.positions([pointer]).get(pointer)

    def positions(self, pointers: list[str]) -> dict[str, tuple[int, int]]:
        """Where each pointer's element starts; one pass over the document for all."""
        elements = {pointer: self.element(pointer) for pointer in pointers}
        found = self.element_positions([e for e in elements.values() if e is not None])
        return {
            pointer: found[element]
            for pointer, element in elements.items()
            if element is not None and element in found
        }

    def element_position(self, element: etree._Element) -> tuple[int, int] | None:
        """Line and column of the element's start tag (prefer :meth:`element_positions`
        for several: each call is a pass over the document)."""
        return self.element_positions([element]).get(element)

    def element_positions(self, elements: list[Any]) -> dict[Any, tuple[int, int]]:
        """Line and column of each element's start tag, from one pass over the document.

        The start tags are read once with expat (which counts characters) into two arrays;
        elements are matched to them by their order in the document, so nothing is kept
        per element.
        """
        if not elements:
            return {}
        if self._columns is None:
            self._columns = _start_tags(self.text)
        lines, columns = self._columns
        wanted = set(elements)
        found: dict[Any, tuple[int, int]] = {}
        from lxml import etree

        for ordinal, element in enumerate(self.root.iter(etree.Element)):
            if element in wanted:
                if ordinal < len(lines):
                    found[element] = (lines[ordinal], columns[ordinal])
                if len(found) == len(wanted):
                    break
        for element in wanted.difference(found):  # past an expat error: the line only
            line = cast("int | None", element.sourceline)
            if line:
                found[element] = (line, 1)
        return found


class ElementIndex:
    """Pointers of elements and elements of pointers for one document, with each parent's
    children numbered once, on first use (``getpath`` and ``xpath`` each walk the siblings,
    so calling them per finding is quadratic in the size of the document).

    Pointers are exactly what lxml's ``getpath`` writes: ``/goalBean/x[2]`` when siblings
    share the name, ``*`` for an element in a default namespace, ``prefix:name`` else.
    """

    __slots__ = ("_made", "_reverse", "_tables", "root", "root_step")

    def __init__(self, root: Any) -> None:
        self.root = root
        self.root_step = _path_name(root)
        # parent → {child: its 1-based index among the siblings it is counted with, or 0
        # when it is the only one}: small integers, the step text is written on demand.
        self._tables: dict[Any, dict[Any, int]] = {}
        # parent → {step: child}, built only when a pointer has to be looked up
        self._reverse: dict[Any, dict[str, Any]] = {}
        # the pointers handed out so far (bounded), so that looking one up costs nothing
        self._made: dict[str, Any] = {}

    def _table(self, parent: Any) -> dict[Any, int]:
        table = self._tables.get(parent)
        if table is not None:
            return table
        children = [child for child in parent if child.tag.__class__ is str]
        # Plain tags (the common case) are their own key.
        keys = [child.tag if child.tag[0] != "{" else _path_key(child) for child in children]
        totals: dict[Any, int] = {}
        for key in keys:
            totals[key] = totals.get(key, 0) + 1
        seen: dict[Any, int] = {}
        table = {}
        only_one = len(children) == 1
        for position, (child, key) in enumerate(zip(children, keys, strict=True), 1):
            if key is None:  # a default namespace: counted among all elements
                table[child] = 0 if only_one else position
            elif totals[key] == 1:
                table[child] = 0
            else:
                table[child] = seen[key] = seen.get(key, 0) + 1
        self._tables[parent] = table
        return table

    def _step(self, parent: Any, child: Any) -> str:
        index = self._table(parent)[child]
        name = _path_name(child)
        return f"{name}[{index}]" if index else name

    def pointer(self, element: Any) -> str:
        steps: list[str] = []
        current = element
        while current is not self.root:
            parent = current.getparent()
            if parent is None:  # not an element of this document
                return str(element.getroottree().getpath(element))
            steps.append(self._step(parent, current))
            current = parent
        steps.append(self.root_step)
        steps.reverse()
        pointer = "/" + "/".join(steps)
        if len(self._made) < _REMEMBERED_POINTERS:
            self._made[pointer] = element
        return pointer

    def element(self, pointer: str) -> Any:
        """The element ``pointer`` names, or its closest existing ancestor."""
        made = self._made.get(pointer)
        if made is not None:
            return made
        steps = pointer.split("/")[1:]
        if not steps or steps[0] != self.root_step:
            return self.root
        current = self.root
        for step in steps[1:]:
            reverse = self._reverse.get(current)
            if reverse is None:
                parent = current
                reverse = self._reverse[parent] = {
                    self._step(parent, child): child for child in self._table(parent)
                }
            found = reverse.get(step)
            if found is None:
                break
            current = found
        return current


# Pointers remembered per document for the way back to their element (a finding's
# position); past this many, the way back is looked up in the per-parent tables.
_REMEMBERED_POINTERS = 4096


def _path_name(element: Any) -> str:
    tag = element.tag
    if not tag.startswith("{"):
        return str(tag)
    prefix = element.prefix
    local = tag[tag.index("}") + 1 :]
    return f"{prefix}:{local}" if prefix else "*"


def _path_key(element: Any) -> Any:
    """Which siblings ``getpath`` counts together: same name and namespace prefix."""
    tag = element.tag
    prefix = element.prefix
    if not prefix:
        return None
    return (tag[tag.index("}") + 1 :], True, prefix)


_local = threading.local()


def element_index(root: Any) -> ElementIndex:
    """The index of the document rooted at ``root``; the last one is kept per thread
    (a thread checks one document at a time)."""
    cached: ElementIndex | None = getattr(_local, "index", None)
    if cached is None or cached.root is not root:
        cached = _local.index = ElementIndex(root)
    return cached


def element_pointer(element: Any) -> str:
    """An element's pointer, from its document's index."""
    return element_index(element.getroottree().getroot()).pointer(element)


def _start_tags(text: str) -> tuple[array[int], array[int]]:
    """Line and column of every start tag in document order, from expat (which counts
    characters), in two arrays: eight bytes an element."""
    lines: array[int] = array("q")
    columns: array[int] = array("q")
    parser = expat.ParserCreate()

    def start(_name: str, _attributes: object) -> None:
        lines.append(parser.CurrentLineNumber)
        columns.append(parser.CurrentColumnNumber + 1)

    parser.StartElementHandler = start
    # On an error, the elements seen so far get positions; the rest fall back to
    # sourceline.
    with contextlib.suppress(expat.ExpatError):
        parser.Parse(text.encode("utf-8"), True)
    return lines, columns


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
        included = list(root.iter(f"{{{XINCLUDE_NAMESPACE}}}*"))
        positions = document.element_positions(included)
        for element in included:
            findings.append(
                Finding(
                    "GK303",
                    document.pointer(element),
                    "XInclude elements are refused; goalkeeper never reads other files",
                    hint="inline the included content into this payload",
                    position=positions.get(element),
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
