"""Acceptance table for the Gainsight record kinds (gainsight/goal, gainsight/template,
gainsight/metric), written from seed 004 and SPEC §2, §3, §4.1, §4.9 and §4.10: each case is a
payload (with kind and operation, or a whole request) and the exact set of
(code, severity, pointer) goalkeeper must report."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from goalkeeper import check, check_request

GOAL = "gainsight/goal"
TEMPLATE = "gainsight/template"
METRIC = "gainsight/metric"

G_GOAL = "1CG0LXVS2HO4Y5ZF1F6TV4R7ZV0ZO6MPG6S1"
G_TPL = "1CG01SX5TCMHZ0OXX0XMV01B68HZR4B6W7AX"
G_CTA = "1S015065Y1L4AP5SUXV96R83SMQ523UNWRXP"
G_SP = "1S02JJSBDT2ZT78W7N3V2OYXMWCH2B720L51"
G_COMPANY = "1P0275DAZIB1U41FWUD895S0FG38OCPH697T"
G_USER = "1P01J0CQPQSRP90S3XREZGN79WR84S54PAPT"
G_METRIC = "1I0056K976K5AXWOB1KBHCAG860QZ6E3JG52"
G_METRIC2 = "1I0056K976K5AXWOB1P7YWFJNZOIUXW8YMEQ"
G_STATUS = "1I005IUOFEZ24SJ62ZSP4PI1BZX88VUL4V1Z"
G_GTYPE = "1I00GO4Q83RGDEM94YM7VTGXMVT1E1JLKNQB"
G_WORK = "1I005G22HP9QX1NRFCZYV81Y6QHH30TMXP49"
G_RELTYPE = "1P06GH2ZL6Z4T1RQ2I4TZ8D8KX2OFSZL3XJJ"

R = "/requests/0/record"
A = "/requests/0/association"
D = "/requests/0/dissociation"
MA = R + "/metricsAssociation/0"

# -- seed 004 request samples (comments removed) ---------------------------------------------

LOOKUP_COMPANY = {
    "fields": {"CompanyName": "Name"},
    "lookupField": "Gsid",
    "objectName": "company",
    "multiMatchOption": "FIRSTMATCH",
    "onNoMatch": "ERROR",
}
LOOKUP_COMP = {
    "fields": {"CompName": "Name"},
    "lookupField": "Gsid",
    "objectName": "company",
    "multiMatchOption": "FIRSTMATCH",
    "onNoMatch": "ERROR",
}

SEED_GOAL_CREATE: dict[str, Any] = {
    "requests": [
        {
            "record": {
                "Name": "create_test1",
                "StatusName": "New",
                "DueDate": "2022-12-21",
                "Description": "<p><br>Desc 7</p>",
                "CompanyName": "IBM",
                "cf_picklist__gc": "CISCO",
                "EntityType": "COMPANY",
            },
            "association": {
                "CTA": [
                    "1S010R2NEBJLG2RT8IP6XWLYWZDDAVCXEK5J",
                    "1S010R2NEBJLG2RT8I19P44KW9MBT5QG6NBC",
                ],
                "SP": ["1S02J57N1K69N1VBJKLIBNH5YIJBBWEUOK4B"],
            },
        }
    ],
    "lookups": {"CompanyId": LOOKUP_COMPANY},
}
SEED_GOAL_UPDATE: dict[str, Any] = {
    "requests": [
        {
            "record": {
                "Name": "CG15",
                "StatusName": "On Track",
                "DueDate": "2022-12-24",
                "Description": "<p><br>Updated Desc</p>",
                "Gsid": "1CG03GFNBH1NOBHOND412PHFQQEPGXWOQ1T9",
            },
            "dissociation": {
                "CTA": [
                    "1S010R2NEBJLG2RT8IP6XWLYWZDDAVCXEK5J",
                    "1S010R2NEBJLG2RT8I19P44KW9MBT5QG6NBC",
                ],
                "SP": ["1S02J57N1K69N1VBJKLIBNH5YIJBBWEUOK4B"],
            },
        }
    ]
}
SEED_GOAL_CREATE_2: dict[str, Any] = {
    "requests": [
        {
            "record": {
                "Name": "Custom Goal 1",
                "GoalTypeId": "1I00GO4Q83RGDEM94YM7VTGXMVT1E1JLKNQB",
                "StatusId": "1I005IUOFEZ24SJ62ZSP4PI1BZX88VUL4V1Z",
                "DueDate": "2025-01-07",
                "Description": "Feb Test Description ",
                "CompanyName": "IBM",
                "CompName": "NEW",
                "cust_string_value__gc": "custom value",
                "metricsAssociation": [
                    {
                        "metricId": "1I0056K976K5AXWOB1XICUZ6DNSP6MZDCWNQ",
                        "baseValue": 10.0,
                        "actualValue": [{"value": 5.0, "timestamp": "2025-01-04"}],
                        "targetValue": 8.0,
                    }
                ],
                "EntityType": "GLOBAL",
                "AssociatedWork": [
                    "1I005G22HP9QX1NRFCZYV81Y6QHH30TMXP49",
                    "1I005G22HP9QX1NRFC4O3YXDHJ7BZDIAOE4M",
                ],
            },
            "association": {
                "CTA": [
                    "1S015065Y1L4AP5SUXPXKGDH9S0CAT75F3CY",
                    "1S015065Y1L4AP5SUXAN0N0MYVAFR66HRNQR",
                ],
                "SP": [
                    "1S02JJSBDT2ZT78W7NMT0VBJP3QF725QD8RC",
                    "1S02JJSBDT2ZT78W7N3SX0J712OA8HOTBSQ7",
                ],
            },
        }
    ],
    "lookups": {"CompanyId": LOOKUP_COMPANY, "comp_lookup_gsid__gc": LOOKUP_COMP},
}
SEED_GOAL_UPDATE_2: dict[str, Any] = {
    "requests": [
        {
            "record": {
                "Gsid": "1CG0LXVS2HO4Y5ZF1F6TV4R7ZV0ZO6MPG6S1",
                "Name": "Goal Template Name: Updated",
                "StatusId": "1I005IUOFEZ24SJ62ZSUKB6C3WN620DSIBYT",
                "DueDate": "2025-01-31",
                "Description": " Feb : Update 1",
                "CompName": "NEW",
                "cust_string_value__gc": " Feb ujjwal custom value - updated",
                "metricsAssociation": [
                    {
                        "metricId": "1I0056K976K5AXWOB1KBHCAG860QZ6E3JG52",
                        "baseValue": 10.0,
                        "actualValue": [{"value": 8.0, "timestamp": "2025-01-10"}],
                        "targetValue": 8.0,
                    }
                ],
                "metricsDissociation": [
                    "1I0056K976K5AXWOB1KBHCAG860QZ6E3JG52",
                    "1I0056K976K5AXWOB1P7YWFJNZOIUXW8YMEQ",
                ],
            },
            "association": {
                "CTA": ["1S015065Y1L4AP5SUXV96R83SMQ523UNWRXP"],
                "SP": ["1S02JJSBDT2ZT78W7N3V2OYXMWCH2B720L51"],
            },
            "dissociation": {
                "CTA": ["1S015065Y1L4AP5SUXO3AX169IGVLKKJ5N7R"],
                "SP": ["1S02JJSBDT2ZT78W7N326U5W640ZRK54GLAT"],
            },
        }
    ],
    "lookups": {"comp_lookup_gsid__gc": LOOKUP_COMP},
}
SEED_TEMPLATE_CREATE: dict[str, Any] = {
    "requests": [
        {
            "record": {
                "Name": "Goal Template 1",
                "GoalTypeName": "Default",
                "StatusName": "Achieved",
                "DueDate": 2301,
                "Description": "Description of goal template",
                "CompName": "Meta",
                "cust_string_value__gc": "Facebook",
                "AssociatedWork": ["1I005G22HP9QX1NRFCMFSKO6E6SA4ZP9ZQ4B"],
                "metricsAssociation": [{"metricId": "1I0056K976K5AXWOB1HPW54VIC18AHVJ1TTG"}],
            }
        }
    ],
    "lookups": {"comp_lookup_gsid__gc": LOOKUP_COMP},
}
SEED_TEMPLATE_UPDATE: dict[str, Any] = {
    "requests": [
        {
            "record": {
                "Gsid": "1CG01SX5TCMHZ0OXX0XMV01B68HZR4B6W7AX",
                "Name": "Goal Template Name - updated",
                "DueDate": 25,
                "StatusId": "1I005IUOFEZ24SJ62Z3MB2HWTSSQNX9MCSTB",
                "Description": "Updated All fields",
                "CompNameGsid": "NEW",
                "cust_string_value__gc": "custom value - updated",
                "AssociatedWork": [
                    "1I005G22HP9QX1NRFC58NVMRDRVLJE52KR1J",
                    "1I005G22HP9QX1NRFC1AC0T2UHHYDO6ABJWO",
                ],
                "metricsAssociation": [{"metricId": "1I0056K976K5AXWOB1KBHCAG860QZ6E3JG52"}],
                "metricsDissociation": [{"metricId": "1I0056K976K5AXWOB1P7YWFJNZOIUXW8YMEQ"}],
            }
        }
    ],
    "lookups": {
        "comp_lookup_gsid__gc": {
            "fields": {"CompNameGsid": "Name"},
            "lookupField": "Gsid",
            "objectName": "company",
            "multiMatchOption": "FIRSTMATCH",
            "onNoMatch": "ERROR",
        }
    },
}
SEED_METRIC_CREATE: dict[str, Any] = {
    "requests": [
        {
            "record": {
                "name": "Metric Name 1",
                "unitOfMeasure": "DECIMAL",
                "description": "<p>description</p>",
            },
            "associateGoalTypes": ["1I00GO4Q83RGDEM94YM7VTGXMVT1E1JLKNQB"],
            "associateGoalTypeNames": ["CP Goal Type"],
        }
    ]
}
SEED_METRIC_UPDATE: dict[str, Any] = {
    "requests": [
        {
            "record": {
                "gsid": "1I0056K976K5AXWOB1PGJTG9R7V2KYR0KBHZ",
                "name": "Metric Name 1 - updated",
                "unitOfMeasure": "PERCENTAGE",
                "description": "Updated description",
            },
            "associateGoalTypes": ["1I00GO4Q83RGDEM94YUKVBH3OA6UU7RGBRII"],
            "associateGoalTypeNames": ["CG4"],
            "dissociateGoalTypes": ["1I00GO4Q83RGDEM94Y93I859J3I3KEZXZZF2"],
            "dissociateGoalTypeNames": ["CG1"],
        }
    ]
}
SEED_GOAL_FETCH: dict[str, Any] = {
    "select": ["CompanyId", "Name", "RelationshipId", "OpportunityId", "Gsid"],
    "where": {
        "conditions": [{"fieldName": "Name", "value": ["CGnew"], "alias": "A", "operator": "EQ"}],
        "expression": "A",
    },
    "pageSize": 100,
    "pageNumber": 1,
}
SEED_TEMPLATE_DELETE: dict[str, Any] = {"recordIds": ["1CG01SX5TCMHZ0OXX0750YQUGDZ3WPZ50KBY"]}
SEED_PICKLIST: dict[str, Any] = {
    "entityIds": ["COMPANY"],
    "active": False,
    "includeMetrics": False,
    "includeChildPicklist": True,
    "picklistCategory": "GOAL_TYPE",
}

MIN_GOAL: dict[str, Any] = {
    "requests": [{"record": {"Name": "G", "StatusName": "New", "EntityType": "GLOBAL"}}]
}
MIN_GOAL_U: dict[str, Any] = {"requests": [{"record": {"Gsid": G_GOAL, "Name": "G"}}]}
MIN_TPL: dict[str, Any] = {"requests": [{"record": {"Name": "T", "DueDate": 30}}]}
MIN_TPL_U: dict[str, Any] = {"requests": [{"record": {"Gsid": G_TPL, "DueDate": 30}}]}
MIN_MET: dict[str, Any] = {"requests": [{"record": {"name": "M", "unitOfMeasure": "DECIMAL"}}]}
MIN_MET_U: dict[str, Any] = {
    "requests": [{"record": {"gsid": "1I0056K976K5AXWOB1PGJTG9R7V2KYR0KBHZ", "name": "M"}}]
}

DELETE = object()


def mod(base: Mapping[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of ``base`` with changes keyed by pointer (``_`` for ``/``; ``DELETE``
    removes the key)."""
    out = copy.deepcopy(dict(base))
    for raw, value in changes.items():
        parts = [p for p in raw.split("__") if p]
        node: Any = out
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        last = parts[-1]
        if isinstance(node, list):
            node[int(last)] = value
        elif value is DELETE:
            node.pop(last, None)
        else:
            node[last] = value
    return out


