"""The quick readings of the Pulse checks agree with the slow ones they stand in for.

PU001 first asks the shared element tree whether any boolean holds 1 or 0, and reads the
candidates in document order only then; the XML schema stage remembers the verdict on a
value per simple type; the first pointers of a document come from ``getpath``, the rest
from numbering the siblings. On every Pulse XML fixture and on mutated bodies, each quick
reading must give exactly what the slow one gives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from goalkeeper import text_edits
from goalkeeper.load.document import load_bytes
from goalkeeper.load.xml_document import (
    ElementIndex,
    XmlDocument,
    element_pointer,
    element_text,
    read_node,
    release_element_index,
    written_element,
)
from goalkeeper.rules import Source
from goalkeeper.text_edits import xml_element_at
from goalkeeper.validators.pulse.booleans import _boolean_paths, _boolean_spec, _holds_digit
from goalkeeper.validators.pulse.elements import _read_node, _tree
from goalkeeper.xml_schema import (
    _holds_text,
    _may_have_attributes,
    _simple_problem,
    _suspects,
    check_simple_value,
    read_model,
    stage_for,
    walk_document,
)

from robustness_inputs import TIME_UNITS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pulse"
KINDS = {"goalBean": "pulse/goal", "rulesBean": "pulse/goal-rules"}


def _documents() -> list[tuple[str, XmlDocument]]:
    found = []
    for path in sorted(FIXTURES.rglob("*.xml")):
        document = load_bytes(path.read_bytes(), str(path)).document
        if isinstance(document, XmlDocument):
            found.append((path.name, document))
    return found


def _digit_booleans_read_slowly(document: XmlDocument, kind: str) -> bool:
    """What PU001 finds without the tree: every element at a boolean path, its text read
    as the rule reads it."""
    paths = _boolean_paths(kind)
    for element in document.root.iter(etree.Element):
        path = (*(a.tag for a in reversed(list(element.iterancestors()))), element.tag)
        if path in paths and _read_node(element, str(element.tag)).text in ("0", "1"):
            return True
    return False


def _digit_booleans_read_quickly(document: XmlDocument, kind: str) -> bool:
    tree = _tree(document)
    boolean, below = _boolean_spec(kind).get(tree.tag, (False, {}))
    return (boolean and tree.text in ("0", "1")) or _holds_digit(tree, below)


def test_the_tree_tells_whether_a_boolean_holds_a_digit_as_the_elements_do() -> None:
    compared = digits = 0
    for name, document in _documents():
        for kind in KINDS.values():  # the other kind's paths too: none of them match
            slow = _digit_booleans_read_slowly(document, kind)
            assert _digit_booleans_read_quickly(document, kind) == slow, (name, kind)
            compared += 1
            digits += slow
    assert compared > 100 and digits >= 2


RULES_BODY = b"""<rulesBean>
  <accountCustomParameters><ignoreParent>true</ignoreParent>
    <parameterName>acp.genre</parameterName>
    <rules><ruleType>AT_LEAST_ONE_OF</ruleType><value>Comedy</value></rules>
  </accountCustomParameters>
  <ignoreParentContentRules>false</ignoreParentContentRules>
  <locations><allowed>true</allowed><id>752</id><locationType>COUNTRY</locationType></locations>
  <timeRestrictions><active>true</active><days>SUNDAY</days><fromHour>0</fromHour>
    <fromMinute>0</fromMinute><toHour>6</toHour><toMinute>0</toMinute></timeRestrictions>
