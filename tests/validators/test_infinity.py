"""Infinity specifics that fixtures alone do not show: detection, boundaries, requests."""

from __future__ import annotations

from typing import Any

import pytest

import goalkeeper
from goalkeeper import registry
from goalkeeper.diagnostics import Finding
from goalkeeper.kinds import detect
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.validators.infinity.kinds import segment_id

from conftest import FIXTURES

CRITERIA = [{"field": "act", "op": "begins", "value": "12"}]
SEED = FIXTURES / "infinity"


def codes(payload: Any, kind: str | None = None, op: str | None = None) -> list[tuple[str, str]]:
    report = goalkeeper.check(payload, kind, op)
    return sorted((d.code, d.pointer or "") for d in report.diagnostics)


def segment(**fields: Any) -> dict[str, Any]:
    return {"segmentName": "Sales", "criteria": CRITERIA, **fields}


# -- detection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind", "op"),
    [
        ("segment/valid/seed002-read-segment-response.json", "infinity/segment", "create"),
        (
            "segment/valid/seed002-list-segment-response-second-line.json",
            "infinity/segment",
            "create",
        ),
        (
            "segment-group/valid/seed002-read-segment-group-response.json",
            "infinity/segment-group",
            "create",
        ),
        (
            "segment-group/valid/seed002-list-segment-groups-response-second-line.json",
            "infinity/segment-group",
            "create",
        ),
        ("segment-order/valid/segment-order.json", "infinity/segment-order", "update"),
    ],
)
def test_seed_samples_are_detected_as_their_own_kind(path: str, kind: str, op: str) -> None:
    report = goalkeeper.check(SEED / path)
    assert report.ok
    assert {(d.kind, d.op) for d in report.diagnostics} <= {(kind, op)}
    detected = detect(JsonDocument(goalkeeper_data(SEED / path), None), registry.KINDS)
    assert not isinstance(detected, Finding) and detected.name == kind


def goalkeeper_data(path: Any) -> Any:
    import json

    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "payload",
    [
        {"sortedSegments": [400], "segmentGroupName": "Regions"},
        {"sortedSegments": [400], "criteria": CRITERIA},
        {"segmentGroupName": "Regions", "segmentName": "Sales"},
        {"segmentGroupName": "Regions", "criteria": []},
    ],
)
def test_two_infinity_signatures_are_ambiguous(payload: dict[str, Any]) -> None:
    (diagnostic,) = goalkeeper.check(payload).diagnostics
    assert diagnostic.code == "GK402" and diagnostic.kind is None


def test_a_segment_read_response_is_not_a_segment_group() -> None:
    # segmentGroupId is a segment property too; only segmentGroupName is a signature.
    report = goalkeeper.check(segment(segmentGroupId=0))
    assert report.diagnostics == ()


def test_a_detected_segment_without_a_name_hints_at_update() -> None:
    (diagnostic,) = goalkeeper.check({"criteria": CRITERIA}).diagnostics
    assert (diagnostic.code, diagnostic.op) == ("IN100", "create")
    assert '"segmentName"' in diagnostic.message and 'op="update"' in (diagnostic.hint or "")
    assert goalkeeper.check({"criteria": CRITERIA}, "infinity/segment", "update").ok


def test_operations_are_inferred_per_kind() -> None:
    assert goalkeeper.check({"segmentGroupName": " "}).diagnostics[0].op == "create"
    assert goalkeeper.check({"sortedSegments": []}).diagnostics[0].op == "update"
    with pytest.raises(ValueError, match="no operation"):
        goalkeeper.check({"sortedSegments": [400]}, "infinity/segment-order", "create")


# -- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2, []),
        (65535, []),
        (1, [("IN102", "/segment")]),
        (0, [("IN102", "/segment")]),
        ("0", [("IN001", "/segment"), ("IN102", "/segment")]),
        (65536, [("IN101", "/segment")]),
        (-2, [("IN101", "/segment")]),
        ("2", [("IN001", "/segment")]),
        ("65535", [("IN001", "/segment")]),
        ("65536", [("IN001", "/segment"), ("IN101", "/segment")]),
        ("9" * 5000, [("IN001", "/segment"), ("IN101", "/segment")]),
        (400.0, [("IN101", "/segment")]),
        (1.0, [("IN101", "/segment")]),
        (400.5, [("IN101", "/segment")]),
        ("400.0", [("IN101", "/segment")]),
        (" 400", [("IN101", "/segment")]),
        ("", [("IN101", "/segment")]),
        (True, [("IN101", "/segment")]),
        (None, [("IN101", "/segment")]),
        ("٤٠٠", [("IN101", "/segment")]),  # Arabic-Indic digits are not digits here
    ],
)
def test_segment_id_boundaries(value: Any, expected: list[tuple[str, str]]) -> None:
    assert codes(segment(segment=value)) == expected


@pytest.mark.parametrize(
    ("field", "low", "high", "code"),
    [("segmentOrder", 0, 65535, "IN105"), ("segmentGroupId", 0, None, "IN107")],
)
def test_ranges_on_both_sides(field: str, low: int, high: int | None, code: str) -> None:
    assert codes(segment(**{field: low})) == []
    assert codes(segment(**{field: low - 1})) == [(code, f"/{field}")]
    assert codes(segment(**{field: str(low - 1)})) == [("IN001", f"/{field}"), (code, f"/{field}")]
    if high is not None:
        assert codes(segment(**{field: high})) == []
        assert codes(segment(**{field: high + 1})) == [(code, f"/{field}")]
    else:
        assert codes(segment(**{field: 10**12})) == []
    assert codes(segment(**{field: float(low + 1)})) == [(code, f"/{field}")]


