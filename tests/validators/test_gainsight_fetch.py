"""Gainsight fetch, delete and picklist requests: rules, exact columns, endpoints."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from goalkeeper import check, check_request
from goalkeeper.cli import main
from goalkeeper.validators.gainsight.fetch import is_known_field

FETCH = "gainsight/fetch"


def _codes(report: Any) -> list[tuple[str, str | None]]:
    return [(d.code, d.pointer) for d in report.diagnostics]


def _fetch(conditions: list[dict[str, Any]], expression: str | None = None) -> dict[str, Any]:
    where: dict[str, Any] = {"conditions": conditions}
    if expression is not None:
        where["expression"] = expression
    return {"select": ["Name"], "where": where}


def _condition(alias: str = "A", operator: str = "EQ", **extra: Any) -> dict[str, Any]:
    condition: dict[str, Any] = {"fieldName": "Name", "alias": alias, "operator": operator}
    condition.update(extra)
    return condition


# -- known fields --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field",
    [
        "Name",
        "Gsid",
        "CompanyId__gr.Name",
        "Company_ID__gr.csm__gr.name",
        "cust_string_value__gc",
        "my field__gc",
        "CreatedById__gr.Full Name",
        "RelationshipTypeId",
    ],
)
def test_known_fields_and_lookup_paths(field: str) -> None:
    assert is_known_field(field)


@pytest.mark.parametrize(
    "field", ["Gsd", "name", "Compny__gr.Name", "Name__gc__gr", "__gr", "Custom Field"]
)
def test_unknown_fields(field: str) -> None:
    assert not is_known_field(field)


def test_unknown_select_field_names_8009_and_suggests_the_closest() -> None:
    report = check({"select": ["Name", "Gsd"]}, FETCH)
    (diagnostic,) = report.diagnostics
    assert (diagnostic.code, diagnostic.pointer) == ("GS302", "/select/1")
    assert "8009 INVALID_FIELD" in diagnostic.message
    assert diagnostic.hint == 'did you mean "Gsid"?'


def test_duplicate_select_fields_point_at_each_repeat() -> None:
    report = check({"select": ["Name", "Gsid", "Name", "Name"]}, FETCH)
    assert _codes(report) == [("GS301", "/select/2"), ("GS301", "/select/3")]


# -- conditions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operator", "count", "code"),
    [
        ("BTW", 1, "GS306"),
        ("BTW", 2, None),
        ("BTW", 3, "GS306"),
        ("BTW", 0, "GS306"),
        ("IS_NULL", 0, None),
        ("IS_NULL", 1, "GS306"),
        ("IS_NOT_NULL", 0, None),
        ("IS_NOT_NULL", 2, "GS306"),
        ("EQ", 0, "GS306"),
        ("EQ", 1, None),
        ("EQ", 2, "GS307"),
        ("NE", 2, "GS307"),
        ("LT", 2, "GS307"),
        ("GT", 2, "GS307"),
        ("LTE", 2, "GS307"),
        ("GTE", 2, "GS307"),
        ("CONTAINS", 2, "GS307"),
        ("STARTS_WITH", 2, "GS307"),
        ("ENDS_WITH", 2, "GS307"),
        ("IN", 1, None),
        ("IN", 5, None),
        ("IN", 0, "GS306"),
        ("INCLUDES", 3, None),
        ("EXCLUDES", 3, None),
    ],
)
def test_value_counts_per_operator(operator: str, count: int, code: str | None) -> None:
    values = [f"v{i}" for i in range(count)]
    report = check(_fetch([_condition(operator=operator, value=values)], "A"), FETCH)
    expected = []
    if code == "GS306":
        expected = [("GS306", "/where/conditions/0/value")]
    elif code == "GS307":
        expected = [("GS307", "/where/conditions/0/value/1")]
    assert _codes(report) == expected


@pytest.mark.parametrize("operator", ["IS_NULL", "IS_NOT_NULL"])
def test_null_operators_need_no_value(operator: str) -> None:
    assert check(_fetch([_condition(operator=operator)], "A"), FETCH).diagnostics == ()


def test_a_literal_replaces_the_value() -> None:
    body = _fetch([_condition(operator="LT", literal="TODAY")], "A")
    assert check(body, FETCH).diagnostics == ()


def test_an_unknown_literal_is_a_warning_with_a_suggestion() -> None:
    body = _fetch([_condition(operator="LT", literal="today")], "A")
    (diagnostic,) = check(body, FETCH).diagnostics
    assert (diagnostic.code, diagnostic.severity.value) == ("GS308", "warning")
    assert diagnostic.hint == 'did you mean "TODAY"?'


def test_missing_value_is_reported_once_at_the_condition() -> None:
    report = check(_fetch([_condition()], "A"), FETCH)
    assert _codes(report) == [("GS304", "/where/conditions/0")]


def test_unknown_operator_gets_no_value_count_finding() -> None:
    report = check(_fetch([_condition(operator="LIKE", value=[])], "A"), FETCH)
    assert _codes(report) == [("GS305", "/where/conditions/0/operator")]


def test_duplicate_alias_points_at_the_second_and_counts_like_the_payload() -> None:
    conditions = [_condition(value=["x"]), _condition(alias="B", value=["y"])]
    conditions.append(_condition(value=["z"]))
    report = check(_fetch(conditions, "A AND B"), FETCH)
    (diagnostic,) = report.diagnostics
    assert (diagnostic.code, diagnostic.pointer) == ("GS310", "/where/conditions/2/alias")
    assert "the third condition, where.conditions[2]" in diagnostic.message
    assert "the first condition, where.conditions[0]" in diagnostic.message


def test_aliases_are_case_sensitive() -> None:
    conditions = [_condition(alias="a", value=["x"]), _condition(alias="A", value=["y"])]
    assert check(_fetch(conditions, "a OR A"), FETCH).diagnostics == ()


# -- expression ----------------------------------------------------------------------------


def test_conditions_need_an_expression_and_the_hint_proposes_one() -> None:
    conditions = [_condition(value=["x"]), _condition(alias="B", value=["y"])]
    (diagnostic,) = check(_fetch(conditions), FETCH).diagnostics
    assert (diagnostic.code, diagnostic.pointer) == ("GS311", "/where")
    assert diagnostic.hint == 'add "expression": "A AND B"'


def test_where_and_its_conditions_are_optional() -> None:
    assert check({"select": ["Name"]}, FETCH).diagnostics == ()
    assert check({"select": ["Name"], "where": {"conditions": []}}, FETCH).diagnostics == ()


def test_unused_alias_is_a_warning_at_its_condition() -> None:
    conditions = [_condition(value=["x"]), _condition(alias="B", value=["y"])]
    (diagnostic,) = check(_fetch(conditions, "A"), FETCH).diagnostics
    assert (diagnostic.code, diagnostic.severity.value) == ("GS314", "warning")
    assert diagnostic.pointer == "/where/conditions/1/alias"


def test_a_case_mistake_is_one_diagnostic_with_a_case_hint() -> None:
    conditions = [_condition(value=["x"]), _condition(alias="B", value=["y"])]
    (diagnostic,) = check(_fetch(conditions, "A OR b"), FETCH).diagnostics
    assert diagnostic.code == "GS313"
    assert diagnostic.hint == 'aliases are case-sensitive: did you mean "B"?'


def test_each_undefined_alias_is_reported_once() -> None:
    report = check(_fetch([_condition(value=["x"])], "A OR C OR (C AND D)"), FETCH)
    assert [d.code for d in report.diagnostics] == ["GS313", "GS313"]
    assert ['"C"' in report.diagnostics[0].message, '"D"' in report.diagnostics[1].message] == [
        True,
        True,
    ]


def test_no_alias_findings_while_the_conditions_are_malformed() -> None:
    body = {"select": ["Name"], "where": {"conditions": {"alias": "A"}, "expression": "A"}}
    assert _codes(check(body, FETCH)) == [("GS303", "/where/conditions")]


def test_lower_case_operator_message_and_hint() -> None:
    conditions = [_condition(value=["x"]), _condition(alias="B", value=["y"])]
    (diagnostic,) = check(_fetch(conditions, "A and B"), FETCH).diagnostics
    assert diagnostic.code == "GS312"
    assert "upper-case" in diagnostic.message
    assert diagnostic.hint == 'write "AND"'


def _text_with_expression(expression: str, indent: str = "    ") -> tuple[str, int, int]:
    """A fetch body whose expression is written as json.dumps writes it (escapes for
    quotes, backslashes, control and non-ASCII characters); the line and column of the
    expression's opening quote."""
    condition = json.dumps(_condition(value=["x"]))
    other = json.dumps(_condition(alias="B", value=["y"]))
    head = (
        f'{{\n  "select": ["Name"],\n  "where": {{\n{indent}"conditions": [{condition}, {other}],\n'
    )
    key = f'{indent}"expression": '
    text = head + key + json.dumps(expression) + "\n  }\n}\n"
    return text, head.count("\n") + 1, len(key) + 1