</rulesBean>"""
TEXTS = ["1", "0", " 1 ", "true", "false", "01", "", "1<!-- c -->", "<!-- c -->0", "<x/>1"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_tree_and_the_elements_agree_on_mutated_booleans(data: Any) -> None:
    text = RULES_BODY.decode()
    for word in ("true", "false"):
        while f">{word}<" in text and data.draw(st.booleans()):
            text = text.replace(f">{word}<", ">" + data.draw(st.sampled_from(TEXTS)) + "<", 1)
    document = load_bytes(text.encode(), "x.xml").document
    assert isinstance(document, XmlDocument)
    slow = _digit_booleans_read_slowly(document, "pulse/goal-rules")
    assert _digit_booleans_read_quickly(document, "pulse/goal-rules") == slow, text


def test_remembered_verdicts_are_the_verdicts() -> None:
    """Each value of every fixture, checked against every simple type of both kinds, twice
    (the second time from the table)."""
    simples = []
    for kind in KINDS.values():
        pending = [stage_for(f"{kind}.xsd").model]
        while pending:
            declared = pending.pop()
            pending.extend(declared.children.values())
            if declared.simple is not None:
                simples.append(declared.simple)
    values = {"x" * 150, " 7 ", "1e3"}
    for _name, document in _documents():
        values.update(e.text or "" for e in document.root.iter(etree.Element) if not len(e))
    for _ in range(2):
        for simple in simples:
            for value in values:
                assert _simple_problem(simple, value) == check_simple_value(simple, value)


def test_getpath_pointers_and_numbered_pointers_agree_on_every_fixture() -> None:
    compared = 0
    for name, document in _documents():
        index = ElementIndex(document.root)
        tree = document.root.getroottree()
        for element in document.root.iter(etree.Element):
            expected = tree.getpath(element)
            assert index._numbered_pointer(element) == expected, name
            assert ElementIndex(document.root).pointer(element) == expected, name
            compared += 1
    assert compared > 1000


def test_the_walker_reads_attributes_only_where_the_text_can_have_them() -> None:
    """Told the document's text, the schema walker skips the attributes of a document
    without any "=" after its declaration, and finds exactly what it finds without."""
    compared = skipped = 0
    for name, document in _documents():
        kind = KINDS.get(str(document.root.tag))
        if kind is None:
            continue
        model = stage_for(f"{kind}.xsd").model
        texts = [document.text, '<?xml version="1.0"?>\n' + document.text]
        for text in texts:
            assert walk_document(document.root, model, text) == walk_document(
                document.root, model
            ), name
            compared += 1
            skipped += not _may_have_attributes(text)
    assert compared > 100 and skipped > compared // 4
    assert _may_have_attributes('<?xml version="1.0"?><r a="1"/>')
    assert not _may_have_attributes('<?xml version="1.0"?><r><a>x</a></r>')
    assert _may_have_attributes("<r><a>x=y</a></r>")


UNITS = ["FIVE_MINUTES", "HOUR", "DAY", "WEEK", "GOAL_LIFETIME"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(UNITS), st.integers(1, 6)), min_size=1, max_size=4))
def test_unreachable_caps_are_those_a_longer_period_undercuts(caps: list[tuple[str, int]]) -> None:
    """PU223 (with its quick pass over caps that rise with the period) against a direct
    reading of its documentation: a cap is unreachable when some cap of a longer period
    allows no more impressions."""
    from goalkeeper.checker import Checker, Target

    body = "".join(
        f"<frequencyCappings><impressions>{n}</impressions><timeUnit>{u}</timeUnit>"
        "</frequencyCappings>"
        for u, n in caps
    )
    text = f"<rulesBean><parentId>g</parentId>{body}</rulesBean>"
    found = {
        d.pointer
        for d in Checker().check_text(text, Target(kind="pulse/goal-rules"))
        if d.code == "PU223"
    }
    rank = {unit: TIME_UNITS.index(unit) for unit in UNITS}
    many = len(caps) > 1
    expected = {
        f"/rulesBean/frequencyCappings[{i + 1}]" if many else "/rulesBean/frequencyCappings"
        for i, (unit, n) in enumerate(caps)
        if any(rank[other] > rank[unit] and m <= n for other, m in caps)
    }
    assert found == expected, caps


def test_the_xml_schema_stage_reads_the_schemas_the_json_stage_reads() -> None:
    from goalkeeper import schema, xml_schema

    assert xml_schema.SCHEMA_DIRECTORY == schema.SCHEMA_DIRECTORY


def _walk_both(document: XmlDocument) -> tuple[list[Any], list[Any]]:
    """The schema walker's findings over the elements, and over the shared reading (going,
    for a document libxml2 rejects, only where it complained)."""
    root = document.root
    stage = stage_for(f"{KINDS[str(root.tag)]}.xsd")
    model = stage.model
    tree = read_node(root, str(root.tag))
    complaints = stage.complaints(root)
    within = _suspects(tree, complaints[1]) if complaints is not None else None
    for text in (document.text, None):
        slow = walk_document(root, model, text)
        quick = walk_document(root, model, text, tree)
        if slow != quick:
            return slow, quick
        if within is not None:
            quick = walk_document(root, model, text, tree, within)
            if slow != quick:
                return slow, quick
    return slow, quick


def test_the_walker_finds_the_same_over_the_shared_reading_on_every_fixture() -> None:
    compared = found = 0
    for name, document in _documents():
        if str(document.root.tag) not in KINDS:
            continue
        slow, quick = _walk_both(document)
        assert quick == slow, name
        compared += 1
        found += bool(slow)
    assert compared > 100 and found > 30


def test_holds_text_is_the_stripped_element_text_on_every_fixture() -> None:
    compared = held = 0
    for name, document in _documents():
        pending = [read_node(document.root, str(document.root.tag))]
        while pending:
            node = pending.pop()
            pending.extend(node.children)
            if node.children:
                expected = bool(element_text(node.element).strip())
                assert _holds_text(node.element, node.children) == expected, name
                compared += 1
                held += expected
    assert compared > 500 and held > 0


# What a mutation puts in: values (white space of every kind around them), stray text,
# comments, CDATA, unknown, repeated and nested elements, attributes.
_PIECES = [
    "1",
    " 0 ",
    "\u00a0true\u00a0",
    "\u2003",
    "  \n ",
    "SUNDAY",
    "Saturday",
    "COUNTRY",
    "x" * 120,
    "a b",
    "-3",
    "<!-- c -->",
    "<?pi x?>",
    "<![CDATA[ 7 ]]>",
    "<![CDATA[ ]]>",
    "<x/>",
    "<days>MONDAY</days>",
    "<active>true</active>",
    "<value>v</value>",
    "<rules><ruleType>ALL_OF</ruleType><value>a</value></rules>",
    "<content><resourceId>r</resourceId></content>",
    "<ipRanges/>",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_walker_finds_the_same_over_the_shared_reading_on_mutated_bodies(data: Any) -> None:
    """Pieces put before, inside and after elements of a fixture, elements removed or given
    twice, attributes added: walking the shared reading finds what walking the elements
    finds, in the same order."""
    documents = _mutable_documents()
    name, body = data.draw(st.sampled_from(documents))
    root = etree.fromstring(body)
    for _ in range(data.draw(st.integers(1, 5))):
        elements = list(root.iter(etree.Element))
        target = data.draw(st.sampled_from(elements))
        action = data.draw(st.sampled_from(["text", "tail", "append", "remove", "twice", "attr"]))
        piece = data.draw(st.sampled_from(_PIECES))
        if action == "remove" and target is not root:
            target.getparent().remove(target)
            continue
        if action == "twice" and target is not root:
            target.addnext(etree.fromstring(etree.tostring(target, with_tail=False)))
            continue
        if action == "attr":
            target.set(data.draw(st.sampled_from(["unit", "xsi_x"])), "1")
            continue
        wrapped = etree.fromstring(f"<w>{piece}</w>")
        if action == "text" and not len(target):
            target.text = wrapped.text
            for child in wrapped:
                target.append(child)
        elif action == "tail" and target is not root:
            target.tail = (target.tail or "") + (wrapped.text or "")
        else:  # appended: text after the last child (a comment, say), or as the text
            children = list(target)
            if wrapped.text and children:
                children[-1].tail = (children[-1].tail or "") + wrapped.text
            elif wrapped.text:
                target.text = (target.text or "") + wrapped.text
            for child in wrapped:
                target.append(child)
    text = etree.tostring(root, encoding="unicode")
    document = load_bytes(text.encode(), "x.xml").document
    assert isinstance(document, XmlDocument)
    slow, quick = _walk_both(document)
    assert quick == slow, (name, text)


_mutable: list[tuple[str, bytes]] = []


def _mutable_documents() -> list[tuple[str, bytes]]:
    if not _mutable:
        for name, document in _documents():
            if str(document.root.tag) in KINDS:
                _mutable.append((name, etree.tostring(document.root)))
    return _mutable


_ODD_XSD = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:gk="urn:goalkeeper:annotations">
  <xs:element name="r" gk:missing="X1" gk:unknown="X2" gk:repeated="X3" gk:content="X4">
    <xs:complexType><xs:all>
      <xs:element name="a" type="xs:string" maxOccurs="0"/>
      <xs:element name="b" type="xs:string" minOccurs="2"/>
      <xs:element name="c" type="xs:string" minOccurs="0"/>
    </xs:all></xs:complexType>
  </xs:element>
</xs:schema>"""


