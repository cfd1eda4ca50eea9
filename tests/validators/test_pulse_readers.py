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

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from goalkeeper.load.document import load_bytes
from goalkeeper.load.xml_document import ElementIndex, XmlDocument
from goalkeeper.validators.pulse.booleans import _boolean_paths, _boolean_spec, _holds_digit
from goalkeeper.validators.pulse.elements import _read_node, _tree
from goalkeeper.xml_schema import (
    _may_have_attributes,
    _simple_problem,
    check_simple_value,
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
