"""Pulse specifics that fixtures alone do not show: the clock, dates, mixed directories."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

import goalkeeper
from goalkeeper.cli import main
from goalkeeper.validators.pulse.dates import parse_pulse_datetime
from goalkeeper.validators.pulse.time_windows import window_minutes

GOAL = """<goalBean>
    <campaignId>c3abb649-e45f-4692-a467-083e9968af6b</campaignId>
    <end>2031-06-30T00:00:00+0200</end>
    <goalValue>30000.0</goalValue>
    <start>2031-01-01T00:00:00+0200</start>
    <type>IMPRESSION</type>
    <variant>NORMAL</variant>
</goalBean>
"""


def test_the_same_file_at_two_clocks(tmp_path: Path) -> None:
    path = tmp_path / "goal.xml"
    path.write_text(GOAL)
    before = CliRunner().invoke(main, ["check", "--now", "2030-12-31T21:59:59Z", str(path)])
    assert before.exit_code == 0 and before.stdout == "All checks passed (1 file).\n"
    during = CliRunner().invoke(
        main, ["check", "--format", "json", "--now", "2031-03-01T12:00", str(path)]
    )
    (diagnostic,) = json.loads(during.stdout)["diagnostics"]
    assert (diagnostic["code"], diagnostic["pointer"], diagnostic["line"]) == (
        "PU116",
        "/goalBean/start",
        5,
    )
    after = CliRunner().invoke(main, ["check", "--now", "2031-07-01T00:00:00+02:00", str(path)])
    assert after.exit_code == 0 and "PU116" not in after.stdout  # both in the past: inactive


def test_the_library_clock() -> None:
    start = datetime(2031, 1, 1, tzinfo=timezone(timedelta(hours=2)))
    assert goalkeeper.check(GOAL, now=start - timedelta(seconds=1)).diagnostics == ()
    late = goalkeeper.check(GOAL, now=start + timedelta(seconds=1))
    assert [d.code for d in late.diagnostics] == ["PU116"]
    # Without now= the library uses the current time: a start in 2016 has passed.
    old = GOAL.replace("2031", "2016")
    assert [d.code for d in goalkeeper.check(old).diagnostics] == []  # both passed
    assert [
        d.code for d in goalkeeper.check(old.replace("2016-06-30", "2099-06-30")).diagnostics
    ] == ["PU116"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-09-30T00:00:00+0200", datetime(2016, 9, 30, tzinfo=timezone(timedelta(hours=2)))),
        ("2016-09-30T00:00:00+02:00", datetime(2016, 9, 30, tzinfo=timezone(timedelta(hours=2)))),
        (
            "2016-09-30T00:00:00-0530",
            datetime(2016, 9, 30, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
        ),
        ("2016-09-30T00:00:00Z", datetime(2016, 9, 30, tzinfo=timezone.utc)),
        ("2016-09-30T00:00:00", datetime(2016, 9, 30, tzinfo=timezone.utc)),
        ("2016-09-30T00:00:00.5", datetime(2016, 9, 30, 0, 0, 0, 500000, tzinfo=timezone.utc)),
        ("2016-02-30T00:00:00", None),
        ("2016-09-30T24:00:00", None),
        ("2016-09-30T00:00:00+2500", None),
        ("2016-09-30 00:00:00", False),
        ("30/09/2016", False),
    ],
)
def test_pulse_datetimes(text: str, expected: object) -> None:
    assert parse_pulse_datetime(text) == expected


@pytest.mark.parametrize(
    ("window", "minutes"),
    [
        ((8, 0, 11, 0), (480, 660)),
        ((0, 0, 5, 59), (0, 359)),  # 05:59 excluded: the last second is 05:58:59
        ((22, 0, 0, 0), (1320, 1440)),  # 0:00 as the end is the end of the day
        ((0, 0, 0, 0), (0, 1440)),
        ((10, 0, 10, 0), (600, 600)),  # empty
        ((22, 0, 2, 0), (1320, 120)),  # ends before it starts
    ],
)
def test_window_table_of_the_rule_documentation(
    window: tuple[int, int, int, int], minutes: tuple[int, int]
) -> None:
    assert window_minutes(*window) == minutes


def test_a_mixed_directory_is_checked_by_detection_alone(tmp_path: Path) -> None:
    (tmp_path / "goal.xml").write_text(GOAL)
    (tmp_path / "rules.xml").write_text("<rulesBean><parentId>g</parentId><ipRanges/></rulesBean>")
    (tmp_path / "goal-type.json").write_text('{"code": "g-1", "name": "n", "agents": []}')
    (tmp_path / "rule.json").write_text(
        '{"code": "r", "status": 2, "agents": ["*"], "when": [], "apply": {"segment": "s"}}'
    )
    (tmp_path / "response.xml").write_text("<collection/>")
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--now", "2030-01-01", str(tmp_path)]
    )
    report = json.loads(result.stdout)
    assert report["files_checked"] == 5
    found = {(Path(d["path"]).name, d["kind"], d["code"]) for d in report["diagnostics"]}
    assert found == {
        ("rules.xml", "pulse/goal-rules", "PU201"),
        ("rule.json", "conductrics/targeting-rule", "CT203"),
        ("response.xml", None, "GK403"),
    }


def test_explicit_pulse_kind_refuses_json(tmp_path: Path) -> None:
    path = tmp_path / "goal.json"
    path.write_text('{"code": "g"}')
    result = CliRunner().invoke(main, ["check", "--kind", "pulse/goal", str(path)])
    assert result.exit_code == 1 and "GK301" in result.stdout


def test_schema_command_prints_the_xsd() -> None:
    result = CliRunner().invoke(main, ["schema", "pulse/goal-rules"])
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert '<xs:element name="rulesBean"' in result.stdout