def test_the_walker_counts_children_where_one_of_each_does_not_settle_it() -> None:
    """A declaration whose child may not be given (maxOccurs 0) or must be given twice: the
    shared reading's walk still reports them as the elements' walk does."""
    model = read_model(_ODD_XSD)
    for body in ["<r><a>x</a><b>y</b></r>", "<r><b>y</b><c>z</c></r>", "<r><b>1</b><b>2</b></r>"]:
        root = etree.fromstring(body)
        slow = walk_document(root, model)
        assert walk_document(root, model, None, read_node(root, "r")) == slow, body
        assert slow, body


def test_holds_text_reads_the_text_around_comments_and_every_white_space() -> None:
    bodies = {
        "<s><!-- c -->stray<a>1</a></s>": True,
        "<s><a>1</a><?pi x?> x </s>": True,
        "<s><a>1</a><!-- c -->\u00a0\u2003\n</s>": False,
        "<s>\u2003<a>1</a>\t<b/>\r\n</s>": False,
        "<s><a>1</a><![CDATA[ y ]]><b/></s>": True,
        "<s><a>1</a>z</s>": True,
        "<s>z<a>1</a></s>": True,
    }
    for body, expected in bodies.items():
        element = etree.fromstring(body)
        node = read_node(element, "s")
        assert bool(element_text(element).strip()) == expected, body
        assert _holds_text(element, node.children) == expected, body


