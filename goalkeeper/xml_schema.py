"""The schema stage for XML payloads: the kind's XSD, every failure a stable code.

The XSD shipped in ``goalkeeper/schemas/pulse/`` is the single source of truth for
structure. lxml's ``XMLSchema`` (libxml2) gives the verdict: a valid document costs one
call. libxml2 stops at the first content error of an element, so for an invalid document
goalkeeper walks the instance against a model read from the same XSD and reports *every*
violation, with the code its ``gk:*`` attributes name. The walk goes below the parent of
each element libxml2 names; the rest libxml2 has checked and found valid.

* ``gk:code`` on an element declaration: a value that fails its simple type;
* ``gk:missing``, ``gk:unknown``, ``gk:repeated``, ``gk:content`` (inherited by nested
  declarations): a missing required child, an element or attribute the XSD does not
  declare, a child given more often than allowed, text where elements belong (or the
  reverse);
* ``gk:unsupported`` with ``gk:unsupported-words``: an unknown element whose name has one
  of those words (``word=what is targeted``; ``user+agent``: two words in a row, as in
  ``userAgents``);
* ``gk:hint-for-VALUE`` on an element declaration: the hint for that failing value;
* ``gk:pattern``: what a ``pattern`` facet allows, in words.

The XSD subset goalkeeper ships is what the walker models: global and local element
declarations, named and anonymous types, ``xs:all`` and unbounded ``xs:choice`` content,
and simple types restricting ``xs:string``, ``xs:decimal``, ``xs:integer`` or
``xs:boolean`` with enumeration, pattern, length and bound facets. The tests prove on
every fixture and on generated documents that the walker finds a violation exactly when
libxml2 and the reference engine (``xmlschema``) reject the document.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from decimal import Decimal
from typing import Any, NamedTuple, cast

from goalkeeper.diagnostics import CappedFindings, Finding, Severity
from goalkeeper.load.xml_document import Node, document_tree, element_pointer, element_text
from goalkeeper.pointers import characters_outside, visible

# goalkeeper.schema's directory, not imported from it: an XML run needs nothing else of the
# JSON schema stage.
SCHEMA_DIRECTORY = os.path.join(os.path.dirname(__file__), "schemas")

XS = "{http://www.w3.org/2001/XMLSchema}"
GK = "{urn:goalkeeper:annotations}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"

_INHERITED = ("missing", "unknown", "repeated", "content", "unsupported", "unsupported-words")
_LEXICAL = {
    "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    "integer": re.compile(r"[+-]?[0-9]+"),
    "boolean": re.compile(r"true|false|1|0"),
}
_XML_SPACE = re.compile(r"[ \t\n\r]+")
_HINT_FOR = f"{GK}hint-for-"
# The words of an element name: userAgents → user, agents; ipv4Ranges → ipv4, ranges.
_NAME_WORDS = re.compile(r"[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*(?![a-z])|[0-9]+")


class SimpleType(NamedTuple):
    base: str  # string, decimal, integer or boolean
    enumeration: tuple[str, ...] = ()
    patterns: tuple[tuple[re.Pattern[str], str], ...] = ()  # (regex, words)
    min_length: int | None = None
    max_length: int | None = None
    min_inclusive: Decimal | None = None
    max_inclusive: Decimal | None = None
    min_exclusive: Decimal | None = None
    max_exclusive: Decimal | None = None


class ElementDecl(NamedTuple):
    name: str
    min_occurs: int
    max_occurs: int | None  # None: unbounded
    code: str | None
    codes: dict[str, str]  # the inherited gk:* codes, by name
    simple: SimpleType | None
    mode: str  # "all" or "choice" for complex content; "" for simple
    children: dict[str, ElementDecl]
    hints: tuple[tuple[str, str], ...] = ()  # (failing value, its hint)


class XsdSubsetError(ValueError):
    """The shipped XSD uses something the walker does not model."""


class _ModelReader:
    def __init__(self, schema_root: Any) -> None:
        self.root = schema_root
        self.simple_types = {t.get("name"): t for t in schema_root.findall(f"{XS}simpleType")}
        self.complex_types = {t.get("name"): t for t in schema_root.findall(f"{XS}complexType")}

    def element(self, node: Any, inherited: dict[str, str]) -> ElementDecl:
        codes = dict(inherited)
        for name in _INHERITED:
            value = node.get(f"{GK}{name}")
            if value is not None:
                codes[name] = value
        max_occurs = node.get("maxOccurs", "1")
        type_name = node.get("type")
        simple: SimpleType | None = None
        mode = ""
        children: dict[str, ElementDecl] = {}
        complex_node = node.find(f"{XS}complexType")
        simple_node = node.find(f"{XS}simpleType")
        if type_name is not None:
            local = type_name.split(":")[-1]
            if type_name.startswith("xs:"):
                simple = SimpleType(self._builtin(local))
            elif local in self.simple_types:
                simple = self.simple(self.simple_types[local])
            elif local in self.complex_types:
                complex_node = self.complex_types[local]
            else:
                raise XsdSubsetError(f"unknown type {type_name}")
        elif simple_node is not None:
            simple = self.simple(simple_node)
        if complex_node is not None:
            mode, children = self.complex(complex_node, codes)
        elif simple is None:
            raise XsdSubsetError(f"element {node.get('name')} has no type")
        return ElementDecl(
            name=node.get("name"),
            min_occurs=int(node.get("minOccurs", "1")),
            max_occurs=None if max_occurs == "unbounded" else int(max_occurs),
            code=node.get(f"{GK}code"),
            codes=codes,
            simple=simple,
            mode=mode,
            children=children,
            hints=tuple(
                (str(key)[len(_HINT_FOR) :], str(value))
                for key, value in node.attrib.items()
                if str(key).startswith(_HINT_FOR)
            ),
        )

    def complex(self, node: Any, codes: dict[str, str]) -> tuple[str, dict[str, ElementDecl]]:
        groups = [child for child in node if child.tag in (f"{XS}all", f"{XS}choice")]
        if len(groups) != 1 or len(node) != 1:
            raise XsdSubsetError("complex types must hold exactly one xs:all or xs:choice")
        group = groups[0]
        mode = "all" if group.tag == f"{XS}all" else "choice"
        if mode == "choice" and group.get("maxOccurs") != "unbounded":
            raise XsdSubsetError("xs:choice must be unbounded")
        children = {}
        for child in group:
            if child.tag != f"{XS}element":
                raise XsdSubsetError("groups may only hold element declarations")
            declared = self.element(child, codes)
            children[declared.name] = declared
        return mode, children

    def simple(self, node: Any) -> SimpleType:
        restriction = node.find(f"{XS}restriction")
        if restriction is None:
            raise XsdSubsetError("simple types must be restrictions")
        base = restriction.get("base", "")
        if base.startswith("xs:"):
            result = SimpleType(self._builtin(base[3:]))
        else:
            result = self.simple(self.simple_types[base.split(":")[-1]])
        facets: dict[str, Any] = {}
        enumeration = list(result.enumeration) if result.enumeration else []
        own_enumeration = []
        patterns = list(result.patterns)
        for facet in restriction:
            name = facet.tag.removeprefix(XS)
            value = facet.get("value")
            if name == "enumeration":
                own_enumeration.append(value)
            elif name == "pattern":
                patterns.append((re.compile(value), facet.get(f"{GK}pattern") or value))
            elif name in ("minLength", "maxLength"):
                facets["min_length" if name == "minLength" else "max_length"] = int(value)
            elif name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
                key = re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()
                facets[key] = Decimal(value)
            else:
                raise XsdSubsetError(f"facet {name} is not modelled")
        return result._replace(
            enumeration=tuple(own_enumeration or enumeration), patterns=tuple(patterns), **facets
        )

    @staticmethod
    def _builtin(name: str) -> str:
        if name in ("string", "decimal", "integer", "boolean"):
            return name
        raise XsdSubsetError(f"built-in type xs:{name} is not modelled")


def read_model(xsd_text: str) -> ElementDecl:
    """The root element declaration of an XSD, with everything below it."""
    from lxml import etree

    schema_root = etree.fromstring(xsd_text.encode("utf-8"))
    roots = schema_root.findall(f"{XS}element")
    if len(roots) != 1:
        raise XsdSubsetError("an XSD must declare exactly one root element")
    return _ModelReader(schema_root).element(roots[0], {})


# ---------------------------------------------------------------------------------------
# Walking an instance


def _label(pointer: str) -> str:
    parts = pointer.split("/")[2:]
    return "/".join(parts) if parts else f"<{pointer.strip('/')}>"


def _show(value: str, limit: int = 60) -> str:
    shown = visible(value)
    shown = shown if len(shown) <= limit else shown[: limit - 1] + "…"
    return f'"{shown}"'


class _Walker:
    def __init__(self, attributes: bool = True) -> None:
        self.capped = CappedFindings()
        # False when the document has no attribute at all: none is read.
        self.attributes = attributes

    @property
    def findings(self) -> list[Finding]:
        return self.capped.findings()

    def add(self, code: str | None, element: Any, message: str, hint: str | None = None) -> None:
        if code is None:
            raise XsdSubsetError(f"no gk code for: {message}")
        if self.capped.is_full(code):
            self.capped.count(code)
            return
        self.capped.add(Finding(code, element_pointer(element), message, hint=hint))

    def label(self, element: Any) -> str:
        """How a message names the element (worked out only for a message: an XPath
        costs as much as the rest of the walk)."""
        return _label(element_pointer(element))

    def walk(self, element: Any, declared: ElementDecl) -> None:
        if self.attributes:
            self.unknown_attributes(element, declared)
        if declared.simple is not None:
            self.simple(element, declared)
        else:
            self.complex(element, declared)

    def unknown_attributes(self, element: Any, declared: ElementDecl) -> None:
        names = element.keys()
        for attribute in names:
            if not str(attribute).startswith(XSI):
                self.add(
                    declared.codes.get("unknown"),
                    element,
                    f'{self.label(element)} has the attribute "{attribute}", which the API '
                    "does not know",
                )

    def walk_node(
        self, node: Node, declared: ElementDecl, within: dict[Any, bool] | None = None
    ) -> None:
        """:meth:`walk` over the document's shared reading (:func:`document_tree`): the
        same findings in the same order, without asking lxml again for every tag and
        child. An element without child elements is walked as :meth:`walk` walks it.

        ``within``, when given, names the elements to go into (see :func:`_suspects`):
        True for an element whose every descendant is walked, False for one on the way
        to such an element. The others were found valid by libxml2: the walk passes
        them over (their own tag is still checked where they stand)."""
        element = node.element
        if not node.children or declared.simple is not None:
            self.walk(element, declared)
            return
        if self.attributes:
            self.unknown_attributes(element, declared)
        if _holds_text(element, node.children):
            text = element_text(element).strip()
            self.add(
                declared.codes.get("content"),
                element,
                f"{self.label(element)} holds the text {_show(text)}; it must only contain "
                "elements",
            )
        declared_children = _children_of(declared)
        by_tag = node.by_tag
        names, required = _names_of(declared)
        every = declared.mode == "all"
        if by_tag.keys() <= names and not (every and len(by_tag) != len(node.children)):
            # Every child declared, none given twice in xs:all (the common case): no child
            # is unknown or repeated, so only the values and what is missing are left.
            for child in node.children:
                child_declared, verdicts = declared_children[child.tag]
                self.walk_child(child, child_declared, verdicts, within)
            if every and not required <= by_tag.keys():
                self.missing(element, declared, {name: len(by_tag.get(name, ())) for name in names})
            return
        counts: dict[str, int] = {}
        for child in node.children:
            name = child.tag
            found = declared_children.get(name)
            if found is None:
                self.unknown(child.element, declared, element)
                continue
            child_declared, verdicts = found
            if every:  # xs:all: each child counted (xs:choice is unbounded)
                self.count(counts, name, child.element, child_declared, declared, element)
            self.walk_child(child, child_declared, verdicts, within)
        if every:
            self.missing(element, declared, counts)

    def count(
        self,
        counts: dict[str, int],
        name: str,
        child: Any,
        child_declared: ElementDecl,
        declared: ElementDecl,
        element: Any,
    ) -> None:
        """Count a child of an xs:all element; one given more often than it may be is
        reported where it stands."""
        count = counts[name] = counts.get(name, 0) + 1
        limit = child_declared.max_occurs
        if limit is not None and count > limit:
            self.add(
                declared.codes.get("repeated"),
                child,
                f"<{name}> appears more than once in {self.label(element)}",
            )

    def walk_child(
        self,
        child: Node,
        declared: ElementDecl,
        verdicts: dict[str, Any] | None,
        within: dict[Any, bool] | None,
    ) -> None:
        """One child of :meth:`walk_node`: an element with children is walked in turn
        (where ``within`` goes); a leaf without attributes, the common case, has only its
        value to check, answered from the type's remembered ``verdicts`` when it can."""
        if child.children:
            if within is None:
                self.walk_node(child, declared)
            else:
                mark = within.get(child.element)
                if mark is not None:
                    self.walk_node(child, declared, None if mark else within)
            return
        leaf = child.element
        if verdicts is not None and not len(leaf) and not (self.attributes and leaf.keys()):
            value = leaf.text or ""
            problem = verdicts.get(value, _UNKNOWN)
            if problem is _UNKNOWN:
                problem = _simple_problem(cast("SimpleType", declared.simple), value)
            if problem is not None:
                self.value_problem(leaf, declared, value, problem)
        else:
            self.walk(leaf, declared)

    def missing(self, element: Any, declared: ElementDecl, counts: dict[str, int]) -> None:
        """The required children of an xs:all element given fewer times than needed."""
        for name, child_declared in declared.children.items():
            if counts.get(name, 0) < child_declared.min_occurs:
                self.add(
                    declared.codes.get("missing"),
                    element,
                    f"required element <{name}> is missing from {self.label(element)}",
                    f"add <{name}> to {self.label(element)}",
                )

    def complex(self, element: Any, declared: ElementDecl) -> None:
        children = list(element)
        text = "".join([element.text or "", *[child.tail or "" for child in children]]).strip()
        if text:
            self.add(
                declared.codes.get("content"),
                element,
                f"{self.label(element)} holds the text {_show(text)}; it must only contain "
                "elements",
            )
            if not any(isinstance(child.tag, str) for child in children):
                # A value written where a container belongs (<budget>500</budget>) is one
                # mistake: its missing children are not reported again.
                return
        counts: dict[str, int] = {}
        declared_children = _children_of(declared)
        every = declared.mode == "all"
        attributes = self.attributes
        for child in children:
            name = child.tag
            if name.__class__ is not str:
                continue  # a comment or processing instruction
            found = declared_children.get(name)
            if found is None:
                self.unknown(child, declared, element)
                continue
            child_declared, verdicts = found
            if every:  # xs:all: each child counted (xs:choice is unbounded)
                self.count(counts, name, child, child_declared, declared, element)
            if verdicts is not None and not len(child) and not (attributes and child.keys()):
                # A leaf without attributes, the common case: its value is all to check.
                value = child.text or ""
                problem = verdicts.get(value, _UNKNOWN)
                if problem is _UNKNOWN:
                    problem = _simple_problem(cast("SimpleType", child_declared.simple), value)
                if problem is not None:
                    self.value_problem(child, child_declared, value, problem)
            else:
                self.walk(child, child_declared)
        if every:
            self.missing(element, declared, counts)

    def unknown(self, child: Any, declared: ElementDecl, parent: Any) -> None:
        name = child.tag
        targeted = _unsupported(name, declared.codes.get("unsupported-words", ""))
        if targeted is not None:
            self.add(
                declared.codes.get("unsupported"),
                child,
                f"<{name}> is {targeted} targeting, which this endpoint does not support",
            )
            return
        self.add(
            declared.codes.get("unknown"),
            child,
            f"<{name}> is not an element the API knows in {self.label(parent)}",
        )

    def simple(self, element: Any, declared: ElementDecl) -> None:
        if not len(element):  # a leaf, the common case
            text = element.text or ""
        elif any(isinstance(child.tag, str) for child in element):
            self.add(
                declared.codes.get("content"),
                element,
                f"{self.label(element)} holds elements; it must only contain text",
            )
            return
        else:
            text = element_text(element)
        simple = declared.simple
        assert simple is not None
        problem = _simple_problem(simple, text)
        if problem is not None:
            self.value_problem(element, declared, text, problem)

    def value_problem(self, element: Any, declared: ElementDecl, text: str, problem: str) -> None:
        hint = dict(declared.hints).get(_XML_SPACE.sub(" ", text).strip())
        self.add(declared.code, element, f"{self.label(element)} {problem}", hint)