def rec(base: Mapping[str, Any], index: int = 0, **fields: Any) -> dict[str, Any]:
    """``base`` with record fields set (``DELETE`` removes one)."""
    out = copy.deepcopy(dict(base))
    record = out["requests"][index]["record"]
    for key, value in fields.items():
        if value is DELETE:
            record.pop(key, None)
        else:
            record[key] = value
    return out


def item(base: Mapping[str, Any], **fields: Any) -> dict[str, Any]:
    """``base`` with keys set beside ``record`` in ``requests[0]``."""
    out = copy.deepcopy(dict(base))
    for key, value in fields.items():
        if value is DELETE:
            out["requests"][0].pop(key, None)
        else:
            out["requests"][0][key] = value
    return out


def top(base: Mapping[str, Any], **fields: Any) -> dict[str, Any]:
    out = copy.deepcopy(dict(base))
    for key, value in fields.items():
        if value is DELETE:
            out.pop(key, None)
        else:
            out[key] = value
    return out


@dataclass(frozen=True)
class Case:
    id: str
    payload: Any
    kind: str | None
    op: str | None
    expected: frozenset[tuple[str, str, str]] = field(default_factory=frozenset)


def E(code: str, pointer: str) -> tuple[str, str, str]:
    return (code, "error", pointer)


def W(code: str, pointer: str) -> tuple[str, str, str]:
    return (code, "warning", pointer)


CASES: list[Case] = []


def case(
    id: str, payload: Any, kind: str | None, op: str | None, *expected: tuple[str, str, str]
) -> None:
    CASES.append(Case(id, payload, kind, op, frozenset(expected)))


# -- seed samples are clean (GS025 is the one the seed's own update sample earns) ----------

case("seed-goal-create", SEED_GOAL_CREATE, GOAL, None)
case("seed-goal-create-global", SEED_GOAL_CREATE_2, GOAL, None)
case("seed-goal-update", SEED_GOAL_UPDATE, GOAL, None)
case(
    "seed-goal-update-2-metric-both-ways",
    SEED_GOAL_UPDATE_2,
    GOAL,
    None,
    W("GS025", R + "/metricsDissociation/0"),
)
case("seed-template-create", SEED_TEMPLATE_CREATE, TEMPLATE, None)
case("seed-template-update", SEED_TEMPLATE_UPDATE, TEMPLATE, None)
case("seed-metric-create", SEED_METRIC_CREATE, METRIC, None)
case("seed-metric-update", SEED_METRIC_UPDATE, METRIC, None)
case("min-goal", MIN_GOAL, GOAL, None)
case("min-goal-update", MIN_GOAL_U, GOAL, None)
case("min-template", MIN_TPL, TEMPLATE, None)
case("min-template-update", MIN_TPL_U, TEMPLATE, None)
case("min-metric", MIN_MET, METRIC, None)
case("min-metric-update", MIN_MET_U, METRIC, None)

# -- GSID shape (36 characters, leading 1, upper case) and prefix -----------------------------

case("gsid-36", rec(MIN_GOAL_U, Gsid=G_GOAL), GOAL, None)
case("gsid-35", rec(MIN_GOAL_U, Gsid=G_GOAL[:-1]), GOAL, None, W("GS002", R + "/Gsid"))
case("gsid-37", rec(MIN_GOAL_U, Gsid=G_GOAL + "X"), GOAL, None, W("GS002", R + "/Gsid"))
case(
    "gsid-lower",
    rec(MIN_GOAL_U, Gsid=G_GOAL[:4] + G_GOAL[4:].lower()),
    GOAL,
    None,
    W("GS002", R + "/Gsid"),
)
case(
    "gsid-lower-prefix",
    rec(MIN_GOAL_U, Gsid="1cg0" + G_GOAL[4:]),
    GOAL,
    None,
    W("GS002", R + "/Gsid"),
)
case(
    "gsid-no-leading-1", rec(MIN_GOAL_U, Gsid="2" + G_GOAL[1:]), GOAL, None, W("GS002", R + "/Gsid")
)
case("gsid-space", rec(MIN_GOAL_U, Gsid=G_GOAL + " "), GOAL, None, W("GS002", R + "/Gsid"))
case(
    "gsid-fullwidth",
    rec(MIN_GOAL_U, Gsid=G_GOAL[:-1] + "\uff11"),
    GOAL,
    None,
    W("GS002", R + "/Gsid"),
)
case("gsid-prefix-company", rec(MIN_GOAL_U, Gsid=G_COMPANY), GOAL, None, W("GS003", R + "/Gsid"))
case("gsid-prefix-metric", rec(MIN_GOAL_U, Gsid=G_METRIC), GOAL, None, W("GS003", R + "/Gsid"))
case(
    "gsid-prefix-unknown",
    rec(MIN_GOAL_U, Gsid="1ZZZ" + G_GOAL[4:]),
    GOAL,
    None,
    W("GS003", R + "/Gsid"),
)
case("gsid-number", rec(MIN_GOAL_U, Gsid=123), GOAL, "update", E("GS110", R + "/Gsid"))
case("gsid-null", rec(MIN_GOAL_U, Gsid=None), GOAL, "update", E("GS110", R + "/Gsid"))
case("statusid-ok", rec(MIN_GOAL, StatusName=DELETE, StatusId=G_STATUS), GOAL, None)
case(
    "statusid-cta",
    rec(MIN_GOAL, StatusName=DELETE, StatusId=G_CTA),
    GOAL,
    None,
    W("GS003", R + "/StatusId"),
)
case("goaltypeid-ok", rec(MIN_GOAL, GoalTypeId=G_GTYPE), GOAL, None)
case("goaltypeid-goal", rec(MIN_GOAL, GoalTypeId=G_GOAL), GOAL, None, W("GS003", R + "/GoalTypeId"))
case(
    "goaltypeid-short",
    rec(MIN_GOAL, GoalTypeId=G_GTYPE[:-1]),
    GOAL,
    None,
    W("GS002", R + "/GoalTypeId"),
)
case("templateid-ok", rec(MIN_GOAL, TemplateId=G_TPL), GOAL, None)
case(
    "templateid-metric",
    rec(MIN_GOAL, TemplateId=G_METRIC),
    GOAL,
    None,
    W("GS003", R + "/TemplateId"),
)
case("work-ok", rec(MIN_GOAL, AssociatedWork=[G_WORK]), GOAL, None)
case(
    "work-sp",
    rec(MIN_GOAL, AssociatedWork=[G_WORK, G_SP]),
    GOAL,
    None,
    W("GS003", R + "/AssociatedWork/1"),
)
case(
    "work-short",
    rec(MIN_GOAL, AssociatedWork=[G_WORK[:-1]]),
    GOAL,
    None,
    W("GS002", R + "/AssociatedWork/0"),
)
case(
    "cta-company",
    item(MIN_GOAL, association={"CTA": [G_COMPANY]}),
    GOAL,
    None,
    W("GS003", A + "/CTA/0"),
)
case("sp-cta", item(MIN_GOAL, association={"SP": [G_CTA]}), GOAL, None, W("GS003", A + "/SP/0"))
case(
    "cta-second-sp",
    item(MIN_GOAL, association={"CTA": [G_CTA, G_SP]}),
    GOAL,
    None,
    W("GS003", A + "/CTA/1"),
)
case(
    "dissoc-sp-lower",
    item(MIN_GOAL_U, dissociation={"SP": [G_SP.lower()]}),
    GOAL,
    None,
    W("GS002", D + "/SP/0"),
)
case(
    "metricid-goal",
    rec(MIN_GOAL, metricsAssociation=[{"metricId": G_GOAL}]),
    GOAL,
    None,
    W("GS003", MA + "/metricId"),
)
case(
    "metrics-dissoc-cta",
    rec(MIN_GOAL_U, metricsDissociation=[G_CTA]),
    GOAL,
    None,
    W("GS003", R + "/metricsDissociation/0"),
)
case("reltype-any-prefix", rec(MIN_GOAL_U, RelationshipTypeId=G_RELTYPE), GOAL, None)
case(
    "reltype-short",
    rec(MIN_GOAL_U, RelationshipTypeId=G_RELTYPE[:-1]),
    GOAL,
    None,
    W("GS002", R + "/RelationshipTypeId"),
)
case("metric-gsid-35", rec(MIN_MET_U, gsid=G_METRIC[:-1]), METRIC, None, W("GS002", R + "/gsid"))
case("metric-gsid-goal", rec(MIN_MET_U, gsid=G_GOAL), METRIC, None, W("GS003", R + "/gsid"))
case(
    "metric-goaltype-lower",
    item(MIN_MET, associateGoalTypes=[G_GTYPE.lower()]),
    METRIC,
    None,
    W("GS002", "/requests/0/associateGoalTypes/0"),
)
case(
    "metric-goaltype-cta",
    item(MIN_MET, associateGoalTypes=[G_CTA]),
    METRIC,
    None,
    W("GS003", "/requests/0/associateGoalTypes/0"),
)
case("template-gsid-metric", rec(MIN_TPL_U, Gsid=G_METRIC), TEMPLATE, None, W("GS003", R + "/Gsid"))
case(
    "template-metricid-short",
    rec(MIN_TPL, metricsAssociation=[{"metricId": G_METRIC[:-1]}]),
    TEMPLATE,
    None,
    W("GS002", R + "/metricsAssociation/0/metricId"),
)