def _element_by_xpath(document: XmlDocument, pointer: str) -> Any:
    found = document.root.getroottree().xpath(pointer)
    return found[0] if isinstance(found, list) and len(found) == 1 else None


def test_a_fix_finds_the_element_of_a_written_pointer_as_xpath_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every element of every fixture (namespaced ones too): the element a fix function
    finds for its pointer, once the pointer is written, is the one XPath finds (without
    XPath), and a pointer not written (or of another document) is still evaluated."""
    evaluated: list[str] = []
    evaluate = text_edits._by_xpath

    def by_xpath(root: Any, pointer: str) -> Any:
        evaluated.append(pointer)
        return evaluate(root, pointer)

    monkeypatch.setattr(text_edits, "_by_xpath", by_xpath)
    compared = shortcut = 0
    for name, document in _documents():
        source = Source(document.text, 0, document)
        for element in document.root.iter(etree.Element):
            pointer = element_pointer(element)
            shortcut += written_element(document.root, pointer) is element
            assert xml_element_at(source, pointer) is _element_by_xpath(document, pointer), name
            compared += 1
        assert len(evaluated) < 5, (name, evaluated)  # only a prefixed pointer
        evaluated.clear()
        release_element_index()
        for element in document.root.iter(etree.Element):
            pointer = document.root.getroottree().getpath(element)
            assert written_element(document.root, pointer) is None
            assert xml_element_at(source, pointer) is _element_by_xpath(document, pointer), name
            assert evaluated.pop() == pointer
    assert compared > 1000 and shortcut > 1000


def test_a_fix_finds_no_element_for_a_prefixed_pointer_or_another_documents() -> None:
    """XPath knows no namespace prefix: a pointer with one names no element, written or
    not. A pointer written for another document names that document's element only."""
    document = load_bytes(b'<r xmlns:p="urn:p"><p:a/><a/><a/></r>', "x.xml").document
    other = load_bytes(b"<r><a/><a/><a/></r>", "y.xml").document
    assert isinstance(document, XmlDocument) and isinstance(other, XmlDocument)
    source = Source(document.text, 0, document)
    pointer = element_pointer(document.root[0])
    assert pointer == "/r/p:a"
    assert xml_element_at(source, pointer) is None
    second = element_pointer(document.root[2])
    assert xml_element_at(source, second) is document.root[2]
    other_source = Source(other.text, 0, other)
    assert written_element(other.root, second) is None
    assert xml_element_at(other_source, second) is other.root[1]


