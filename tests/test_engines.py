"""The fast schema engine (jsonschema_rs) reports exactly what the reference (jsonschema) does."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from goalkeeper import registry
from goalkeeper.checker import Checker, Target
from goalkeeper.schema import engine_for, explain, schema_for
from goalkeeper.settings import Settings

from conftest import CASES, Case
from fixture_runner import run_case

JSON_KINDS = [k for k in registry.KINDS if k.format == "json"]
FILE_CASES = [c for c in CASES if not c.request and c.path.suffix == ".json"]


@pytest.mark.parametrize("case", FILE_CASES, ids=lambda c: c.name)
def test_both_engines_report_the_same_on_every_fixture(case: Case) -> None:
    assert run_case(case, "jsonschema_rs") == run_case(case, "jsonschema")


def _findings(engine: str, kind: Any, op: str, data: Any) -> list[tuple[str, str, str]]:
    validator = engine_for(kind.schema, op, engine)
    found = {
        (f.code, f.pointer, f.message)
        for violation in validator.violations(data)
        for f in explain(violation, data)
    }
    return sorted(found)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(-10, 10, allow_nan=False),
    st.sampled_from(["", "*", "eq", "and", "or", "g-1", "a b", "#geoContinent,", "x" * 120]),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["feature", "segment", "features", "x"]), inner, max_size=3
        )
    ),
    max_leaves=12,
)


def _keys(kind: Any) -> list[str]:
    return [*schema_for(kind.schema, None)["properties"], "extra", "countmax"]


@pytest.mark.parametrize("kind", JSON_KINDS, ids=lambda k: k.name)
@pytest.mark.parametrize("op", ["create", "update"])
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_both_engines_agree_on_generated_payloads(kind: Any, op: str, data: st.DataObject) -> None:
    if op not in kind.ops:
        op = kind.ops[0]
    payload = data.draw(st.dictionaries(st.sampled_from(_keys(kind)), json_values, max_size=8))
    assert _findings("jsonschema_rs", kind, op, payload) == _findings(
        "jsonschema", kind, op, payload
    )


def _for_generation(schema: Any) -> Any:
    """hypothesis-jsonschema knows Draft 7's ``dependencies``, not 2020-12's
    ``dependentRequired`` (same meaning for lists of names): rewrite it for generation."""
    if isinstance(schema, dict):
        return {
            ("dependencies" if key == "dependentRequired" else key): _for_generation(value)
            for key, value in schema.items()
            if not key.startswith("x-")
        }
    if isinstance(schema, list):
        return [_for_generation(item) for item in schema]
    return schema


@pytest.mark.parametrize("kind", JSON_KINDS, ids=lambda k: k.name)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_payloads_valid_by_the_exported_schema_pass_the_schema_stage(
    kind: Any, data: st.DataObject
) -> None:
    payload = data.draw(from_schema(_for_generation(schema_for(kind.schema, None))))
    assert _findings("jsonschema_rs", kind, kind.ops[0], payload) == []
    assert _findings("jsonschema", kind, kind.ops[0], payload) == []
    # The rules never crash on schema-valid input.
    diagnostics = Checker(Settings()).check_data(payload, Target(None, kind.name, kind.ops[0]))
    assert not [d for d in diagnostics if d.code == "GK999"]
    json.dumps(payload)