# -- goal DueDate and metric timestamps: YYYY-MM-DD calendar dates ----------------------------

for label, value, ok in [
    ("2022-12-21", "2022-12-21", True),
    ("leap-2024", "2024-02-29", True),
    ("leap-2000", "2000-02-29", True),
    ("dec-31", "2023-12-31", True),
    ("no-leap-2023", "2023-02-29", False),
    ("no-leap-1900", "1900-02-29", False),
    ("month-13", "2023-13-01", False),
    ("month-00", "2023-00-10", False),
    ("day-00", "2023-01-00", False),
    ("april-31", "2023-04-31", False),
    ("one-digit-month", "2025-1-31", False),
    ("dmy", "31/01/2025", False),
    ("datetime", "2025-01-31T00:00:00", False),
    ("trailing-space", "2025-01-31 ", False),
    ("empty", "", False),
    ("compact", "20250131", False),
    ("fullwidth-digits", "\uff12\uff10\uff12\uff15-01-31", False),
    ("int", 25, False),
    ("negative", -1, False),
    ("float", 25.0, False),
    ("quoted-number", "25", False),
    ("bool", True, False),
]:
    if ok:
        case(f"goal-due-{label}", rec(MIN_GOAL, DueDate=value), GOAL, None)
    else:
        case(
            f"goal-due-{label}",
            rec(MIN_GOAL, DueDate=value),
            GOAL,
            None,
            E("GS004", R + "/DueDate"),
        )
case(
    "goal-update-due-2023-02-29",
    rec(MIN_GOAL_U, DueDate="2023-02-29"),
    GOAL,
    None,
    E("GS004", R + "/DueDate"),
)
case(
    "timestamp-ok",
    rec(
        MIN_GOAL,
        metricsAssociation=[
            {"metricId": G_METRIC, "actualValue": [{"value": 1, "timestamp": "2024-02-29"}]}
        ],
    ),
    GOAL,
    None,
)
case(
    "timestamp-feb-30",
    rec(
        MIN_GOAL,
        metricsAssociation=[
            {"metricId": G_METRIC, "actualValue": [{"value": 1, "timestamp": "2025-02-30"}]}
        ],
    ),
    GOAL,
    None,
    E("GS004", MA + "/actualValue/0/timestamp"),
)
case(
    "timestamp-datetime",
    rec(
        MIN_GOAL,
        metricsAssociation=[
            {
                "metricId": G_METRIC,
                "actualValue": [{"value": 1, "timestamp": "2025-01-04T10:00:00"}],
            }
        ],
    ),
    GOAL,
    None,
    E("GS004", MA + "/actualValue/0/timestamp"),
)

# -- template DueDate: whole number of days >= 0 ----------------------------------------------

for label, value, ok in [
    ("0", 0, True),
    ("1", 1, True),
    ("25", 25, True),
    ("2301", 2301, True),
    ("minus-1", -1, False),
    ("25.0", 25.0, False),
    ("0.0", 0.0, False),
    ("2.5", 2.5, False),
    ("quoted", "25", False),
    ("date", "2025-01-31", False),
    ("bool", True, False),
    ("null", None, False),
]:
    if ok:
        case(f"template-due-{label}", rec(MIN_TPL, DueDate=value), TEMPLATE, None)
    else:
        case(
            f"template-due-{label}",
            rec(MIN_TPL, DueDate=value),
            TEMPLATE,
            None,
            E("GS201", R + "/DueDate"),
        )

# -- requests: exactly one record on goal create; shape everywhere ---------------------------

case("goal-create-0", top(MIN_GOAL, requests=[]), GOAL, "create", E("GS100", "/requests"))
case(
    "goal-create-2",
    top(MIN_GOAL, requests=MIN_GOAL["requests"] * 2),
    GOAL,
    None,
    E("GS100", "/requests"),
)
case(
    "goal-create-3",
    top(MIN_GOAL, requests=MIN_GOAL["requests"] * 3),
    GOAL,
    None,
    E("GS100", "/requests"),
)
case(
    "goal-update-2",
    top(MIN_GOAL_U, requests=MIN_GOAL_U["requests"] * 2),
    GOAL,
    None,
)
case("goal-update-0", top(MIN_GOAL_U, requests=[]), GOAL, "update", E("GS030", "/requests"))
case("template-create-2", top(MIN_TPL, requests=MIN_TPL["requests"] * 2), TEMPLATE, None)
case("template-create-0", top(MIN_TPL, requests=[]), TEMPLATE, "create", E("GS030", "/requests"))
case("metric-create-2", top(MIN_MET, requests=MIN_MET["requests"] * 2), METRIC, None)
case("requests-missing", {}, GOAL, "create", E("GS030", ""))
case("requests-object", {"requests": {}}, TEMPLATE, "create", E("GS030", "/requests"))
case("requests-string", {"requests": "x"}, METRIC, "create", E("GS030", "/requests"))
case("requests-item-number", {"requests": [5]}, TEMPLATE, "create", E("GS030", "/requests/0"))
case("requests-item-empty", {"requests": [{}]}, TEMPLATE, "create", E("GS030", "/requests/0"))
case(
    "record-null",
    {"requests": [{"record": None}]},
    METRIC,
    "create",
    E("GS030", "/requests/0/record"),
)
case(
    "record-array",
    {"requests": [{"record": []}]},
    TEMPLATE,
    "create",
    E("GS030", "/requests/0/record"),
)

# -- EntityType and its name field + lookup ---------------------------------------------------

