"""Acceptance table for the Gainsight query kinds (gainsight/fetch, gainsight/delete,
gainsight/picklist), written from seed 004 and SPEC §2, §3, §4.1, §4.9 and §4.10: each case is
a payload (with a kind, or a whole request) and the exact set of (code, severity, pointer)
goalkeeper must report."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from goalkeeper import check, check_request

FETCH = "gainsight/fetch"
DELETE_KIND = "gainsight/delete"
PICKLIST = "gainsight/picklist"
HOST = "https://tenant.gainsightcloud.com"
KEY = {"accesskey": "secret-key-1"}

G_TPL = "1CG01SX5TCMHZ0OXX0750YQUGDZ3WPZ50KBY"
G_METRIC = "1I0056K976K5AXWOB1NB0L2GCSS77AMROJ8W"
G_RELTYPE = "1P06GH2ZL6Z4T1RQ2I4TZ8D8KX2OFSZL3XJJ"

SEED_FETCH: dict[str, Any] = {
    "select": ["CompanyId", "Name", "RelationshipId", "OpportunityId", "Gsid"],
    "where": {
        "conditions": [{"fieldName": "Name", "value": ["CGnew"], "alias": "A", "operator": "EQ"}],
        "expression": "A",
    },
    "pageSize": 100,
    "pageNumber": 1,
}
SEED_TEMPLATE_FETCH: dict[str, Any] = {
    "select": ["Name", "Gsid", "StatusId", "cust_string_value__gc", "CurrencyIsoCode"],
    "where": {
        "conditions": [
            {"fieldName": "Name", "value": ["barca"], "alias": "A", "operator": "STARTS_WITH"},
            {"fieldName": "Name", "value": ["b"], "alias": "B", "operator": "CONTAINS"},
        ],
        "expression": "A AND B",
    },
    "pageSize": 10,
    "pageNumber": 1,
}
SEED_TEMPLATE_DELETE: dict[str, Any] = {"recordIds": [G_TPL]}
SEED_METRIC_DELETE: dict[str, Any] = {"recordIds": [G_METRIC]}
SEED_PICKLIST: dict[str, Any] = {
    "entityIds": ["COMPANY"],
    "active": False,
    "includeMetrics": False,
    "includeChildPicklist": True,
    "picklistCategory": "GOAL_TYPE",
}

MISSING = object()
C0 = "/where/conditions/0"
C1 = "/where/conditions/1"
EXPR = "/where/expression"


def top(base: Mapping[str, Any], **fields: Any) -> dict[str, Any]:
    out = copy.deepcopy(dict(base))
    for key, value in fields.items():
        if value is MISSING:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def cond(
    operator: Any = "EQ",
    value: Any = ("x",),
    alias: Any = "A",
    field_name: Any = "Name",
    **extra: Any,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if field_name is not MISSING:
        out["fieldName"] = field_name
    if value is not MISSING:
        out["value"] = list(value) if isinstance(value, tuple) else value
    if alias is not MISSING:
        out["alias"] = alias
    if operator is not MISSING:
        out["operator"] = operator
    out.update(extra)
    return out


def where(*conditions: Any, expression: Any = "A") -> dict[str, Any]:
    w: dict[str, Any] = {"conditions": list(conditions)}
    if expression is not MISSING:
        w["expression"] = expression
    return top(SEED_FETCH, where=w)


@dataclass(frozen=True)
class Case:
    id: str
    payload: Any
    kind: str | None
    expected: frozenset[tuple[str, str, str | None]]


def E(code: str, pointer: str | None) -> tuple[str, str, str | None]:
    return (code, "error", pointer)


def W(code: str, pointer: str | None) -> tuple[str, str, str | None]:
    return (code, "warning", pointer)


CASES: list[Case] = []


def case(id: str, payload: Any, kind: str | None, *expected: tuple[str, str, str | None]) -> None:
    CASES.append(Case(id, payload, kind, frozenset(expected)))


# -- fetch: seed samples ---------------------------------------------------------------------
case("seed-fetch", SEED_FETCH, FETCH)
case("seed-template-fetch", SEED_TEMPLATE_FETCH, FETCH)
case("seed-fetch-detected", SEED_FETCH, None)
case("seed-template-fetch-detected", SEED_TEMPLATE_FETCH, None)

# -- select ------------------------------------------------------------------------------------
case("select-missing", top(SEED_FETCH, select=MISSING), FETCH, E("GS300", ""))
case("select-empty", top(SEED_FETCH, select=[]), FETCH, E("GS300", "/select"))
case("select-string", top(SEED_FETCH, select="Name"), FETCH, E("GS300", "/select"))
case("select-object", top(SEED_FETCH, select={"Name": 1}), FETCH, E("GS300", "/select"))
case("select-null", top(SEED_FETCH, select=None), FETCH, E("GS300", "/select"))
case("select-int-item", top(SEED_FETCH, select=[1]), FETCH, E("GS300", "/select/0"))
case("select-null-item", top(SEED_FETCH, select=["Name", None]), FETCH, E("GS300", "/select/1"))
case("select-list-item", top(SEED_FETCH, select=["Name", ["Gsid"]]), FETCH, E("GS300", "/select/1"))
case("select-dup", top(SEED_FETCH, select=["Name", "Gsid", "Name"]), FETCH, W("GS301", "/select/2"))
case(
    "select-dup-twice",
    top(SEED_FETCH, select=["Name", "Name", "Name"]),
    FETCH,
    W("GS301", "/select/1"),
    W("GS301", "/select/2"),
)
case("select-unknown", top(SEED_FETCH, select=["Gsd"]), FETCH, W("GS302", "/select/0"))
case("select-unknown-2", top(SEED_FETCH, select=["Name", "Nmae"]), FETCH, W("GS302", "/select/1"))
case("select-lookup-path", top(SEED_FETCH, select=["CompanyId__gr.Name"]), FETCH)
case("select-lookup-path-user", top(SEED_FETCH, select=["CreatedById__gr.Name"]), FETCH)
case("select-custom", top(SEED_FETCH, select=["cust_string_value__gc"]), FETCH)
case("select-custom-space", top(SEED_FETCH, select=["my field__gc"]), FETCH)
case("select-custom-lookup-path", top(SEED_FETCH, select=["comp_lookup_gsid__gc.Name"]), FETCH)
case(
    "select-known-many",
    top(
        SEED_FETCH,
        select=[
            "CurrencyIsoCode",
            "StatusId",
            "DueDate",
            "Description",
            "GoalTypeId",
            "CreatedDate",
            "ModifiedDate",
            "EntityType",
            "CreatedById",
            "ModifiedById",
        ],
    ),
    FETCH,
)
case(
    "select-unknown-path",
    top(SEED_FETCH, select=["Bogus__gr.Name"]),
    FETCH,
    W("GS302", "/select/0"),
)
case("select-space-unknown", top(SEED_FETCH, select=["Due Date"]), FETCH, W("GS302", "/select/0"))
case("select-case", top(SEED_FETCH, select=["name"]), FETCH, W("GS302", "/select/0"))

# -- where -------------------------------------------------------------------------------------
case("where-absent", top(SEED_FETCH, where=MISSING), FETCH)
case("where-array", top(SEED_FETCH, where=[]), FETCH, E("GS303", "/where"))
case("where-string", top(SEED_FETCH, where="A"), FETCH, E("GS303", "/where"))
case(
    "where-conditions-string",
    top(SEED_FETCH, where={"conditions": "A", "expression": "A"}),
    FETCH,
    E("GS303", "/where/conditions"),
)
case("where-conditions-empty", top(SEED_FETCH, where={"conditions": []}), FETCH)

# -- operators ---------------------------------------------------------------------------------
SINGLE = ["EQ", "NE", "LT", "GT", "LTE", "GTE", "CONTAINS", "STARTS_WITH", "ENDS_WITH"]
for op in [*SINGLE, "IN", "INCLUDES", "EXCLUDES"]:
    case(f"op-{op}-one", where(cond(op)), FETCH)
for op in SINGLE:
    # The surplus value is pointed at (value/1), once per condition.
    case(f"op-{op}-two", where(cond(op, ("x", "y"))), FETCH, W("GS307", C0 + "/value/1"))
case("op-EQ-three", where(cond("EQ", ("x", "y", "z"))), FETCH, W("GS307", C0 + "/value/1"))
for op in [*SINGLE, "IN"]:
    case(f"op-{op}-none", where(cond(op, ())), FETCH, E("GS306", C0 + "/value"))
case(
    "op-IN-many",
    where(
        cond("IN", tuple("abcdefghij")),
    ),
    FETCH,
)
case("op-INCLUDES-many", where(cond("INCLUDES", ("a", "b"))), FETCH)
case("op-EXCLUDES-many", where(cond("EXCLUDES", ("a", "b"))), FETCH)
case("op-BTW-1", where(cond("BTW", (1,))), FETCH, E("GS306", C0 + "/value"))
case("op-BTW-2", where(cond("BTW", (1, 5))), FETCH)
case(
    "op-BTW-2-dates", where(cond("BTW", ("2025-01-01", "2025-02-01"), field_name="DueDate")), FETCH
)
case("op-BTW-3", where(cond("BTW", (1, 2, 3))), FETCH, E("GS306", C0 + "/value"))
case("op-BTW-0", where(cond("BTW", ())), FETCH, E("GS306", C0 + "/value"))
for op in ["IS_NULL", "IS_NOT_NULL"]:
    case(f"op-{op}-empty", where(cond(op, ())), FETCH)
    case(f"op-{op}-absent", where(cond(op, MISSING)), FETCH)
    case(f"op-{op}-one", where(cond(op, ("x",))), FETCH, E("GS306", C0 + "/value"))
case("op-unknown", where(cond("LIKE")), FETCH, E("GS305", C0 + "/operator"))
case("op-lower", where(cond("eq")), FETCH, E("GS305", C0 + "/operator"))
case("op-empty", where(cond("")), FETCH, E("GS305", C0 + "/operator"))
case("op-number", where(cond(1)), FETCH, E("GS305", C0 + "/operator"))
case("op-null", where(cond(None)), FETCH, E("GS305", C0 + "/operator"))

# -- condition shape ---------------------------------------------------------------------------
case("cond-no-fieldname", where(cond(field_name=MISSING)), FETCH, E("GS304", C0))
case("cond-no-value", where(cond(value=MISSING)), FETCH, E("GS304", C0))
case("cond-no-operator", where(cond(MISSING)), FETCH, E("GS304", C0))
# One mistake, one diagnostic: a condition without a usable alias is the reason the
# expression's alias is undefined, so GS313 is not added.
case("cond-no-alias", where(cond(alias=MISSING), expression="A"), FETCH, E("GS304", C0))
case("cond-alias-int", where(cond(alias=1)), FETCH, E("GS304", C0 + "/alias"))
case("cond-value-string", where(cond(value="x")), FETCH, E("GS304", C0 + "/value"))
case("cond-value-null", where(cond(value=None)), FETCH, E("GS304", C0 + "/value"))
case("cond-fieldname-number", where(cond(field_name=3)), FETCH, E("GS304", C0 + "/fieldName"))
case("cond-not-object", where("A"), FETCH, E("GS304", C0))
case("cond-fieldname-unknown", where(cond(field_name="Nmae")), FETCH, W("GS317", C0 + "/fieldName"))
case("cond-fieldname-path", where(cond(field_name="CompanyId__gr.Name")), FETCH)
case("cond-fieldname-path-2", where(cond(field_name="Company_ID__gr.csm__gr.name")), FETCH)
case("cond-fieldname-custom", where(cond(field_name="Region Name__gc")), FETCH)

# -- literal -----------------------------------------------------------------------------------
for lit in ["TODAY", "YESTERDAY", "TOMORROW", "LAST_N_DAYS", "CURRENT_USER", "ALL_USERS"]:
    case(f"literal-{lit}", where(cond(value=MISSING, field_name="DueDate", literal=lit)), FETCH)
case(
    "literal-unknown",
    where(cond(value=MISSING, field_name="DueDate", literal="NEXT_WEEK")),
    FETCH,
    W("GS308", C0 + "/literal"),
)
case(
    "literal-lower",
    where(cond(value=MISSING, field_name="DueDate", literal="today")),
    FETCH,
    W("GS308", C0 + "/literal"),
)
case(
    "literal-and-value",
    where(cond(field_name="DueDate", literal="TODAY")),
    FETCH,
    W("GS309", C0 + "/literal"),
)

# -- aliases and expressions -------------------------------------------------------------------
A_ = cond("EQ", ("a",), "A")
B_ = cond("EQ", ("b",), "B")
case("alias-dup", where(A_, cond("EQ", ("b",), "A")), FETCH, E("GS310", C1 + "/alias"))
case("expr-missing", where(A_, expression=MISSING), FETCH, E("GS311", "/where"))
case("expr-missing-two", where(A_, B_, expression=MISSING), FETCH, E("GS311", "/where"))
case("expr-and", where(A_, B_, expression="A AND B"), FETCH)
case("expr-or", where(A_, B_, expression="A OR B"), FETCH)
case("expr-parens", where(A_, B_, expression="(A AND B)"), FETCH)
case("expr-nested", where(A_, B_, expression="((A)) OR (B)"), FETCH)
case("expr-repeat", where(A_, B_, expression="A AND (B OR A)"), FETCH)
case("expr-spaces", where(A_, B_, expression="  A   AND\tB  "), FETCH)
case("expr-lower-and", where(A_, B_, expression="A and B"), FETCH, E("GS312", EXPR))
case("expr-lower-or", where(A_, B_, expression="A or B"), FETCH, E("GS312", EXPR))
case("expr-not", where(A_, B_, expression="NOT A AND B"), FETCH, E("GS312", EXPR))
case("expr-unbalanced-open", where(A_, B_, expression="(A AND B"), FETCH, E("GS312", EXPR))
case("expr-unbalanced-close", where(A_, B_, expression="A AND B)"), FETCH, E("GS312", EXPR))
case("expr-trailing", where(A_, B_, expression="A AND B AND"), FETCH, E("GS312", EXPR))
case("expr-leading", where(A_, B_, expression="OR A AND B"), FETCH, E("GS312", EXPR))
case("expr-double-op", where(A_, B_, expression="A AND AND B"), FETCH, E("GS312", EXPR))
case("expr-juxtaposed", where(A_, B_, expression="A B"), FETCH, E("GS312", EXPR))
case("expr-empty-parens", where(A_, B_, expression="A AND ()"), FETCH, E("GS312", EXPR))
case("expr-number", where(A_, expression=1), FETCH, E("GS312", EXPR))
# GS314 is not added beside GS313: the undefined alias is usually the unused one misspelt.
case("expr-case-alias", where(A_, B_, expression="a AND B"), FETCH, E("GS313", EXPR))
case("expr-undefined", where(A_, expression="A AND C"), FETCH, E("GS313", EXPR))
case("expr-unused", where(A_, B_, expression="A"), FETCH, W("GS314", C1 + "/alias"))
case(
    "expr-undefined-and-unused",
    where(A_, B_, expression="A OR C"),
    FETCH,
    E("GS313", EXPR),
)
case(
    "expr-no-conditions",
    top(SEED_FETCH, where={"conditions": [], "expression": "A"}),
    FETCH,
    E("GS313", EXPR),
)

# -- paging ------------------------------------------------------------------------------------
for name in ["pageSize", "pageNumber"]:
    case(f"{name}-1", top(SEED_FETCH, **{name: 1}), FETCH)
    case(f"{name}-big", top(SEED_FETCH, **{name: 1000}), FETCH)
    case(f"{name}-absent", top(SEED_FETCH, **{name: MISSING}), FETCH)
    for bad, label in [
        (0, "0"),
        (-1, "neg"),
        (1.0, "float"),
        ("1", "string"),
        (True, "true"),
        (None, "null"),
        (1.5, "frac"),
    ]:
        case(f"{name}-{label}", top(SEED_FETCH, **{name: bad}), FETCH, E("GS315", "/" + name))
case("fetch-unknown-field", top(SEED_FETCH, limit=5), FETCH, W("GS316", "/limit"))
case("fetch-unknown-field-case", top(SEED_FETCH, PageSize=5), FETCH, W("GS316", "/PageSize"))

# -- delete ------------------------------------------------------------------------------------
case("seed-template-delete", SEED_TEMPLATE_DELETE, DELETE_KIND)
case("seed-metric-delete", SEED_METRIC_DELETE, DELETE_KIND)
case("seed-template-delete-detected", SEED_TEMPLATE_DELETE, None)
case("seed-metric-delete-detected", SEED_METRIC_DELETE, None)
case("delete-many", {"recordIds": [G_TPL, "1CG01SX5TCMHZ0OXX0Y3TG6GRSDAT31HGA3W"]}, DELETE_KIND)
case("delete-missing", {}, DELETE_KIND, E("GS400", ""))
case("delete-empty", {"recordIds": []}, DELETE_KIND, E("GS400", "/recordIds"))
case("delete-string", {"recordIds": G_TPL}, DELETE_KIND, E("GS400", "/recordIds"))
case("delete-null", {"recordIds": None}, DELETE_KIND, E("GS400", "/recordIds"))
case("delete-int-item", {"recordIds": [1]}, DELETE_KIND, E("GS400", "/recordIds/0"))
case(
    "delete-object-item", {"recordIds": [{"gsid": G_TPL}]}, DELETE_KIND, E("GS400", "/recordIds/0")
)
case("delete-null-item", {"recordIds": [G_TPL, None]}, DELETE_KIND, E("GS400", "/recordIds/1"))
case("delete-35", {"recordIds": [G_TPL[:35]]}, DELETE_KIND, W("GS401", "/recordIds/0"))
case("delete-37", {"recordIds": [G_TPL + "A"]}, DELETE_KIND, W("GS401", "/recordIds/0"))
case("delete-lower", {"recordIds": [G_TPL.lower()]}, DELETE_KIND, W("GS401", "/recordIds/0"))
case("delete-not-1", {"recordIds": ["2" + G_TPL[1:]]}, DELETE_KIND, W("GS401", "/recordIds/0"))
case("delete-empty-string", {"recordIds": [""]}, DELETE_KIND, W("GS401", "/recordIds/0"))
case("delete-prefix-unchecked-in-file", {"recordIds": [G_METRIC, G_TPL]}, DELETE_KIND)
case("delete-unknown-field", {"recordIds": [G_TPL], "ids": []}, DELETE_KIND, W("GS403", "/ids"))

# -- picklist ----------------------------------------------------------------------------------
case("seed-picklist", SEED_PICKLIST, PICKLIST)
case("seed-picklist-detected", SEED_PICKLIST, None)
case(
    "pick-comapany",
    top(SEED_PICKLIST, entityIds=["COMAPANY"]),
    PICKLIST,
    W("GS451", "/entityIds/0"),
)
case(
    "pick-company-lower",
    top(SEED_PICKLIST, entityIds=["company"]),
    PICKLIST,
    W("GS451", "/entityIds/0"),
)
case("pick-all-entity", top(SEED_PICKLIST, entityIds=["ALL_ENTITY"]), PICKLIST)
case("pick-reltype", top(SEED_PICKLIST, entityIds=[G_RELTYPE]), PICKLIST)
case("pick-combo", top(SEED_PICKLIST, entityIds=["COMPANY", "ALL_ENTITY", G_RELTYPE]), PICKLIST)
case(
    "pick-bad-gsid",
    top(SEED_PICKLIST, entityIds=[G_RELTYPE[:30]]),
    PICKLIST,
    W("GS451", "/entityIds/0"),
)
case(
    "pick-relationship",
    top(SEED_PICKLIST, entityIds=["RELATIONSHIP"]),
    PICKLIST,
    W("GS451", "/entityIds/0"),
)
case(
    "pick-entity-string",
    top(SEED_PICKLIST, entityIds="COMPANY"),
    PICKLIST,
    E("GS450", "/entityIds"),
)
case(
    "pick-entity-int-item", top(SEED_PICKLIST, entityIds=[1]), PICKLIST, E("GS450", "/entityIds/0")
)
case("pick-entity-absent", top(SEED_PICKLIST, entityIds=MISSING), PICKLIST)
for flag in ["active", "includeMetrics", "includeChildPicklist"]:
    case(f"pick-{flag}-true", top(SEED_PICKLIST, **{flag: True}), PICKLIST)
    case(f"pick-{flag}-absent", top(SEED_PICKLIST, **{flag: MISSING}), PICKLIST)
    case(
        f"pick-{flag}-string",
        top(SEED_PICKLIST, **{flag: "false"}),
        PICKLIST,
        E("GS452", "/" + flag),
    )
    case(f"pick-{flag}-int", top(SEED_PICKLIST, **{flag: 0}), PICKLIST, E("GS452", "/" + flag))
    case(f"pick-{flag}-null", top(SEED_PICKLIST, **{flag: None}), PICKLIST, E("GS452", "/" + flag))
case("pick-status", top(SEED_PICKLIST, picklistCategory="GOAL_STATUS"), PICKLIST)
case("pick-category-absent", top(SEED_PICKLIST, picklistCategory=MISSING), PICKLIST)
case(
    "pick-category-other",
    top(SEED_PICKLIST, picklistCategory="GOAL"),
    PICKLIST,
    E("GS453", "/picklistCategory"),
)
case(
    "pick-category-lower",
    top(SEED_PICKLIST, picklistCategory="goal_type"),
    PICKLIST,
    E("GS453", "/picklistCategory"),
)
case(
    "pick-category-int",
    top(SEED_PICKLIST, picklistCategory=1),
    PICKLIST,
    E("GS453", "/picklistCategory"),
)
case("pick-unknown-field", top(SEED_PICKLIST, foo=1), PICKLIST, W("GS454", "/foo"))


# -- more boundaries -----------------------------------------------------------------------------
case("select-empty-string", top(SEED_FETCH, select=[""]), FETCH, E("GS300", "/select/0"))
case("select-blank", top(SEED_FETCH, select=["  "]), FETCH, E("GS300", "/select/0"))
case(
    "select-dup-path",
    top(SEED_FETCH, select=["CompanyId__gr.Name"] * 2),
    FETCH,
    W("GS301", "/select/1"),
)
case("select-path-with-space", top(SEED_FETCH, select=["CompanyId__gr.Company Name"]), FETCH)
case("select-path-2", top(SEED_FETCH, select=["Company_ID__gr.csm__gr.name"]), FETCH)
case("cond-fieldname-empty", where(cond(field_name="")), FETCH, E("GS304", C0 + "/fieldName"))
case("cond-literal-int", where(cond(value=MISSING, literal=1)), FETCH, E("GS304", C0 + "/literal"))
case(
    "cond-literal-btw",
    where(cond("BTW", MISSING, literal="LAST_N_DAYS", field_name="DueDate")),
    FETCH,
)
case("cond-unknown-key", where(cond(foo=1)), FETCH, W("GS316", C0 + "/foo"))
case(
    "where-unknown-key",
    top(SEED_FETCH, where={"conditions": [cond()], "expression": "A", "x": 1}),
    FETCH,
    W("GS316", "/where/x"),
)
case("where-null", top(SEED_FETCH, where=None), FETCH, E("GS303", "/where"))
# A where without conditions is GS303 alone (the undefined alias is the same mistake).
case(
    "where-expression-only", top(SEED_FETCH, where={"expression": "A"}), FETCH, E("GS303", "/where")
)
case("where-empty-object", top(SEED_FETCH, where={}), FETCH, E("GS303", "/where"))
case("alias-digits", where(cond(alias="cond_1"), expression="cond_1"), FETCH)
case("alias-unicode", where(cond(alias="\u00c9"), expression="\u00c9"), FETCH)
case(
    "alias-empty",
    where(cond(alias=""), expression="A"),
    FETCH,
    E("GS304", C0 + "/alias"),
    E("GS313", EXPR),
)
case("expr-empty", where(cond(), expression=""), FETCH, E("GS312", EXPR))
case("expr-blank", where(cond(), expression="   "), FETCH, E("GS312", EXPR))
case("expr-null", where(cond(), expression=None), FETCH, E("GS312", EXPR))
case("expr-newline", where(cond(), expression="A\n"), FETCH)
case("expr-keyword-alone", where(cond(alias="AND"), expression="AND"), FETCH, E("GS312", EXPR))
case("expr-lower-keyword-alias", where(cond(alias="and"), expression="and"), FETCH)
case(
    "delete-lower-prefix",
    {"recordIds": ["1cg0" + G_TPL[4:]]},
    DELETE_KIND,
    W("GS401", "/recordIds/0"),
)
case("delete-leading-space", {"recordIds": [" " + G_TPL]}, DELETE_KIND, W("GS401", "/recordIds/0"))
case("pick-entity-empty", top(SEED_PICKLIST, entityIds=[]), PICKLIST)
case("pick-entity-null", top(SEED_PICKLIST, entityIds=None), PICKLIST, E("GS450", "/entityIds"))
case(
    "pick-entity-gsid-lower",
    top(SEED_PICKLIST, entityIds=[G_RELTYPE.lower()]),
    PICKLIST,
    W("GS451", "/entityIds/0"),
)
case(
    "pick-entity-space",
    top(SEED_PICKLIST, entityIds=[" COMPANY"]),
    PICKLIST,
    W("GS451", "/entityIds/0"),
)
case(
    "pick-category-empty",
    top(SEED_PICKLIST, picklistCategory=""),
    PICKLIST,
    E("GS453", "/picklistCategory"),
)
case(
    "pick-category-null",
    top(SEED_PICKLIST, picklistCategory=None),
    PICKLIST,
    E("GS453", "/picklistCategory"),
)
case("pick-empty-body", {}, PICKLIST)
case(
    "detect-ambiguous-fetch-delete",
    {"recordIds": [G_TPL], "select": ["Name"]},
    None,
    E("GK402", ""),
)
case(
    "detect-ambiguous-fetch-picklist",
    {"entityIds": ["COMPANY"], "select": ["Name"]},
    None,
    E("GK402", ""),
)
case("detect-none", {"active": True}, None, E("GK401", ""))
case("pageSize-overflow", '{"select": ["Name"], "pageSize": 1e400}', FETCH, E("GK206", "/pageSize"))


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_query_case(c: Case) -> None:
    report = check(c.payload, kind=c.kind)
    got = {(d.code, d.severity.value, d.pointer) for d in report.diagnostics}
    assert got == set(c.expected)


def test_table_size() -> None:
    assert len(CASES) >= 120


def _kinds(payload: Any) -> set[str | None]:
    probe = top(payload, zzProbe=1)
    return {d.kind for d in check(probe).diagnostics}


@pytest.mark.parametrize(
    ("payload", "kind"),
    [
        (SEED_FETCH, FETCH),
        (SEED_TEMPLATE_FETCH, FETCH),
        (SEED_TEMPLATE_DELETE, DELETE_KIND),
        (SEED_METRIC_DELETE, DELETE_KIND),
        (SEED_PICKLIST, PICKLIST),
        ({"select": ["Name"]}, FETCH),
        ({"entityIds": ["COMPANY"]}, PICKLIST),
        ({"picklistCategory": "GOAL_STATUS"}, PICKLIST),
    ],
)
def test_detection(payload: dict[str, Any], kind: str) -> None:
    assert _kinds(payload) == {kind}


RESPONSES: list[dict[str, Any]] = [
    {"result": True, "errorCode": None, "requestId": "x", "data": {"recordList": []}},
    {"recordList": [{"Name": "barca_template", "DueDate": 0}]},
    {
        "timestamp": 1675400090192,
        "status": 500,
        "error": "Internal Server Error",
        "message": "Invalid fields in select clause - Gsd",
        "path": "/csgoal/external/fetch",
    },
    {"result": False, "errorCode": "VC_8026", "requestId": "a", "data": None},
    {"result": True, "requestId": "b", "data": {"picklists": [], "childPicklists": []}},
]


@pytest.mark.parametrize("kind", [None, FETCH, DELETE_KIND, PICKLIST])
@pytest.mark.parametrize("index", range(len(RESPONSES)))
def test_response_documents(index: int, kind: str | None) -> None:
    codes = [d.code for d in check(RESPONSES[index], kind=kind).diagnostics]
    assert codes == ["GK403"]


# -- requests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Req:
    id: str
    method: str
    path: str
    body: Any
    headers: Mapping[str, str] | None
    expected: frozenset[tuple[str, str, str | None]]


REQS: list[Req] = []


def req(id: str, method: str, path: str, body: Any, headers: Any, *expected: Any) -> None:
    REQS.append(Req(id, method, path, body, headers, frozenset(expected)))


for p in [
    "/v1/csgoal/external/fetch",
    "/csgoal/external/fetch",
    "/v1/csgoal/external/fetch/",
    "/v1/csgoal/external/template/fetch",
    "/csgoal/external/template/fetch/",
]:
    req(f"fetch{p}", "POST", p, SEED_FETCH, KEY)
req("fetch-no-key", "POST", "/v1/csgoal/external/fetch", SEED_FETCH, None, E("GS001", ""))
req(
    "fetch-empty-key",
    "POST",
    "/v1/csgoal/external/fetch",
    SEED_FETCH,
    {"accesskey": ""},
    E("GS001", ""),
)
req("fetch-key-case", "POST", "/v1/csgoal/external/fetch", SEED_FETCH, {"AccessKey": "k"})
req(
    "fetch-bad-paging",
    "POST",
    "/v1/csgoal/external/fetch",
    top(SEED_FETCH, pageNumber=0),
    KEY,
    E("GS315", "/pageNumber"),
)
for p in ["/v1/csgoal/external/template/delete", "/csgoal/external/template/delete/"]:
    req(f"tdelete{p}", "DELETE", p, SEED_TEMPLATE_DELETE, KEY)
    req(f"tdelete-metric{p}", "DELETE", p, SEED_METRIC_DELETE, KEY, W("GS402", "/recordIds/0"))
for p in ["/csgoal/external/metrics", "/v1/csgoal/external/metrics", "/csgoal/external/metrics/"]:
    req(f"mdelete{p}", "DELETE", p, SEED_METRIC_DELETE, KEY)
    req(f"mdelete-tpl{p}", "DELETE", p, SEED_TEMPLATE_DELETE, KEY, W("GS402", "/recordIds/0"))
req(
    "mdelete-mixed",
    "DELETE",
    "/csgoal/external/metrics",
    {"recordIds": [G_METRIC, G_TPL]},
    KEY,
    W("GS402", "/recordIds/1"),
)
req(
    "mdelete-bad-shape-no-prefix",
    "DELETE",
    "/csgoal/external/metrics",
    {"recordIds": ["1CG0"]},
    KEY,
    W("GS401", "/recordIds/0"),
)
req("delete-no-key", "DELETE", "/csgoal/external/metrics", SEED_METRIC_DELETE, None, E("GS001", ""))
for method in ["GET", "POST"]:
    for p in ["/v1/csgoal/external/admin/picklist", "/csgoal/external/admin/picklist/"]:
        req(f"pick-{method}{p}", method, p, SEED_PICKLIST, KEY)
req("pick-no-key", "GET", "/v1/csgoal/external/admin/picklist", SEED_PICKLIST, None, E("GS001", ""))


@pytest.mark.parametrize("r", REQS, ids=[r.id for r in REQS])
def test_request_case(r: Req) -> None:
    report = check_request(r.method, HOST + r.path, r.body, headers=r.headers)
    got = {(d.code, d.severity.value, d.pointer) for d in report.diagnostics}
    assert got == set(r.expected)


# -- expression positions: column = string start + 1 + offset, escapes counted as written -------


def _expr_doc(expr_json: str) -> str:
    return (
        '{"select": ["Name"], "where": {"conditions": ['
        '{"fieldName": "Name", "value": ["a"], "alias": "A", "operator": "EQ"}, '
        '{"fieldName": "Name", "value": ["b"], "alias": "B", "operator": "EQ"}], '
        '"expression": ' + expr_json + "}}"
    )


@pytest.mark.parametrize(
    ("expr_json", "bad"),
    [
        ('"A and B"', "and"),
        ('"A AND B)"', ")"),
        ('"A AND AND B"', "AND B"),
        ('"A OR NOT B"', "NOT"),
        ('"\\u0041 and B"', "and"),
        ('"\\u0041 AND B)"', ")"),
        ('"A AND  B  OR OR A"', "OR A"),
        ('"(A AND B"', "("),
        ('"\\t(A AND B"', "("),
    ],
)
def test_expression_column(expr_json: str, bad: str) -> None:
    text = _expr_doc(expr_json)
    start = text.index('"expression": ') + len('"expression": ')
    expected_column = start + 1 + 1 + expr_json[1:].index(bad)
    diagnostics = [d for d in check(text, kind=FETCH).diagnostics if d.code == "GS312"]
    assert len(diagnostics) == 1, check(text, kind=FETCH).diagnostics
    assert (diagnostics[0].line, diagnostics[0].column) == (1, expected_column)


def test_expression_column_on_later_line() -> None:
    text = (
        '{\n  "select": ["Name"],\n  "where": {\n    "conditions": [{"fieldName": "Name", '
        '"value": ["a"], "alias": "A", "operator": "EQ"}],\n'
        '    "expression": "A or A"\n  }\n}'
    )
    diagnostics = [d for d in check(text, kind=FETCH).diagnostics if d.code == "GS312"]
    assert len(diagnostics) == 1
    line = text.splitlines()[4]
    assert diagnostics[0].line == 5
    assert diagnostics[0].column == line.index('"A or A"') + 1 + 1 + 2


def test_undefined_alias_column() -> None:
    text = _expr_doc('"A AND C"')
    diagnostics = [d for d in check(text, kind=FETCH).diagnostics if d.code == "GS313"]
    assert len(diagnostics) == 1
    start = text.index('"A AND C"')
    assert (diagnostics[0].line, diagnostics[0].column) == (1, start + 1 + 1 + 6)


@pytest.mark.parametrize(
    ("expr_json", "bad"),
    [
        ('"A AND \\u0043"', "\\u0043"),
        ('"\\ud83d\\ude00 AND B"', "\\ud83d"),
        ('"\\"A\\" AND B"', '\\"A'),
    ],
)
def test_undefined_alias_column_after_escapes(expr_json: str, bad: str) -> None:
    text = _expr_doc(expr_json)
    diagnostics = [d for d in check(text, kind=FETCH).diagnostics if d.code == "GS313"]
    assert len(diagnostics) == 1
    start = text.index('"expression": ') + len('"expression": ')
    assert (diagnostics[0].line, diagnostics[0].column) == (
        1,
        start + 1 + 1 + expr_json[1:].index(bad),
    )


@pytest.mark.parametrize(
    "expression",
    ["(" * 10000 + "A" + ")" * 10000, "(" * 10000 + "A", "A" + ")" * 10000, "A AND " * 20000 + "A"],
)
def test_deep_expression_no_crash(expression: str) -> None:
    payload = where(cond("EQ", ("a",), "A"), expression=expression)
    codes = {d.code for d in check(payload, kind=FETCH).diagnostics}
    assert codes <= {"GS312"}


def test_deep_expression_unbalanced_reported() -> None:
    payload = where(cond("EQ", ("a",), "A"), expression="(" * 10000 + "A")
    assert {d.code for d in check(payload, kind=FETCH).diagnostics} == {"GS312"}


# -- messages ----------------------------------------------------------------------------------


def _one(payload: Any, kind: str) -> Any:
    diagnostics = check(payload, kind=kind).diagnostics
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


@pytest.mark.parametrize(
    ("payload", "kind", "words"),
    [
        (top(SEED_FETCH, pageSize=0), FETCH, ["pageSize", "0", "8007"]),
        (top(SEED_FETCH, pageNumber=-3), FETCH, ["pageNumber", "-3", "8007"]),
        (top(SEED_FETCH, select=["Gsd"]), FETCH, ["Gsd", "8009"]),
        (where(cond("BTW", (1, 2, 3))), FETCH, ["BTW", "3"]),
        (where(cond("LIKE")), FETCH, ["LIKE"]),
        (where(cond("EQ", ("a",), "A"), expression="A AND C"), FETCH, ["C"]),
        (top(SEED_PICKLIST, picklistCategory="GOAL"), PICKLIST, ["picklistCategory", "GOAL"]),
        (top(SEED_PICKLIST, entityIds=["COMAPANY"]), PICKLIST, ["COMAPANY"]),
        ({"recordIds": [G_TPL[:35]]}, DELETE_KIND, [G_TPL[:35], "36"]),
    ],
)
def test_message_words(payload: Any, kind: str, words: list[str]) -> None:
    d = _one(payload, kind)
    for word in words:
        assert word in d.message, (word, d.message)


# -- hostile inputs --------------------------------------------------------------------------

HOSTILE: list[Any] = [
    None,
    0,
    -1,
    1.5,
    True,
    "",
    "x",
    [],
    {},
    [None],
    [[]],
    [{}],
    {"a": None},
    10**30,
]


@pytest.mark.parametrize("value", HOSTILE, ids=[json.dumps(v) for v in HOSTILE])
@pytest.mark.parametrize(
    ("base", "kind"),
    [(SEED_TEMPLATE_FETCH, FETCH), (SEED_TEMPLATE_DELETE, DELETE_KIND), (SEED_PICKLIST, PICKLIST)],
)
def test_every_field_any_value(base: dict[str, Any], kind: str, value: Any) -> None:
    paths: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(base, ())]
    while stack:
        node, prefix = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append((*prefix, k))
                stack.append((v, (*prefix, k)))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                paths.append((*prefix, i))
                stack.append((v, (*prefix, i)))
    for path in paths:
        payload = copy.deepcopy(base)
        target: Any = payload
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        for k in (kind, None):
            report = check(payload, kind=k)
            assert "GK999" not in {d.code for d in report.diagnostics}, (path, value)


def test_many_conditions_no_crash() -> None:
    conditions = [cond("EQ", ("a",), f"A{i}") for i in range(5000)]
    expression = " OR ".join(f"A{i}" for i in range(5000))
    assert check(where(*conditions, expression=expression), kind=FETCH).diagnostics == ()
