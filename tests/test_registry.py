"""Meta-tests: every declared rule is registered, documented, and proven by fixtures."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from goalkeeper import registry
from goalkeeper.rules import Rule
from goalkeeper.schema import CODE, CODES, CONSTRAINT_KEYWORDS, OPS, PREVENTS, load_schema_text

from conftest import CASES

# Rules that no fixture file can trigger, and the test that proves each instead: only
# Python data handed to the library can hold what JSON cannot (GK209), only --fix reports
# GK601 and GK602, and only a bug triggers GK999.
NO_FIXTURE = {
    "GK209": ("test_api", "test_data_json_cannot_hold_is_a_located_gk209"),
    "GK601": ("test_fixes", "test_a_file_that_would_not_parse_is_left_untouched_with_gk601"),
    "GK602": ("test_fixes", "test_fix_on_a_read_only_file_is_a_located_error"),
    "GK999": ("test_checker", "test_a_crashing_rule_becomes_gk999_and_the_rest_is_still_reported"),
}

RULES = registry.all_rules()


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
    import importlib

    from goalkeeper.validators import general

    modules = [general] + [
        importlib.import_module(name)
        for vendor in registry.VENDORS
        for name in importlib.import_module(f"goalkeeper.validators.{vendor}").RULE_MODULES
    ]
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
            if key not in (OPS, CODES, PREVENTS):
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
            declared = registry.rule_by_code(code)
            assert declared is not None, f"{code} is not a declared rule"
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


def test_the_declarations_agree() -> None:
    """Codes once each, each vendor's rules for its own kinds, XML rules without triggers."""
    registry.check_registry()


def test_rule_by_code_finds_every_rule_and_nothing_else() -> None:
    for declared in RULES:
        assert registry.rule_by_code(declared.code) is declared
    assert registry.rule_by_code("PU999") is None
    assert registry.rule_by_code("XX100") is None
    assert registry.rule_by_code("IN999") is None


# -- lazy loading ---------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def _rule_modules(vendor: str) -> set[str]:
    import importlib

    return set(importlib.import_module(f"goalkeeper.validators.{vendor}").RULE_MODULES)


def _modules_after(script: str) -> set[str]:
    """The modules a fresh interpreter has imported once ``script`` has run."""
    done = subprocess.run(
        [sys.executable, "-c", script + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return set(done.stdout.split())


def _valid_case(kind: str) -> Any:
    directory = ROOT / "tests" / "fixtures" / kind / "valid"
    return next(c for c in CASES if c.path.parent == directory and not c.options)


@pytest.mark.parametrize("kind", [k.name for k in registry.KINDS])
def test_checking_one_file_loads_the_rules_of_its_vendor_only(kind: str) -> None:
    vendor = registry.KINDS_BY_NAME[kind].vendor
    case = _valid_case(kind)
    now = "None"
    if case.now:
        now = f"datetime.fromisoformat({case.now[:19]!r}).replace(tzinfo=timezone.utc)"
    loaded = _modules_after(
        "from datetime import datetime, timezone\nimport goalkeeper\n"
        f"raw = open({str(case.path)!r}, 'rb').read()\n"
        f"report = goalkeeper.check(raw, {kind!r}, {case.op!r}, now={now})\n"
        "assert report.ok, report"
    )
    assert _rule_modules(vendor) <= loaded, "the check did not run the vendor's rules"
    for other in registry.VENDORS:
        if other != vendor:
            assert not _rule_modules(other) & loaded, f"checking {kind} loaded {other} rules"


def test_select_and_ignore_load_only_the_vendors_they_name() -> None:
    path = ROOT / "examples" / "conductrics" / "goal-types" / "purchase-value.json"
    loaded = _modules_after(
        "from goalkeeper.cli import main\n"
        "try:\n"
        f"    main(['check', '--select', 'CT1,GK', '--ignore', 'CT104', {str(path)!r}])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code"
    )
    assert _rule_modules("conductrics") <= loaded
    for other in registry.VENDORS:
        if other != "conductrics":
            assert not _rule_modules(other) & loaded, f"--select CT1 loaded {other} rules"