def _holds_text(element: Any, children: list[Node]) -> bool:
    """Whether ``element`` (whose child elements are ``children``) holds text other than
    white space: ``element_text(element).strip()`` is not empty."""
    if len(element) != len(children):  # comments or processing instructions among them
        return bool(element_text(element).strip())
    text = element.text
    if text and not text.isspace():
        return True
    for child in children:
        text = child.element.tail
        if text and not text.isspace():
            return True
    return False


def _unsupported(name: str, table: str) -> str | None:
    """What an element name says it targets, from ``word=what`` entries, or None."""
    if not table:
        return None
    words = [word.lower() for word in _NAME_WORDS.findall(name)]
    pairs = {f"{a}+{b}" for a, b in itertools.pairwise(words)}
    for entry in table.split():
        key, _, what = entry.partition("=")
        if key in pairs or key in words:
            return (what or key).replace("_", " ")
    return None


# What is wrong with a value of a simple type, remembered per type (a pure function of
# the two; a document repeats few values: day names, rule types, booleans). The type is
# kept beside its table, so its id is never reused. Bounded: a table is cleared when full.
_verdicts: dict[int, tuple[SimpleType, dict[str, str | None]]] = {}
_VERDICTS_KEPT = 1024
_VALUES_REMEMBERED = 100  # longer values are checked afresh
_UNKNOWN: Any = object()


