"""Gainsight goals, templates and metrics: GSID and date readers, detection of every seed
sample, operation inference, endpoints and the vendor errors the messages name."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from goalkeeper import check, check_request
from goalkeeper.cli import main
from goalkeeper.validators.gainsight.dates import date_problem
from goalkeeper.validators.gainsight.gsids import PREFIXES, prefix_problem, shape_problem

from conftest import FIXTURES

GSID = "1CG0LXVS2HO4Y5ZF1F6TV4R7ZV0ZO6MPG6S1"


def _codes(report: Any) -> list[tuple[str, str | None]]:
    return sorted((d.code, d.pointer) for d in report.diagnostics)


# -- GSIDs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (GSID, None),
        (GSID[:-1], "35 characters"),
        (GSID + "X", "37 characters"),
        ("", "0 characters"),
        ("1", "is 1 character long"),
        ("2" + GSID[1:], 'does not start with "1"'),
        (GSID[:4] + GSID[4:].lower(), "other than upper-case"),
        (GSID[:-1] + "-", "other than upper-case"),
        (GSID[:-1] + "\uff11", "other than upper-case"),  # a full-width digit one
    ],
)
def test_gsid_shape(value: str, words: str | None) -> None:
    problem = shape_problem(value)
    assert (problem is None) == (words is None)
    if words is not None:
        assert problem is not None and words in problem


@pytest.mark.parametrize("prefix", sorted(PREFIXES))
def test_gsid_prefix_table(prefix: str) -> None:
    value = prefix + GSID[4:]
    assert prefix_problem(value, prefix) is None
    other = "1P02" if prefix != "1P02" else "1S01"
    problem = prefix_problem(value, other)
    assert problem is not None and f'"{prefix}"' in problem and f'"{other}"' in problem


def test_unknown_prefix_and_malformed_gsids_have_no_prefix_finding() -> None:
    problem = prefix_problem("1ZZZ" + GSID[4:], "1S01")
    assert problem is not None and "does not know" in problem
    assert prefix_problem("1P02", "1S01") is None  # the shape rule reports it instead


# -- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2024-02-29", True),
        ("2000-02-29", True),
        ("1900-02-29", False),
        ("2023-02-28", True),
        ("2023-02-29", False),
        ("2025-04-30", True),
        ("2025-04-31", False),
        ("2025-12-31", True),
        ("2025-13-01", False),
        ("2025-00-10", False),
        ("2025-01-00", False),
        ("0000-01-01", False),
        ("0001-01-01", True),
        ("2025-1-01", False),
        ("2025-01-01 ", False),
        ("2025-01-01T00:00:00", False),
        ("\uff12025-01-01", False),  # a full-width digit two
        ("01/31/2025", False),
    ],
)
def test_calendar_dates(value: str, valid: bool) -> None:
    assert (date_problem(value) is None) == valid


# -- detection and operations ------------------------------------------------------------------


SEED_SAMPLES = sorted(FIXTURES.glob("gainsight/*/valid/seed004-*.json"))


def test_every_seed_request_sample_has_a_fixture() -> None:
    # 14 request samples in seed 004: 4 goal, 2 template, 2 metric (here), 3 fetch,
    # 2 delete, 1 picklist; each kind directory holds its own.
    kinds = {path.parts[-3] for path in SEED_SAMPLES}
    assert kinds == {"goal", "template", "metric", "fetch", "delete", "picklist"}
    assert len(SEED_SAMPLES) == 14


@pytest.mark.parametrize("path", SEED_SAMPLES, ids=lambda p: p.name)
def test_every_seed_request_sample_is_detected_as_its_own_kind(path: Any) -> None:
    report = check(path)
    assert all(d.kind == f"gainsight/{path.parts[-3]}" for d in report.diagnostics)
    assert report.ok
    # A clean check has no diagnostics to carry the kind: force a finding to see it.
    data = json.loads(path.read_text(encoding="utf-8"))
    data["unknownTopLevelKey"] = 1
    kinds = {d.kind for d in check(data).diagnostics}
    assert kinds == {f"gainsight/{path.parts[-3]}"}


@pytest.mark.parametrize(
    ("record", "kind", "op"),
    [
        ({"Name": "G", "EntityType": "GLOBAL", "StatusName": "New"}, "gainsight/goal", "create"),
        ({"Gsid": GSID, "DueDate": "2025-01-31"}, "gainsight/goal", "update"),
        ({"GSID": GSID, "DueDate": "2025-01-31"}, "gainsight/goal", "update"),
        ({"Name": "T", "DueDate": 30}, "gainsight/template", "create"),
        ({"Gsid": GSID, "GoalTypeName": "Default"}, "gainsight/template", "update"),
        ({"name": "M", "unitOfMeasure": "DECIMAL"}, "gainsight/metric", "create"),
        ({"gsid": GSID.replace("1CG0", "1I00"), "description": "d"}, "gainsight/metric", "update"),
    ],
)
def test_kind_and_operation_inference(record: dict[str, Any], kind: str, op: str) -> None:
    report = check({"requests": [{"record": record}], "unknownTopLevelKey": 1})
    assert {(d.kind, d.op) for d in report.diagnostics} == {(kind, op)}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"requests": [{"record": {"Name": "G", "Gsid": GSID}}]}, "GK401"),
        ({"requests": [{"record": {"EntityType": "GLOBAL", "DueDate": 30}}]}, "GK402"),
        ({"requests": [{"record": {"name": "M"}, "association": {"CTA": ["x"]}}]}, "GK402"),
        ({"requests": [{"record": {"unitOfMeasure": "DECIMAL", "GoalTypeName": "D"}}]}, "GK402"),
        ({"result": True, "requestId": "r"}, "GK403"),
        ({"timestamp": 1, "status": 500, "error": "Internal Server Error", "path": "/x"}, "GK403"),
        ({"recordList": []}, "GK403"),
    ],
)
def test_detection_never_guesses(body: dict[str, Any], code: str) -> None:
    assert [d.code for d in check(body).diagnostics] == [code]


def test_a_partial_error_body_is_not_a_response() -> None:
    codes = [d.code for d in check({"timestamp": 1, "status": 500, "error": "x"}).diagnostics]
    assert codes == ["GK401"]


# -- endpoints ---------------------------------------------------------------------------------

_GOAL = {
    "requests": [{"record": {"Name": "G", "StatusName": "New", "EntityType": "GLOBAL"}}],
}
_TEMPLATE = {"requests": [{"record": {"Name": "T", "DueDate": 30, "Gsid": GSID}}]}
_METRIC = {"requests": [{"record": {"name": "M", "unitOfMeasure": "DECIMAL"}}]}
_KEY = {"accesskey": "k"}


@pytest.mark.parametrize(
    "url",
    [
        "https://x.gainsightcloud.com/v1/csgoal/external/create",
        "https://x.gainsightcloud.com/v1/csgoal/external/create/",
        "https://x.gainsightcloud.com/csgoal/external/create",
        "http://proxy.internal/gainsight/v1/csgoal/external/create?debug=1",
    ],
)
def test_goal_create_endpoint_with_or_without_v1_and_slash(url: str) -> None:
    report = check_request("POST", url, {**_GOAL, "unknownTopLevelKey": 1}, _KEY)
    assert {(d.kind, d.op) for d in report.diagnostics} == {("gainsight/goal", "create")}


@pytest.mark.parametrize(("method", "op"), [("POST", "create"), ("PUT", "update")])
def test_the_method_decides_a_template_operation(method: str, op: str) -> None:
    body = {**_TEMPLATE, "unknownTopLevelKey": 1}
    report = check_request(method, "https://x/v1/csgoal/external/template/", body, _KEY)
    assert {(d.kind, d.op) for d in report.diagnostics} == {("gainsight/template", op)}
    assert ("GS204" in {d.code for d in report.diagnostics}) == (op == "create")


@pytest.mark.parametrize(
    ("method", "path", "op"),
    [
        ("POST", "/csgoal/external/metric/", "create"),
        ("POST", "/v1/csgoal/external/metric", "create"),
        ("PUT", "/csgoal/external/metric", "update"),
        ("PUT", "/v1/csgoal/external/metric/", "update"),
    ],
)
def test_metric_endpoints(method: str, path: str, op: str) -> None:
    report = check_request(method, "https://x" + path, _METRIC, _KEY)
    codes = {(d.code, d.op) for d in report.diagnostics}
    assert codes == (set() if op == "create" else {("GS252", "update")})


def test_access_key_is_required_and_never_shown() -> None:
    url = "https://x/v1/csgoal/external/create"
    assert _codes(check_request("POST", url, _GOAL, {"accesskey": "secret-value"})) == []
    report = check_request("POST", url, _GOAL, {"Authorization": "secret-value"})
    assert _codes(report) == [("GS001", "")]
    assert "secret-value" not in repr(report)
    # A file check has no headers: the request rule never runs there.
    assert _codes(check(_GOAL)) == []


# -- rule details the fixtures do not show -----------------------------------------------------


def test_lookup_field_missing_from_some_of_several_records() -> None:
    lookup = {
        "fields": {"CompName": "Name"},
        "lookupField": "Gsid",
        "objectName": "company",
        "multiMatchOption": "FIRSTMATCH",
        "onNoMatch": "ERROR",
    }
    records = [{"record": {"Gsid": GSID, "DueDate": "2025-01-31", "CompName": "A"}}] + [
        {"record": {"Gsid": GSID, "DueDate": "2025-01-31"}} for _ in range(2)
    ]
    report = check({"requests": records, "lookups": {"comp_lookup_gsid__gc": lookup}})
    [diagnostic] = report.diagnostics
    assert diagnostic.code == "GS013"
    assert diagnostic.pointer == "/lookups/comp_lookup_gsid__gc/fields/CompName"
    assert "2 of 3 records" in diagnostic.message


@pytest.mark.parametrize("blank", ["", " ", "\t\n", "\u00a0", "\u3000", "\u2003"])
def test_blank_names_are_empty(blank: str) -> None:
    body = {"requests": [{"record": {"Name": blank, "StatusName": "New", "EntityType": "GLOBAL"}}]}
    assert _codes(check(body)) == [("GS009", "/requests/0/record/Name")]


def test_a_misspelt_gsid_key_is_one_diagnostic_not_also_a_missing_gsid() -> None:
    body = {"requests": [{"record": {"GSID": GSID, "Name": "G", "DueDate": "2025-01-31"}}]}
    report = check(body, "gainsight/goal", "update")
    assert _codes(report) == [("GS008", "/requests/0/record/GSID")]
    assert report.diagnostics[0].hint == 'rename "GSID" to "Gsid"'


def test_malformed_lookups_are_not_also_reported_as_an_unresolved_name() -> None:
    body = {
        "requests": [{"record": {"Name": "G", "StatusName": "New", "EntityType": "COMPANY"}}],
        "lookups": {"CompanyId": {"fields": ["CompanyName"]}},
    }
    body["requests"][0]["record"]["CompanyName"] = "IBM"
    codes = {code for code, _pointer in _codes(check(body))}
    assert "GS106" not in codes and "GS010" in codes


def test_due_date_whole_days_boundaries() -> None:
    def codes(value: Any) -> list[tuple[str, str | None]]:
        body = {"requests": [{"record": {"Name": "T", "GoalTypeName": "D", "DueDate": value}}]}
        return _codes(check(body, "gainsight/template"))

    assert codes(0) == []
    assert codes(36500) == []
    for wrong in (-1, 0.5, 25.0, 0.0, "25", True):
        assert codes(wrong) == [("GS201", "/requests/0/record/DueDate")], wrong


# -- explain names the vendor error ------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("GS009", "8010 INVALID_STATUS_NAME"),
        ("GS010", "8008 INVALID_LOOKUP_CONFIG"),
        ("GS011", "8008 INVALID_LOOKUP_CONFIG"),
        ("GS012", "8008 INVALID_LOOKUP_CONFIG"),
        ("GS106", "8008 INVALID_LOOKUP_CONFIG"),
        ("GS020", "8001 CTA_RECORD_EMPTY"),
        ("GS021", "8002 SP_RECORD_EMPTY"),
    ],
)
def test_explain_and_the_message_name_the_vendor_error(code: str, words: str) -> None:
    result = CliRunner().invoke(main, ["explain", code])
    assert result.exit_code == 0
    assert words in result.output
    failing = sorted(FIXTURES.glob(f"gainsight/*/invalid/{code}-*.json"))
    messages = [d.message for path in failing for d in check(path).diagnostics if d.code == code]
    assert any(words in message for message in messages)


# -- mutated payloads never crash a rule -------------------------------------------------------

_MUTATION_SEEDS = {
    "gainsight/goal": FIXTURES / "gainsight/goal/valid/seed004-goal-update-metrics-cleaned.json",
    "gainsight/template": FIXTURES
    / "gainsight/template/valid/seed004-template-update-cleaned.json",
    "gainsight/metric": FIXTURES / "gainsight/metric/valid/seed004-metric-update-cleaned.json",
}
_REPLACEMENTS = [None, True, 0, 1.0, -1, 25.0, "", " ", "x", GSID, [], [1], ["a"], {}, {"k": 1}]


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(sorted(_MUTATION_SEEDS)),
    op=st.sampled_from([None, "create", "update"]),
    data=st.data(),
)
def test_mutated_payloads_never_crash_a_rule(
    kind: str, op: str | None, data: st.DataObject
) -> None:
    """Any value of a valid payload replaced by any other ends in diagnostics, never GK999."""
    payload = json.loads(_MUTATION_SEEDS[kind].read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(payload)[1:]))
        parent = payload
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = copy.deepcopy(data.draw(st.sampled_from(_REPLACEMENTS)))
    for arguments in ((kind, op), (None, None)):
        report = check(copy.deepcopy(payload), *arguments)
        assert not [d for d in report.diagnostics if d.code == "GK999"], report.diagnostics


def test_a_metric_update_with_the_goal_spelling_is_one_error_with_the_fix() -> None:
    body = {"requests": [{"record": {"Gsid": "1I0056K976K5AXWOB1PGJTG9R7V2KYR0KBHZ", "name": "M"}}]}
    report = check_request("PUT", "https://x/v1/csgoal/external/metric/", body, _KEY)
    assert _codes(report) == [("GS008", "/requests/0/record/Gsid")]
    assert report.diagnostics[0].hint == 'rename "Gsid" to "gsid"'
    assert report.diagnostics[0].severity.value == "error"