COMPANY_GOAL = top(
    rec(MIN_GOAL, EntityType="COMPANY", CompanyName="IBM"), lookups={"CompanyId": LOOKUP_COMPANY}
)
LOOKUP_REL = dict(LOOKUP_COMPANY, fields={"RelationshipName": "Name"}, objectName="relationship")
LOOKUP_OPP = dict(LOOKUP_COMPANY, fields={"OpportunityName": "Name"}, objectName="opportunity")
REL_GOAL = top(
    rec(
        MIN_GOAL,
        EntityType="RELATIONSHIP",
        RelationshipName="IBM EMEA",
        RelationshipTypeId=G_RELTYPE,
    ),
    lookups={"RelationshipId": LOOKUP_REL},
)
OPP_GOAL = top(
    rec(MIN_GOAL, EntityType="OPPORTUNITY", OpportunityName="Deal"),
    lookups={"OpportunityId": LOOKUP_OPP},
)
case("company-ok", COMPANY_GOAL, GOAL, None)
case(
    "company-no-name",
    top(rec(COMPANY_GOAL, CompanyName=DELETE), lookups=DELETE),
    GOAL,
    None,
    E("GS105", R),
)
case(
    "company-no-lookup",
    top(COMPANY_GOAL, lookups=DELETE),
    GOAL,
    None,
    E("GS106", R + "/CompanyName"),
)
case(
    "company-name-number",
    rec(COMPANY_GOAL, CompanyName=5),
    GOAL,
    None,
    E("GS105", R + "/CompanyName"),
)
case(
    "company-with-relationship-name",
    top(
        rec(COMPANY_GOAL, CompanyName=DELETE, RelationshipName="X"),
        lookups={"RelationshipId": LOOKUP_REL},
    ),
    GOAL,
    None,
    E("GS105", R),
)
case("relationship-ok", REL_GOAL, GOAL, None)
case("relationship-no-type", rec(REL_GOAL, RelationshipTypeId=DELETE), GOAL, None, E("GS107", R))
case(
    "relationship-no-name",
    top(rec(REL_GOAL, RelationshipName=DELETE), lookups=DELETE),
    GOAL,
    None,
    E("GS105", R),
)
case(
    "relationship-no-lookup",
    top(REL_GOAL, lookups=DELETE),
    GOAL,
    None,
    E("GS106", R + "/RelationshipName"),
)
case("opportunity-ok", OPP_GOAL, GOAL, None)
case(
    "opportunity-no-name",
    top(rec(OPP_GOAL, OpportunityName=DELETE), lookups=DELETE),
    GOAL,
    None,
    E("GS105", R),
)
case(
    "opportunity-no-lookup",
    top(OPP_GOAL, lookups=DELETE),
    GOAL,
    None,
    E("GS106", R + "/OpportunityName"),
)
case("global-no-name", MIN_GOAL, GOAL, None)
case(
    "global-with-company",
    top(rec(MIN_GOAL, CompanyName="IBM"), lookups={"CompanyId": LOOKUP_COMPANY}),
    GOAL,
    None,
)
case("entity-missing", rec(MIN_GOAL, EntityType=DELETE), GOAL, None, E("GS104", R))
for label, value in [
    ("title", "Company"),
    ("lower", "company"),
    ("account", "ACCOUNT"),
    ("empty", ""),
    ("padded", " COMPANY"),
    ("number", 1),
    ("null", None),
]:
    case(
        f"entity-{label}",
        rec(MIN_GOAL, EntityType=value),
        GOAL,
        None,
        E("GS104", R + "/EntityType"),
    )
case(
    "entity-update-bad",
    rec(MIN_GOAL_U, EntityType="bad"),
    GOAL,
    None,
    E("GS104", R + "/EntityType"),
)
case("entity-update-absent", MIN_GOAL_U, GOAL, None)
case(
    "templateid-relaxes-nothing",
    rec(MIN_GOAL, EntityType=DELETE, TemplateId=G_TPL),
    GOAL,
    None,
    E("GS104", R),
)

# -- Name / StatusName / name: required, not blank (Unicode whitespace) ----------------------

case("goal-no-name", rec(MIN_GOAL, Name=DELETE), GOAL, None, E("GS101", R))
case("goal-name-number", rec(MIN_GOAL, Name=42), GOAL, None, E("GS101", R + "/Name"))
case("goal-name-null", rec(MIN_GOAL, Name=None), GOAL, None, E("GS101", R + "/Name"))
for label, value in [
    ("empty", ""),
    ("space", " "),
    ("tab-newline", "\t\n"),
    ("nbsp", "\u00a0"),
    ("em-space", "\u2003"),
    ("ideographic", "\u3000"),
]:
    case(f"goal-name-{label}", rec(MIN_GOAL, Name=value), GOAL, None, E("GS009", R + "/Name"))
    case(
        f"goal-status-{label}",
        rec(MIN_GOAL, StatusName=value),
        GOAL,
        None,
        E("GS009", R + "/StatusName"),
    )
case("goal-name-zwsp", rec(MIN_GOAL, Name="\u200b"), GOAL, None)
case("goal-name-padded", rec(MIN_GOAL, Name=" x "), GOAL, None)
case("goal-no-status", rec(MIN_GOAL, StatusName=DELETE), GOAL, None, E("GS102", R))
case("goal-both-status", rec(MIN_GOAL, StatusId=G_STATUS), GOAL, None)
case("goal-status-number", rec(MIN_GOAL, StatusName=5), GOAL, None, E("GS111", R + "/StatusName"))
case(
    "goal-statusid-number",
    rec(MIN_GOAL, StatusName=DELETE, StatusId=5),
    GOAL,
    None,
    E("GS111", R + "/StatusId"),
)
case(
    "goal-description-number",
    rec(MIN_GOAL, Description=5),
    GOAL,
    None,
    E("GS111", R + "/Description"),
)
case("goal-update-name-empty", rec(MIN_GOAL_U, Name=""), GOAL, None, E("GS009", R + "/Name"))
case(
    "goal-update-status-blank",
    rec(MIN_GOAL_U, StatusName=" "),
    GOAL,
    None,
    E("GS009", R + "/StatusName"),
)
case("goal-update-no-name-no-status", rec(MIN_GOAL_U, Name=DELETE), GOAL, None)
case("template-no-name", rec(MIN_TPL, Name=DELETE), TEMPLATE, None, E("GS200", R))
case("template-name-empty", rec(MIN_TPL, Name=""), TEMPLATE, None, E("GS009", R + "/Name"))
case(
    "template-update-name-blank",
    rec(MIN_TPL_U, Name="\u3000"),
    TEMPLATE,
    None,
    E("GS009", R + "/Name"),
)
case(
    "template-status-blank",
    rec(MIN_TPL, StatusName=" "),
    TEMPLATE,
    None,
    E("GS009", R + "/StatusName"),
)
case("template-update-no-name", MIN_TPL_U, TEMPLATE, None)
case("metric-no-name", rec(MIN_MET, name=DELETE), METRIC, None, E("GS250", R))
case("metric-name-empty", rec(MIN_MET, name=""), METRIC, None, E("GS009", R + "/name"))
case("metric-name-nbsp", rec(MIN_MET, name="\u00a0"), METRIC, None, E("GS009", R + "/name"))
case("metric-update-no-name", rec(MIN_MET_U, name=DELETE), METRIC, None)

# -- association / dissociation (8001 / 8002) -------------------------------------------------

case(
    "assoc-cta-empty",
    item(MIN_GOAL, association={"CTA": [], "SP": [G_SP]}),
    GOAL,
    None,
    E("GS020", A + "/CTA"),
)
case(
    "assoc-sp-empty",
    item(MIN_GOAL, association={"CTA": [G_CTA], "SP": []}),
    GOAL,
    None,
    E("GS021", A + "/SP"),
)
case(
    "assoc-both-empty",
    item(MIN_GOAL, association={"CTA": [], "SP": []}),
    GOAL,
    None,
    E("GS020", A + "/CTA"),
    E("GS021", A + "/SP"),
)
case("assoc-cta-only", item(MIN_GOAL, association={"CTA": [G_CTA]}), GOAL, None)
case(
    "dissoc-cta-empty",
    item(MIN_GOAL_U, dissociation={"CTA": []}),
    GOAL,
    None,
    E("GS020", D + "/CTA"),
)
case(
    "dissoc-sp-empty", item(MIN_GOAL_U, dissociation={"SP": []}), GOAL, None, E("GS021", D + "/SP")
)
case(
    "assoc-cta-string",
    item(MIN_GOAL, association={"CTA": G_CTA}),
    GOAL,
    None,
    E("GS022", A + "/CTA"),
)
case("assoc-array", item(MIN_GOAL, association=[G_CTA]), GOAL, None, E("GS022", A))
case("assoc-null", item(MIN_GOAL, association=None), GOAL, None, E("GS022", A))
case(
    "assoc-cta-number-item",
    item(MIN_GOAL, association={"CTA": [5]}),
    GOAL,
    None,
    E("GS022", A + "/CTA/0"),
)
case(
    "assoc-cta-null-item",
    item(MIN_GOAL, association={"CTA": [None]}),
    GOAL,
    None,
    E("GS022", A + "/CTA/0"),
)
case(
    "assoc-unknown-key",
    item(MIN_GOAL, association={"CTA": [G_CTA], "Cta": [G_CTA]}),
    GOAL,
    None,
    W("GS031", A + "/Cta"),
)
case(
    "template-assoc-cta-empty",
    item(MIN_TPL, association={"CTA": []}),
    TEMPLATE,
    None,
    E("GS020", A + "/CTA"),
)
case(
    "template-dissoc-sp-empty",
    item(MIN_TPL_U, dissociation={"SP": []}),
    TEMPLATE,
    None,
    E("GS021", D + "/SP"),
)

# -- metricsAssociation / metricsDissociation -------------------------------------------------

