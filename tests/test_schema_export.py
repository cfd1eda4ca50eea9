"""`goalkeeper schema KIND`: an editor using the exported schema marks exactly what
`goalkeeper check` fails — error-level constraints only, warnings kept as annotations."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import goalkeeper
from goalkeeper import registry
from goalkeeper.cli import main
from goalkeeper.schema import CONSTRAINT_KEYWORDS, EXPORTED_WARNINGS

from conftest import CASES

JSON_KINDS = [k for k in registry.KINDS if k.format == "json"]


def exported(kind: str, op: str | None = None) -> dict[str, Any]:
    args = ["schema", kind] + (["--op", op] if op else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def _nodes(node: Any) -> Any:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(v for k, v in current.items() if k != EXPORTED_WARNINGS)
        elif isinstance(current, list):
            stack.extend(current)


@pytest.mark.parametrize("kind", JSON_KINDS, ids=lambda k: k.name)
def test_exported_constraints_are_all_error_level(kind: Any) -> None:
    for op in (None, *kind.ops):
        for node in _nodes(exported(kind.name, op)):
            codes = node.get("x-goalkeeper-codes", {})
            for keyword in CONSTRAINT_KEYWORDS & node.keys():
                if keyword == "additionalProperties" and node[keyword] is not False:
                    continue
                code = codes.get(keyword, node.get("x-goalkeeper-code"))
                declared = registry.rule_by_code(code) if code else None
                if declared is not None:
                    assert declared.severity.value == "error", (keyword, code)


def test_warning_constraints_move_into_annotations() -> None:
    schema = exported("conductrics/goal-type")
    assert "additionalProperties" not in schema
    assert schema[EXPORTED_WARNINGS]["additionalProperties"] == {"value": False, "code": "CT112"}
    agents = schema["properties"]["agents"]
    assert "uniqueItems" not in agents
    assert agents[EXPORTED_WARNINGS]["uniqueItems"]["code"] == "CT104"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_an_editor_and_goalkeeper_agree_on_warnings_and_errors() -> None:
    schema = exported("conductrics/goal-type")
    validator = jsonschema.Draft202012Validator(schema)
    warned = {"code": "g-1", "name": "n", "agents": ["a", "a"], "extra": 1}
    assert goalkeeper.check(warned).ok and {d.code for d in goalkeeper.check(warned).diagnostics}
    assert list(validator.iter_errors(warned)) == []
    wrong = {"code": "g-1", "name": "n", "agents": [], "countMax": 0}
    assert not goalkeeper.check(wrong).ok
    assert list(validator.iter_errors(wrong))


def _kind_of(case: Any) -> str:
    vendor, kind = case.path.parts[-4], case.path.parts[-3]
    return f"{vendor}/{kind}"


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in CASES
        if c.valid
        and c.path.suffix == ".json"
        and not c.request
        and _kind_of(c) in registry.KINDS_BY_NAME
    ],
    ids=lambda c: c.name,
)
def test_payloads_goalkeeper_passes_validate_against_the_exported_schema(case: Any) -> None:
    kind = _kind_of(case)
    report = goalkeeper.check(case.path, kind, case.op)
    assert report.ok
    data = json.loads(case.path.read_text(encoding="utf-8"))
    # The schema of the operation goalkeeper checked: given, or inferred from the body.
    op = case.op or registry.KINDS_BY_NAME[kind].infer_op(data)
    errors = list(jsonschema.Draft202012Validator(exported(kind, op)).iter_errors(data))
    assert errors == [], [e.message for e in errors]


def exported_xsd(kind: str) -> Any:
    from lxml import etree

    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0, result.output
    return etree.XMLSchema(etree.fromstring(result.stdout.encode()))


GOAL = (
    "<goalBean><campaignId>c-1</campaignId><goalValue>30000.0</goalValue>"
    "<name{attribute}>Royco</name><start>2099-09-30T00:00:00+0200</start>"
    "<type>IMPRESSION</type><variant>NORMAL</variant>{extra}</goalBean>"
)


def test_exported_xsd_relaxes_what_only_warns() -> None:
    from lxml import etree

    schema = exported_xsd("pulse/goal")
    warned = GOAL.format(attribute=' lang="en"', extra="<cpm><value>cheap</value></cpm>")
    report = goalkeeper.check(warned, now=None)
    assert report.ok and {d.code for d in report.diagnostics} >= {"PU101", "PU119"}
    assert schema.validate(etree.fromstring(warned.encode()))
    wrong = GOAL.format(attribute="", extra="").replace("NORMAL", "SPONSOR")
    assert not goalkeeper.check(wrong).ok
    assert not schema.validate(etree.fromstring(wrong.encode()))


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.valid and c.path.suffix == ".xml" and c.path.parts[-4] == "pulse"],
    ids=lambda c: c.name,
)
def test_pulse_payloads_goalkeeper_passes_validate_against_the_exported_xsd(case: Any) -> None:
    from lxml import etree

    kind = _kind_of(case)
    report = goalkeeper.check(case.path, kind, case.op)
    assert report.ok
    if {d.code for d in report.diagnostics} & {"PU101", "PU200"}:
        pytest.skip("an unknown element: XSD 1.0 cannot allow one inside xs:all")
    document = etree.parse(str(case.path))
    assert exported_xsd(kind).validate(document), case.name