@pytest.mark.parametrize(
    ("expression", "offset", "code"),
    [
        ("A and B", 2, "GS312"),
        ('"A" AND B', 0, "GS313"),
        ("A AND\t(B", 6, "GS312"),
        ("é AND A", 0, "GS313"),
        ("A OR \\B", 5, "GS313"),
        ("A OR B)", 6, "GS312"),
    ],
)
def test_expression_findings_sit_at_the_exact_column_inside_the_string(
    expression: str, offset: int, code: str
) -> None:
    text, line, quote = _text_with_expression(expression)
    report = check(text, FETCH)
    found = [d for d in report.diagnostics if d.code == code]
    assert found, report.diagnostics
    raw_prefix = json.dumps(expression[:offset])[1:-1]
    assert (found[0].line, found[0].column) == (line, quote + 1 + len(raw_prefix))


MUTATIONS = st.sampled_from([*'()AB &|!"\\é\t', "AND", "OR", "NOT", "and", "C"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["A", "B", "AND", "OR", "(", ")"]), min_size=1, max_size=12),
    st.integers(0, 40),
    MUTATIONS,
    st.sampled_from(["", " ", "  \t"]),
)
def test_mutated_expressions_in_a_file_give_located_diagnostics_never_an_exception(
    parts: list[str], position: int, piece: str, indent: str
) -> None:
    expression = " ".join(parts)
    position = min(position, len(expression))
    expression = expression[:position] + piece + expression[position:]
    text, line, quote = _text_with_expression(expression, indent)
    report = check(text, FETCH)
    assert not report.internal_error
    raw = json.dumps(expression)
    for diagnostic in report.diagnostics:
        assert diagnostic.code in {"GS312", "GS313", "GS314"}, diagnostic
        if diagnostic.code in ("GS312", "GS313"):
            assert diagnostic.line == line
            assert diagnostic.column is not None
            # Inside the string: between the opening and the closing quote.
            assert quote + 1 <= diagnostic.column <= quote + len(raw) - 1


