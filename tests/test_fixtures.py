"""Every fixture under tests/fixtures reports exactly what its cases.toml says.

Invalid fixtures are named after the code they trigger; valid ones either have no
diagnostics at all or (``valid/CODE-...``) show that the named rule stays silent on a
near miss. Each expectation gives code, severity, pointer, line and column.
"""

from __future__ import annotations

import pytest

from conftest import CASES, Case
from fixture_runner import reduce, run_case


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_fixture_reports_exactly_what_is_expected(case: Case) -> None:
    got = reduce(run_case(case), with_path=case.is_run)
    expected = [
        {
            **({"path": e["path"]} if case.is_run else {}),
            "code": e["code"],
            "severity": e["severity"],
            "pointer": e["pointer"],
            "line": e.get("line"),
            "column": e.get("column"),
        }
        for e in case.expected
    ]
    key = lambda d: (  # noqa: E731
        d.get("path", ""),
        d["line"] or 0,
        d["column"] or 0,
        d["code"],
        d["pointer"],
    )
    assert sorted(got, key=key) == sorted(expected, key=key)


@pytest.mark.parametrize("case", [c for c in CASES if not c.valid], ids=lambda c: c.name)
def test_invalid_fixture_triggers_the_code_in_its_name(case: Case) -> None:
    assert case.rule_prefix is not None, "invalid fixtures start with the code they trigger"
    assert case.rule_prefix in {e["code"] for e in case.expected}


@pytest.mark.parametrize("case", [c for c in CASES if c.valid], ids=lambda c: c.name)
def test_valid_fixture_has_no_error(case: Case) -> None:
    assert all(e["severity"] != "error" for e in case.expected)
    if case.rule_prefix:
        assert case.rule_prefix not in {e["code"] for e in case.expected}
