"""XML text to an lxml tree, parsed so that nothing outside the file is ever touched.

The parser loads no DTD, resolves no entity, opens no network connection and performs
no XInclude. A DOCTYPE (the only place entities can be declared) is refused before the
parser sees it, so billion-laughs and external-entity payloads cost a regular expression.
lxml is imported here only, so JSON-only runs never load it.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import threading
from array import array
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, cast
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
    reported_values: frozenset[str] = frozenset()
    __slots__ = ("_columns", "_lines", "memo", "path", "root", "text")

    def __init__(self, root: etree._Element, text: str, path: str | None = None) -> None:
        self.root = root
        self.text = text
        self.path = path
        self._columns: tuple[array[int], array[int]] | None = None
        self._lines: list[str] | None = None
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

        An element whose start tag is the only one of its name on its line (the usual,
        indented document) is read from that line. Otherwise the start tags are read once
        with expat (which counts characters) into two arrays; elements are matched to them
        by their order in the document, so nothing is kept per element.
        """
        if not elements:
            return {}
        quick: dict[Any, tuple[int, int]] = {}
        if self._columns is None:
            rest = []
            for element in elements:
                alone = self._alone_on_its_line(element)
                if alone is None:
                    rest.append(element)
                else:
                    quick[element] = alone
            if not rest:
                return quick
            elements = rest
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
        return {**quick, **found} if quick else found

    def _alone_on_its_line(self, element: etree._Element) -> tuple[int, int] | None:
        line = cast("int | None", element.sourceline)
        tag = element.tag
        if not line or not isinstance(tag, str) or "{" in tag:
            return None
        if self._lines is None:
            # libxml2 and expat count lines at line feeds only when there is no CR.
            self._lines = [] if "\r" in self.text else self.text.split("\n")
        if line > len(self._lines):
            return None
        text = self._lines[line - 1]
        if len(text) > _LONGEST_LINE_READ:  # a minified document: one expat pass instead
            return None
        starts = [m.start() for m in _start_tag(tag).finditer(text)]
        if len(starts) != 1 or not text[: starts[0]].isascii():
            return None
        return line, starts[0] + 1

    def content_spans(self, elements: list[etree._Element]) -> dict[Any, tuple[int, int]]:
        """``[start, end)`` in ``text`` of what lies between each element's start and end
        tags (for the safe fixes); self-closing elements have none. The spans of every
        element are found once per document: one expat pass for the tags, one pass to turn
        byte offsets into character offsets.
        """
        spans: dict[Any, tuple[int, int]] | None = self.memo.get("_content_spans")
        if spans is None:
            quick = {}
            for element in elements:
                span = self._leaf_span_on_its_line(element)
                if span is None:
                    break
                quick[element] = span
            else:  # every element is a one-line leaf (a finding's usual value)
                return quick
            spans = self.memo["_content_spans"] = _content_spans(self.root, self.text)
        return {element: spans[element] for element in elements if element in spans}

    def _leaf_span_on_its_line(self, element: etree._Element) -> tuple[int, int] | None:
        """The content span of ``<tag>text</tag>`` written on one line, its start tag the
        only one of its name there and without attributes, read from that line; None when
        the element is not written so (then the expat pass decides)."""
        if len(element):
            return None
        found = self._alone_on_its_line(element)
        if found is None:
            return None
        line, column = found
        tag = str(element.tag)
        text = cast("list[str]", self._lines)[line - 1]
        opened = column + len(tag)  # just past "<tag"
        if text[opened : opened + 1] != ">":
            return None
        closing = text.find("<", opened + 1)
        after = closing + 2 + len(tag)
        if closing == -1 or not text.startswith("</" + tag, closing):
            return None
        if text[after : after + 1] not in (">", " ", "\t"):
            return None
        # The lengths of the lines before each line, summed in C; each line before it
        # also ends in a line feed.
        before: list[int] | None = self.memo.get("_line_lengths")
        if before is None:
            lines = cast("list[str]", self._lines)
            before = self.memo["_line_lengths"] = [0, *itertools.accumulate(map(len, lines))]
        start = before[line - 1] + line - 1
        return start + opened + 1, start + closing