def _verdict_table(simple: SimpleType) -> dict[str, str | None]:
    entry = _verdicts.get(id(simple))
    if entry is None:
        entry = _verdicts[id(simple)] = (simple, {})
    return entry[1]


# For each complex declaration, its children by name, each with the remembered verdicts of
# its simple type (None for a complex child); the declaration is kept beside them.
_Children = dict[str, tuple[ElementDecl, "dict[str, str | None] | None"]]
_children_tables: dict[int, tuple[ElementDecl, _Children]] = {}


def _children_of(declared: ElementDecl) -> _Children:
    entry = _children_tables.get(id(declared))
    if entry is None:
        if len(_children_tables) >= _VERDICTS_KEPT:
            _children_tables.clear()
        children: _Children = {
            name: (child, _verdict_table(child.simple) if child.simple is not None else None)
            for name, child in declared.children.items()
        }
        entry = _children_tables[id(declared)] = (declared, children)
    return entry[1]


_names_tables: dict[int, tuple[ElementDecl, tuple[frozenset[str], frozenset[str]]]] = {}


def _names_of(declared: ElementDecl) -> tuple[frozenset[str], frozenset[str]]:
    """The names of a complex declaration's children, and of those required. No names when
    a child must be given more than once or may not be given at all: a name given once
    does not settle it, so :meth:`_Walker.walk_node` counts every child."""
    entry = _names_tables.get(id(declared))
    if entry is None:
        if len(_names_tables) >= _VERDICTS_KEPT:
            _names_tables.clear()
        children = declared.children
        exact = all(c.min_occurs <= 1 and c.max_occurs != 0 for c in children.values())
        names = frozenset(children) if exact else frozenset()
        required = frozenset(n for n, c in children.items() if c.min_occurs)
        entry = _names_tables[id(declared)] = (declared, (names, required))
    return entry[1]


