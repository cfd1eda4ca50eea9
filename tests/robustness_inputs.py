"""Generated adversarial inputs for the robustness tests and the scaling benchmark.

Nothing here is a committed large file: every payload is built from a size argument.
"""

from __future__ import annotations

import json

TIME_UNITS = (
    "FIVE_MINUTES",
    "TEN_MINUTES",
    "QUARTER_HOUR",
    "HALF_HOUR",
    "HOUR",
    "DAY",
    "WEEK",
    "MONTH",
    "GOAL_LIFETIME",
)


def goal_type_with_agents(count: int) -> str:
    """A Conductrics goal type with ``count`` distinct agents and one repeated at the end
    (about 8 bytes an agent: 16,000 agents make 130 KB)."""
    agents = [f"agent-{index}" for index in range(count)] + ["agent-0"]
    return json.dumps({"code": "g", "name": "n", "agents": agents})


def goal_with_unknown_elements(count: int) -> str:
    """A Pulse goal with ``count`` unknown elements (5 bytes each: 64,000 make 320 KB)."""
    return "<goalBean>" + "<x>1</x>" * count + "</goalBean>"


def rules_with_caps(count: int) -> str:
    """Pulse goal rules with ``count`` frequency caps cycling through every period."""
    caps = "".join(
        f"<frequencyCappings><impressions>{count - index}</impressions>"
        f"<timeUnit>{TIME_UNITS[index % len(TIME_UNITS)]}</timeUnit></frequencyCappings>"
        for index in range(count)
    )
    return f"<rulesBean><parentId>p</parentId>{caps}</rulesBean>"


def rules_with_windows(count: int) -> str:
    """Pulse goal rules with ``count`` time windows, half active, half inactive elsewhere."""
    windows = "".join(
        f"<timeRestrictions><active>{'true' if index % 2 else 'false'}</active>"
        f"<days>{'MONDAY' if index % 2 else 'TUESDAY'}</days>"
        f"<fromHour>{index % 23}</fromHour><fromMinute>0</fromMinute>"
        f"<toHour>{index % 23 + 1}</toHour><toMinute>0</toMinute></timeRestrictions>"
        for index in range(count)
    )
    return f"<rulesBean><parentId>p</parentId>{windows}</rulesBean>"


def json_with_escaped_quotes(count: int) -> str:
    """Many brackets (so the nesting pre-scan runs), then an unterminated string of
    escaped quotes: a scanner that retries from every quote is quadratic here."""
    return "[]" * 600 + '"' + '\\"' * count


def empty_strings(size: int) -> str:
    """A goal type whose agents are ``size`` bytes of empty strings."""
    return '{"code":"g","name":"n","agents":[' + ",".join(['""'] * (size // 3)) + "]}"


def long_string(size: int) -> str:
    """A goal type whose name is one string of ``size`` characters."""
    return '{"code":"g","name":"' + "a" * size + '","agents":[]}'


def feature_list(size: int) -> str:
    """A targeting rule whose feature list is ``size`` bytes of one-letter features."""
    return json.dumps(
        {
            "code": "r",
            "status": 1,
            "agents": ["a"],
            "when": [["geoCity", "eq", "x"]],
            "apply": {"feature": ", ".join(["a"] * (size // 3))},
        }
    )


def nested_equal_arrays(depth: int) -> str:
    """Two equal arrays nested ``depth`` deep as agents (equality must not recurse)."""
    nested = "[" * depth + '"x"' + "]" * depth
    return '{"code":"g","name":"n","agents":[' + nested + "," + nested + "]}"
