"""A seeded corpus of payloads for every kind goalkeeper checks, about 5% of them invalid.

    python benchmarks/corpus.py OUT [--json 10000] [--xml 2000] [--seed 1] [--invalid 0.05]
                                    [--json-kinds conductrics/goal-type,...]
                                    [--xml-kinds pulse/goal,pulse/goal-rules]

writes OUT/json/<kind>/NNNNN.json and OUT/xml/<kind>/NNNNN.xml, split evenly over the kinds,
and OUT/manifest.json, which names every file's kind and lists every invalid file with the
mistake it was given. Infinity segment orders sit beside the segments they order (one
directory is one IGRP for the cross-file checks), and segment IDs and references are unique
there unless a mutation repeats one. The same seed gives the same corpus. A new kind joins by
adding a generator to GENERATORS: a function from a random source to a valid payload, plus
mutations that break it.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

INVALID_SHARE = 0.05

Mutation = tuple[str, Callable[[Any], Any]]


# -- Conductrics goal types --------------------------------------------------------------


def goal_type(rng: random.Random) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "code": f"g-{rng.getrandbits(40):010x}",
        "name": rng.choice(["Checkout", "Video Play Start", "Signup", "Purchase"])
        + f" {rng.randint(1, 999)}",
        "agents": [f"a-{rng.getrandbits(32):08x}" for _ in range(rng.randint(0, 4))],
    }
    if rng.random() < 0.4:
        payload["countMax"] = rng.randint(1, 10)
    if rng.random() < 0.3:
        low = rng.randint(0, 100)
        payload["valueMin"], payload["valueMax"] = low, low + rng.randint(1, 5000)
    return payload


def _goal_type_mutations() -> list[Mutation]:
    def values_reversed(p: dict[str, Any]) -> None:
        p["valueMin"], p["valueMax"] = 10, 5

    return [
        ("code with a space (CT101)", lambda p: p.update(code="checkout complete")),
        ("name over 50 characters (CT102)", lambda p: p.update(name="n" * 60)),
        ("countMax 0 (CT105)", lambda p: p.update(countMax=0)),
        ("valueMax below valueMin (CT108)", values_reversed),
        (
            "valueMin without valueMax (CT107)",
            lambda p: (p.pop("valueMax", None), p.update(valueMin=1)),
        ),
        ("agents as a string (CT103)", lambda p: p.update(agents="a-1")),
    ]


# -- Conductrics targeting rules ---------------------------------------------------------


def targeting_rule(rng: random.Random) -> dict[str, Any]:
    when = [
        [
            rng.choice(["geoCity", "geoContinent", "uaIsMobile"]),
            rng.choice(["eq", "neq"]),
            rng.choice(["New York", "Europe", "true", "Boston"]),
        ]
        for _ in range(rng.randint(0, 3))
    ]
    payload: dict[str, Any] = {
        "code": f"rule-{rng.getrandbits(32):08x}",
        "status": rng.choice([0, 1]),
        "agents": rng.choice([["*"], [f"agent-{rng.randint(1, 50)}"]]),
        "when": when,
        "apply": rng.choice(
            [
                {"feature": "#geoContinent,#uaIsMobile"},
                {"segment": "urbanites"},
                {"feature": "gothamite"},
            ]
        ),
    }
    if len(when) > 1:
        payload["andor"] = rng.choice(["and", "or"])
    return payload


def _targeting_rule_mutations() -> list[Mutation]:
    return [
        ("status true (CT203)", lambda p: p.update(status=True)),
        ("condition with two items (CT207)", lambda p: p.update(when=[["geoCity", "New York"]])),
        ("andor in upper case (CT210)", lambda p: p.update(andor="AND")),
        ("empty feature item (CT213)", lambda p: p.update(apply={"feature": "a,,b"})),
        ("apply without feature or segment (CT212)", lambda p: p.update(apply={})),
        ("missing status (CT200)", lambda p: p.pop("status")),
    ]


# -- Infinity segments, segment orders and segment groups (one IGRP) -----------------------


class InfinityIds:
    """The segment IDs handed out so far: unique, so that only mutations repeat one."""

    def __init__(self) -> None:
        self.defined: list[int] = []
        self.handed_out = 0

    def next(self) -> int:
        number = 2 + self.handed_out % 65534
        self.handed_out += 1
        self.defined.append(number)
        return number

    def renumber(self, payload: dict[str, Any], number: int) -> None:
        """Give a segment another ID; its own ID is no longer defined (orders skip it)."""
        if payload.get("segment") in self.defined:
            self.defined.remove(payload["segment"])
        payload["segment"] = number


_IDS = InfinityIds()


def infinity_segment(rng: random.Random) -> dict[str, Any]:
    payload: dict[str, Any] = {"segmentName": f"Segment {rng.randint(1, 9999)}"}
    if rng.random() < 0.7:
        number = _IDS.next()
        payload["segment"] = number
        payload["segmentRef"] = f"ref-{number}"
    if rng.random() < 0.5:
        payload["segmentOrder"] = rng.randint(0, 50)
    payload["criteria"] = [
        {
            "field": rng.choice(["act", "href", "ch", "dgrp"]),
            "op": rng.choice(["begins", "nbegins", "eq"]),
            "value": rng.choice(["12", "/action/do", "/help", "ppc"]),
        }
        for _ in range(rng.randint(1, 3))
    ]
    if rng.random() < 0.3:
        payload["segmentGroupId"] = rng.randint(0, 5)
    return payload


def _infinity_segment_mutations() -> list[Mutation]:
    return [
        ("built-in segment 1 (IN102)", lambda p: _IDS.renumber(p, 1)),
        ("segment ID used by another file (IN401)", lambda p: _IDS.renumber(p, 2)),
        ("name over 100 characters (IN103)", lambda p: p.update(segmentName="n" * 120)),
        ("segmentOrder 70000 (IN105)", lambda p: p.update(segmentOrder=70000)),
        (
            "goal field in the criteria (IN110)",
            lambda p: p["criteria"].append({"field": "goalTitle", "op": "eq", "value": "x"}),
        ),
        ("criterion without op (IN108)", lambda p: p["criteria"][0].pop("op")),
    ]


def infinity_segment_order(rng: random.Random) -> dict[str, Any]:
    known = _IDS.defined or [_IDS.next()]
    return {"sortedSegments": rng.sample(known[-200:], min(len(known[-200:]), rng.randint(1, 8)))}


def _infinity_segment_order_mutations() -> list[Mutation]:
    return [
        ("built-in segment 1 in the order (IN202)", lambda p: p["sortedSegments"].insert(0, 1)),
        ("ID 70000 (IN203)", lambda p: p["sortedSegments"].append(70000)),
        (
            "a segment twice (IN204)",
            lambda p: p["sortedSegments"].append(p["sortedSegments"][0]),
        ),
        ("empty order (IN201)", lambda p: p.update(sortedSegments=[])),
    ]


def infinity_segment_group(rng: random.Random) -> dict[str, Any]:
    return {
        "segmentGroupName": rng.choice(["Regions", "Products", "Channels"])
        + f" {rng.randint(1, 99)}"
    }


def _infinity_segment_group_mutations() -> list[Mutation]:
    return [
        ("empty name (IN301)", lambda p: p.update(segmentGroupName="")),
        ("name as a number (IN301)", lambda p: p.update(segmentGroupName=400)),
    ]


# -- Pulse goals ---------------------------------------------------------------------------


def pulse_goal(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["IMPRESSION", "SHARE_OF_VOICE", "RTB"])
    value = {"IMPRESSION": f"{rng.randint(1000, 90000)}.0", "SHARE_OF_VOICE": "0.25", "RTB": "0"}[
        kind
    ]
    return {
        "campaignId": f"{rng.getrandbits(64):016x}-c3ab",
        "end": "2099-10-30T00:00:00+0200",
        "frontLoadFactor": str(rng.choice(range(0, 101, 10))),
        "goalValue": value,
        "name": f"Royco {rng.randint(1, 999)}",
        "priority": str(rng.randint(1, 10)),
        "start": "2099-09-30T00:00:00+0200",
        "type": kind,
        "unlimitedImpressions": "false",
        "variant": rng.choice(["NORMAL", "BUMPER"]),
    }


def _pulse_goal_mutations() -> list[Mutation]:
    return [
        ("priority 11 (PU111)", lambda p: p.update(priority="11")),
        (
            "share of voice as a percentage (PU107)",
            lambda p: p.update(type="SHARE_OF_VOICE", goalValue="25"),
        ),
        ("end before start (PU115)", lambda p: p.update(end="2099-01-01T00:00:00+0200")),
        ("missing variant (PU100)", lambda p: p.pop("variant")),
        ("frontLoadFactor 45 (PU112)", lambda p: p.update(frontLoadFactor="45")),
    ]


def _goal_xml(payload: dict[str, Any]) -> str:
    body = "".join(f"    <{name}>{value}</{name}>\n" for name, value in payload.items())
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<goalBean>\n{body}</goalBean>\n'


# -- Pulse goal rules ----------------------------------------------------------------------
# Bodies shaped like the seed's "Update goal rules" request: every rules section present
# (custom parameters, content, frequency caps, the five ignoreParent...Rules flags,
# locations, parentId, tags, time restrictions), elements in the seed's order. The names
# the API ignores (resourceName, country, region) are left out of valid bodies: goalkeeper
# warns about them, so they are one of the mistakes.

_DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
_IGNORED_SECTIONS = ("Content", "Frequency", "Location", "Tag", "Time")
_COUNTRIES = [("752", "se"), ("578", "no"), ("208", "dk"), ("246", "fi"), ("276", "de")]


def _uuid(rng: random.Random) -> str:
    text = f"{rng.getrandbits(128):032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def pulse_rules(rng: random.Random) -> dict[str, Any]:
    parameters = rng.sample(["acp.genre", "acp.network", "acp.show", "acp.region"], 2)
    start = rng.randint(0, 16)
    countries = rng.sample(_COUNTRIES, rng.randint(1, 3))
    return {
        "acp": [
            (
                name,
                rng.choice(["true", "false"]),
                rng.choice(["AT_LEAST_ONE_OF", "NONE_OF"]),
                [f"{name[4:]}{i}" for i in rng.sample(range(100), rng.randint(1, 4))],
            )
            for name in parameters
        ],
        "content": [
            (_uuid(rng), rule_type)
            for rule_type in rng.sample(["ALL_OF", "AT_LEAST_ONE_OF", "NONE_OF"], 2)
        ],
        "caps": [(rng.randint(1, 4), "HOUR"), (rng.randint(10, 30), "DAY")],
        "ignore": [rng.choice(["true", "false"]) for _ in range(5)],
        "locations": [
            (rng.choice(["true", "false"]) if i else "true", number, iso2, "COUNTRY")
            for i, (number, iso2) in enumerate(countries)
        ]
        + [("true", str(rng.randint(1, 200)), countries[0][1], "REGION")],
        "parentId": _uuid(rng),
        "tags": [
            (tag, rule_type)
            for tag, rule_type in zip(
                rng.sample(["entertainment", "idol", "reality_show", "violence", "news"], 4),
                ["ALL_OF", "AT_LEAST_ONE_OF", "AT_LEAST_ONE_OF", "NONE_OF"],
                strict=True,
            )
        ],
        "time": [
            (
                sorted(rng.sample(_DAYS, rng.randint(1, 3)), key=_DAYS.index),
                start,
                start + rng.randint(1, 7),
            ),
        ],
    }


def _pulse_rules_mutations() -> list[Mutation]:
    def ends_at_59(p: dict[str, Any]) -> None:
        p["time_end_minute"] = 59

    def wraps(p: dict[str, Any]) -> None:
        p["time"] = [(["FRIDAY"], 22, 2)]

    def bad_value(p: dict[str, Any]) -> None:
        name, ignore, rule_type, _values = p["acp"][0]
        p["acp"][0] = (name, ignore, rule_type, ["Stand up"])

    def contradiction(p: dict[str, Any]) -> None:
        resource = p["content"][0][0]
        p["content"] = [(resource, "ALL_OF"), (resource, "NONE_OF")]

    def all_of(p: dict[str, Any]) -> None:
        name, ignore, _rule_type, values = p["acp"][0]
        p["acp"][0] = (name, ignore, "ALL_OF", values)

    def resource_names(p: dict[str, Any]) -> None:
        p["resource_names"] = True

    def same_cap_unit(p: dict[str, Any]) -> None:
        p["caps"] = [(3, "HOUR"), (5, "HOUR")]

    def bad_day(p: dict[str, Any]) -> None:
        days, start, end = p["time"][0]
        p["time"][0] = (["Monday", *days], start, end)

    def location_both(p: dict[str, Any]) -> None:
        allowed, number, iso2, kind = p["locations"][0]
        p["locations"].append(("false" if allowed == "true" else "true", number, iso2, kind))

    return [
        ("window ends at minute 59 (PU244, warning only)", ends_at_59),
        ("window wraps past midnight (PU245)", wraps),
        ("custom parameter value with a space (PU253)", bad_value),
        ("resource required and excluded (PU213)", contradiction),
        ("ALL_OF for a custom parameter (PU252)", all_of),
        ("resourceName and country names given (PU212, PU233 warnings)", resource_names),
        ("two caps for the hour (PU222, warning)", same_cap_unit),
        ("day in lower case (PU241)", bad_day),
        ("location allowed and excluded (PU234)", location_both),
    ]


def _rules_xml(p: dict[str, Any]) -> str:
    names = p.get("resource_names", False)
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', "<rulesBean>"]
    for name, ignore, rule_type, values in p["acp"]:
        lines += [
            "    <accountCustomParameters>",
            f"        <ignoreParent>{ignore}</ignoreParent>",
            f"        <parameterName>{name}</parameterName>",
        ]
        for value in values:
            lines += [
                "        <rules>",
                f"            <ruleType>{rule_type}</ruleType>",
                f"            <value>{value}</value>",
                "        </rules>",
            ]
        lines.append("    </accountCustomParameters>")
    for index, (resource, rule_type) in enumerate(p["content"]):
        lines += ["    <content>", f"        <resourceId>{resource}</resourceId>"]
        if names:
            lines.append(f"        <resourceName>Category {index}</resourceName>")
        lines += [
            f"        <ruleType>{rule_type}</ruleType>",
            "        <variableType>SITE</variableType>",
            "    </content>",
        ]
    for impressions, unit in p["caps"]:
        lines += [
            "    <frequencyCappings>",
            f"        <impressions>{impressions}</impressions>",
            f"        <timeUnit>{unit}</timeUnit>",
            "    </frequencyCappings>",
        ]
    for section, flag in zip(_IGNORED_SECTIONS, p["ignore"], strict=True):
        lines.append(f"    <ignoreParent{section}Rules>{flag}</ignoreParent{section}Rules>")
    for allowed, number, iso2, location_type in p["locations"]:
        lines += ["    <locations>", f"        <allowed>{allowed}</allowed>"]
        if names:
            lines.append("        <country>sweden</country>")
        lines += [f"        <id>{number}</id>"]
        if location_type == "COUNTRY":
            lines.append(f"        <iso2>{iso2}</iso2>")
        lines += [f"        <locationType>{location_type}</locationType>", "    </locations>"]
    lines.append(f"    <parentId>{p['parentId']}</parentId>")
    for resource, rule_type in p["tags"]:
        lines += ["    <tags>", f"        <resourceId>{resource}</resourceId>"]
        if names:
            lines.append(f"        <resourceName>{resource}</resourceName>")
        lines += [
            f"        <ruleType>{rule_type}</ruleType>",
            "        <variableType>TAG</variableType>",
            "    </tags>",
        ]
    for days, start, end in p["time"]:
        lines += ["    <timeRestrictions>", "        <active>true</active>"]
        lines += [f"        <days>{day}</days>" for day in days]
        lines += [
            f"        <fromHour>{start}</fromHour>",
            "        <fromMinute>0</fromMinute>",
            f"        <toHour>{end}</toHour>",
            f"        <toMinute>{p.get('time_end_minute', 0)}</toMinute>",
            "    </timeRestrictions>",
        ]
    lines.append("</rulesBean>")
    return "\n".join(lines) + "\n"


# -- Gainsight fetch, delete and picklist requests ------------------------------------------

_GAINSIGHT_FIELDS = ["Name", "Gsid", "StatusId", "DueDate", "CompanyId__gr.Name", "notes__gc"]


def _gsid(rng: random.Random, prefix: str) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return prefix + "".join(rng.choice(alphabet) for _ in range(32))


def gainsight_fetch(rng: random.Random) -> dict[str, Any]:
    conditions = []
    for index in range(rng.randint(0, 4)):
        operator = rng.choice(["EQ", "STARTS_WITH", "CONTAINS", "IN", "BTW", "IS_NULL"])
        values = {"IN": ["a", "b", "c"], "BTW": ["2025-01-01", "2025-01-31"], "IS_NULL": []}
        conditions.append(
            {
                "fieldName": rng.choice(_GAINSIGHT_FIELDS),
                "value": values.get(operator, [f"v{rng.randint(1, 99)}"]),
                "alias": "ABCD"[index],
                "operator": operator,
            }
        )
    payload: dict[str, Any] = {
        "select": rng.sample(_GAINSIGHT_FIELDS, rng.randint(1, len(_GAINSIGHT_FIELDS))),
        "pageSize": rng.choice([10, 50, 100]),
        "pageNumber": rng.randint(1, 20),
    }
    if conditions:
        aliases = [c["alias"] for c in conditions]
        expression = aliases[0]
        for alias in aliases[1:]:
            expression = f"({expression} {rng.choice(['AND', 'OR'])} {alias})"
        payload["where"] = {"conditions": conditions, "expression": expression}
    return payload


def _gainsight_fetch_mutations() -> list[Mutation]:
    def lower_case_and(p: dict[str, Any]) -> None:
        p["where"] = {
            "conditions": [
                {"fieldName": "Name", "value": ["a"], "alias": "A", "operator": "EQ"},
                {"fieldName": "Name", "value": ["b"], "alias": "B", "operator": "EQ"},
            ],
            "expression": "A and B",
        }

    def btw_one_value(p: dict[str, Any]) -> None:
        p["where"] = {
            "conditions": [
                {"fieldName": "DueDate", "value": ["2025-01-01"], "alias": "A", "operator": "BTW"}
            ],
            "expression": "A",
        }

    return [
        ("expression with a lower-case and (GS312)", lower_case_and),
        ("BTW with one value (GS306)", btw_one_value),
        ("pageNumber 0 (GS315)", lambda p: p.update(pageNumber=0)),
        ("empty select (GS300)", lambda p: p.update(select=[])),
    ]


def gainsight_delete(rng: random.Random) -> dict[str, Any]:
    prefix = rng.choice(["1CG0", "1I00"])
    return {"recordIds": [_gsid(rng, prefix) for _ in range(rng.randint(1, 5))]}


def _gainsight_delete_mutations() -> list[Mutation]:
    return [
        ("empty recordIds (GS400)", lambda p: p.update(recordIds=[])),
        ("recordIds as a string (GS400)", lambda p: p.update(recordIds=p["recordIds"][0])),
    ]


def gainsight_picklist(rng: random.Random) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "entityIds": rng.sample(["COMPANY", "ALL_ENTITY", _gsid(rng, "1P06")], rng.randint(1, 3)),
        "active": rng.choice([True, False]),
        "includeMetrics": rng.choice([True, False]),
        "includeChildPicklist": rng.choice([True, False]),
    }
    if rng.random() < 0.7:
        payload["picklistCategory"] = rng.choice(["GOAL_TYPE", "GOAL_STATUS"])
    return payload


def _gainsight_picklist_mutations() -> list[Mutation]:
    return [
        ("active as a string (GS452)", lambda p: p.update(active="true")),
        ("unknown category (GS453)", lambda p: p.update(picklistCategory="STATUS")),
    ]


# -- Gainsight goals, templates and metrics ---------------------------------------------------


def _lookup(fields: dict[str, str], object_name: str) -> dict[str, Any]:
    return {
        "fields": fields,
        "lookupField": "Gsid",
        "objectName": object_name,
        "multiMatchOption": "FIRSTMATCH",
        "onNoMatch": "ERROR",
    }


def gainsight_goal(rng: random.Random) -> dict[str, Any]:
    record: dict[str, Any] = {
        "Name": rng.choice(["Onboarding", "Adoption", "Renewal"]) + f" {rng.randint(1, 999)}",
        "StatusName": rng.choice(["New", "On Track", "Achieved"]),
        "DueDate": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "Description": "<p>Quarterly goal</p>",
    }
    payload: dict[str, Any] = {"requests": [{"record": record}]}
    if rng.random() < 0.3:  # an update
        record["Gsid"] = _gsid(rng, "1CG0")
        if rng.random() < 0.5:
            record["metricsDissociation"] = [_gsid(rng, "1I00")]
        return payload
    entity = rng.choice(["COMPANY", "GLOBAL"])
    record["EntityType"] = entity
    if entity == "COMPANY":
        record["CompanyName"] = rng.choice(["IBM", "Acme", "Globex"])
        payload["lookups"] = {"CompanyId": _lookup({"CompanyName": "Name"}, "company")}
    if rng.random() < 0.5:
        record["metricsAssociation"] = [
            {
                "metricId": _gsid(rng, "1I00"),
                "baseValue": float(rng.randint(0, 10)),
                "targetValue": float(rng.randint(10, 50)),
                "actualValue": [{"value": 5.0, "timestamp": "2025-01-04"}],
            }
        ]
    if rng.random() < 0.5:
        payload["requests"][0]["association"] = {
            "CTA": [_gsid(rng, "1S01")],
            "SP": [_gsid(rng, "1S02")],
        }
    return payload


def _gainsight_goal_mutations() -> list[Mutation]:
    def record(p: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = p["requests"][0]["record"]
        return found

    def empty_cta(p: dict[str, Any]) -> None:
        p["requests"][0]["association"] = {"CTA": []}

    return [
        ("February 30 as DueDate (GS004)", lambda p: record(p).update(DueDate="2025-02-30")),
        ("blank StatusName (GS009)", lambda p: record(p).update(StatusName=" ")),
        ("empty association.CTA (GS020)", empty_cta),
        ("EntityType in mixed case (GS104)", lambda p: record(p).update(EntityType="Company")),
    ]


def gainsight_template(rng: random.Random) -> dict[str, Any]:
    record: dict[str, Any] = {
        "Name": f"Template {rng.randint(1, 999)}",
        "GoalTypeName": "Default",
        "StatusName": "New",
        "DueDate": rng.randint(0, 365),
        "AssociatedWork": [_gsid(rng, "1I00")],
        "metricsAssociation": [{"metricId": _gsid(rng, "1I00")}],
    }
    if rng.random() < 0.3:
        record["Gsid"] = _gsid(rng, "1CG0")
        record["metricsDissociation"] = [{"metricId": _gsid(rng, "1I00")}]
    return {"requests": [{"record": record}]}


def _gainsight_template_mutations() -> list[Mutation]:
    def record(p: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = p["requests"][0]["record"]
        return found

    return [
        ("DueDate 25.0 (GS201)", lambda p: record(p).update(DueDate=25.0)),
        ("negative DueDate (GS201)", lambda p: record(p).update(DueDate=-1)),
        ("metricsAssociation without metricId (GS202)",
         lambda p: record(p).update(metricsAssociation=[{"id": "x"}])),
    ]  # fmt: skip


def gainsight_metric(rng: random.Random) -> dict[str, Any]:
    record: dict[str, Any] = {
        "name": f"Metric {rng.randint(1, 999)}",
        "unitOfMeasure": rng.choice(["DECIMAL", "PERCENTAGE", "CURRENCY"]),
        "description": "<p>Weekly</p>",
    }
    item: dict[str, Any] = {"record": record, "associateGoalTypes": [_gsid(rng, "1I00")]}
    if rng.random() < 0.3:
        record["gsid"] = _gsid(rng, "1I00")
        item["dissociateGoalTypeNames"] = ["CG1"]
    return {"requests": [item]}


def _gainsight_metric_mutations() -> list[Mutation]:
    def record(p: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = p["requests"][0]["record"]
        return found

    def both_ways(p: dict[str, Any]) -> None:
        p["requests"][0]["associateGoalTypeNames"] = ["CG1"]
        p["requests"][0]["dissociateGoalTypeNames"] = ["CG1"]

    return [
        ("unitOfMeasure percent (GS251)", lambda p: record(p).update(unitOfMeasure="percent")),
        ("same goal type associated and dissociated (GS253)", both_ways),
    ]


def _json_text(payload: Any) -> str:
    return json.dumps(payload, indent=2) + "\n"


class Generator:
    def __init__(
        self,
        make: Callable[[random.Random], Any],
        mutations: list[Mutation],
        render: Callable[[Any], str],
        suffix: str,
        directory: str | None = None,
    ) -> None:
        self.make, self.mutations, self.render, self.suffix = make, mutations, render, suffix
        # Where the files go (default: a directory named after the kind).
        self.directory = directory


# Every kind goalkeeper checks, by format. Add a kind here and it joins the corpus.
GENERATORS: dict[str, dict[str, Generator]] = {
    "json": {
        "conductrics/goal-type": Generator(goal_type, _goal_type_mutations(), _json_text, ".json"),
        "conductrics/targeting-rule": Generator(
            targeting_rule, _targeting_rule_mutations(), _json_text, ".json"
        ),
        "infinity/segment": Generator(
            infinity_segment, _infinity_segment_mutations(), _json_text, ".json"
        ),
        "infinity/segment-order": Generator(
            infinity_segment_order,
            _infinity_segment_order_mutations(),
            _json_text,
            ".json",
            directory="infinity-segment",
        ),
        "infinity/segment-group": Generator(
            infinity_segment_group, _infinity_segment_group_mutations(), _json_text, ".json"
        ),
        "gainsight/goal": Generator(
            gainsight_goal, _gainsight_goal_mutations(), _json_text, ".json"
        ),
        "gainsight/template": Generator(
            gainsight_template, _gainsight_template_mutations(), _json_text, ".json"
        ),
        "gainsight/metric": Generator(
            gainsight_metric, _gainsight_metric_mutations(), _json_text, ".json"
        ),
        "gainsight/fetch": Generator(
            gainsight_fetch, _gainsight_fetch_mutations(), _json_text, ".json"
        ),
        "gainsight/delete": Generator(
            gainsight_delete, _gainsight_delete_mutations(), _json_text, ".json"
        ),
        "gainsight/picklist": Generator(
            gainsight_picklist, _gainsight_picklist_mutations(), _json_text, ".json"
        ),
    },
    "xml": {
        "pulse/goal": Generator(pulse_goal, _pulse_goal_mutations(), _goal_xml, ".xml"),
        "pulse/goal-rules": Generator(pulse_rules, _pulse_rules_mutations(), _rules_xml, ".xml"),
    },
}


def generate(
    out: Path,
    counts: dict[str, int],
    seed: int,
    kinds: dict[str, list[str]] | None = None,
    invalid_share: float = INVALID_SHARE,
) -> dict[str, Any]:
    rng = random.Random(seed)
    _IDS.__init__()
    shutil.rmtree(out, ignore_errors=True)
    manifest: dict[str, Any] = {"seed": seed, "files": {}, "invalid": {}}
    for fmt, count in counts.items():
        chosen = (kinds or {}).get(fmt) or list(GENERATORS[fmt])
        for index in range(count):
            kind = chosen[index % len(chosen)]
            generator = GENERATORS[fmt][kind]
            payload = generator.make(rng)
            why = None
            if rng.random() < invalid_share:
                why, mutate = rng.choice(generator.mutations)
                mutate(payload)
            directory = generator.directory or kind.replace("/", "-")
            path = out / fmt / directory / f"{index:05d}{generator.suffix}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(generator.render(payload), encoding="utf-8")
            relative = str(path.relative_to(out))
            manifest["files"][relative] = kind
            if why:
                manifest["invalid"][relative] = why
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--json", type=int, default=10_000, help="JSON files (default 10000)")
    parser.add_argument("--xml", type=int, default=2_000, help="XML files (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json-kinds", help="comma-separated JSON kinds (default: all)")
    parser.add_argument("--xml-kinds", help="comma-separated XML kinds (default: all)")
    parser.add_argument(
        "--invalid", type=float, default=INVALID_SHARE, help="share of invalid files (0.05)"
    )
    arguments = parser.parse_args()
    kinds = {
        fmt: chosen.split(",")
        for fmt, chosen in (("json", arguments.json_kinds), ("xml", arguments.xml_kinds))
        if chosen
    }
    manifest = generate(
        arguments.out,
        {"json": arguments.json, "xml": arguments.xml},
        arguments.seed,
        kinds,
        arguments.invalid,
    )
    print(f"{len(manifest['files'])} files, {len(manifest['invalid'])} invalid, in {arguments.out}")


if __name__ == "__main__":
    main()