FULL_MA = {
    "metricId": G_METRIC,
    "baseValue": 10.0,
    "actualValue": [{"value": 5.0, "timestamp": "2025-01-04"}],
    "targetValue": 8.0,
}
case("ma-full", rec(MIN_GOAL, metricsAssociation=[FULL_MA]), GOAL, None)
case("ma-id-only", rec(MIN_GOAL, metricsAssociation=[{"metricId": G_METRIC}]), GOAL, None)
case(
    "ma-int-values",
    rec(MIN_GOAL, metricsAssociation=[dict(FULL_MA, baseValue=10, targetValue=8)]),
    GOAL,
    None,
)
case(
    "ma-no-metricid",
    rec(MIN_GOAL, metricsAssociation=[{"baseValue": 1.0}]),
    GOAL,
    None,
    E("GS108", MA),
)
case(
    "ma-metricid-number",
    rec(MIN_GOAL, metricsAssociation=[{"metricId": 5}]),
    GOAL,
    None,
    E("GS108", MA + "/metricId"),
)
case(
    "ma-base-string",
    rec(MIN_GOAL, metricsAssociation=[dict(FULL_MA, baseValue="10")]),
    GOAL,
    None,
    E("GS108", MA + "/baseValue"),
)
case(
    "ma-target-string",
    rec(MIN_GOAL, metricsAssociation=[dict(FULL_MA, targetValue="8")]),
    GOAL,
    None,
    E("GS108", MA + "/targetValue"),
)
case(
    "ma-base-bool",
    rec(MIN_GOAL, metricsAssociation=[dict(FULL_MA, baseValue=True)]),
    GOAL,
    None,
    E("GS108", MA + "/baseValue"),
)
case(
    "ma-actual-object",
    rec(MIN_GOAL, metricsAssociation=[dict(FULL_MA, actualValue={"value": 5.0})]),
    GOAL,
    None,
    E("GS108", MA + "/actualValue"),
)
case(
    "ma-actual-no-timestamp",
    rec(MIN_GOAL, metricsAssociation=[dict(FULL_MA, actualValue=[{"value": 5.0}])]),
    GOAL,
    None,
    E("GS108", MA + "/actualValue/0"),
)
case(
    "ma-actual-no-value",
    rec(MIN_GOAL, metricsAssociation=[dict(FULL_MA, actualValue=[{"timestamp": "2025-01-04"}])]),
    GOAL,
    None,
    E("GS108", MA + "/actualValue/0"),
)
case(
    "ma-actual-value-string",
    rec(
        MIN_GOAL,
        metricsAssociation=[dict(FULL_MA, actualValue=[{"value": "5", "timestamp": "2025-01-04"}])],
    ),
    GOAL,
    None,
    E("GS108", MA + "/actualValue/0/value"),
)
case(
    "ma-object",
    rec(MIN_GOAL, metricsAssociation={"metricId": G_METRIC}),
    GOAL,
    None,
    E("GS108", R + "/metricsAssociation"),
)
case("ma-strings", rec(MIN_GOAL, metricsAssociation=[G_METRIC]), GOAL, None, E("GS108", MA))
case("md-strings", rec(MIN_GOAL_U, metricsDissociation=[G_METRIC2]), GOAL, None)
case(
    "md-objects-on-goal",
    rec(MIN_GOAL_U, metricsDissociation=[{"metricId": G_METRIC2}]),
    GOAL,
    None,
    E("GS109", R + "/metricsDissociation/0"),
)
case(
    "md-string-on-goal",
    rec(MIN_GOAL_U, metricsDissociation=G_METRIC2),
    GOAL,
    None,
    E("GS109", R + "/metricsDissociation"),
)
case(
    "md-number-on-goal",
    rec(MIN_GOAL_U, metricsDissociation=[5]),
    GOAL,
    None,
    E("GS109", R + "/metricsDissociation/0"),
)
case(
    "md-both-ways-goal",
    rec(
        MIN_GOAL_U,
        metricsAssociation=[{"metricId": G_METRIC}],
        metricsDissociation=[G_METRIC2, G_METRIC],
    ),
    GOAL,
    None,
    W("GS025", R + "/metricsDissociation/1"),
)
case(
    "md-both-ways-template",
    rec(
        MIN_TPL_U,
        metricsAssociation=[{"metricId": G_METRIC}],
        metricsDissociation=[{"metricId": G_METRIC}],
    ),
    TEMPLATE,
    None,
    W("GS025", R + "/metricsDissociation/0/metricId"),
)
case(
    "template-md-strings",
    rec(MIN_TPL_U, metricsDissociation=[G_METRIC2]),
    TEMPLATE,
    None,
    E("GS202", R + "/metricsDissociation/0"),
)
case(
    "template-ma-number-id",
    rec(MIN_TPL, metricsAssociation=[{"metricId": 5}]),
    TEMPLATE,
    None,
    E("GS202", R + "/metricsAssociation/0/metricId"),
)
case(
    "template-ma-empty-object",
    rec(MIN_TPL, metricsAssociation=[{}]),
    TEMPLATE,
    None,
    E("GS202", R + "/metricsAssociation/0"),
)
case(
    "template-ma-string",
    rec(MIN_TPL, metricsAssociation=G_METRIC),
    TEMPLATE,
    None,
    E("GS202", R + "/metricsAssociation"),
)
case(
    "template-ma-strings",
    rec(MIN_TPL, metricsAssociation=[G_METRIC]),
    TEMPLATE,
    None,
    E("GS202", R + "/metricsAssociation/0"),
)

case(
    "ma-key-misspelt",
    rec(MIN_GOAL, metricsAssociation=[{"metricId": G_METRIC, "basevalue": 1.0}]),
    GOAL,
    None,
    W("GS031", MA + "/basevalue"),
)
case(
    "ma-actual-key-unknown",
    rec(
        MIN_GOAL,
        metricsAssociation=[
            {
                "metricId": G_METRIC,
                "actualValue": [{"value": 1, "timestamp": "2025-01-01", "time": 1}],
            }
        ],
    ),
    GOAL,
    None,
    W("GS031", MA + "/actualValue/0/time"),
)
case(
    "template-ma-goal-values",
    rec(MIN_TPL, metricsAssociation=[{"metricId": G_METRIC, "baseValue": 1.0}]),
    TEMPLATE,
    None,
    W("GS031", R + "/metricsAssociation/0/baseValue"),
)
case(
    "template-md-key-unknown",
    rec(MIN_TPL_U, metricsDissociation=[{"metricId": G_METRIC, "metricid": G_METRIC}]),
    TEMPLATE,
    None,
    W("GS031", R + "/metricsDissociation/0/metricid"),
)

# -- lookups (8008) ---------------------------------------------------------------------------

LG = top(rec(MIN_GOAL, CompName="NEW"), lookups={"comp_lookup_gsid__gc": LOOKUP_COMP})
L = "/lookups/comp_lookup_gsid__gc"