def _simple_problem(simple: SimpleType, raw: str) -> str | None:
    """:func:`check_simple_value`, remembered for short values."""
    if len(raw) > _VALUES_REMEMBERED:
        return check_simple_value(simple, raw)
    table = _verdict_table(simple)
    known = table.get(raw, _UNKNOWN)
    if known is not _UNKNOWN:
        return cast("str | None", known)
    problem = check_simple_value(simple, raw)
    if len(table) >= _VERDICTS_KEPT:
        table.clear()
    table[raw] = problem
    return problem


def check_simple_value(simple: SimpleType, raw: str) -> str | None:
    """What is wrong with a value of a simple type (the end of a sentence), or None."""
    value = raw if simple.base == "string" else _XML_SPACE.sub(" ", raw).strip()
    lexical = _LEXICAL.get(simple.base)
    if lexical is not None and not lexical.fullmatch(value):
        wanted = {"decimal": "a number", "integer": "a whole number", "boolean": "true or false"}[
            simple.base
        ]
        return f"is {_show(value)}; it must be {wanted}"
    if simple.enumeration:
        if simple.base in ("decimal", "integer"):
            allowed = {Decimal(option) for option in simple.enumeration}
            ok = Decimal(value) in allowed
        else:
            ok = value in simple.enumeration
        if not ok:
            return f"is {_show(value)}; allowed values are " + ", ".join(simple.enumeration)
    for pattern, words in simple.patterns:
        if not pattern.fullmatch(value):
            return _pattern_problem(value, pattern, words)
    if simple.min_length is not None and len(value) < simple.min_length:
        return "is empty" if not value else f"is shorter than {simple.min_length} characters"
    if simple.max_length is not None and len(value) > simple.max_length:
        return f"is {len(value)} characters long; the limit is {simple.max_length}"
    if simple.base in ("decimal", "integer"):
        number = Decimal(value)
        shown = _show(value)
        if simple.min_inclusive is not None and number < simple.min_inclusive:
            return f"is {shown}; it must be at least {simple.min_inclusive}"
        if simple.max_inclusive is not None and number > simple.max_inclusive:
            return f"is {shown}; it must be at most {simple.max_inclusive}"
        if simple.min_exclusive is not None and number <= simple.min_exclusive:
            return f"is {shown}; it must be greater than {simple.min_exclusive}"
        if simple.max_exclusive is not None and number >= simple.max_exclusive:
            return f"is {shown}; it must be less than {simple.max_exclusive}"
    return None