# Lines longer than this are not searched for a start tag (several findings on one long
# line would search it again and again).
_LONGEST_LINE_READ = 2000


@lru_cache(maxsize=256)
def _start_tag(tag: str) -> re.Pattern[str]:
    """A start tag of this name (a comment or CDATA that holds one counts too, and then
    the line is not used)."""
    return re.compile("<" + re.escape(tag) + r"(?=[\s/>])")


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


class ElementIndex:
    """Pointers of elements and elements of pointers for one document, with each parent's
    children numbered once, on first use (``getpath`` and ``xpath`` each walk the siblings,
    so calling them per finding is quadratic in the size of the document).

    Pointers are exactly what lxml's ``getpath`` writes: ``/goalBean/x[2]`` when siblings
    share the name, ``*`` for an element in a default namespace, ``prefix:name`` else. The
    first few pointers of a document (most documents have a few findings) are ``getpath``'s
    own: for a few, its walk in C costs less than numbering the siblings in Python.
    """

    __slots__ = (
        "_getpaths",
        "_lookups",
        "_made",
        "_numbers",
        "_reverse",
        "_tables",
        "_tree",
        "_written",
        "root",
        "root_step",
    )

    def __init__(self, root: Any) -> None:
        self.root = root
        self.root_step = _path_name(root)
        # The tree whose getpath writes the first pointers (none for a subtree's index).
        self._tree = root.getroottree() if root.getparent() is None else None
        self._getpaths = 0
        # parent → the number of every child, by position among all its children (comments
        # too): its 1-based index among the siblings it is counted with, or 0 when it is
        # the only one. Eight bytes a child; the step text is written on demand.
        self._numbers: dict[Any, array[int]] = {}
        # parent → {child: number}, once many pointers under one parent are asked for
        # (a dict lookup instead of ``parent.index(child)``, which walks the siblings)
        self._tables: dict[Any, dict[Any, int]] = {}
        self._lookups: dict[Any, int] = {}
        # parent → {step: child}, built only when a pointer has to be looked up
        self._reverse: dict[Any, dict[str, Any]] = {}
        # the pointers handed out so far (bounded), so that looking one up costs nothing
        self._made: dict[str, Any] = {}
        # and the other way round: an element's pointer again (a message names the element
        # its finding points at) costs a lookup. The element is kept, so its id stays its.
        self._written: dict[Any, str] = {}

    def _number_children(self, parent: Any) -> array[int]:
        numbers = self._numbers.get(parent)
        if numbers is not None:
            return numbers
        # Plain tags (the common case) are their own key; comments and PIs get no number.
        keys = [
            _NOT_AN_ELEMENT
            if child.tag.__class__ is not str
            else child.tag
            if child.tag[0] != "{"
            else _path_key(child)
            for child in parent
        ]
        elements = sum(key is not _NOT_AN_ELEMENT for key in keys)
        totals: dict[Any, int] = {}
        for key in keys:
            totals[key] = totals.get(key, 0) + 1
        seen: dict[Any, int] = {}
        numbers = array("q", bytes(8 * len(keys)))
        position = 0
        for ordinal, key in enumerate(keys):
            if key is _NOT_AN_ELEMENT:
                continue
            position += 1
            if key is None:  # a default namespace: counted among all elements
                numbers[ordinal] = 0 if elements == 1 else position
            elif totals[key] > 1:
                numbers[ordinal] = seen[key] = seen.get(key, 0) + 1
        self._numbers[parent] = numbers
        return numbers

    def _number(self, parent: Any, child: Any) -> int:
        table = self._tables.get(parent)
        if table is not None:
            return table[child]
        numbers = self._number_children(parent)
        lookups = self._lookups[parent] = self._lookups.get(parent, 0) + 1
        if lookups <= _DIRECT_LOOKUPS:
            return numbers[int(parent.index(child))]
        table = self._tables[parent] = dict(zip(parent, numbers, strict=True))
        return table[child]

    def _table(self, parent: Any) -> dict[Any, int]:
        """{child element: number} of one parent (for the way from a pointer back)."""
        numbers = self._number_children(parent)
        return {
            child: number
            for child, number in zip(parent, numbers, strict=True)
            if child.tag.__class__ is str
        }

    def _step(self, parent: Any, child: Any) -> str:
        return _step_text(child, self._number(parent, child))

    def pointer(self, element: Any) -> str:
        written = self._written.get(element)
        if written is not None:
            return written
        if self._getpaths < _GETPATH_POINTERS and self._tree is not None:
            self._getpaths += 1
            try:
                pointer = str(self._tree.getpath(element))
            except ValueError:  # not an element of this document
                return str(element.getroottree().getpath(element))
        else:
            numbered = self._numbered_pointer(element)
            if numbered is None:  # not an element of this document
                return str(element.getroottree().getpath(element))
            pointer = numbered
        if len(self._made) < _REMEMBERED_POINTERS:
            self._made[pointer] = element
            self._written[element] = pointer
        return pointer

    def _numbered_pointer(self, element: Any) -> str | None:
        steps: list[str] = []
        current = element
        while current is not self.root:
            parent = current.getparent()
            if parent is None:  # not an element of this document
                return None
            steps.append(self._step(parent, current))
            current = parent
        steps.append(self.root_step)
        steps.reverse()
        return "/" + "/".join(steps)

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
                    _step_text(child, number): child
                    for child, number in self._table(parent).items()
                }
            found = reverse.get(step)
            if found is None:
                break
            current = found
        return current