def lk(**changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(LG)
    for key, value in changes.items():
        if value is DELETE:
            out["lookups"]["comp_lookup_gsid__gc"].pop(key)
        else:
            out["lookups"]["comp_lookup_gsid__gc"][key] = value
    return out


case("lookup-ok", LG, GOAL, None)
case("lookup-markaserror", lk(multiMatchOption="MARKASERROR"), GOAL, None)
case("lookup-nullable", lk(onNoMatch="NULLABLE"), GOAL, None)
case("lookup-defaultvalue", lk(onNoMatch="DEFAULTVALUE"), GOAL, None)
case(
    "lookup-multi-first",
    lk(multiMatchOption="FIRST"),
    GOAL,
    None,
    E("GS011", L + "/multiMatchOption"),
)
case(
    "lookup-multi-lower",
    lk(multiMatchOption="firstmatch"),
    GOAL,
    None,
    E("GS011", L + "/multiMatchOption"),
)
case("lookup-multi-number", lk(multiMatchOption=1), GOAL, None, E("GS011", L + "/multiMatchOption"))
case("lookup-nomatch-skip", lk(onNoMatch="SKIP"), GOAL, None, E("GS012", L + "/onNoMatch"))
case("lookup-nomatch-lower", lk(onNoMatch="error"), GOAL, None, E("GS012", L + "/onNoMatch"))
case("lookup-no-lookupfield", lk(lookupField=DELETE), GOAL, None, E("GS010", L))
case("lookup-lookupfield-empty", lk(lookupField=""), GOAL, None, E("GS010", L + "/lookupField"))
case("lookup-no-objectname", lk(objectName=DELETE), GOAL, None, E("GS010", L))
case("lookup-no-multi", lk(multiMatchOption=DELETE), GOAL, None, E("GS010", L))
case("lookup-no-onnomatch", lk(onNoMatch=DELETE), GOAL, None, E("GS010", L))
case(
    "lookup-fields-value-number",
    lk(fields={"CompName": 5}),
    GOAL,
    None,
    E("GS010", L + "/fields/CompName"),
)
case("lookups-array", top(MIN_GOAL, lookups=[LOOKUP_COMP]), GOAL, None, E("GS010", "/lookups"))
case(
    "lookup-field-absent",
    top(MIN_GOAL, lookups={"comp_lookup_gsid__gc": LOOKUP_COMP}),
    GOAL,
    None,
    W("GS013", L + "/fields/CompName"),
)
case(
    "lookup-template-bad-multi",
    top(
        SEED_TEMPLATE_CREATE,
        lookups={"comp_lookup_gsid__gc": dict(LOOKUP_COMP, multiMatchOption="ALL")},
    ),
    TEMPLATE,
    None,
    E("GS011", L + "/multiMatchOption"),
)

# -- __gr, __gc, unknown fields, GSID key spelling --------------------------------------------

case(
    "gr-status",
    rec(MIN_GOAL, StatusId__gr={"Name": "New"}),
    GOAL,
    None,
    W("GS007", R + "/StatusId__gr"),
)
case(
    "gr-created-template",
    rec(MIN_TPL, CreatedById__gr={"Name": "A"}),
    TEMPLATE,
    None,
    W("GS007", R + "/CreatedById__gr"),
)
case(
    "gr-on-metric",
    rec(MIN_MET, createdBy__gr={"Name": "A"}),
    METRIC,
    None,
    W("GS031", R + "/createdBy__gr"),
)
case("gc-ok-metric", rec(MIN_MET, owner_team__gc="Support"), METRIC, None)
case("gc-ok", rec(MIN_GOAL, cf_picklist__gc="CISCO"), GOAL, None)
case("gc-ok-template", rec(MIN_TPL, cust_string_value__gc="x"), TEMPLATE, None)
case(
    "gc-one-underscore",
    rec(MIN_GOAL, cust_value_gc="x"),
    GOAL,
    None,
    W("GS005", R + "/cust_value_gc"),
)
case("gc-salesforce", rec(MIN_GOAL, Region__c="EMEA"), GOAL, None, W("GS005", R + "/Region__c"))
case("gc-upper", rec(MIN_TPL, Region__GC="EMEA"), TEMPLATE, None, W("GS005", R + "/Region__GC"))
case("unknown-descripton", rec(MIN_GOAL, Descripton="x"), GOAL, None, W("GS031", R + "/Descripton"))
case(
    "unknown-template",
    rec(MIN_TPL, GoalTypeNmae="x"),
    TEMPLATE,
    None,
    W("GS031", R + "/GoalTypeNmae"),
)
case("known-response-field", rec(MIN_GOAL, CurrencyIsoCode="USD"), GOAL, None)
case("unknown-top-level", top(MIN_GOAL, lookup={}), GOAL, None, W("GS031", "/lookup"))
case(
    "unknown-beside-record",
    item(MIN_GOAL, associations={"CTA": [G_CTA]}),
    GOAL,
    None,
    W("GS031", "/requests/0/associations"),
)
case(
    "metric-Name",
    rec(MIN_MET, name=DELETE, Name="M"),
    METRIC,
    None,
    E("GS250", R),
    W("GS031", R + "/Name"),
)
case(
    "metric-unknown-uom-case",
    rec(MIN_MET, unitOfMeasure=DELETE, unitofmeasure="DECIMAL"),
    METRIC,
    None,
    W("GS031", R + "/unitofmeasure"),
)
case(
    "metric-goaltypes-in-record",
    rec(MIN_MET, associateGoalTypes=[G_GTYPE]),
    METRIC,
    None,
    W("GS031", R + "/associateGoalTypes"),
)
case("goal-GSID", rec(MIN_GOAL_U, Gsid=DELETE, GSID=G_GOAL), GOAL, None, E("GS008", R + "/GSID"))
case("goal-gsid", rec(MIN_GOAL_U, Gsid=DELETE, gsid=G_GOAL), GOAL, None, E("GS008", R + "/gsid"))
case(
    "goal-GSID-op-update",
    rec(MIN_GOAL_U, Gsid=DELETE, GSID=G_GOAL),
    GOAL,
    "update",
    E("GS008", R + "/GSID"),
)
case(
    "template-GSID",
    rec(MIN_TPL_U, Gsid=DELETE, GSID=G_TPL),
    TEMPLATE,
    None,
    E("GS008", R + "/GSID"),
)
case(
    "template-gsid",
    rec(MIN_TPL_U, Gsid=DELETE, gsid=G_TPL),
    TEMPLATE,
    None,
    E("GS008", R + "/gsid"),
)
case(
    "metric-Gsid",
    rec(MIN_MET_U, gsid=DELETE, Gsid="1I0056K976K5AXWOB1PGJTG9R7V2KYR0KBHZ"),
    METRIC,
    None,
    E("GS008", R + "/Gsid"),
)
case(
    "metric-GSID",
    rec(MIN_MET_U, gsid=DELETE, GSID="1I0056K976K5AXWOB1PGJTG9R7V2KYR0KBHZ"),
    METRIC,
    None,
    E("GS008", R + "/GSID"),
)
case(
    "metric-Gsid-op-create",
    rec(MIN_MET, Gsid="1I0056K976K5AXWOB1PGJTG9R7V2KYR0KBHZ"),
    METRIC,
    "create",
    E("GS008", R + "/Gsid"),
)

# -- template-specific ------------------------------------------------------------------------

case(
    "template-create-with-gsid",
    rec(MIN_TPL, Gsid=G_TPL),
    TEMPLATE,
    "create",
    W("GS204", R + "/Gsid"),
)
case("template-update-no-gsid", MIN_TPL, TEMPLATE, "update", E("GS203", R))
case(
    "template-goaltypename-array",
    rec(MIN_TPL, GoalTypeName=["Default"]),
    TEMPLATE,
    None,
    E("GS206", R + "/GoalTypeName"),
)
case(
    "template-goaltypename-number",
    rec(MIN_TPL, GoalTypeName=5),
    TEMPLATE,
    None,
    E("GS206", R + "/GoalTypeName"),
)
case(
    "template-description-number",
    rec(MIN_TPL, Description=5),
    TEMPLATE,
    None,
    E("GS206", R + "/Description"),
)
case(
    "template-work-string",
    rec(MIN_TPL, AssociatedWork=G_WORK),
    TEMPLATE,
    None,
    E("GS040", R + "/AssociatedWork"),
)
case(
    "template-work-number",
    rec(MIN_TPL, AssociatedWork=[5]),
    TEMPLATE,
    None,
    E("GS040", R + "/AssociatedWork/0"),
)
case(
    "template-work-object",
    rec(MIN_TPL, AssociatedWork=[{"gsid": G_WORK}]),
    TEMPLATE,
    None,
    E("GS040", R + "/AssociatedWork/0"),
)
case(
    "goal-work-string",
    rec(MIN_GOAL, AssociatedWork=G_WORK),
    GOAL,
    None,
    E("GS040", R + "/AssociatedWork"),
)
case("goal-update-no-gsid", rec(MIN_GOAL_U, Gsid=DELETE), GOAL, "update", E("GS110", R))

# -- metric-specific --------------------------------------------------------------------------

for uom in ("DECIMAL", "PERCENTAGE", "CURRENCY"):
    case(f"uom-{uom}", rec(MIN_MET, unitOfMeasure=uom), METRIC, None)
for label, value in [
    ("percent", "percent"),
    ("lower", "decimal"),
    ("empty", ""),
    ("number", 5),
    ("null", None),
]:
    case(
        f"uom-{label}",
        rec(MIN_MET, unitOfMeasure=value),
        METRIC,
        None,
        E("GS251", R + "/unitOfMeasure"),
    )
case("metric-update-no-gsid", rec(MIN_MET_U, gsid=DELETE), METRIC, "update", E("GS252", R))
case(
    "goal-types-both-ways-ids",
    item(MIN_MET_U, associateGoalTypes=[G_GTYPE], dissociateGoalTypes=[G_GTYPE]),
    METRIC,
    None,
    E("GS253", "/requests/0/dissociateGoalTypes/0"),
)
case(
    "goal-types-both-ways-names",
    item(MIN_MET_U, associateGoalTypeNames=["CG4", "CG1"], dissociateGoalTypeNames=["CG1"]),
    METRIC,
    None,
    E("GS253", "/requests/0/dissociateGoalTypeNames/0"),
)
case(
    "goal-types-different",
    item(MIN_MET_U, associateGoalTypeNames=["CG4"], dissociateGoalTypeNames=["CG1"]),
    METRIC,
    None,
)
case(
    "goal-type-names-string",
    item(MIN_MET, associateGoalTypeNames="CP Goal Type"),
    METRIC,
    None,
    E("GS254", "/requests/0/associateGoalTypeNames"),
)
case(
    "goal-types-number",
    item(MIN_MET, associateGoalTypes=[5]),
    METRIC,
    None,
    E("GS254", "/requests/0/associateGoalTypes/0"),
)
case(
    "metric-description-number",
    rec(MIN_MET, description=42),
    METRIC,
    None,
    E("GS255", R + "/description"),
)


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_record_case(c: Case) -> None:
    report = check(c.payload, kind=c.kind, op=c.op)
    got = {(d.code, d.severity.value, d.pointer) for d in report.diagnostics}
    assert got == set(c.expected)


def test_table_size() -> None:
    assert len(CASES) >= 150


# -- detection: every seed request sample is detected as its own kind -------------------------


def _detected(payload: Mapping[str, Any]) -> set[tuple[str | None, str | None]]:
    """(kind, op) of the diagnostics after adding an unknown field that every kind reports."""
    probe = copy.deepcopy(dict(payload))
    if "requests" in probe:
        probe["requests"][0]["record"]["zzProbe"] = 1
    else:
        probe["zzProbe"] = 1
    return {(d.kind, d.op) for d in check(probe).diagnostics}


@pytest.mark.parametrize(
    ("payload", "kind", "op"),
    [
        (SEED_GOAL_CREATE, GOAL, "create"),
        (SEED_GOAL_CREATE_2, GOAL, "create"),
        (SEED_GOAL_UPDATE, GOAL, "update"),
        (SEED_GOAL_UPDATE_2, GOAL, "update"),
        (SEED_TEMPLATE_CREATE, TEMPLATE, "create"),
        (SEED_TEMPLATE_UPDATE, TEMPLATE, "update"),
        (SEED_METRIC_CREATE, METRIC, "create"),
        (SEED_METRIC_UPDATE, METRIC, "update"),
        (SEED_GOAL_FETCH, "gainsight/fetch", "fetch"),
        (SEED_TEMPLATE_DELETE, "gainsight/delete", "delete"),
        (SEED_PICKLIST, "gainsight/picklist", "read"),
        # one signature at a time
        ({"requests": [{"record": {"name": "M"}}]}, METRIC, "create"),
        ({"requests": [{"record": {"unitOfMeasure": "DECIMAL"}}]}, METRIC, "create"),
        ({"requests": [{"record": {"gsid": G_METRIC}}]}, METRIC, "update"),
        (
            {"requests": [{"record": {"name": "M"}, "dissociateGoalTypeNames": ["CG1"]}]},
            METRIC,
            "create",
        ),
        ({"requests": [{"record": {"Name": "T", "DueDate": 30}}]}, TEMPLATE, "create"),
        ({"requests": [{"record": {"Name": "T", "GoalTypeName": "Default"}}]}, TEMPLATE, "create"),
        (
            {
                "requests": [
                    {"record": {"Name": "T", "metricsAssociation": [{"metricId": G_METRIC}]}}
                ]
            },
            TEMPLATE,
            "create",
        ),
        (
            {
                "requests": [
                    {"record": {"Gsid": G_TPL, "metricsDissociation": [{"metricId": G_METRIC}]}}
                ]
            },
            TEMPLATE,
            "update",
        ),
        ({"requests": [{"record": {"Name": "G", "DueDate": "2025-01-31"}}]}, GOAL, "create"),
        ({"requests": [{"record": {"Name": "G", "EntityType": "GLOBAL"}}]}, GOAL, "create"),
        ({"requests": [{"record": {"Name": "G", "CompanyName": "IBM"}}]}, GOAL, "create"),
        (
            {"requests": [{"record": {"Gsid": G_GOAL}, "association": {"CTA": [G_CTA]}}]},
            GOAL,
            "update",
        ),
        (
            {"requests": [{"record": {"Gsid": G_GOAL}, "dissociation": {"SP": [G_SP]}}]},
            GOAL,
            "update",
        ),
        (
            {"requests": [{"record": {"Gsid": G_GOAL, "metricsDissociation": [G_METRIC]}}]},
            GOAL,
            "update",
        ),
    ],
)
def test_detection(payload: dict[str, Any], kind: str, op: str) -> None:
    assert _detected(payload) == {(kind, op)}


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"requests": [{"record": {"Name": "G", "StatusName": "New"}}]}, "GK401"),
        ({"requests": [{"record": {"Gsid": G_GOAL, "Name": "G"}}]}, "GK401"),
        ({"requests": []}, "GK401"),
        ({"requests": [{"record": {"Name": "X", "DueDate": 30, "EntityType": "GLOBAL"}}]}, "GK402"),
        (
            {
                "requests": [
                    {"record": {"name": "X", "unitOfMeasure": "DECIMAL", "EntityType": "GLOBAL"}}
                ]
            },
            "GK402",
        ),
        (
            {
                "requests": [
                    {"record": {"Name": "X", "GoalTypeName": "D", "unitOfMeasure": "DECIMAL"}}
                ]
            },
            "GK402",
        ),
    ],
)
def test_detection_errors(payload: dict[str, Any], code: str) -> None:
    got = {(d.code, d.severity.value, d.pointer) for d in check(payload).diagnostics}
    assert got == {(code, "error", "")}


