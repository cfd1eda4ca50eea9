"""Acceptance table for the Infinity kinds (infinity/segment, infinity/segment-order,
infinity/segment-group), written from seed 002 and SPEC §2, §3, §4.1, §4.4-4.6 and the Infinity
decisions of §4.10: payload (with kind and operation, a whole request, or a directory of files)
and the exact set of (code, severity, pointer) goalkeeper must report."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from goalkeeper import check, check_files, check_request

SEG = "infinity/segment"
ORD = "infinity/segment-order"
GRP = "infinity/segment-group"

CRIT = [{"field": "act", "op": "begins", "value": "12"}]
BASE: dict[str, Any] = {"segmentName": "Sales", "criteria": CRIT}
UPD: dict[str, Any] = {"criteria": CRIT}

SEED_SEGMENT = {
    "segment": "400",
    "segmentRef": "Ref Segment",
    "segmentName": "Test Segment 11",
    "segmentOrder": "0",
    "criteria": [
        {"field": "act", "op": "begins", "value": "12"},
        {"field": "href", "op": "nbegins", "value": "/action/do"},
    ],
    "segmentStatus": "200",
    "orgId": "2",
    "segmentGroupId": "0",
}
SEED_GROUP = {
    "segmentGroupId": "400",
    "segmentGroupName": "Segment Group Name 400",
    "igrp": "1",
    "segmentGroupStatus": "200",
}

Triple = tuple[str, str, str]


def E(code: str, pointer: str) -> Triple:
    return (code, "error", pointer)


def W(code: str, pointer: str) -> Triple:
    return (code, "warning", pointer)


@dataclass(frozen=True)
class Case:
    id: str
    payload: Any
    kind: str | None
    op: str | None
    expected: frozenset[Triple] = field(default_factory=frozenset)


CASES: list[Case] = []


def case(id: str, payload: Any, kind: str | None, op: str | None, *expected: Triple) -> None:
    CASES.append(Case(id, payload, kind, op, frozenset(expected)))


def with_(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if value is DROP:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def crit(**changes: Any) -> dict[str, Any]:
    c = dict(CRIT[0])
    for key, value in changes.items():
        if value is DROP:
            c.pop(key, None)
        else:
            c[key] = value
    return with_(BASE, criteria=[c])


DROP = object()

# -- seed samples ---------------------------------------------------------------------------
case("seed-create-minimal", BASE, SEG, "create")
case("seed-create-inferred", BASE, SEG, None)
case("seed-update-minimal", UPD, SEG, "update")
case(
    "seed-read-response-as-request",
    SEED_SEGMENT,
    SEG,
    None,
    W("IN001", "/segment"),
    W("IN001", "/segmentOrder"),
    W("IN001", "/orgId"),
    W("IN001", "/segmentGroupId"),
    W("IN004", "/segmentStatus"),
)
case("group-create", {"segmentGroupName": "Segment Group Name 400"}, GRP, None)
case("group-update", {"segmentGroupName": "G"}, GRP, "update")
case("order-seed", {"sortedSegments": [400, 401]}, ORD, None)
case("order-update", {"sortedSegments": [400, 401]}, ORD, "update")

# -- segment ID ------------------------------------------------------------------------------
for v, exp in [
    (2, ()),
    (3, ()),
    (400, ()),
    (65534, ()),
    (65535, ()),
    (0, (E("IN102", "/segment"),)),
    (1, (E("IN102", "/segment"),)),
    (65536, (E("IN101", "/segment"),)),
    (100000, (E("IN101", "/segment"),)),
    (-1, (E("IN101", "/segment"),)),
    (-2, (E("IN101", "/segment"),)),
    ("400", (W("IN001", "/segment"),)),
    ("2", (W("IN001", "/segment"),)),
    ("65535", (W("IN001", "/segment"),)),
    ("65536", (W("IN001", "/segment"), E("IN101", "/segment"))),
    ("1", (W("IN001", "/segment"), E("IN102", "/segment"))),
    ("0", (W("IN001", "/segment"), E("IN102", "/segment"))),
    ("4a", (E("IN101", "/segment"),)),
    ("", (E("IN101", "/segment"),)),
    ("abc", (E("IN101", "/segment"),)),
    (400.0, (E("IN101", "/segment"),)),
    (400.5, (E("IN101", "/segment"),)),
    (True, (E("IN101", "/segment"),)),
    (False, (E("IN101", "/segment"),)),
    (None, (E("IN101", "/segment"),)),
    ([400], (E("IN101", "/segment"),)),
    ({"id": 400}, (E("IN101", "/segment"),)),
]:
    case(f"segment-{v!r}", with_(BASE, segment=v), SEG, "create", *exp)

# -- segmentName -----------------------------------------------------------------------------
for name, v, exp in [
    ("1-char", "a", ()),
    ("100-chars", "a" * 100, ()),
    ("100-unicode", "é" * 100, ()),
    ("inner-space", "My Segment", ()),
    ("101-chars", "a" * 101, (E("IN103", "/segmentName"),)),
    ("empty", "", (E("IN103", "/segmentName"),)),
    ("space", " ", (E("IN103", "/segmentName"),)),
    ("tab-nl", "\t\n", (E("IN103", "/segmentName"),)),
    ("nbsp", "\u00a0", (E("IN103", "/segmentName"),)),
    ("ideographic", "\u3000\u2003", (E("IN103", "/segmentName"),)),
    ("int", 5, (E("IN103", "/segmentName"),)),
    ("null", None, (E("IN103", "/segmentName"),)),
    ("list", ["a"], (E("IN103", "/segmentName"),)),
    ("bool", True, (E("IN103", "/segmentName"),)),
]:
    case(f"name-{name}", with_(BASE, segmentName=v), SEG, "create", *exp)
    case(f"name-update-{name}", with_(UPD, segmentName=v), SEG, "update", *exp)
case("name-missing-create", with_(BASE, segmentName=DROP), SEG, "create", E("IN100", ""))
case("name-missing-update", UPD, SEG, "update")

# -- segmentRef ------------------------------------------------------------------------------
for name, v, exp in [
    ("1", "r", ()),
    ("100", "r" * 100, ()),
    ("seed", "sectionAbcd", ()),
    ("digits", "1234", ()),
    ("101", "r" * 101, (E("IN104", "/segmentRef"),)),
    ("int", 1234, (E("IN104", "/segmentRef"),)),
    ("null", None, (E("IN104", "/segmentRef"),)),
    ("list", ["r"], (E("IN104", "/segmentRef"),)),
]:
    case(f"ref-{name}", with_(BASE, segmentRef=v), SEG, "create", *exp)

# -- segmentOrder ----------------------------------------------------------------------------
for v, exp in [
    (0, ()),
    (1, ()),
    (65535, ()),
    (-1, (E("IN105", "/segmentOrder"),)),
    (65536, (E("IN105", "/segmentOrder"),)),
    ("0", (W("IN001", "/segmentOrder"),)),
    ("-1", (W("IN001", "/segmentOrder"), E("IN105", "/segmentOrder"))),
    ("x", (E("IN105", "/segmentOrder"),)),
    (1.0, (E("IN105", "/segmentOrder"),)),
    (True, (E("IN105", "/segmentOrder"),)),
    (None, (E("IN105", "/segmentOrder"),)),
]:
    case(f"order-field-{v!r}", with_(BASE, segmentOrder=v), SEG, "create", *exp)

# -- orgId -----------------------------------------------------------------------------------
for v, exp in [
    (2, ()),
    (0, ()),
    ("2", (W("IN001", "/orgId"),)),
    ("two", (E("IN106", "/orgId"),)),
    (2.5, (E("IN106", "/orgId"),)),
    (2.0, (E("IN106", "/orgId"),)),
    (True, (E("IN106", "/orgId"),)),
    (None, (E("IN106", "/orgId"),)),
]:
    case(f"orgid-{v!r}", with_(BASE, orgId=v), SEG, "create", *exp)

# -- segmentGroupId --------------------------------------------------------------------------
for v, exp in [
    (0, ()),
    (1, ()),
    (400, ()),
    (-1, (E("IN107", "/segmentGroupId"),)),
    ("0", (W("IN001", "/segmentGroupId"),)),
    ("-1", (W("IN001", "/segmentGroupId"), E("IN107", "/segmentGroupId"))),
    ("g", (E("IN107", "/segmentGroupId"),)),
    (0.0, (E("IN107", "/segmentGroupId"),)),
    (False, (E("IN107", "/segmentGroupId"),)),
    (None, (E("IN107", "/segmentGroupId"),)),
]:
    case(f"sgid-{v!r}", with_(BASE, segmentGroupId=v), SEG, "create", *exp)

# -- criteria shape --------------------------------------------------------------------------
case("criteria-missing-create", with_(BASE, criteria=DROP), SEG, "create", E("IN100", ""))
case("criteria-missing-update", {"segmentName": "S"}, SEG, "update", E("IN100", ""))
case("criteria-empty", with_(BASE, criteria=[]), SEG, "create", W("IN112", "/criteria"))
case("criteria-empty-update", {"criteria": []}, SEG, "update", W("IN112", "/criteria"))
case("criteria-object", with_(BASE, criteria=CRIT[0]), SEG, "create", E("IN108", "/criteria"))
case("criteria-string", with_(BASE, criteria="act"), SEG, "create", E("IN108", "/criteria"))
case("criteria-null", with_(BASE, criteria=None), SEG, "create", E("IN108", "/criteria"))
case("criteria-item-string", with_(BASE, criteria=["x"]), SEG, "create", E("IN108", "/criteria/0"))
case(
    "criteria-item-list",
    with_(BASE, criteria=[["act", "begins", "1"]]),
    SEG,
    "create",
    E("IN108", "/criteria/0"),
)
case("criteria-item-null", with_(BASE, criteria=[None]), SEG, "create", E("IN108", "/criteria/0"))
case(
    "criteria-second-bad",
    with_(BASE, criteria=[CRIT[0], 3]),
    SEG,
    "create",
    E("IN108", "/criteria/1"),
)
case("criterion-no-field", crit(field=DROP), SEG, "create", E("IN108", "/criteria/0"))
case("criterion-no-op", crit(op=DROP), SEG, "create", E("IN108", "/criteria/0"))
case("criterion-no-value", crit(value=DROP), SEG, "create", E("IN108", "/criteria/0"))
case("criterion-extra-key", crit(extra="x"), SEG, "create", E("IN108", "/criteria/0/extra"))
case("criterion-empty-object", with_(BASE, criteria=[{}]), SEG, "create", E("IN108", "/criteria/0"))
case("criterion-field-empty", crit(field=""), SEG, "create", E("IN108", "/criteria/0/field"))
case("criterion-field-int", crit(field=5), SEG, "create", E("IN108", "/criteria/0/field"))
case("criterion-field-null", crit(field=None), SEG, "create", E("IN108", "/criteria/0/field"))
case("criterion-op-empty", crit(op=""), SEG, "create", E("IN108", "/criteria/0/op"))
case("criterion-op-int", crit(op=1), SEG, "create", E("IN108", "/criteria/0/op"))
case("criterion-value-int", crit(value=12), SEG, "create", W("IN109", "/criteria/0/value"))
case("criterion-value-null", crit(value=None), SEG, "create", W("IN109", "/criteria/0/value"))
case("criterion-value-bool", crit(value=True), SEG, "create", W("IN109", "/criteria/0/value"))
case("criterion-value-empty-string", crit(value=""), SEG, "create")
case("criterion-value-numeric-string", crit(value="12"), SEG, "create")

# -- unavailable fields ------------------------------------------------------------------------
for f in [
    "segment",
    "goal",
    "goalTitle",
    "goalValue",
    "goalCurrency",
    "attribution",
    "attributionX",
    "attributionSource",
    "attributionChannel",
]:
    case(f"field-unavailable-{f}", crit(field=f), SEG, "create", E("IN110", "/criteria/0/field"))
    case(
        f"field-unavailable-update-{f}",
        {"criteria": [dict(CRIT[0], field=f)]},
        SEG,
        "update",
        E("IN110", "/criteria/0/field"),
    )
for f in ["act", "href", "ch", "segmentGroupId", "goals", "myattribution", "channel"]:
    case(f"field-available-{f}", crit(field=f), SEG, "create")

# -- operators ---------------------------------------------------------------------------------
for op in ["begins", "nbegins", "eq"]:
    case(f"op-known-{op}", crit(op=op), SEG, "create")
for op in ["startswith", "BEGINS", "like", "=="]:
    case(f"op-unknown-{op}", crit(op=op), SEG, "create", W("IN111", "/criteria/0/op"))

# -- read-only / unknown ----------------------------------------------------------------------
case("segmentStatus", with_(BASE, segmentStatus=200), SEG, "create", W("IN004", "/segmentStatus"))
case(
    "segmentStatus-string",
    with_(BASE, segmentStatus="200"),
    SEG,
    "create",
    W("IN004", "/segmentStatus"),
)
case("unknown-field", with_(BASE, colour="red"), SEG, "create", W("IN003", "/colour"))
case("unknown-field-update", with_(UPD, name="x"), SEG, "update", W("IN003", "/name"))

# -- update bodies --------------------------------------------------------------------------
case("update-body-segment", with_(UPD, segment=400), SEG, "update", W("IN113", "/segment"))
case(
    "update-body-segment-1",
    with_(UPD, segment=1),
    SEG,
    "update",
    W("IN113", "/segment"),
    E("IN102", "/segment"),
)
case(
    "update-body-segment-0",
    with_(UPD, segment=0),
    SEG,
    "update",
    W("IN113", "/segment"),
    E("IN102", "/segment"),
)
case(
    "update-full",
    with_(UPD, segmentName="N", segmentRef="r", segmentOrder=3, orgId=2, segmentGroupId=0),
    SEG,
    "update",
)

# -- segment order ----------------------------------------------------------------------------
P = "/sortedSegments"
for name, v, exp in [
    ("one", [2], ()),
    ("bounds", [2, 65535], ()),
    ("empty", [], (E("IN201", P),)),
    ("zero", [0], (E("IN202", P + "/0"),)),
    ("one-builtin", [5, 1], (E("IN202", P + "/1"),)),
    ("65536", [65536], (E("IN203", P + "/0"),)),
    ("neg", [-1], (E("IN203", P + "/0"),)),
    ("dupe", [2, 3, 2], (E("IN204", P + "/2"),)),
    ("string", ["400"], (W("IN001", P + "/0"),)),
    ("string-dupe", [400, "400"], (W("IN001", P + "/1"), E("IN204", P + "/1"))),
    ("string-one", ["1"], (W("IN001", P + "/0"), E("IN202", P + "/0"))),
    ("non-numeric", ["x"], (E("IN201", P + "/0"),)),
    ("float", [2.0], (E("IN201", P + "/0"),)),
    ("bool", [True], (E("IN201", P + "/0"),)),
    ("null-item", [None], (E("IN201", P + "/0"),)),
    ("nested", [[2]], (E("IN201", P + "/0"),)),
    ("not-array", "2,3", (E("IN201", P),)),
    ("int", 2, (E("IN201", P),)),
    ("null", None, (E("IN201", P),)),
    ("object", {"0": 2}, (E("IN201", P),)),
]:
    case(f"sorted-{name}", {"sortedSegments": v}, ORD, None, *exp)
case("sorted-missing", {}, ORD, None, E("IN200", ""))
case("sorted-unknown-field", {"sortedSegments": [2], "x": 1}, ORD, None, W("IN003", "/x"))

# -- segment group ----------------------------------------------------------------------------
N = "/segmentGroupName"
for name, v, exp in [
    ("1", "g", ()),
    ("long", "g" * 300, ()),
    ("empty", "", (E("IN301", N),)),
    ("blank", " \u3000", (E("IN301", N),)),
    ("int", 5, (E("IN301", N),)),
    ("null", None, (E("IN301", N),)),
]:
    case(f"group-name-{name}", {"segmentGroupName": v}, GRP, None, *exp)
    case(f"group-name-update-{name}", {"segmentGroupName": v}, GRP, "update", *exp)
case("group-missing", {}, GRP, None, E("IN300", ""))
case("group-missing-update", {}, GRP, "update", E("IN300", ""))
case(
    "group-seed-response",
    SEED_GROUP,
    GRP,
    None,
    W("IN004", "/segmentGroupId"),
    W("IN004", "/igrp"),
    W("IN004", "/segmentGroupStatus"),
)
case("group-unknown", {"segmentGroupName": "g", "name": "x"}, GRP, None, W("IN003", "/name"))


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_case(c: Case) -> None:
    report = check(c.payload, kind=c.kind, op=c.op)
    got = {(d.code, d.severity.value, d.pointer) for d in report.diagnostics}
    assert got == set(c.expected)


def test_table_size() -> None:
    assert len(CASES) >= 120


# -- detection ---------------------------------------------------------------------------------


def _detected(payload: dict[str, Any]) -> set[tuple[str | None, str | None]]:
    probe = dict(payload, zzProbe=1)
    return {(d.kind, d.op) for d in check(probe).diagnostics}


@pytest.mark.parametrize(
    ("payload", "kind", "op"),
    [
        (SEED_SEGMENT, SEG, "create"),
        (BASE, SEG, "create"),
        ({"segmentName": "S"}, SEG, "create"),
        (UPD, SEG, "create"),
        ({"sortedSegments": [2]}, ORD, "update"),
        ({"sortedSegments": []}, ORD, "update"),
        ({"segmentGroupName": "G"}, GRP, "create"),
        (SEED_GROUP, GRP, "create"),
    ],
)
def test_detection(payload: dict[str, Any], kind: str, op: str) -> None:
    assert _detected(payload) == {(kind, op)}


def test_partial_segment_gets_update_hint() -> None:
    report = check(UPD)
    [d] = report.diagnostics
    assert (d.code, d.pointer) == ("IN100", "")
    assert 'op="update"' in (d.hint or "")


@pytest.mark.parametrize(
    "payload",
    [
        {"sortedSegments": [2], "segmentName": "S"},
        {"sortedSegments": [2], "criteria": CRIT},
        {"segmentGroupName": "G", "criteria": CRIT},
        {"segmentGroupName": "G", "segmentName": "S"},
        {"segmentGroupName": "G", "sortedSegments": [2]},
        {"segmentGroupName": "G", "sortedSegments": [2], "segmentName": "S"},
    ],
)
def test_two_signatures_ambiguous(payload: dict[str, Any]) -> None:
    got = {(d.code, d.severity.value, d.pointer) for d in check(payload).diagnostics}
    assert got == {("GK402", "error", "")}


def test_no_signature() -> None:
    got = {(d.code, d.severity.value) for d in check({"segment": 400}).diagnostics}
    assert got == {("GK401", "error")}


# -- check_request ------------------------------------------------------------------------------

U = "https://api.infinitycloud.com/config/v2/igrps/1"


@pytest.mark.parametrize(
    ("method", "url", "body", "expected"),
    [
        ("POST", U + "/segments", BASE, set()),
        ("POST", U + "/segments", with_(BASE, segment=400), set()),
        ("POST", U + "/segments", UPD, {E("IN100", "")}),
        ("POST", U + "/segments/400", UPD, set()),
        ("POST", U + "/segments/400", BASE, set()),
        ("POST", U + "/segments/400", with_(UPD, segment=400), {W("IN113", "/segment")}),
        (
            "POST",
            U + "/segments/400",
            with_(UPD, segment="400"),
            {W("IN113", "/segment"), W("IN001", "/segment")},
        ),
        (
            "POST",
            U + "/segments/400",
            with_(UPD, segment=401),
            {W("IN113", "/segment"), E("IN114", "/segment")},
        ),
        ("POST", U + "/segments/2", UPD, set()),
        ("POST", U + "/segments/65535", UPD, set()),
        ("POST", U + "/segments/0", UPD, {E("IN115", "")}),
        ("POST", U + "/segments/1", UPD, {E("IN115", "")}),
        ("POST", U + "/segments/abc", UPD, {E("IN002", "")}),
        ("POST", "https://x/config/v2/igrps/ab/segments", BASE, {E("IN002", "")}),
        ("PUT", U + "/segments/order", {"sortedSegments": [2, 3]}, set()),
        ("PUT", U + "/segments/order", {"sortedSegments": [1]}, {E("IN202", "/sortedSegments/0")}),
        # The order endpoint takes PUT only: a POST there is the wrong method (GK501); the
        # body is checked as the order it is.
        ("POST", U + "/segments/order", {"sortedSegments": [2, 3]}, {E("GK501", "")}),
        (
            "POST",
            U + "/segments/order",
            {"sortedSegments": [2, 3], "criteria": CRIT},
            {E("GK501", ""), W("IN003", "/criteria")},
        ),
        ("POST", U + "/segmentGroups", {"segmentGroupName": "G"}, set()),
        ("POST", U + "/segmentGroups/7", {"segmentGroupName": "G"}, set()),
        ("POST", U + "/segmentGroups/7", {}, {E("IN300", "")}),
        ("POST", U + "/segmentGroups/x", {"segmentGroupName": "G"}, {E("IN002", "")}),
    ],
)
def test_request(method: str, url: str, body: Any, expected: set[Triple]) -> None:
    report = check_request(method, url, body, {"Content-Type": "application/json"})
    got = {(d.code, d.severity.value, d.pointer or "") for d in report.diagnostics}
    assert got == expected


# -- cross-file ----------------------------------------------------------------------------------


def _write(d: Path, files: dict[str, Any]) -> None:
    d.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (d / name).write_text(json.dumps(body), encoding="utf-8")


def _cross(report: Any) -> set[tuple[str, str, str, str]]:
    return {
        (d.code, d.severity.value, Path(d.path).name if d.path else "", d.pointer or "")
        for d in report.diagnostics
        if d.code.startswith("IN4")
    }


@pytest.mark.parametrize("jobs", [1, 2])
def test_cross_file_dup_id_string_equals_int(tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, {"a.json": with_(BASE, segment=400), "b.json": with_(BASE, segment="400")})
    got = _cross(check_files([tmp_path], jobs=jobs))
    assert {(c, s, p) for c, s, _, p in got} == {("IN401", "error", "/segment")}


@pytest.mark.parametrize("jobs", [1, 2])
def test_cross_file_dup_ref(tmp_path: Path, jobs: int) -> None:
    _write(
        tmp_path,
        {
            "a.json": with_(BASE, segmentRef="R"),
            "b.json": with_(BASE, segmentRef="R"),
            "c.json": with_(BASE, segmentRef="r"),
        },
    )
    got = _cross(check_files([tmp_path], jobs=jobs))
    assert {(c, s, p) for c, s, _, p in got} == {("IN402", "error", "/segmentRef")}


def test_cross_file_different_dirs(tmp_path: Path) -> None:
    _write(tmp_path / "one", {"a.json": with_(BASE, segment=400, segmentRef="R")})
    _write(tmp_path / "two", {"a.json": with_(BASE, segment=400, segmentRef="R")})
    assert _cross(check_files([tmp_path / "one", tmp_path / "two"])) == set()


def test_cross_file_absent_keys_do_not_take_part(tmp_path: Path) -> None:
    _write(tmp_path, {"a.json": BASE, "b.json": BASE})
    assert _cross(check_files([tmp_path])) == set()


@pytest.mark.parametrize("jobs", [1, 2])
def test_cross_file_order_undefined(tmp_path: Path, jobs: int) -> None:
    _write(
        tmp_path,
        {
            "a.json": with_(BASE, segment=400),
            "b.json": with_(BASE, segment="401"),
            "o.json": {"sortedSegments": [400, 401, 999]},
        },
    )
    got = _cross(check_files([tmp_path], jobs=jobs))
    assert got == {("IN403", "warning", "o.json", "/sortedSegments/2")}


def test_cli_check_dir(tmp_path: Path) -> None:
    from goalkeeper.cli import main

    _write(tmp_path, {"a.json": with_(BASE, segment=400), "b.json": with_(BASE, segment=400)})
    with pytest.raises(SystemExit) as failed:
        main(["check", str(tmp_path)])
    assert failed.value.code == 1
    _write(tmp_path, {"b.json": with_(BASE, segment=401)})
    with pytest.raises(SystemExit) as passed:
        main(["check", "--jobs", "2", str(tmp_path)])
    assert passed.value.code == 0


# -- messages: field, value and limit named; hints fit ---------------------------------------


@pytest.mark.parametrize(
    ("payload", "kind", "needles"),
    [
        (with_(BASE, segment=65536), SEG, ("segment", "65536", "65535")),
        (with_(BASE, segmentName="a" * 101), SEG, ("segmentName", "101", "100")),
        (with_(BASE, segmentRef="r" * 101), SEG, ("segmentRef", "101", "100")),
        (with_(BASE, segmentOrder=-1), SEG, ("segmentOrder", "-1", "65535")),
        (with_(BASE, segmentGroupId=-1), SEG, ("segmentGroupId", "-1", "0")),
        (with_(BASE, segmentName="\u3000"), SEG, ("segmentName", "blank")),
        (crit(field="attributionX"), SEG, ("criteria[0]", "attributionX")),
        ({"sortedSegments": [2, 2]}, ORD, ("sortedSegments[1]", "2", "sortedSegments[0]")),
        ({"sortedSegments": [1]}, ORD, ("sortedSegments[0]", "1")),
        ({"segmentGroupName": " "}, GRP, ("segmentGroupName", "blank")),
    ],
)
def test_message_names_field_value_limit(
    payload: dict[str, Any], kind: str, needles: tuple[str, ...]
) -> None:
    [d] = check(payload, kind=kind).diagnostics
    for needle in needles:
        assert needle in d.message
    assert d.hint


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("400", "write 400 without quotes"),
        ("0400", "write 400 without quotes"),
        ("-0", "write 0 without quotes"),
    ],
)
def test_numeric_string_hint_writes_json_number(value: str, hint: str) -> None:
    found = [d for d in check({"sortedSegments": [value]}).diagnostics if d.code == "IN001"]
    assert [d.hint for d in found] == [hint]


def test_numeric_string_hint_does_not_repeat_a_huge_value() -> None:
    value = "7" * 100_000
    found = [d for d in check(with_(BASE, segment=value), kind=SEG).diagnostics]
    assert {d.code for d in found} == {"IN001", "IN101"}
    for d in found:
        assert len(d.message) < 400
        assert len(d.hint or "") < 400