# Pointers asked for under one parent before its children are put in a dict: until then
# ``parent.index(child)`` (a walk over the siblings in C, no Python objects) finds them.
_DIRECT_LOOKUPS = 128
_NOT_AN_ELEMENT: Any = object()

# Pointers written by ``getpath`` per document before the siblings are numbered: each
# walks the siblings of every ancestor, so a fixed number of them keeps a document's
# pointers linear in its size.
_GETPATH_POINTERS = 16

# Pointers remembered per document for the way back to their element (a finding's
# position); past this many, the way back is looked up in the per-parent tables.
_REMEMBERED_POINTERS = 4096


def _step_text(element: Any, number: int) -> str:
    name = _path_name(element)
    return f"{name}[{number}]" if number else name


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
    """The index of the document rooted at ``root``. The index in use is kept per thread
    (a thread checks one document at a time) until :func:`release_element_index`."""
    cached: ElementIndex | None = getattr(_local, "index", None)
    if cached is None or cached.root is not root:
        cached = _local.index = ElementIndex(root)
    return cached


def written_element(root: Any, pointer: str) -> Any:
    """The element of the document rooted at ``root`` that this thread's index wrote
    ``pointer`` for, when it remembers it; else None (no index is made)."""
    cached: ElementIndex | None = getattr(_local, "index", None)
    if cached is None or cached.root is not root:
        return None
    return cached._made.get(pointer)


def release_element_index() -> None:
    """Forget this thread's index, so that a checked document is not kept alive."""
    _local.index = None


def element_pointer(element: Any) -> str:
    """An element's pointer, from its document's index."""
    return element_index(element.getroottree().getroot()).pointer(element)


# ---------------------------------------------------------------------------------------
# The shared reading of a document's elements


class Node(NamedTuple):
    """One element of a payload as the rules see it: tag, stripped text, children.

    lxml builds a new Python object for an element on every access, so the document is
    read into nodes once, in one pass, and every rule (and the schema walker, for a document
    libxml2 rejects) walks the nodes. The lxml element stays at hand for pointers and line
    numbers. (A tuple: the reader builds thousands.)
    """

    element: Any
    tag: str
    text: str
    children: list[Node]
    by_tag: dict[str, list[Node]]

    def all(self, name: str) -> list[Node]:
        """The children named ``name``."""
        return self.by_tag.get(name, _NONE)

    def first(self, name: str) -> Node | None:
        found = self.by_tag.get(name)
        return found[0] if found else None

    @property
    def sourceline(self) -> int:
        return int(self.element.sourceline or 0)


_NONE: list[Node] = []