# -- response documents given as requests: GK403, also when the kind is forced ----------------

RESPONSES: list[dict[str, Any]] = [
    {
        "result": True,
        "errorCode": None,
        "errorDesc": None,
        "localizedErrorDesc": None,
        "requestId": "6ed304d6-f1bf-4bb1-8650-410c1819ef14",
        "data": {"goal": {"Gsid": "1CG03GFNBH1NOBHOND0312RSO7BB9EGHHBX2", "Name": "CG3"}},
        "message": None,
        "localizedMessage": None,
    },
    {
        "result": False,
        "errorCode": "VC_1002",
        "errorDesc": None,
        "localizedErrorDesc": None,
        "requestId": "8813d263-71ff-44a3-8768-bb3e275eb9a5",
        "data": None,
        "message": "Unexpected error processing update metric: {}",
        "localizedMessage": None,
        "errorInfo": None,
    },
    {
        "timestamp": 1675399306376,
        "status": 500,
        "error": "Internal Server Error",
        "exception": "com.gainsight.cs.goal.exception.CSGoalException",
        "message": "Invalid StatusName provided in request",
        "path": "/csgoal/external/create",
    },
    {
        "recordList": [
            {"CreatedDate": 1738244376863, "DueDate": 0, "Gsid": G_TPL, "Name": "barca_template"}
        ]
    },
    {
        "result": True,
        "requestId": "b0f5d246-256b-4ce1-a20a-fc8acbc14039",
        "data": {
            "successList": [{"name": "Metric Name 1", "unitOfMeasure": "DECIMAL"}],
            "failureList": [],
        },
    },
]


@pytest.mark.parametrize("kind", [None, GOAL, TEMPLATE, METRIC])
@pytest.mark.parametrize("index", range(len(RESPONSES)))
def test_response_documents(index: int, kind: str | None) -> None:
    got = {(d.code, d.severity.value) for d in check(RESPONSES[index], kind=kind).diagnostics}
    assert got == {("GK403", "error")}


def test_vc_8026_response_text_with_trailing_comma() -> None:
    text = (
        '{ "result": false, "errorCode": "VC_8026", "errorDesc": null, "requestId": "a", '
        '"data": null, "errorInfo": { "usageInLayouts": [ "Type1 rel goal type", '
        '"CP Goal Type", ], '
        '"hasUsage": true } }'
    )
    codes = {d.code for d in check(text).diagnostics}
    assert codes == {"GK203"}


def test_seed_sample_text_with_comments() -> None:
    text = (
        '{ "requests": [ { "record": { "name": "Metric Name 1", // Metric name\n'
        ' "unitOfMeasure": "DECIMAL" } } ] }'
    )
    assert {d.code for d in check(text).diagnostics} == {"GK202"}


# -- check_request: endpoints, operations, accesskey ------------------------------------------

HOST = "https://demo.gainsightcloud.com"
KEY = {"accesskey": "secret-key-1"}


@dataclass(frozen=True)
class Req:
    id: str
    method: str
    path: str
    body: Any
    headers: Mapping[str, str] | None
    expected: frozenset[tuple[str, str, str]]


REQS: list[Req] = []


def req(
    id: str,
    method: str,
    path: str,
    body: Any,
    headers: Mapping[str, str] | None,
    *expected: tuple[str, str, str],
) -> None:
    REQS.append(Req(id, method, path, body, headers, frozenset(expected)))


req("create-ok", "POST", "/v1/csgoal/external/create", SEED_GOAL_CREATE, KEY)
req("create-no-v1", "POST", "/csgoal/external/create", SEED_GOAL_CREATE, KEY)
req("create-slash", "POST", "/v1/csgoal/external/create/", SEED_GOAL_CREATE, KEY)
req("create-query", "POST", "/v1/csgoal/external/create?x=1", SEED_GOAL_CREATE, KEY)
req(
    "create-no-headers",
    "POST",
    "/v1/csgoal/external/create",
    SEED_GOAL_CREATE,
    None,
    E("GS001", ""),
)
req("create-key-case", "POST", "/v1/csgoal/external/create", SEED_GOAL_CREATE, {"AccessKey": "k"})
req(
    "create-key-empty",
    "POST",
    "/v1/csgoal/external/create",
    SEED_GOAL_CREATE,
    {"accesskey": ""},
    E("GS001", ""),
)
req(
    "create-key-blank",
    "POST",
    "/v1/csgoal/external/create",
    SEED_GOAL_CREATE,
    {"accesskey": "  "},
    E("GS001", ""),
)
req(
    "create-key-other-name",
    "POST",
    "/v1/csgoal/external/create",
    SEED_GOAL_CREATE,
    {"access_key": "k", "Authorization": "Bearer x"},
    E("GS001", ""),
)
req(
    "create-two-records",
    "POST",
    "/v1/csgoal/external/create",
    top(MIN_GOAL, requests=MIN_GOAL["requests"] * 2),
    KEY,
    E("GS100", "/requests"),
)
req("create-put", "PUT", "/v1/csgoal/external/create", SEED_GOAL_CREATE, KEY, E("GK501", ""))
req(
    "update-post",
    "POST",
    "/v1/csgoal/external/update/",
    SEED_GOAL_UPDATE,
    KEY,
    E("GK501", ""),
)
req("metric-patch", "PATCH", "/csgoal/external/metric", SEED_METRIC_CREATE, KEY, E("GK501", ""))
req("update-ok", "PUT", "/v1/csgoal/external/update", SEED_GOAL_UPDATE, KEY)
req("update-slash", "PUT", "/csgoal/external/update/", SEED_GOAL_UPDATE, KEY)
req(
    "update-no-gsid",
    "PUT",
    "/v1/csgoal/external/update",
    rec(MIN_GOAL_U, Gsid=DELETE),
    KEY,
    E("GS110", R),
)
req("template-post-ok", "POST", "/v1/csgoal/external/template", SEED_TEMPLATE_CREATE, KEY)
req(
    "template-post-gsid",
    "POST",
    "/v1/csgoal/external/template",
    SEED_TEMPLATE_UPDATE,
    KEY,
    W("GS204", R + "/Gsid"),
)
req("template-put-ok", "PUT", "/v1/csgoal/external/template/", SEED_TEMPLATE_UPDATE, KEY)
req(
    "template-put-no-gsid",
    "PUT",
    "/csgoal/external/template",
    SEED_TEMPLATE_CREATE,
    KEY,
    E("GS203", R),
)
req("metric-post-ok", "POST", "/csgoal/external/metric/", SEED_METRIC_CREATE, KEY)
req("metric-post-v1", "POST", "/v1/csgoal/external/metric", SEED_METRIC_CREATE, KEY)
req("metric-put-ok", "PUT", "/csgoal/external/metric", SEED_METRIC_UPDATE, KEY)
req(
    "metric-put-no-gsid",
    "PUT",
    "/csgoal/external/metric/",
    rec(MIN_MET_U, gsid=DELETE),
    KEY,
    E("GS252", R),
)
req(
    "metric-put-Gsid",
    "PUT",
    "/v1/csgoal/external/metric/",
    rec(MIN_MET_U, gsid=DELETE, Gsid="1I0056K976K5AXWOB1PGJTG9R7V2KYR0KBHZ"),
    KEY,
    E("GS008", R + "/Gsid"),
)
req("response-as-request", "POST", "/v1/csgoal/external/create", RESPONSES[0], KEY, E("GK403", ""))