def test_org_id_takes_any_integer() -> None:
    assert codes(segment(orgId=0)) == codes(segment(orgId=2**40)) == []
    assert codes(segment(orgId="2")) == [("IN001", "/orgId")]
    assert codes(segment(orgId=2.0)) == [("IN106", "/orgId")]
    assert codes(segment(orgId=2.5)) == [("IN106", "/orgId")]


@pytest.mark.parametrize(
    "text",
    [
        '{"segmentName": "S", "criteria": [], "segment": 1' + "0" * 400 + "}",
        '{"sortedSegments": [1' + "0" * 400 + "]}",
        '{"segmentName": "S", "criteria": [], "segmentOrder": -1' + "0" * 400 + "}",
    ],
)
def test_a_number_too_large_for_a_double_is_reported_once(text: str) -> None:
    found = [d.code for d in goalkeeper.check(text).diagnostics]
    assert "GK206" in found
    assert not {"IN101", "IN102", "IN105", "IN201", "IN202", "IN203"} & set(found)


def test_criterion_values_are_never_numeric_strings() -> None:
    assert codes(segment(criteria=[{"field": "act", "op": "eq", "value": "400"}])) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("n" * 100, []),
        ("n" * 101, [("IN103", "/segmentName")]),
        ("é" * 100, []),  # characters, not bytes
        ("\t\n", [("IN103", "/segmentName")]),
        (" x ", []),
    ],
)
def test_segment_name_length_and_blank(name: str, expected: list[tuple[str, str]]) -> None:
    assert codes(segment(segmentName=name)) == expected


def test_segment_id_reader() -> None:
    assert segment_id(400) == segment_id("400") == 400
    assert segment_id("0400") == 400
    assert segment_id(400.0) is segment_id(True) is segment_id("4e2") is segment_id("") is None
    assert segment_id("9" * 21) is None


# -- segment order -------------------------------------------------------------------------


def test_a_long_order_with_every_id_repeated_is_linear_and_exact() -> None:
    ids = list(range(2, 20002))
    report = goalkeeper.check({"sortedSegments": ids + [str(i) for i in ids]})
    by_code: dict[str, int] = {}
    for diagnostic in report.diagnostics:
        by_code[diagnostic.code] = by_code.get(diagnostic.code, 0) + 1
    # 100 findings of a code are listed, the 101st says how many more there are
    assert by_code == {"IN001": 101, "IN204": 101}
    assert any(d.message.startswith("19,900 more IN204") for d in report.diagnostics)
    first = next(
        d for d in report.diagnostics if d.code == "IN204" and "more IN204" not in d.message
    )
    assert first.pointer == "/sortedSegments/20000"
    assert "already at sortedSegments[0]" in first.message


# -- requests --------------------------------------------------------------------------------

BASE = "https://api.infinitycloud.com/config/v2/igrps/1"


def request_codes(method: str, url: str, body: Any) -> list[tuple[str, str, str | None]]:
    report = goalkeeper.check_request(method, url, body)
    return sorted((d.code, d.pointer or "", d.kind) for d in report.diagnostics)


def test_endpoints_decide_kind_and_operation() -> None:
    report = goalkeeper.check_request("POST", f"{BASE}/segments", {"criteria": CRITERIA})
    assert [(d.code, d.op) for d in report.diagnostics] == [("IN100", "create")]
    report = goalkeeper.check_request("POST", f"{BASE}/segments/400", {"criteria": CRITERIA})
    assert report.diagnostics == () and report.files_checked == 1
    report = goalkeeper.check_request("PUT", f"{BASE}/segments/order", {"sortedSegments": []})
    assert [(d.code, d.kind, d.op) for d in report.diagnostics] == [
        ("IN201", "infinity/segment-order", "update")
    ]
    report = goalkeeper.check_request("POST", f"{BASE}/segmentGroups/7", {"segmentGroupName": ""})
    assert [(d.code, d.op) for d in report.diagnostics] == [("IN301", "update")]


def test_segments_order_is_put_only() -> None:
    found = request_codes("POST", f"{BASE}/segments/order", {"sortedSegments": [400]})
    assert found == [("GK501", "", "infinity/segment-order")]
    # A payload PUT to the create path is the wrong method (SPEC §4.10, "Request endpoints").
    report = goalkeeper.check_request("PUT", f"{BASE}/segments", segment())
    assert [(d.code, d.message) for d in report.diagnostics] == [
        ("GK501", "this endpoint takes POST, not PUT")
    ]
    # Deleting a segment sends no payload: not goalkeeper's to judge.
    assert goalkeeper.check_request("DELETE", f"{BASE}/segments/400", b"").files_checked == 0


@pytest.mark.parametrize(
    ("url", "body", "expected"),
    [
        (f"{BASE}/segments/400", {"segment": 400, "criteria": CRITERIA}, ["IN113"]),
        (f"{BASE}/segments/400", {"segment": "400", "criteria": CRITERIA}, ["IN001", "IN113"]),
        (f"{BASE}/segments/400", {"segment": 401, "criteria": CRITERIA}, ["IN113", "IN114"]),
        (f"{BASE}/segments/1", {"criteria": CRITERIA}, ["IN115"]),
        (f"{BASE}/segments/0", {"segment": 0, "criteria": CRITERIA}, ["IN102", "IN113", "IN115"]),
        (f"{BASE}/segments/x1", {"criteria": CRITERIA}, ["IN002"]),
        (f"{BASE[:-1]}acme/segments", segment(), ["IN002"]),
    ],
)
def test_url_against_body(url: str, body: Any, expected: list[str]) -> None:
    assert [code for code, _pointer, _kind in request_codes("POST", url, body)] == expected


def test_request_rules_do_not_run_for_files() -> None:
    assert codes({"segment": 401, "criteria": CRITERIA}, "infinity/segment", "update") == [
        ("IN113", "/segment")
    ]
