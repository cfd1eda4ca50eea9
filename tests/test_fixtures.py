"""Every fixture under tests/fixtures reports exactly what its cases.toml says.

Invalid fixtures are named after the code they trigger; valid ones either have no
diagnostics at all or (``valid/CODE-...``) show that the named rule stays silent on a
near miss. Each expectation gives code, severity, pointer, line and column; the message
and hint of every invalid fixture are in its golden file under tests/goldens/, rewritten by
``python -m pytest tests/test_fixtures.py --update-goldens`` (review the diff).
"""

from __future__ import annotations

import re

import pytest

from conftest import CASES, GOLDENS, UPDATE_GOLDENS, Case
from fixture_runner import golden_text, reduce, run_case

INVALID = [c for c in CASES if not c.valid]


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


@pytest.mark.parametrize("case", INVALID, ids=lambda c: c.name)
def test_invalid_fixture_messages_match_their_golden(
    case: Case, request: pytest.FixtureRequest
) -> None:
    got = golden_text(run_case(case), with_path=case.is_run)
    if request.config.getoption("--update-goldens"):
        case.golden.parent.mkdir(parents=True, exist_ok=True)
        if not case.golden.exists() or case.golden.read_text(encoding="utf-8") != got:
            case.golden.write_text(got, encoding="utf-8")
        return
    assert case.golden.exists(), (
        f"{case.golden.relative_to(GOLDENS.parent.parent)} is missing: run `{UPDATE_GOLDENS}` "
        "and review the messages it writes"
    )
    assert got == case.golden.read_text(encoding="utf-8"), (
        f"the messages differ from {case.golden.name}; if the change is intended, run "
        f"`{UPDATE_GOLDENS}` and review the diff"
    )


def test_every_golden_file_belongs_to_an_invalid_fixture(request: pytest.FixtureRequest) -> None:
    wanted = {c.golden for c in INVALID}
    stray = sorted(p for p in GOLDENS.rglob("*.txt") if p not in wanted)
    if request.config.getoption("--update-goldens"):
        for path in stray:
            path.unlink()
        return
    assert not stray, f"golden files without a fixture (run `{UPDATE_GOLDENS}`): {stray}"


# What a message must never show: a format placeholder left unfilled, Python's None, True or
# False, the repr of a string ('x', '\xa0') or of an object, or an invisible character as is.
_NOT_FOR_READERS = re.compile(
    r"\{[A-Za-z_][\w.!:]*\}"
    r"|\b(?:None|True|False)\b"
    r"|(?<![\w'])'[^'\s]*'(?![\w'])"
    r"|\\x[0-9a-fA-F]{2}"
    r"| object at 0x"
    r"|\b(?:Decimal|datetime|frozenset|set|dict|Node|Window|Element)\("
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_messages_and_hints_are_written_for_readers(case: Case) -> None:
    for diagnostic in run_case(case):
        for text in (diagnostic.message, diagnostic.hint or ""):
            found = _NOT_FOR_READERS.search(text)
            assert found is None, f"{diagnostic.code}: {found.group(0)!r} in {text!r}"
            hidden = [char for char in text if not char.isprintable()]
            assert not hidden, f"{diagnostic.code}: unescaped {hidden!r} in {text!r}"