@pytest.mark.parametrize("r", REQS, ids=[r.id for r in REQS])
def test_request_case(r: Req) -> None:
    report = check_request(r.method, HOST + r.path, r.body, headers=r.headers)
    got = {(d.code, d.severity.value, d.pointer) for d in report.diagnostics}
    assert got == set(r.expected)


def test_access_key_value_never_in_messages() -> None:
    report = check_request(
        "POST", HOST + "/v1/csgoal/external/create", rec(SEED_GOAL_CREATE, Name=""), headers=KEY
    )
    assert report.diagnostics
    for d in report.diagnostics:
        assert "secret-key-1" not in d.message and "secret-key-1" not in (d.hint or "")


# -- messages name the field, the value, the limit and the vendor error code ------------------


def _one(payload: Any, kind: str, op: str | None = None) -> Any:
    diagnostics = check(payload, kind=kind, op=op).diagnostics
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


@pytest.mark.parametrize(
    ("payload", "kind", "words"),
    [
        (item(MIN_GOAL, association={"CTA": []}), GOAL, ["CTA", "8001", "CTA_RECORD_EMPTY"]),
        (item(MIN_GOAL, association={"SP": []}), GOAL, ["SP", "8002", "SP_RECORD_EMPTY"]),
        (rec(MIN_GOAL, StatusName=" "), GOAL, ["StatusName", "blank", "8010"]),
        (rec(MIN_GOAL, Name="\u3000"), GOAL, ["Name", "blank"]),
        (rec(MIN_GOAL, Name=""), GOAL, ["Name", "empty"]),
        (
            lk(multiMatchOption="FIRST"),
            GOAL,
            ["multiMatchOption", '"FIRST"', "FIRSTMATCH", "MARKASERROR", "8008"],
        ),
        (lk(onNoMatch="SKIP"), GOAL, ["onNoMatch", '"SKIP"', "NULLABLE", "8008"]),
        (lk(lookupField=DELETE), GOAL, ["lookupField", "8008"]),
        (top(COMPANY_GOAL, lookups=DELETE), GOAL, ["CompanyName", "lookup", "8008"]),
        (rec(MIN_GOAL, DueDate="2023-02-29"), GOAL, ["DueDate", "2023-02-29"]),
        (rec(MIN_TPL, DueDate=-1), TEMPLATE, ["DueDate", "-1", "0"]),
        (rec(MIN_TPL, DueDate=25.0), TEMPLATE, ["DueDate", "25.0"]),
        (rec(MIN_GOAL_U, Gsid=G_GOAL[:-1]), GOAL, ["Gsid", G_GOAL[:-1], "35", "36"]),
        (item(MIN_GOAL, association={"CTA": [G_COMPANY]}), GOAL, ["CTA", "1P02", "1S01"]),
        (
            rec(MIN_MET, unitOfMeasure="percent"),
            METRIC,
            ["unitOfMeasure", '"percent"', "PERCENTAGE"],
        ),
        (rec(MIN_GOAL, EntityType="Company"), GOAL, ["EntityType", '"Company"', "COMPANY"]),
        (top(MIN_GOAL, requests=MIN_GOAL["requests"] * 2), GOAL, ["requests", "2", "exactly 1"]),
    ],
)
def test_message_words(payload: Any, kind: str, words: list[str]) -> None:
    d = _one(payload, kind)
    for word in words:
        assert word in d.message, (word, d.message)
    assert d.hint


@pytest.mark.parametrize(
    ("payload", "kind", "pointer", "suggestion"),
    [
        (rec(MIN_GOAL, Descripton="x"), GOAL, R + "/Descripton", "Description"),
        (rec(MIN_GOAL, StatusNmae="x"), GOAL, R + "/StatusNmae", "StatusName"),
        (
            rec(MIN_MET, unitOfMeasure=DELETE, unitofmeasure="DECIMAL"),
            METRIC,
            R + "/unitofmeasure",
            "unitOfMeasure",
        ),
        (top(MIN_GOAL, lookup={}), GOAL, "/lookup", "lookups"),
        (rec(MIN_GOAL, DUEDATE="2025-01-31"), GOAL, R + "/DUEDATE", "DueDate"),
        (rec(MIN_TPL, GOALTYPENAME="Default"), TEMPLATE, R + "/GOALTYPENAME", "GoalTypeName"),
        (
            rec(MIN_GOAL, metricsAssociation=[{"metricId": G_METRIC, "basevalue": 1.0}]),
            GOAL,
            MA + "/basevalue",
            "baseValue",
        ),
    ],
)
def test_did_you_mean(payload: Any, kind: str, pointer: str, suggestion: str) -> None:
    found = [
        d
        for d in check(payload, kind=kind).diagnostics
        if d.code == "GS031" and d.pointer == pointer
    ]
    assert len(found) == 1
    assert f'"{suggestion}"' in (found[0].hint or "") + found[0].message


def test_gsid_key_hints_name_the_right_key() -> None:
    goal = _one(rec(MIN_GOAL_U, Gsid=DELETE, GSID=G_GOAL), GOAL)
    assert "Gsid" in (goal.hint or "")
    metric = _one(rec(MIN_MET_U, gsid=DELETE, Gsid="1I0056K976K5AXWOB1PGJTG9R7V2KYR0KBHZ"), METRIC)
    assert '"gsid"' in (metric.hint or "") + metric.message


# -- hostile inputs: no traceback, no GK999 ---------------------------------------------------


def _no_crash(payload: Any, kind: str | None, op: str | None = None) -> None:
    report = check(payload, kind=kind, op=op)
    assert "GK999" not in {d.code for d in report.diagnostics}


HOSTILE_VALUES: list[Any] = [
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
]


@pytest.mark.parametrize("kind", [GOAL, TEMPLATE, METRIC])
@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=[json.dumps(v) for v in HOSTILE_VALUES])
def test_every_field_any_value(kind: str, value: Any) -> None:
    bases = {
        GOAL: [SEED_GOAL_CREATE, SEED_GOAL_CREATE_2, SEED_GOAL_UPDATE_2],
        TEMPLATE: [SEED_TEMPLATE_CREATE, SEED_TEMPLATE_UPDATE],
        METRIC: [SEED_METRIC_CREATE, SEED_METRIC_UPDATE],
    }[kind]
    for base in bases:
        for path in _paths(base):
            payload = _replace(base, path, value)
            for op in (None, "create", "update"):
                report = check(payload, kind=kind, op=op)
                assert "GK999" not in {d.code for d in report.diagnostics}, (path, value, op)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(node, prefix)]
    while stack:
        current, path = stack.pop()
        if path:
            out.append(path)
        if isinstance(current, dict):
            stack.extend((v, (*path, k)) for k, v in current.items())
        elif isinstance(current, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(current))
    return out


def _replace(base: Any, path: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(base)
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = copy.deepcopy(value)
    return out


@pytest.mark.parametrize("kind", [GOAL, TEMPLATE, METRIC, None])
def test_deep_nesting(kind: str | None) -> None:
    deep: Any = "x"
    for _ in range(2000):
        deep = {"a": deep}
    _no_crash(rec(MIN_GOAL, cf_deep__gc=deep), kind)
    text = '{"requests": [{"record": {"Name": ' + "[" * 3000 + "]" * 3000 + "}}]}"
    report = check(text, kind=kind)
    assert {d.code for d in report.diagnostics} == {"GK208"}


@pytest.mark.parametrize("kind", [GOAL, TEMPLATE, METRIC])
def test_huge_arrays(kind: str) -> None:
    n = 2000
    payload = item(
        rec(MIN_GOAL_U, AssociatedWork=[G_WORK] * n, metricsDissociation=[G_METRIC] * n),
        association={"CTA": [G_CTA] * n, "SP": ["bad"] * n},
        associateGoalTypes=[G_GTYPE] * n,
        dissociateGoalTypes=[G_GTYPE] * n,
    )
    payload["requests"][0]["record"]["metricsAssociation"] = [{"metricId": G_METRIC}] * n
    payload["requests"] = payload["requests"] * 5
    _no_crash(payload, kind, "update")


@pytest.mark.parametrize(
    ("value", "missing"),
    [(None, True), (b"", True), (b" ", True), (b"secret", False), ("secret", False)],
)
def test_access_key_header_values_of_any_type(value: Any, missing: bool) -> None:
    headers: Any = {"accesskey": value}
    report = check_request(
        "POST", HOST + "/v1/csgoal/external/create", SEED_GOAL_CREATE, headers=headers
    )
    assert [d.code for d in report.diagnostics] == (["GS001"] if missing else [])
