"""check_request finds the endpoint of every URL shape SPEC §3 and §4.10 describe.

The generic tests build URLs from every declared Endpoint, so a vendor's endpoints are
covered as soon as they are declared; the vendor tests pin the shapes users write.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

import goalkeeper
from goalkeeper import registry
from goalkeeper.endpoints import match_endpoint, normalize_headers, split_path
from goalkeeper.kinds import Endpoint, Kind, PathSegment, parse_template

ENDPOINTS = [(kind, endpoint) for kind in registry.KINDS for endpoint in kind.endpoints]
GOAL_TYPE = {"code": "g-checkout/eu", "name": "Checkout", "agents": []}
RULE = {
    "code": "offers/gotham",
    "status": 1,
    "agents": ["*"],
    "when": [],
    "apply": {"segment": "u"},
}
GOAL_ID = "8e81973f-51f3-4769-9627-885546d7c450"
GOAL_XML = (
    f"<goalBean><id>{GOAL_ID}</id><campaignId>c</campaignId><goalValue>1.0</goalValue>"
    "<start>2030-09-30T00:00:00Z</start><type>IMPRESSION</type><variant>NORMAL</variant>"
    "</goalBean>"
)
RULES_XML = f"<rulesBean><parentId>{GOAL_ID}</parentId></rulesBean>"
PULSE = {"x-o-api-key": "k", "content-type": "application/xml"}


def codes(report: goalkeeper.Report) -> list[str]:
    return [d.code for d in report.diagnostics]


# -- generic: every declared endpoint -----------------------------------------------------


def _sample(part: PathSegment) -> tuple[str, dict[str, str]]:
    """A URL segment for a template segment, and the parameters it gives."""
    params: dict[str, str] = {}
    if part.literal is not None:
        text = part.literal
    elif part.converter == "int":
        text = params[part.param or ""] = "12"
    elif part.converter == "path":
        params[part.param or ""] = "a/b"
        text = "a/b"
    else:
        text = params[part.param or ""] = "p-1"
    for key, name in part.matrix:
        params[name] = f"{key}-v"
        text += f";{key}={key}-v"
    return text, params


def sample_url(endpoint: Endpoint, prefix: str = "https://host.example/prefix") -> tuple[str, dict]:
    pieces, params = [], {}
    for part in endpoint.segments:
        text, given = _sample(part)
        pieces.append(text)
        params.update(given)
    return prefix + "/" + "/".join(pieces), params


def _methods_for_path(endpoint: Endpoint) -> set[str]:
    return {e.method for _, e in ENDPOINTS if e.segments == endpoint.segments}


def _match(method: str, url: str) -> Any:
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    return match_endpoint(method, parts.path, parse_qs(parts.query), registry.KINDS)


def _same(found: Any, kind: Kind, endpoint: Endpoint) -> bool:
    return (found.kind.name, found.endpoint.method, found.endpoint.segments) == (
        kind.name,
        endpoint.method,
        endpoint.segments,
    )


def test_every_kind_with_endpoints_is_declared() -> None:
    assert ENDPOINTS, "no endpoint declared"
    assert {kind.vendor for kind, _ in ENDPOINTS} >= {"conductrics", "pulse"}


@pytest.mark.parametrize(("kind", "endpoint"), ENDPOINTS, ids=lambda x: getattr(x, "name", x))
@pytest.mark.parametrize(
    "prefix", ["https://host.example", "http://10.0.0.1:8080/proxy/v9", ""], ids=str
)
@pytest.mark.parametrize("trailing", ["", "/"], ids=["bare", "trailing-slash"])
def test_every_endpoint_matches_on_any_host(
    kind: Kind, endpoint: Endpoint, prefix: str, trailing: str
) -> None:
    url, params = sample_url(endpoint, prefix)
    found = _match(endpoint.method, url + trailing)
    assert found is not None
    # The same endpoint, or one declared with the same method and path (say, with and
    # without a trailing slash).
    assert _same(found, kind, endpoint)
    assert found.params == params
    assert found.findings == []
    assert found.op == endpoint.op


@pytest.mark.parametrize(("kind", "endpoint"), ENDPOINTS, ids=lambda x: getattr(x, "name", x))
def test_every_endpoint_takes_only_its_methods(kind: Kind, endpoint: Endpoint) -> None:
    url, _ = sample_url(endpoint)
    wrong = next(
        m for m in ("PATCH", "DELETE", "POST", "PUT") if m not in _methods_for_path(endpoint)
    )
    report = goalkeeper.check_request(wrong, url, b"")
    assert "GK501" in codes(report)
    message = next(d.message for d in report.diagnostics if d.code == "GK501")
    assert message.startswith("this endpoint takes ")
    assert endpoint.method in message and wrong in message


@pytest.mark.parametrize(("kind", "endpoint"), ENDPOINTS, ids=lambda x: getattr(x, "name", x))
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "DELETE"])
def test_reading_or_deleting_a_resource_is_not_judged(
    kind: Kind, endpoint: Endpoint, method: str
) -> None:
    url, _ = sample_url(endpoint)
    report = goalkeeper.check_request(method, url, b"")
    if method in _methods_for_path(endpoint):
        assert report.files_checked == 1  # the endpoint takes it: checked as declared
    else:
        assert report.diagnostics == () and report.files_checked == 0


@pytest.mark.parametrize(("kind", "endpoint"), ENDPOINTS, ids=lambda x: getattr(x, "name", x))
def test_every_endpoint_ignores_extra_matrix_parameters_and_reorders(
    kind: Kind, endpoint: Endpoint
) -> None:
    pieces, params = [], {}
    for part in endpoint.segments:
        text, given = _sample(part)
        if part.matrix and part.literal is not None:
            # Extra parameters before and after, and the required ones reversed.
            required = [f"{key}={key}-v" for key, _ in reversed(part.matrix)]
            text = ";".join([part.literal, "lang=en", *required, "x="])
        pieces.append(text)
        params.update(given)
    found = _match(endpoint.method, "https://h/" + "/".join(pieces))
    assert found is not None and _same(found, kind, endpoint)
    assert found.params == params and found.findings == []


MATRIX_ENDPOINTS = [(k, e) for k, e in ENDPOINTS if any(p.matrix for p in e.segments)]


@pytest.mark.parametrize(
    ("kind", "endpoint"), MATRIX_ENDPOINTS, ids=lambda x: getattr(x, "name", x)
)
@pytest.mark.parametrize("shape", ["missing", "empty", "blank", "query"])
def test_every_matrix_parameter_is_required(kind: Kind, endpoint: Endpoint, shape: str) -> None:
    pieces, query = [], ""
    for part in endpoint.segments:
        text, _ = _sample(part)
        if part.matrix:
            text = text.split(";", 1)[0]
            key = part.matrix[0][0]
            text += {"missing": "", "empty": f";{key}=", "blank": f";{key}=%20", "query": ""}[shape]
            if shape == "query":
                query = f"?{key}=abc"
        pieces.append(text)
    found = _match(endpoint.method, "https://h/" + "/".join(pieces) + query)
    assert found is not None and _same(found, kind, endpoint)
    assert [f.code for f in found.findings] == ["GK502"]
    if shape == "query":
        assert "(?" in found.findings[0].message and found.findings[0].hint
        assert "not ? at the end" in (found.findings[0].hint or "")


@pytest.mark.parametrize(("kind", "endpoint"), ENDPOINTS, ids=lambda x: getattr(x, "name", x))
def test_a_changed_literal_is_an_unknown_endpoint(kind: Kind, endpoint: Endpoint) -> None:
    pieces = []
    for part in endpoint.segments:
        text, _ = _sample(part)
        if part.literal is not None and part.literal:
            text = "zz" + text
        pieces.append(text)
    report = goalkeeper.check_request(endpoint.method, "https://h/" + "/".join(pieces), b"\0")
    assert report.diagnostics == () and report.files_checked == 0


def _kind(name: str, *endpoints: Endpoint) -> Kind:
    return Kind(
        name, "test", "json", ("create", "update"), "", "", bool, "", str, endpoints=endpoints
    )


# Shapes the Infinity table has (SPEC §3, §4.10 "Infinity endpoints"), on a synthetic kind so
# that the matcher's behaviour is pinned whatever the vendors declare.
SYNTHETIC = (
    _kind("t/segment", Endpoint("POST", "/igrps/{igrp:int}/segments", op="create")),
    _kind("t/segment-update", Endpoint("POST", "/igrps/{igrp:int}/segments/{segment:int}")),
    _kind("t/order", Endpoint("PUT", "/igrps/{igrp:int}/segments/order", op="update")),
    # The same shapes with a plain parameter, whose value a rule of the kind judges.
    _kind("t/plain-update", Endpoint("POST", "/plain/{igrp}/segments/{segment}")),
    _kind("t/plain-order", Endpoint("PUT", "/plain/{igrp}/segments/order", op="update")),
)


@pytest.mark.parametrize(
    ("method", "path", "kind", "params", "findings"),
    [
        ("POST", "/igrps/7/segments", "t/segment", {"igrp": "7"}, []),
        ("POST", "/igrps/7/segments/400", "t/segment-update", {"igrp": "7", "segment": "400"}, []),
        ("PUT", "/igrps/7/segments/order", "t/order", {"igrp": "7"}, []),
        # "order" is no integer: only the order's path matches, and it takes PUT.
        ("POST", "/igrps/7/segments/order", "t/order", {"igrp": "7"}, ["GK501"]),
        # With a plain parameter too, the path that names the request most exactly decides:
        # a POST to .../segments/order is the order sent with the wrong method.
        ("POST", "/plain/7/segments/order", "t/plain-order", {"igrp": "7"}, ["GK501"]),
        ("PUT", "/plain/7/segments/order", "t/plain-order", {"igrp": "7"}, []),
        # Most literals among the paths of the right method; the wrong method names them.
        (
            "PUT",
            "/plain/7/segments/400",
            "t/plain-update",
            {"igrp": "7", "segment": "400"},
            ["GK501"],
        ),
        (
            "PUT",
            "/igrps/7/segments/400",
            "t/segment-update",
            {"igrp": "7", "segment": "400"},
            ["GK501"],
        ),
    ],
)
def test_literals_then_method_decide_and_int_takes_digits(
    method: str, path: str, kind: str, params: dict[str, str], findings: list[str]
) -> None:
    found = match_endpoint(method, path, {}, SYNTHETIC)
    assert found is not None
    assert (found.kind.name, found.params, [f.code for f in found.findings]) == (
        kind,
        params,
        findings,
    )


@pytest.mark.parametrize(
    "path", ["/igrps/x/segments", "/igrps/7/segments/4a0", "/igrps/-1/segments"]
)
def test_integer_parameters_take_only_digits(path: str) -> None:
    assert match_endpoint("POST", path, {}, SYNTHETIC) is None


# -- the template language ----------------------------------------------------------------


def test_templates_parse_into_segments() -> None:
    assert parse_template("/api/1.0/goal/by_goal_id;id={id}") == (
        PathSegment("api"),
        PathSegment("1.0"),
        PathSegment("goal"),
        PathSegment("by_goal_id", matrix=(("id", "id"),)),
    )
    assert parse_template("/{owner}/transform-rule/{code:path}")[-1] == PathSegment(
        None, "code", "path"
    )
    assert parse_template("/x/{n:int}/y")[1] == PathSegment(None, "n", "int")


@pytest.mark.parametrize(
    "template", ["/a/{code:path}/b", "/a/x{id}", "/a;id=literal", "/a;={id}", "/a/{p:path};id={id}"]
)
def test_bad_templates_are_refused(template: str) -> None:
    with pytest.raises(ValueError):
        parse_template(template)


def test_split_path_decodes_names_and_matrix() -> None:
    segments = split_path("/a%20b/c;id=x%2Fy;lang=en/")
    assert [s.name for s in segments] == ["a b", "c"]
    assert segments[1].matrix == {"id": "x/y", "lang": "en"}


# -- Conductrics -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://api-v3.conductrics.com/admin/acc-1/goals/goal/g-checkout/eu",
        "https://api-v3.conductrics.com/admin/acc-1/goals/goal/g-checkout%2Feu",
        "https://private.example/base/admin/acc-1/goals/goal/g-checkout/eu/",
        "http://127.0.0.1:9000/admin/acc-1/goals/goal/g-checkout%2feu?apikey=k&x=1",
    ],
)
def test_goal_type_codes_may_hold_a_slash(url: str) -> None:
    report = goalkeeper.check_request("PUT", url, GOAL_TYPE, {"x-conductrics-apikey": "k"})
    assert codes(report) == []
    assert report.files_checked == 1


def test_goal_type_code_in_url_is_compared_whole() -> None:
    url = "https://h/admin/acc-1/goals/goal/g-checkout/us"
    report = goalkeeper.check_request("PUT", url, GOAL_TYPE, {"x-conductrics-apikey": "k"})
    assert [(d.code, d.pointer) for d in report.diagnostics] == [("CT113", "/code")]
    assert '"g-checkout/us"' in report.diagnostics[0].message


@pytest.mark.parametrize(
    ("url", "diagnostics"),
    [
        ("https://api.conductrics.com/owner_code/transform-rule/offers/gotham", []),
        ("https://api.conductrics.com/owner_code/transform-rule/offers%2Fgotham", []),
        ("https://api.conductrics.com/owner_code/transform-rule", []),
        ("https://api.conductrics.com/owner_code/transform-rule/", []),
        ("https://api.conductrics.com/owner_code/transform-rule/offers", ["CT219"]),
    ],
)
def test_targeting_rule_endpoints(url: str, diagnostics: list[str]) -> None:
    report = goalkeeper.check_request("PUT", url, RULE, {"x-mpath-apikey": "k"})
    assert codes(report) == diagnostics


def test_wrong_method_for_conductrics_still_checks_the_body() -> None:
    url = "https://h/admin/acc-1/goals/goal/g-checkout/eu?apikey=k"
    report = goalkeeper.check_request("POST", url, {**GOAL_TYPE, "countMax": 0})
    assert sorted(codes(report)) == ["CT105", "GK501"]
    gk501 = next(d for d in report.diagnostics if d.code == "GK501")
    assert gk501.message == "this endpoint takes PUT, not POST"
    assert gk501.severity is goalkeeper.Severity.ERROR


# -- Pulse -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/api/1.0/goal/by_goal_id;id={GOAL_ID}",
        f"/api/1.0/goal/by_goal_id;lang=en;id={GOAL_ID}",
        f"/api/1.0/goal/by_goal_id;id={GOAL_ID};lang=en",
        f"/api/1.0/goal/by_goal_id;id={GOAL_ID}/",
    ],
)
def test_pulse_goal_update_with_matrix_parameters(path: str) -> None:
    report = goalkeeper.check_request("PUT", "https://api.videoplaza.com" + path, GOAL_XML, PULSE)
    assert codes(report) == []
    assert report.diagnostics == () and report.files_checked == 1


def test_pulse_id_is_compared_with_a_second_matrix_parameter() -> None:
    url = "https://h/api/1.0/goal/by_goal_id;id=other;lang=en"
    report = goalkeeper.check_request("PUT", url, GOAL_XML, PULSE)
    assert [(d.code, d.pointer) for d in report.diagnostics] == [("PU118", "/goalBean/id")]


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("PUT", "/api/1.0/goal/by_goal_id", ["GK502"]),
        ("PUT", "/api/1.0/goal/by_goal_id;id=", ["GK502"]),
        ("PUT", "/api/1.0/goal/by_goal_id;lang=en", ["GK502"]),
        ("PUT", f"/api/1.0/goal/by_goal_id?id={GOAL_ID}", ["GK502"]),
        ("POST", f"/api/1.0/goal/by_goal_id;id={GOAL_ID}", ["GK501"]),
        ("PATCH", f"/api/1.0/goal/by_goal_id;id={GOAL_ID}", ["GK501"]),
    ],
)
def test_pulse_update_url_mistakes(method: str, path: str, expected: list[str]) -> None:
    report = goalkeeper.check_request(method, "https://h" + path, GOAL_XML, PULSE)
    assert codes(report) == expected
    assert report.diagnostics[0].line == 1 and report.diagnostics[0].pointer == ""


def test_pulse_query_id_hint() -> None:
    url = f"https://h/api/1.0/goal/rule/by_goal_id?id={GOAL_ID}"
    report = goalkeeper.check_request("PUT", url, RULES_XML, PULSE)
    (diagnostic,) = report.diagnostics
    assert diagnostic.code == "GK502"
    assert "query parameter (?id=…)" in diagnostic.message
    assert diagnostic.hint is not None and ";id=" in diagnostic.hint


def test_pulse_put_to_the_create_endpoint() -> None:
    create = GOAL_XML.replace(f"<id>{GOAL_ID}</id>", "")
    report = goalkeeper.check_request("PUT", "https://h/api/1.0/goal", create, PULSE)
    assert codes(report) == ["GK501"]
    assert report.diagnostics[0].message == "this endpoint takes POST, not PUT"


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/xml", []),
        ("application/xml; charset=UTF-8", []),
        ("Application/XML;charset=utf-8", []),
        ('application/xml; charset="utf-8"', []),
        ("application/xml; charset=ISO-8859-1", ["PU003"]),
        ("application/xml; charset=us-ascii", ["PU003"]),
        ("application/json", ["PU003"]),
        ("text/xml", ["PU003"]),
    ],
)
def test_pulse_content_type_and_charset(content_type: str, expected: list[str]) -> None:
    url = f"https://h/api/1.0/goal/rule/by_goal_id;id={GOAL_ID}"
    headers = {"x-o-api-key": "k", "Content-Type": content_type}
    report = goalkeeper.check_request("PUT", url, RULES_XML, headers)
    assert codes(report) == expected
    if content_type.endswith("ISO-8859-1"):
        assert report.diagnostics[0].message == (
            'the Content-Type\'s charset is "ISO-8859-1"; the API takes XML encoded as UTF-8'
        )


# -- headers in every shape --------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"X-O-Api-Key": "k", "Content-Type": "application/xml"},
        [("x-o-api-key", "k"), ("content-type", "application/xml")],
        [(b"X-O-API-KEY", b"k"), (b"Content-Type", b"application/xml")],
        {"x-o-api-key": b"k", "content-type": b"application/xml"},
        (("x-o-api-key", "k"), ("content-type", "application/xml")),
    ],
)
def test_headers_as_mapping_pairs_or_bytes(headers: Any) -> None:
    url = f"https://h/api/1.0/goal/rule/by_goal_id;id={GOAL_ID}"
    assert codes(goalkeeper.check_request("PUT", url, RULES_XML, headers)) == []


def test_normalize_headers_joins_repeated_names() -> None:
    assert normalize_headers([("A", "1"), ("a", b"2")]) == {"a": "1, 2"}
    with pytest.raises(TypeError):
        normalize_headers([("only-a-name",)])  # type: ignore[list-item]


def test_unknown_endpoints_pass_whatever_the_body() -> None:
    for method, url in [
        ("POST", "https://h/api/2.0/goal"),
        ("PUT", "https://h/admin/acc/goals"),
        ("GET", "https://h/"),
        ("PUT", ""),
        ("PUT", "http://[::1/admin/a/goals/goal/g"),
    ]:
        report = goalkeeper.check_request(method, url, b"\xff not anything")
        assert report.ok and report.diagnostics == () and report.files_checked == 0


def test_bodies_of_other_types_are_refused() -> None:
    # a located GK207 that says what is taken (SPEC §10: bad input is a diagnostic)
    report = goalkeeper.check_request("PUT", "https://h/admin/a/goals/goal/g", 5)
    assert [d.code for d in report.diagnostics if d.code.startswith("GK")] == ["GK207"]
    assert "str or bytes" in next(d.message for d in report.diagnostics if d.code == "GK207")


# -- secrets: header values and apikey values never appear -------------------------------

CANARY = "CANARY-7f3e9a-secret"


def _requests_with_canary() -> list[tuple[str, str, Any, Any]]:
    cases: list[tuple[str, str, Any, Any]] = []
    for _, endpoint in ENDPOINTS:
        url, _ = sample_url(endpoint)
        bodies = [b"{", b"<a", b"", json.dumps({"code": CANARY}).encode()]
        for body in bodies:
            cases.append((endpoint.method, url + f"?apikey={CANARY}", body, {}))
            cases.append((endpoint.method, url, body, {"Authorization": f"Bearer {CANARY}"}))
            cases.append(("PATCH", url, body, [(b"x-api-key", CANARY.encode())]))
            cases.append(("PATCH", url + f"%3Fapikey%3D{CANARY}", body, {}))
            cases.append(("PATCH", url + f"%3fAPIKEY%3d{CANARY}", body, None))
            cases.append((endpoint.method, url + f"%253Fapikey%253D{CANARY}", body, None))
    # The secret in places a rule quotes: the URL's code, the goal id.
    cases.append(
        (
            "PUT",
            f"https://h/admin/a/goals/goal/{CANARY}",
            GOAL_TYPE,
            {"x-conductrics-apikey": CANARY},
        )
    )
    cases.append(("PUT", f"https://h/admin/a/goals/goal/x%3Fapikey%3D{CANARY}", GOAL_TYPE, {}))
    cases.append(("PUT", f"https://h/owner/transform-rule/r?apikey={CANARY}", RULE, {}))
    cases.append(
        (
            "PUT",
            f"https://h/api/1.0/goal/by_goal_id;id={CANARY}",
            GOAL_XML,
            {"x-o-api-key": CANARY, "content-type": "application/xml"},
        )
    )
    return cases


@pytest.mark.parametrize(("method", "url", "body", "headers"), _requests_with_canary())
def test_secrets_never_reach_a_report_exception_or_log(
    method: str, url: str, body: Any, headers: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    report = goalkeeper.check_request(method, url, body, headers)
    shown = repr(report) + "".join(f"{d.message}{d.hint}{d.pointer}" for d in report.diagnostics)
    assert CANARY not in shown
    if not report.ok:
        with pytest.raises(goalkeeper.PayloadError) as raised:
            raise goalkeeper.PayloadError(report)
        assert CANARY not in str(raised.value) and CANARY not in repr(raised.value)
    assert CANARY not in caplog.text


def test_a_quoted_url_code_is_redacted_not_dropped() -> None:
    url = f"https://h/admin/a/goals/goal/x%3Fapikey%3D{CANARY}"
    report = goalkeeper.check_request("PUT", url, GOAL_TYPE, {})
    ct113 = next(d for d in report.diagnostics if d.code == "CT113")
    assert (
        ct113.message == 'the URL names code "x?apikey=***" but the body\'s code is "g-checkout/eu"'
    )