def test_ten_thousand_nested_parentheses_in_a_file_give_a_diagnostic() -> None:
    text, line, quote = _text_with_expression("(" * 10_000 + "A AND B")
    (diagnostic,) = check(text, FETCH).diagnostics
    assert diagnostic.code == "GS312"
    assert (diagnostic.line, diagnostic.column) == (line, quote + 1 + 9_999)


def test_parsed_data_has_no_text_so_expression_findings_have_no_column() -> None:
    (diagnostic,) = check(_fetch([_condition(value=["x"])], "A AND"), FETCH).diagnostics
    assert (diagnostic.code, diagnostic.pointer, diagnostic.column) == (
        "GS312",
        "/where/expression",
        None,
    )


# -- paging ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "failing"),
    [
        (1, False),
        (2, False),
        (1000, False),
        (0, True),
        (-1, True),
        (1.0, True),
        (2.0, True),
        (0.0, True),
        (-1.0, True),
        (1.5, True),
        ("1", True),
        (True, True),
        (None, True),
    ],
)
@pytest.mark.parametrize("name", ["pageSize", "pageNumber"])
def test_paging_is_a_positive_integer_and_names_8007(name: str, value: Any, failing: bool) -> None:
    report = check({"select": ["Name"], name: value}, FETCH)
    if not failing:
        assert report.diagnostics == ()
        return
    (diagnostic,) = report.diagnostics
    assert (diagnostic.code, diagnostic.pointer) == ("GS315", f"/{name}")
    assert "8007 INVALID_PAGE_REQUEST" in diagnostic.message


# -- delete and picklist -------------------------------------------------------------------

TEMPLATE_GSID = "1CG01SX5TCMHZ0OXX0750YQUGDZ3WPZ50KBY"
METRIC_GSID = "1I0056K976K5AXWOB1NB0L2GCSS77AMROJ8W"
HEADERS = {"accesskey": "not-a-real-key"}