def _pattern_problem(value: str, pattern: re.Pattern[str], words: str) -> str:
    if not value:
        return f"is empty; it must be {words}"
    bad = characters_outside(pattern.pattern, value)
    if bad:
        return f"is {_show(value)}, which contains {bad}; it must be {words}"
    return f"is {_show(value)}; it must be {words}"


def walk_document(
    root: Any,
    model: ElementDecl,
    text: str | None = None,
    tree: Node | None = None,
    within: dict[Any, bool] | None = None,
) -> list[Finding]:
    """Every violation of the model in the document rooted at ``root``; ``text``, the
    document's text when it is known, tells whether any element can have an attribute.
    ``tree``, the document's shared reading when it has one, is walked instead of asking
    lxml for every element again: the findings are the same. ``within`` (with ``tree``)
    names the elements to go into, from what libxml2 complained about
    (:func:`_suspects`)."""
    walker = _Walker(attributes=text is None or _may_have_attributes(text))
    if root.tag != model.name:
        # Nothing of the payload was checked: an error whatever the code's severity.
        code = model.codes.get("unknown")
        if code is None:
            raise XsdSubsetError("no gk code for a wrong root element")
        tag = str(root.tag)
        if tag.startswith("{"):
            namespace, local = tag[1:].split("}", 1)
            shown = f'<{local} xmlns="{namespace}">, in a namespace'
        else:
            shown = f"<{tag}>"
        return [
            Finding(
                code,
                element_pointer(root),
                f"the root element is {shown}; this kind's is <{model.name}> with no "
                "namespace, so nothing in the document was checked",
                hint=f"send a <{model.name}> document (without xmlns), or fix --kind",
                severity=Severity.ERROR,
            )
        ]
    if tree is not None:
        if within is not None and within.get(root, True):
            within = None  # everything below the root is walked
        walker.walk_node(tree, model, within)
    else:
        walker.walk(root, model)
    return walker.findings