def read_node(element: Any, tag: str) -> Node:
    """The node of ``element`` (whose tag is ``tag``) and of every element below it."""
    children: list[Node] = []
    by_tag: dict[str, list[Node]] = {}
    others = False
    for child in element:
        child_tag = child.tag
        if child_tag.__class__ is not str:
            others = True  # a comment or processing instruction splits the text
            continue
        if len(child):
            node = read_node(child, child_tag)
        else:  # a leaf, the common case: no recursion
            node = _new_node(Node, (child, child_tag, (child.text or "").strip(), _NONE, _EMPTY))
        children.append(node)
        found = by_tag.get(child_tag)
        if found is None:
            by_tag[child_tag] = [node]
        else:
            found.append(node)
    if children:
        text = ""
    elif others:
        text = element_text(element).strip()
    else:
        text = (element.text or "").strip()
    return _new_node(Node, (element, tag, text, children, by_tag))


_EMPTY: dict[str, list[Node]] = {}
_new_node = tuple.__new__  # builds a Node without a Python-level __new__ call


def document_tree(doc: Any) -> Node:
    """The root node of a parsed document, read once and kept in its memo."""
    tree: Node | None = doc.memo.get("tree")
    if tree is None:
        root = doc.root
        tree = doc.memo["tree"] = read_node(root, str(root.tag))
    return tree


def element_text(element: Any) -> str:
    """An element's character content (text around comments and PIs included)."""
    parts = [element.text or ""]
    parts.extend(child.tail or "" for child in element)
    return "".join(parts)


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


# libxml2's nesting limit without XML_PARSE_HUGE (which would lift every other limit too).
XML_MAX_DEPTH = 256

_QUOTED = re.compile(r"'([^']*)'")
_ATTRIBUTE_START = re.compile(r"""([\w:.-]+)\s*=\s*(["'])""")
_WORDS = re.compile(r"[\w:.-]+")


def _name_after(message: str, marker: str) -> str:
    """The name that follows ``marker`` in a libxml2 message (``tag goalBean line 1``)."""
    index = message.find(marker)
    if index == -1:
        return ""
    found = _WORDS.search(message, index + len(marker))
    return found.group(0) if found else ""


def _line_after(message: str, marker: str) -> int | None:
    found = re.search(re.escape(marker) + r"\S*\s+line\s+(\d+)", message)
    return int(found.group(1)) if found else None


