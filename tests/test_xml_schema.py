"""The XML schema stage: libxml2, the reference engine and goalkeeper's walker agree.

libxml2 (lxml) gives goalkeeper's verdict and ``xmlschema`` is the reference; the walker
reports every violation of an invalid document. On every XML fixture and on generated
mutations of the vendor's samples, all three must agree that a document is valid or not,
and every element libxml2 complains about must be among the walker's findings.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from goalkeeper import registry
from goalkeeper.schema import load_schema_text
from goalkeeper.xml_schema import ElementDecl, stage_for, walk_document

from conftest import CASES, Case

XML_KINDS = [k for k in registry.KINDS if k.format == "xml"]
ROOTS = {k.name: k for k in XML_KINDS}


@cache
def reference(resource: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(load_schema_text(resource))


def verdicts(kind: Any, raw: bytes) -> tuple[bool, bool, bool, set[str], set[str]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(raw, parser)
    stage = stage_for(kind.schema)
    complaint = stage.validate(root)
    lxml_paths = set()
    if complaint is not None:
        schema = etree.XMLSchema(etree.fromstring(load_schema_text(kind.schema).encode()))
        schema.validate(root)
        lxml_paths = {e.path for e in schema.error_log}
    findings = walk_document(root, stage.model)
    walker_paths = {f.pointer for f in findings}
    reference_valid = reference(kind.schema).is_valid(raw.decode("utf-8"))
    return complaint is None, reference_valid, not findings, lxml_paths, walker_paths


def _kind_of(raw: bytes) -> Any:
    match = re.search(rb"<(goalBean|rulesBean)\b", raw)
    return (
        ROOTS["pulse/goal" if match and match.group(1) == b"goalBean" else "pulse/goal-rules"]
        if match
        else None
    )


XML_CASES = [c for c in CASES if c.path.suffix == ".xml" and "pulse" in c.name]


@pytest.mark.parametrize("case", XML_CASES, ids=lambda c: c.name)
def test_engines_and_walker_agree_on_every_fixture(case: Case) -> None:
    raw = case.path.read_bytes()
    kind = _kind_of(raw)
    if kind is None or b"<!DOCTYPE" in raw:
        pytest.skip("not a Pulse body")  # covered by the loader tests
    try:
        lxml_valid, reference_valid, walker_valid, lxml_paths, walker_paths = verdicts(kind, raw)
    except etree.XMLSyntaxError:
        pytest.skip("not well-formed (GK301)")
    assert lxml_valid == reference_valid == walker_valid
    assert lxml_paths <= walker_paths | {p.rsplit("/", 1)[0] for p in walker_paths}


SAMPLE_GOAL = b"""<goalBean>
  <budget><value>0.0</value></budget>
  <campaignId>c3abb649-e45f-4692-a467-083e9968af6b</campaignId>
  <customId>My custom goal ID.</customId>
  <end>2016-10-30T00:00:00+0200</end>
  <frontLoadFactor>40</frontLoadFactor>
  <goalValue>50000.0</goalValue>
  <id>8e81973f-51f3-4769-9627-885546d7c450</id>
  <name>Royco Midroll</name>
  <priority>6</priority>
  <start>2016-09-30T00:00:00+0200</start>
  <type>IMPRESSION</type>
  <unlimitedImpressions>false</unlimitedImpressions>
  <variant>NORMAL</variant>
</goalBean>"""

SAMPLE_RULES = b"""<rulesBean>
  <accountCustomParameters><ignoreParent>true</ignoreParent><parameterName>acp.genre</parameterName>
    <rules><ruleType>AT_LEAST_ONE_OF</ruleType><value>Comedy</value></rules></accountCustomParameters>
  <content><resourceId>dc74</resourceId><resourceName>E</resourceName><ruleType>ALL_OF</ruleType>
    <variableType>SITE</variableType></content>
  <frequencyCappings><impressions>3</impressions><timeUnit>HOUR</timeUnit></frequencyCappings>
  <ignoreParentContentRules>true</ignoreParentContentRules>
  <locations><allowed>true</allowed><country>sweden</country><id>752</id><iso2>se</iso2>
    <locationType>COUNTRY</locationType></locations>
  <parentId>f728064b</parentId>
  <tags><resourceId>idol</resourceId><ruleType>AT_LEAST_ONE_OF</ruleType><variableType>TAG</variableType></tags>
  <timeRestrictions><active>true</active><days>SUNDAY</days><days>SATURDAY</days><fromHour>0</fromHour>
    <fromMinute>0</fromMinute><toHour>23</toHour><toMinute>59</toMinute></timeRestrictions>