def _suspects(tree: Node, paths: list[str | None]) -> dict[Any, bool] | None:
    """Where the elements libxml2 complained about (at ``paths``) stand, for the walker.

    libxml2 checks a whole document, but once an element's children break its content
    model it checks no more of them: the parent of each element it names is walked with
    everything below it (True), as is the element itself, and their ancestors are gone
    into (False). Every other element libxml2 checked and found valid, where the walker
    finds nothing either (the tests compare the two walks). None (walk everything) when a
    complaint names no element of the tree. Each path is followed down the shared
    reading: a lookup a step."""
    within: dict[Any, bool] = {}
    for path in paths:
        steps = path.split("/") if path else ()
        if len(steps) < 2 or steps[0] or steps[1] != tree.tag:
            return None
        chain = [tree]
        for step in steps[2:]:
            name, bracket, number = step.partition("[")
            found = chain[-1].by_tag.get(name)
            if found is None:
                return None
            if bracket:
                position = number[:-1]
                if not (number.endswith("]") and position.isdigit() and position.isascii()):
                    return None
                index = int(position) - 1
                if not 0 <= index < len(found):
                    return None
                chain.append(found[index])
            elif len(found) == 1:
                chain.append(found[0])
            else:
                return None
        within[chain[-1].element] = True
        if len(chain) > 1:
            within[chain[-2].element] = True
        for node in reversed(chain[:-2]):
            if node.element in within:
                break
            within[node.element] = False
    return within