class _Located:
    """Offsets and positions in the document text (characters, like libxml2's columns)."""

    def __init__(self, text: str) -> None:
        from goalkeeper.load.text import LineIndex

        self.text = text
        self.lines = LineIndex(text)
        self._starts = self.lines.starts

    def offset(self, line: int, column: int) -> int:
        line = min(max(line, 1), len(self._starts))
        return min(self._starts[line - 1] + max(column - 1, 0), len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        return self.lines.position(max(0, min(offset, len(self.text))))

    def back(self, needle: str, offset: int) -> int:
        """The last ``needle`` starting at or before ``offset`` (``offset`` itself if none)."""
        found = self.text.rfind(needle, 0, offset + len(needle))
        return found if found != -1 else offset

    def line_start(self, line: int) -> int:
        return self._starts[min(max(line, 1), len(self._starts)) - 1]


def _syntax_finding(text: str, error: Any) -> Finding:
    """GK301 in goalkeeper's words, at the character that is wrong (never libxml2's text)."""
    from lxml import etree

    located = _Located(text)
    message = _LIBXML_POSITION_SUFFIX.sub("", str(error.msg or "")).strip()
    line, column = error.position if error.position else (1, 1)
    offset = located.offset(line, column)
    name = etree.ErrorTypes._getName(error.code, "") if hasattr(etree, "ErrorTypes") else ""
    sentence, anchor, hint = _explain(name, message, located, offset)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        hint = (
            "the file looks like JSON, not XML: .xml files are parsed as XML; "
            "rename it to .json if it is a JSON payload"
        )
    return Finding(
        "GK301",
        "",
        sentence,
        hint=hint
        or "fix the markup at this position; the rest of the file is not checked until it parses",
        position=located.position(anchor),
    )


def _explain(name: str, message: str, at: _Located, offset: int) -> tuple[str, int, str | None]:
    """(sentence, offset of the offending character, hint) for one libxml2 error class."""
    text = at.text
    previous = max(offset - 1, 0)
    if name in ("ERR_NAME_REQUIRED", "ERR_ENTITYREF_SEMICOL_MISSING") and "Entity" in message:
        amp = at.back("&", previous)
        return (
            'the XML is not well-formed: "&" must be escaped',
            amp,
            'write "&amp;" for a literal "&" (and "&lt;" for "<")',
        )
    if name == "ERR_UNDECLARED_ENTITY":
        amp = at.back("&", previous)
        end = text.find(";", amp)
        reference = text[amp : end + 1] if end != -1 and end - amp < 80 else "&…;"
        return (
            f"the XML is not well-formed: the entity {reference} is not defined; XML knows "
            "only &amp; &lt; &gt; &quot; &apos;",
            amp,
            'write "&amp;" for a literal "&", or the character itself',
        )
    if name == "ERR_TAG_NAME_MISMATCH":
        opened = _name_after(message, "mismatch:")
        opened_line = _line_after(message, "mismatch: " + opened)
        closed = message.rsplit(" and ", 1)[-1].strip()
        closing = at.back("</", previous) + 2  # the name that does not match
        where = f" (opened on line {opened_line})" if opened_line else ""
        return (
            f"the XML is not well-formed: the closing tag </{closed}> does not match the open "
            f"element <{opened}>{where}",
            closing,
            f"close <{opened}> with </{opened}> before this point, or fix the tag name",
        )
    if name == "ERR_TAG_NOT_FINISHED":
        opened = _name_after(message, "in tag")
        opened_line = _line_after(message, "in tag " + opened) or 1
        start = text.find("<" + opened, at.line_start(opened_line))
        return (
            f"the XML is not well-formed: the element <{opened}> is never closed",
            start if start != -1 else offset,
            f"add </{opened}> where the element ends",
        )
    if name == "ERR_GT_REQUIRED" or message.startswith("error parsing attribute name"):
        start = at.back("<", previous - 1 if text[previous : previous + 1] == "<" else previous)
        tag = _WORDS.match(text, start + 1)
        shown = tag.group(0) if tag else ""
        return (
            f'the XML is not well-formed: the start tag <{shown}> is not closed with ">"',
            start,
            f'end the tag with ">" (or "/>" for an empty element): <{shown}>',
        )
    if name in ("ERR_LT_IN_ATTRIBUTE", "ERR_ATTRIBUTE_NOT_FINISHED"):
        tag_start = text.rfind("<", 0, offset if text[offset : offset + 1] == "<" else offset + 1)
        openings = list(_ATTRIBUTE_START.finditer(text, max(tag_start, 0), offset))
        quote_start = openings[-1] if openings else None
        if quote_start is not None and (
            name == "ERR_ATTRIBUTE_NOT_FINISHED" or ">" in text[quote_start.end() : offset]
        ):
            attribute = quote_start.group(1)
            return (
                f"the XML is not well-formed: the value of the attribute {attribute} is never "
                "closed with its quote",
                quote_start.start(1),
                f"end the value with the quote it starts with: {attribute}="
                f"{quote_start.group(2)}...{quote_start.group(2)}",
            )
        return (
            'the XML is not well-formed: "<" is not allowed in an attribute value',
            offset,
            'write "&lt;" for a literal "<"',
        )
    if name == "ERR_ATTRIBUTE_NOT_STARTED":
        return (
            "the XML is not well-formed: an attribute value must be in quotes",
            offset,
            'write the value in double quotes: name="value"',
        )
    if name == "ERR_ATTRIBUTE_WITHOUT_VALUE":
        attribute = message.rsplit(" ", 1)[-1]
        return (
            f"the XML is not well-formed: the attribute {attribute} has no value",
            at.back(attribute, previous) if attribute else offset,
            f'give it a value in quotes: {attribute}="..."',
        )
    if name == "ERR_ATTRIBUTE_REDEFINED":
        attribute = _name_after(message, "Attribute")
        return (
            f"the XML is not well-formed: the attribute {attribute} appears twice in one element",
            at.back(" " + attribute, previous) + 1 if attribute else offset,
            "keep one of them",
        )
    if name == "ERR_SPACE_REQUIRED":
        return (
            "the XML is not well-formed: attributes must be separated by white space",
            offset,
            'put a space between the attributes: a="1" b="2"',
        )
    if name == "ERR_DOCUMENT_EMPTY":
        first = len(text) - len(text.lstrip())
        return (
            "the XML is not well-formed: the document must start with an element, such as "
            "<goalBean>",
            first,
            "remove what comes before the first element",
        )
    if name == "ERR_DOCUMENT_END":
        return (
            "the XML is not well-formed: there is content after the end of the root element",
            offset,
            "a payload has exactly one root element; remove what follows it",
        )
    if name == "ERR_RESOURCE_LIMIT" and "depth" in message.lower():
        return (
            f"the document is nested deeper than {XML_MAX_DEPTH} levels",
            at.back("<", previous),
            "no vendor payload nests this deep; the file is probably generated wrongly",
        )
    if name == "ERR_HYPHEN_IN_COMMENT":
        return (
            'the XML is not well-formed: "--" is not allowed inside a comment',
            at.back("--", offset + 1),
            'remove the "--" from the comment',
        )
    if name == "ERR_COMMENT_NOT_FINISHED":
        return (
            'the XML is not well-formed: a comment is never closed with "-->"',
            at.back("<!--", previous),
            'end the comment with "-->"',
        )
    if name == "ERR_CDATA_NOT_FINISHED":
        return (
            'the XML is not well-formed: a CDATA section is never closed with "]]>"',
            at.back("<![CDATA[", previous),
            'end the section with "]]>"',
        )
    if name == "ERR_MISPLACED_CDATA_END":
        return (
            'the XML is not well-formed: "]]>" is not allowed in text',
            at.back("]]>", offset),
            'write "]]&gt;" instead',
        )
    if name == "ERR_RESERVED_XML_NAME":
        return (
            "the XML is not well-formed: the XML declaration <?xml ...?> must be the very "
            "first thing in the file",
            at.back("<?xml", previous),
            "move the declaration to the start of the file (nothing before it, not even a "
            "space), or remove it",
        )
    if name == "NS_ERR_UNDEFINED_NAMESPACE":
        prefix = _name_after(message, "prefix")
        return (
            f"the XML is not well-formed: the namespace prefix {prefix}: is not declared",
            at.back("<" + prefix + ":", previous),
            f'declare it (xmlns:{prefix}="...") or remove the prefix; the API takes plain '
            "element names",
        )
    if name in ("ERR_INVALID_CHARREF", "ERR_INVALID_HEX_CHARREF", "ERR_INVALID_DEC_CHARREF") or (
        name == "ERR_INVALID_CHAR" and "CharRef" in message
    ):
        return (
            "the XML is not well-formed: the character reference names no character XML allows",
            at.back("&#", previous),
            "use &#NNN; or &#xHH; for a character XML allows, or the character itself",
        )
    if name == "ERR_INVALID_CHAR":
        bad = next(
            (
                i
                for i in range(max(offset - 2, 0), min(offset + 2, len(text)))
                if _invalid_xml_char(text[i])
            ),
            offset,
        )
        shown = f"U+{ord(text[bad]):04X}" if bad < len(text) else "a character"
        return (
            f"the XML is not well-formed: the character {shown} is not allowed in XML",
            bad,
            "remove the control character",
        )
    if name == "ERR_UNKNOWN_VERSION" or name == "ERR_VERSION_MISSING":
        return (
            'the XML is not well-formed: the XML declaration must say version="1.0"',
            at.back("<?xml", previous),
            'write <?xml version="1.0" encoding="UTF-8"?>',
        )
    if text[offset : offset + 2] == "</" or text[previous : previous + 2] == "</":
        closing = offset if text[offset : offset + 2] == "</" else previous
        return (
            "the XML is not well-formed: a closing tag with no open element",
            closing,
            "remove it, or add the start tag it closes",
        )
    if name == "ERR_NAME_REQUIRED" and "StartTag" in message:
        less = at.back("<", previous)
        return (
            'the XML is not well-formed: "<" must start a tag; a literal "<" in text must '
            "be escaped",
            less,
            'write "&lt;" for a literal "<"',
        )
    quoted = _QUOTED.findall(message)
    detail = f" near {quoted[0]!r}" if quoted and len(quoted[0]) < 20 else ""
    return (f"the XML is not well-formed{detail}", offset, None)


def _invalid_xml_char(char: str) -> bool:
    code = ord(char)
    return (code < 0x20 and char not in "\t\n\r") or 0xFFFE <= code <= 0xFFFF