@pytest.mark.parametrize(
    ("path", "gsid", "warned"),
    [
        ("/v1/csgoal/external/template/delete", TEMPLATE_GSID, False),
        ("/csgoal/external/template/delete/", TEMPLATE_GSID, False),
        ("/v1/csgoal/external/template/delete", METRIC_GSID, True),
        ("/csgoal/external/metrics", METRIC_GSID, False),
        ("/v1/csgoal/external/metrics/", METRIC_GSID, False),
        ("/v1/csgoal/external/metrics", TEMPLATE_GSID, True),
    ],
)
def test_record_ids_prefix_follows_the_delete_url(path: str, gsid: str, warned: bool) -> None:
    url = "https://demo.gainsightcloud.com" + path
    report = check_request("DELETE", url, {"recordIds": [gsid]}, HEADERS)
    assert report.files_checked == 1
    assert _codes(report) == ([("GS402", "/recordIds/0")] if warned else [])


def test_record_ids_prefix_is_never_checked_without_a_url() -> None:
    assert check({"recordIds": [METRIC_GSID]}).diagnostics == ()
    assert check({"recordIds": [TEMPLATE_GSID]}).diagnostics == ()


def test_fetch_endpoints_with_and_without_v1_decide_the_kind() -> None:
    body = {"select": ["Name"], "pageNumber": 0}
    for path in ("/v1/csgoal/external/fetch", "/csgoal/external/template/fetch/"):
        report = check_request("POST", "https://x.gainsightcloud.com" + path, body, HEADERS)
        assert [(d.code, d.kind, d.op) for d in report.diagnostics] == [
            ("GS315", "gainsight/fetch", "fetch")
        ]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_picklist_endpoint_takes_get_or_post(method: str) -> None:
    url = "https://x.gainsightcloud.com/v1/csgoal/external/admin/picklist"
    report = check_request(method, url, {"entityIds": ["COMAPANY"]}, HEADERS)
    (diagnostic,) = report.diagnostics
    assert (diagnostic.code, diagnostic.pointer) == ("GS451", "/entityIds/0")
    assert diagnostic.hint == 'did you mean "COMPANY"?'


@pytest.mark.parametrize("body", [None, b"", ""])
def test_picklist_get_without_a_body_is_a_read_whose_headers_are_still_checked(
    body: object,
) -> None:
    url = "https://x.gainsightcloud.com/v1/csgoal/external/admin/picklist"
    assert check_request("GET", url, body, HEADERS).diagnostics == ()
    (diagnostic,) = check_request("GET", url, body, {}).diagnostics
    assert diagnostic.code == "GS001"
    # a create needs its body: no body is still the empty-input error
    create = check_request(
        "POST", "https://x.gainsightcloud.com/v1/csgoal/external/create", body, HEADERS
    )
    assert [d.code for d in create.diagnostics] == ["GK002"]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ({"select": ["Name"]}, "gainsight/fetch"),
        ({"where": {"conditions": []}, "select": ["Name"]}, "gainsight/fetch"),
        ({"recordIds": [TEMPLATE_GSID]}, "gainsight/delete"),
        ({"entityIds": ["COMPANY"]}, "gainsight/picklist"),
        ({"picklistCategory": "GOAL_STATUS"}, "gainsight/picklist"),
    ],
)
def test_request_bodies_are_detected_as_their_kind(body: dict[str, Any], kind: str) -> None:
    report = check({**body, "unknownField": 1})
    assert [(d.kind, d.severity.value) for d in report.diagnostics] == [(kind, "warning")]


@pytest.mark.parametrize(
    ("code", "words"),
    [("GS302", "8009 INVALID_FIELD"), ("GS315", "8007 INVALID_PAGE_REQUEST")],
)
def test_explain_names_the_vendor_error(code: str, words: str) -> None:
    result = CliRunner().invoke(main, ["explain", code])
    assert result.exit_code == 0
    assert words in result.output


# -- never a crash -----------------------------------------------------------------------------