def _may_have_attributes(text: str) -> bool:
    """Whether an "=" follows the XML declaration: an attribute has one in its start tag
    (a text or comment with one only makes the walker read the attributes anyway)."""
    start = text.find("?>") + 2 if text.startswith("<?xml") else 0
    return text.find("=", start) != -1


# ---------------------------------------------------------------------------------------
# The stage


class XmlSchemaStage:
    """One kind's XSD: the compiled libxml2 schema and the walker's model."""

    def __init__(self, resource: str) -> None:
        from lxml import etree

        path = os.path.join(SCHEMA_DIRECTORY, resource)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        self.model = read_model(text)
        self._schema = etree.XMLSchema(etree.fromstring(text.encode("utf-8")))
        self._lock = threading.Lock()

    def validate(self, root: Any) -> str | None:
        """None when libxml2 accepts the document, else its first complaint."""
        found = self.complaints(root)
        return found[0] if found is not None else None

    def complaints(self, root: Any) -> tuple[str, list[str | None]] | None:
        """None when libxml2 accepts the document, else its first complaint and the
        pointer of the element each complaint is about."""
        # A libxml2 schema context must not be used by two threads at once.
        with self._lock:
            if self._schema.validate(root):
                return None
            entries = list(cast("list[Any]", self._schema.error_log))
        first = str(entries[0].message) if entries else "the document does not match the XSD"
        return first, [entry.path for entry in entries] if entries else [None]

    def __call__(self, document: Any) -> list[Finding]:
        root = document.root
        found = self.complaints(root)
        if found is None:
            return []
        complaint, paths = found
        # The rules read the shared tree anyway: the walker reads it too, and goes only
        # where libxml2 complained.
        tree = document_tree(document) if root.tag == self.model.name else None
        within = _suspects(tree, paths) if tree is not None else None
        findings = walk_document(root, self.model, document.text, tree, within)
        if findings:
            return findings
        # libxml2 rejects something the walker does not model: still report it, located
        # at the root, with the generic content code of the kind.
        code = self.model.codes.get("content")
        assert code is not None
        return [
            Finding(
                code, document.pointer(root), f"the document does not match the XSD: {complaint}"
            )
        ]


_stages: dict[str, XmlSchemaStage] = {}
_stages_lock = threading.Lock()


def stage_for(resource: str) -> XmlSchemaStage:
    """The schema stage of an XML kind, built once and shared."""
    stage = _stages.get(resource)
    if stage is None:
        with _stages_lock:
            stage = _stages.get(resource)
            if stage is None:
                stage = XmlSchemaStage(resource)
                _stages[resource] = stage
    return stage
