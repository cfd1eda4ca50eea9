"""The library: check, validate, check_request; never prints, never exits, thread-safe."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

import goalkeeper
from goalkeeper.validators.conductrics.options import ConductricsOptions

GOOD = {"code": "g-1", "name": "Checkout", "agents": []}
OPTIONS = Path(__file__).parent / "fixtures/conductrics/targeting-rule/account-options.json"
RULE = {
    "code": "r",
    "status": 1,
    "agents": ["*"],
    "when": [["uaBrowser", "eq", "x"]],
    "apply": {"segment": "s"},
}


def test_check_accepts_data_text_bytes_and_paths(tmp_path: Path) -> None:
    path = tmp_path / "goal.json"
    path.write_text(json.dumps(GOOD, indent=2))
    for payload in (GOOD, json.dumps(GOOD), json.dumps(GOOD).encode(), path):
        report = goalkeeper.check(payload)
        assert report.ok and report.diagnostics == () and report.files_checked == 1


def test_check_locates_text_findings() -> None:
    report = goalkeeper.check('{\n  "code": "g 1", "name": "n", "agents": []\n}')
    assert not report.ok
    (diagnostic,) = report.diagnostics
    assert (diagnostic.code, diagnostic.pointer, diagnostic.line, diagnostic.column) == (
        "CT101",
        "/code",
        2,
        3,
    )
    assert diagnostic.kind == "conductrics/goal-type" and diagnostic.op == "create"


def test_diagnostic_is_frozen() -> None:
    diagnostic = goalkeeper.check({"code": "g", "name": "", "agents": []}).diagnostics[0]
    with pytest.raises(AttributeError):
        diagnostic.code = "X"  # type: ignore[misc]


def test_kind_and_op_are_explicit_arguments() -> None:
    assert goalkeeper.check({"name": "New"}, "conductrics/goal-type", "update").ok
    assert not goalkeeper.check({"name": "New"}, "conductrics/goal-type").ok
    with pytest.raises(ValueError, match="unknown kind"):
        goalkeeper.check(GOOD, "conductrics/goal")
    with pytest.raises(ValueError, match="has no operation"):
        goalkeeper.check(GOOD, "conductrics/targeting-rule", "update")
    with pytest.raises(TypeError):
        goalkeeper.check(42)  # type: ignore[arg-type]


def test_validate_raises_payload_error_with_the_report() -> None:
    assert goalkeeper.validate(GOOD) is None
    with pytest.raises(goalkeeper.PayloadError) as raised:
        goalkeeper.validate({"code": "g", "name": "n", "agents": [], "valueMin": 3, "valueMax": 1})
    assert isinstance(raised.value, ValueError)
    assert [d.code for d in raised.value.report.diagnostics] == ["CT108"]
    assert "CT108 /valueMax" in str(raised.value)


def test_options_as_path_dict_or_object() -> None:
    assert goalkeeper.check(RULE).summary == {"error": 0, "warning": 1, "info": 0}
    response = json.loads(OPTIONS.read_text())
    for options in (OPTIONS, str(OPTIONS), response):
        report = goalkeeper.check(RULE, options=options)
        assert [(d.code, d.severity.value) for d in report.diagnostics] == [("CT208", "error")]
    own = ConductricsOptions(frozenset({"uaBrowser"}), frozenset(), frozenset({"eq"}), "mine")
    assert goalkeeper.check(RULE, options=own).ok


def test_check_request_resolves_the_endpoint_and_redacts_keys() -> None:
    secret = "admin-SECRET-VALUE-123"
    report = goalkeeper.check_request(
        "PUT",
        f"https://api.example.test/x/admin/acc-1/goals/goal/g-2?apikey={secret}",
        json.dumps(GOOD),
        {"X-Conductrics-ApiKey": secret},
    )
    assert [(d.code, d.pointer) for d in report.diagnostics] == [("CT113", "/code")]
    assert secret not in repr(report)
    no_key = goalkeeper.check_request("PUT", "https://h/admin/acc-1/goals/goal/g-1", GOOD, {})
    assert [d.code for d in no_key.diagnostics] == ["CT114"]


def test_check_request_op_and_unknown_endpoints() -> None:
    url = "https://h/admin/acc-1/goals/goal/g-1?apikey=k"
    assert goalkeeper.check_request("PUT", url, {"name": "New"}, op="update").ok
    unknown = goalkeeper.check_request("POST", "https://h/somewhere/else", b"\x00 not json")
    assert unknown.ok and unknown.diagnostics == () and unknown.files_checked == 0


def test_the_library_never_prints(capsys: pytest.CaptureFixture[str]) -> None:
    goalkeeper.check(b"\xff\xfe{")
    goalkeeper.check("{'bad': json}")
    assert capsys.readouterr() == ("", "")


def test_threads_share_validators_safely() -> None:
    payloads = [
        ({"code": f"g-{i}", "name": "n", "agents": [], "countMax": i % 3}, i % 3 == 0)
        for i in range(300)
    ]

    def run(item: tuple[dict[str, object], bool]) -> bool:
        payload, bad = item
        return goalkeeper.check(payload).ok is not bad

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(run, payloads))


def _recursive() -> dict[str, object]:
    agents: list[object] = []
    agents.append(agents)
    return {"code": "g-1", "name": "n", "agents": agents}


@pytest.mark.parametrize(
    ("payload", "pointer", "words"),
    [
        ({1: "x", "code": "g-1", "name": "n", "agents": []}, "", "the key 1 (an int)"),
        ({"code": "g-1", "name": "n", "agents": {"a-1"}}, "/agents", "is a set"),
        (_recursive(), "/agents/0", "contains itself"),
        ({"code": "g-1", "name": datetime(2026, 1, 1), "agents": []}, "/name", "datetime"),
        ({"code": "g-1", "name": "n", "agents": [b"a-1"]}, "/agents/0", "is bytes"),
        ({"code": "g-1", "name": "n", "agents": [], "a/b": object()}, "/a~1b", "object"),
    ],
)
def test_data_json_cannot_hold_is_a_located_gk209(
    payload: dict[object, object], pointer: str, words: str
) -> None:
    report = goalkeeper.check(payload)  # type: ignore[arg-type]
    codes = [(d.code, d.pointer) for d in report.diagnostics]
    assert codes == [("GK209", pointer)], codes
    assert words in report.diagnostics[0].message
    with pytest.raises(goalkeeper.PayloadError):
        goalkeeper.validate(payload)  # type: ignore[arg-type]


def test_non_finite_and_huge_numbers_in_data_are_gk205_and_gk206_only() -> None:
    nan = goalkeeper.check({**GOOD, "countMax": float("nan")})
    assert [(d.code, d.pointer) for d in nan.diagnostics] == [("GK205", "/countMax")]
    huge = goalkeeper.check({**GOOD, "countMax": 10**400})
    assert [(d.code, d.pointer) for d in huge.diagnostics] == [("GK206", "/countMax")]


def test_deep_data_is_gk208_without_recursion() -> None:
    deep: dict[str, object] = {}
    node = deep
    for _ in range(100_000):
        child: dict[str, object] = {}
        node["x"] = child
        node = child
    report = goalkeeper.check({**GOOD, "extra": deep})
    assert [d.code for d in report.diagnostics] == ["GK208"]


def test_a_str_is_text_and_a_path_in_one_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "goal.json"
    path.write_text(json.dumps(GOOD))
    report = goalkeeper.check(str(path))
    (diagnostic,) = report.diagnostics
    assert diagnostic.code == "GK201"
    assert diagnostic.hint is not None and "pathlib.Path" in diagnostic.hint
    assert str(path) in diagnostic.hint
    # Text that is not a file name keeps the syntax hint.
    other = goalkeeper.check("not json").diagnostics[0]
    assert other.hint is not None and "pathlib" not in other.hint
    assert goalkeeper.check(path).ok


def test_library_hints_name_keyword_arguments_not_flags() -> None:
    report = goalkeeper.check({"name": "New name"}, kind="conductrics/goal-type")
    hints = {d.hint for d in report.diagnostics}
    assert hints and all(h is not None and "--" not in h for h in hints), hints
    assert any('op="update"' in (h or "") for h in hints)
    undetected = goalkeeper.check({"name": "New name"}).diagnostics[0]
    assert undetected.code == "GK401"
    assert undetected.hint is not None and "--" not in undetected.hint
    assert "kind=" in undetected.hint and 'op="update"' in undetected.hint