_SEEDS = {
    FETCH: (
        b'{"select": ["Name", "CompanyId__gr.Name", "Gsd", "Name"], "where": {"conditions": '
        b'[{"fieldName": "Name", "value": ["a"], "alias": "A", "operator": "EQ"}, '
        b'{"fieldName": "DueDate", "value": ["x", "y"], "alias": "B", "operator": "BTW"}, '
        b'{"fieldName": "DueDate", "literal": "TODAY", "alias": "C", "operator": "IS_NULL"}], '
        b'"expression": "A AND (B OR \\"C\\")"}, "pageSize": 10, "pageNumber": 1}'
    ),
    "gainsight/delete": b'{"recordIds": ["1CG01SX5TCMHZ0OXX0750YQUGDZ3WPZ50KBY", "x"]}',
    "gainsight/picklist": (
        b'{"entityIds": ["COMPANY", "COMAPANY"], "active": false, "includeMetrics": true, '
        b'"includeChildPicklist": true, "picklistCategory": "GOAL_TYPE"}'
    ),
}
_PIECES = [b"", b"1", b"1.0", b"null", b"true", b'""', b"[]", b"{}", b'"x"', b",", b"]", b"("]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(_SEEDS)), st.data())
def test_mutated_payloads_never_crash_a_rule(kind: str, data: st.DataObject) -> None:
    seed = _SEEDS[kind]
    start = data.draw(st.integers(0, len(seed)))
    end = data.draw(st.integers(start, min(len(seed), start + 8)))
    mutated = seed[:start] + data.draw(st.sampled_from(_PIECES)) + seed[end:]
    for forced in (kind, None):
        report = check(mutated, forced)
        assert not report.internal_error, report.diagnostics


@pytest.mark.parametrize(
    ("field", "hint"),
    [
        ("Gsd", 'did you mean "Gsid"?'),
        ("Compny__gr.Name", 'did you mean "CompanyId__gr.Name"?'),
        ("CompanyI__gr.csm__gr.name", 'did you mean "CompanyId__gr.csm__gr.name"?'),
        ("zzz", None),
    ],
)
def test_unknown_select_field_hint_keeps_the_rest_of_the_path(field: str, hint: str | None) -> None:
    (diagnostic,) = check({"select": [field]}, FETCH).diagnostics
    assert (diagnostic.code, diagnostic.hint) == ("GS302", hint or GS302_HINT)


GS302_HINT = "fix the spelling; custom fields end in __gc, lookups read CompanyId__gr.Name"


@pytest.mark.parametrize(
    ("alias", "unusable"),
    [("B", False), ("B C", True), ("B(1)", True), ("AND", True), ("OR", True)],
)
def test_an_unused_alias_that_no_expression_can_name_says_so(alias: str, unusable: bool) -> None:
    conditions = [_condition(value=["x"]), _condition(alias=alias, value=["y"])]
    (diagnostic,) = check(_fetch(conditions, "A"), FETCH).diagnostics
    assert (diagnostic.code, diagnostic.pointer) == ("GS314", "/where/conditions/1/alias")
    assert ("an expression cannot name it" in diagnostic.message) is unusable
    assert (diagnostic.hint == "rename the alias to letters and digits, e.g. A") is unusable


def test_conditions_past_the_tenth_are_counted_in_digits() -> None:
    conditions = [_condition(alias=f"A{i}", value=["x"]) for i in range(12)]
    conditions[11]["alias"] = "A0"
    expression = " OR ".join(f"A{i}" for i in range(11))
    (diagnostic,) = check(_fetch(conditions, expression), FETCH).diagnostics
    assert diagnostic.code == "GS310"
    assert "the 12th condition, where.conditions[11]" in diagnostic.message


def test_many_undefined_aliases_give_bounded_messages() -> None:
    count = 500
    conditions = [_condition(alias=f"A{i}", value=["x"]) for i in range(count)]
    expression = " OR ".join(f"X{i}" for i in range(count))
    report = check(_fetch(conditions, expression), FETCH)
    # The first 100 findings of a code are listed, then one says how many more there are.
    assert [d.code for d in report.diagnostics] == ["GS313"] * 101
    listed = [d for d in report.diagnostics if "400 more GS313 findings" not in d.message]
    assert len(listed) == 100
    first = listed[0]
    assert first.message.endswith('"A6", "A7" and 492 more')
    # No fuzzy match against hundreds of aliases: the rule's own hint.
    assert first.hint == (
        "name the alias of a condition (aliases are case-sensitive), or add the condition"
    )


def test_an_alias_defined_with_spaces_around_it_is_named_in_the_hint() -> None:
    (diagnostic,) = check(_fetch([_condition(alias=" A ", value=["x"])], "A"), FETCH).diagnostics
    assert diagnostic.code == "GS313"
    assert diagnostic.hint == 'the condition\'s alias is " A ": remove the white space around it'
