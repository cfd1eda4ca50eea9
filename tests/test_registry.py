"""Meta-tests: every declared rule is registered, documented, and proven by fixtures."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from goalkeeper import registry
from goalkeeper.rules import Rule
from goalkeeper.schema import CODE, CODES, CONSTRAINT_KEYWORDS, OPS, load_schema_text

from conftest import CASES

# Rules that no fixture file can trigger, and the test that proves each instead: no two
# shipped kinds share a signature yet (GK402), and only a bug triggers GK999.
NO_FIXTURE = {
    "GK402": ("test_kinds", "test_two_signatures_without_precedence_are_gk402"),
    "GK999": ("test_checker", "test_a_crashing_rule_becomes_gk999_and_the_rest_is_still_reported"),
}

RULES = registry.RULES


@pytest.mark.parametrize("declared", RULES, ids=lambda r: r.code)
def test_rule_is_documented(declared: Rule) -> None:
    doc = declared.doc
    assert declared.title and len(declared.title) <= 80
    assert re.search(r"\b(seed 00[0-4]|SPEC §)", doc), "cite the seed (or SPEC) section"
    assert "Wrong" in doc and "Right" in doc, "give a wrong and a right example"
    # GK request rules (method, matrix parameters) are reported by the endpoint matcher.
    by_matcher = declared.stage == "request" and declared.code.startswith("GK")
    assert (
        declared.check is not None or declared.schema or declared.stage == "load" or by_matcher
    ), "a rule is checked by a function, the schema, the loader or the endpoint matcher"


def test_every_rule_is_registered_once() -> None:
    from goalkeeper.validators import general

    modules = (general, *registry.VENDOR_MODULES)
    declared = [r for module in modules for r in module.RULES]
    module_rules = [
        value for module in modules for value in vars(module).values() if isinstance(value, Rule)
    ]
    assert sorted(r.code for r in module_rules) == sorted(r.code for r in declared)
    assert len({r.code for r in RULES}) == len(RULES)


def _triggered() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for case in CASES:
        if not case.valid:
            for expected in case.expected:
                found.setdefault(expected["code"], []).append(case.name)
    return found


@pytest.mark.parametrize(
    "declared", [r for r in RULES if r.code not in NO_FIXTURE], ids=lambda r: r.code
)
def test_rule_has_a_failing_and_a_passing_fixture(declared: Rule) -> None:
    assert declared.code in _triggered(), f"no invalid fixture expects {declared.code}"
    passing = [c for c in CASES if c.valid and c.rule_prefix == declared.code]
    assert passing, f"no valid/{declared.code}-*.json fixture shows a near miss"


@pytest.mark.parametrize("code", sorted(NO_FIXTURE))
def test_rules_without_fixtures_have_their_own_test(code: str) -> None:
    import importlib

    module, name = NO_FIXTURE[code]
    test = getattr(importlib.import_module(module), name)
    assert code in (test.__doc__ or "") + test.__name__ + repr(test.__code__.co_consts)


def _subschemas(node: Any, path: str = "") -> Any:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if key not in (OPS, CODES):
                yield from _subschemas(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _subschemas(value, f"{path}/{index}")


@pytest.mark.parametrize(
    "kind", [k for k in registry.KINDS if k.format == "json"], ids=lambda k: k.name
)
def test_every_schema_constraint_names_a_rule_of_its_kind(kind: Any) -> None:
    schema = json.loads(load_schema_text(kind.schema))
    for path, subschema in _subschemas(schema):
        for keyword in CONSTRAINT_KEYWORDS & subschema.keys():
            if keyword == "additionalProperties" and subschema[keyword] is not False:
                continue
            code = subschema.get(CODES, {}).get(keyword) or subschema.get(CODE)
            assert code, f"{kind.schema}{path}: {keyword} names no rule"
            declared = registry.RULES_BY_CODE[code]
            if declared.code != "GK207":
                assert declared.schema, f"{code} is reported by the schema but not declared so"
                assert kind.name in declared.kinds


def test_schema_backed_rules_appear_in_a_schema() -> None:
    used: set[str] = set()
    for kind in registry.KINDS:
        used |= set(re.findall(r'"([A-Z]{2}\d{3})"', load_schema_text(kind.schema)))
    for declared in RULES:
        if declared.schema:
            assert declared.code in used, f"{declared.code} says schema=True but no schema names it"
