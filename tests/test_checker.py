"""The pipeline: a crashing check becomes GK999, selection filters, diagnostics are sorted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goalkeeper import registry
from goalkeeper.checker import Checker, Target
from goalkeeper.settings import Selection, Settings


def test_a_crashing_rule_becomes_gk999_and_the_rest_is_still_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(doc: Any, ctx: Any) -> Iterator[Any]:
        raise KeyError("boom")
        yield  # pragma: no cover

    original = registry.rules_for("conductrics/goal-type", "create", "payload")
    broken = tuple(r._replace(check=explode) if r.code == "CT108" else r for r in original)
    monkeypatch.setattr(
        registry, "rules_for", lambda kind, op, stage: broken if stage == "payload" else ()
    )
    diagnostics = Checker().check_bytes(
        b'{"code": "a b", "name": "n", "agents": [], "valueMin": 1, "valueMax": 2}',
        Target("x.json"),
    )
    codes = [(d.code, d.severity.value) for d in diagnostics]
    assert ("GK999", "error") in codes and ("CT101", "error") in codes
    crash = next(d for d in diagnostics if d.code == "GK999")
    assert "rule CT108" in crash.message and "KeyError" in crash.message


def test_selection_by_longest_prefix() -> None:
    selection = Selection(select=("CT", "CT108"), ignore=("CT1",))
    assert selection.enabled("CT108")
    assert not selection.enabled("CT101")
    assert selection.enabled("CT201")
    assert not selection.enabled("GK201")
    assert Selection(("ALL",), ("CT108",)).enabled("CT107")
    assert not Selection(("CT108",), ("CT108",)).enabled("CT108")


def test_ignored_codes_never_compute_positions() -> None:
    checker = Checker(Settings(selection=Selection(("ALL",), ("CT",))))
    diagnostics = checker.check_bytes(b'{"code": "a b", "name": "", "agents": 1}', Target("x.json"))
    assert diagnostics == []


def test_diagnostics_are_sorted_by_line_and_column() -> None:
    text = b'{\n "valueMax": 1,\n "code": "a b",\n "name": "",\n "agents": [], "valueMin": 5\n}'
    diagnostics = Checker().check_bytes(text, Target("x.json"))
    positions = [(d.line, d.column) for d in diagnostics]
    assert positions == sorted(positions)
    assert [d.code for d in diagnostics] == ["CT108", "CT101", "CT102"]


def test_library_data_has_pointers_but_no_positions() -> None:
    diagnostics = Checker().check_data({"code": "g", "name": "n", "agents": [], "countMax": 0})
    assert [(d.code, d.pointer, d.line, d.column) for d in diagnostics] == [
        ("CT105", "/countMax", None, None)
    ]


_SEEDS = {
    "conductrics/goal-type": (
        b'{"code": "g-1", "name": "Checkout", "agents": ["a-1"], "countMax": 2, '
        b'"valueMin": 0, "valueMax": 10, "diagram": {}}'
    ),
    "conductrics/targeting-rule": (
        b'{"code": "r", "status": 1, "agents": ["*", "a"], "when": [["geoCity", "eq", "x"]], '
        b'"andor": "or", "apply": {"feature": "#geoContinent, a,,b", "segment": "s"}}'
    ),
}


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(sorted(_SEEDS)),
    op=st.sampled_from([None, "create", "update"]),
    data=st.data(),
)
def test_mutated_payloads_never_crash_a_rule(
    kind: str, op: str | None, data: st.DataObject
) -> None:
    """Every mutation of a valid payload ends in diagnostics, never in GK999."""
    seed = _SEEDS[kind]
    start = data.draw(st.integers(0, len(seed)))
    end = data.draw(st.integers(start, min(len(seed), start + 8)))
    insert = data.draw(
        st.sampled_from(
            [
                b"",
                b"1",
                b"1.0",
                b"-1",
                b"null",
                b"true",
                b'""',
                b"[]",
                b"{}",
                b'"x"',
                b",",
                b"]",
                b'["a", "b"]',
                b'{"k": 1}',
                b"1e400",
                b"NaN",
            ]
        )
    )
    mutated = seed[:start] + insert + seed[end:]
    if op == "update" and kind == "conductrics/targeting-rule":
        op = None
    for target in (Target("x.json", kind, op), Target("x.json")):
        diagnostics = Checker().check_bytes(mutated, target)
        assert not [d for d in diagnostics if d.code == "GK999"], diagnostics


def test_a_value_the_loader_reports_is_not_reported_again() -> None:
    """One mistake, one diagnostic: a countMax beyond a double is GK206 only (no CT105)."""
    from goalkeeper.checker import Checker

    huge = "1" + "0" * 400
    text = f'{{"code": "g-1", "name": "n", "agents": [], "countMax": {huge}}}'
    found = [(d.code, d.pointer) for d in Checker().check_bytes(text.encode())]
    assert found == [("GK206", "/countMax")]
    nan = '{"code": "g-1", "name": "n", "agents": [], "countMax": NaN}'
    assert [(d.code, d.pointer) for d in Checker().check_bytes(nan.encode())] == [
        ("GK205", "/countMax")
    ]
    # Other values of the same payload are still checked.
    both = text.replace('"g-1"', '"g 1"')
    assert [d.code for d in Checker().check_bytes(both.encode())] == ["CT101", "GK206"]


@pytest.mark.parametrize("kept", [512, 1, 0])
def test_rules_are_picked_by_each_payloads_own_keys(
    monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    """One checker remembers which rules a set of top-level keys triggers; a payload with
    other keys gets the rules its own keys trigger, however many key sets came before."""
    import goalkeeper.checker as checker_module

    monkeypatch.setattr(checker_module, "_KEY_SETS_KEPT", kept)
    checker = Checker()
    plain = b'{"code": "g-1", "name": "n", "agents": []}'
    reversed_values = b'{"code": "g-1", "name": "n", "agents": [], "valueMin": 9, "valueMax": 2}'
    for _ in range(2):
        assert checker.check_bytes(plain, Target("a.json")) == []
        codes = [d.code for d in checker.check_bytes(reversed_values, Target("b.json"))]
        assert "CT108" in codes
        assert checker.check_bytes(plain, Target("a.json")) == []


@pytest.mark.parametrize("count", [0, 1, 99, 100, 101, 250])
def test_findings_are_capped_per_code_at_every_count(count: int) -> None:
    from goalkeeper.diagnostics import MAX_FINDINGS_PER_CODE, Finding, cap_findings

    findings = [Finding("CT101", f"/{i}", "m") for i in range(count)]
    findings += [Finding("CT102", "/x", "other")]
    capped = cap_findings(iter(findings))
    listed = [f for f in capped if f.code == "CT101"]
    if count <= MAX_FINDINGS_PER_CODE:
        assert capped == findings
    else:
        assert listed[:MAX_FINDINGS_PER_CODE] == findings[:MAX_FINDINGS_PER_CODE]
        assert len(listed) == MAX_FINDINGS_PER_CODE + 1
        assert listed[-1].message.startswith(f"{count - MAX_FINDINGS_PER_CODE:,} more CT101")
        assert [f for f in capped if f.code == "CT102"] == findings[-1:]


def test_kind_detection_does_not_depend_on_payloads_seen_before() -> None:
    checker = Checker()

    def codes(text: str, by: Checker = checker) -> list[tuple[str, str]]:
        return [(d.code, d.pointer) for d in by.check_text(text)]

    bad = '{"code": "g 1", "name": "n"}'
    expected = [("CT100", ""), ("CT101", "/code")]
    assert codes('{"code": "g", "name": "n", "agents": []}') == []
    assert codes(bad) == expected
    assert codes(bad) == expected  # the key list is remembered now
    assert codes('{"name": "n", "code": "g 1"}') == expected  # another order of the keys
    assert codes('{"unrelated": 1}') == [("GK401", "")]
    assert codes(bad, Checker()) == expected