def test_a_pointer_asked_for_again_is_the_same_on_every_fixture() -> None:
    """The index hands out an element's pointer again from what it wrote: the same as
    getpath, however often and in whatever order the pointers are asked for."""
    compared = 0
    for name, document in _documents():
        index = ElementIndex(document.root)
        tree = document.root.getroottree()
        elements = list(document.root.iter(etree.Element))
        for element in [*elements, *reversed(elements), *elements[::2]]:
            assert index.pointer(element) == tree.getpath(element), name
            compared += 1
        assert all(index.element(index.pointer(e)) is e for e in elements), name
    assert compared > 2000


def _digit_at_paths(node: Any, paths: set[tuple[str, ...]], path: tuple[str, ...] = ()) -> bool:
    path = (*path, node.tag)
    if path in paths and node.text in ("0", "1"):
        return True
    return any(_digit_at_paths(child, paths, path) for child in node.children)


def test_holds_digit_reads_a_spec_deeper_than_the_pulse_xsds() -> None:
    """Booleans three levels down and beside a section: every shape of spec is read."""
    paths = {("r", "a", "b", "c"), ("r", "a", "d"), ("r", "e")}
    spec: dict[str, Any] = {}
    for path in sorted(paths, key=len):
        level = spec
        for tag in path[1:-1]:
            level = level.setdefault(tag, (False, {}))[1]
        level[path[-1]] = (True, level.get(path[-1], (False, {}))[1])
    bodies = [
        "<r><a><b><c>1</c></b></a></r>",
        "<r><a><b><c>true</c><x>1</x></b><d>0</d></a></r>",
        "<r><a><b><c>true</c></b><d>false</d></a><e>1</e></r>",
        "<r><a><b/><d>true</d></a><a><b><c>0</c></b></a></r>",
        "<r><a><c>1</c></a><e>true</e></r>",
        "<r><x><c>1</c></x></r>",
    ]
    answers = []
    for body in bodies:
        root = etree.fromstring(body)
        tree = read_node(root, "r")
        expected = _digit_at_paths(tree, paths)
        assert _holds_digit(tree, spec) == expected, body
        answers.append(expected)
    assert True in answers and False in answers


def test_the_walker_goes_everywhere_below_an_element_libxml2_stopped_in() -> None:
    """libxml2 stops checking <goalBean> at the repeated campaignId, so it never sees the
    elements in <end>; the walker, told where libxml2 complained, still does."""
    body = (
        b"<goalBean><campaignId>c</campaignId><campaignId>c</campaignId>"
        b"<end>2016-10-30T00:00:00+0200<x/></end><name>n</name><type>IMPRESSION</type>"
        b"</goalBean>"
    )
    document = load_bytes(body, "x.xml").document
    assert isinstance(document, XmlDocument)
    slow, quick = _walk_both(document)
    assert quick == slow
    assert any(f.pointer == "/goalBean/end" for f in slow)


def test_suspects_follow_written_paths_and_give_up_on_others() -> None:
    root = etree.fromstring(
        b"<rulesBean><locations><id>1</id></locations><locations><id>2</id><iso2>x</iso2>"
        b"</locations><parentId>p</parentId></rulesBean>"
    )
    tree = read_node(root, "rulesBean")
    second, iso2 = root[1], root[1][1]
    assert _suspects(tree, ["/rulesBean/locations[2]/iso2"]) == {
        iso2: True,
        second: True,
        root: False,
    }
    assert _suspects(tree, ["/rulesBean/parentId", "/rulesBean/locations[2]/iso2"]) == {
        root[2]: True,
        root: True,
        iso2: True,
        second: True,
    }
    for odd in [None, "", "/goalBean", "/rulesBean/p:x", "/rulesBean/locations", "/rulesBean/x"]:
        assert _suspects(tree, [odd]) is None, odd
    for odd in ["/rulesBean/locations[3]", "/rulesBean/locations[0]", "/rulesBean/locations[a]"]:
        assert _suspects(tree, [odd]) is None, odd