</rulesBean>"""

VALUES = [
    "",
    " ",
    "0",
    "1",
    "-1",
    "11",
    "1.5",
    "+3",
    " 7 ",
    "1e3",
    "true",
    "false",
    "yes",
    "NaN",
    "SITE",
    "TAG",
    "ALL_OF",
    "NONE_OF",
    "HOUR",
    "SUNDAY",
    "Sunday",
    "COUNTRY",
    "se",
    "SWE",
    "acp.genre",
    "genre",
    "a b",
    "a,b",
    "Comedy",
    "IMPRESSION",
    "RTB",
    "BUMPER",
    "2016-09-30T00:00:00+0200",
    "2016-09-30T00:00:00+02:00",
    "2016-09-30",
    "x" * 300,
]
ELEMENTS = [
    "<x/>",
    "<value>1</value>",
    "<name>n</name>",
    "<days>MONDAY</days>",
    "<ip/>",
    "<priority>2</priority>",
    "<active>true</active>",
    "<rules/>",
    "text",
]


@st.composite
def mutated(draw: Any) -> bytes:
    sample = draw(st.sampled_from([SAMPLE_GOAL, SAMPLE_RULES]))
    root = etree.fromstring(sample)
    elements = list(root.iter())
    for _ in range(draw(st.integers(1, 4))):
        target = draw(st.sampled_from(elements))
        action = draw(st.sampled_from(["value", "remove", "duplicate", "insert", "attribute"]))
        if action == "value" and len(target) == 0:
            target.text = draw(st.sampled_from(VALUES))
        elif action == "remove" and target is not root and target.getparent() is not None:
            target.getparent().remove(target)
            elements = list(root.iter())
        elif action == "duplicate" and target is not root:
            target.addnext(etree.fromstring(etree.tostring(target)))
            elements = list(root.iter())
        elif action == "insert":
            snippet = draw(st.sampled_from(ELEMENTS))
            if snippet == "text":
                target.text = (target.text or "") + "stray"
            else:
                target.append(etree.fromstring(snippet))
            elements = list(root.iter())
        elif action == "attribute":
            target.set("unit", "x")
    return etree.tostring(root)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_engines_and_walker_agree_on_mutated_samples(raw: bytes) -> None:
    kind = _kind_of(raw)
    assert kind is not None
    lxml_valid, reference_valid, walker_valid, lxml_paths, walker_paths = verdicts(kind, raw)
    assert lxml_valid == reference_valid == walker_valid, (raw, lxml_paths, walker_paths)
    assert lxml_paths <= walker_paths | {p.rsplit("/", 1)[0] for p in walker_paths}


def _declarations(declared: ElementDecl) -> Any:
    yield declared
    for child in declared.children.values():
        yield from _declarations(child)


@pytest.mark.parametrize("kind", XML_KINDS, ids=lambda k: k.name)
def test_every_xsd_constraint_names_a_rule_of_its_kind(kind: Any) -> None:
    model = stage_for(kind.schema).model
    for declared in _declarations(model):
        codes = dict(declared.codes)
        if declared.simple is not None:
            simple = declared.simple
            can_fail = simple.base != "string" or any(
                (simple.enumeration, simple.patterns, simple.min_length, simple.max_length)
            )
            if can_fail:
                assert declared.code, f"{declared.name} can fail but names no rule"
                codes["code"] = declared.code
        for name in ("missing", "unknown", "repeated", "content"):
            assert name in codes, f"{declared.name} inherits no gk:{name}"
        for code in codes.values():
            if re.fullmatch(r"[A-Z]{2}\d{3}", code):
                rule = registry.rule_by_code(code)
                assert rule is not None and rule.schema and kind.name in rule.kinds, code


def test_xsd_patterns_have_no_anchors() -> None:
    """XSD patterns are anchored by definition and treat ^ and $ as literal characters."""
    for kind in XML_KINDS:
        for declared in _declarations(stage_for(kind.schema).model):
            for pattern, _words in declared.simple.patterns if declared.simple else ():
                outside_classes = re.sub(r"\[(?:\\.|[^\]])*\]", "", pattern.pattern)
                assert not set(outside_classes) & {"^", "$"}, pattern.pattern
