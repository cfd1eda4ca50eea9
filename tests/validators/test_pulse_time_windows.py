"""Time restrictions against an independent, minute-by-minute model of seed 003.

The model reads the seed literally, in seconds: a restriction covers the seconds from
``fromHour:fromMinute:00`` up to and including one second before ``toHour:toMinute``
("toHour 5, toMinute 59 actually means 05:58:59"), with ``0:00`` as the end meaning the
last second of the day ("to extend a rule to the next day"). A minute of a day is covered
when all its seconds are. From that model the test predicts, per restriction:

* PU245: it covers no minute at all;
* PU244: it covers minutes and the last one is hh:58 (the window stops at hh:58:59);
* PU246: it is inactive, covers minutes, some restriction is active, and it shares no
  (day, minute) with the minutes the active restrictions cover;
* PU247: it is inactive, covers minutes, and no restriction is active;
* PU248: it is inactive, covers minutes, and for a day it lists, every (day, minute) the
  active restrictions cover is one of its own,

and compares with what goalkeeper reports.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from goalkeeper.checker import Checker, Target

DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
SECONDS_PER_DAY = 24 * 3600

hours = st.sampled_from([0, 0, 1, 5, 6, 8, 10, 11, 12, 22, 23])
minutes = st.sampled_from([0, 0, 15, 30, 45, 58, 59])

restrictions = st.tuples(
    st.booleans(),
    st.lists(st.sampled_from(DAYS[4:]), min_size=1, max_size=2, unique=True),
    hours,
    minutes,
    hours,
    minutes,
)


def covered_minutes(from_hour: int, from_minute: int, to_hour: int, to_minute: int) -> set[int]:
    first = from_hour * 3600 + from_minute * 60
    if (to_hour, to_minute) == (0, 0):
        last = SECONDS_PER_DAY - 1
    else:
        last = to_hour * 3600 + to_minute * 60 - 1
    return {
        minute for minute in range(24 * 60) if first <= minute * 60 and minute * 60 + 59 <= last
    }


def predicted(entries: list[Any]) -> set[tuple[str, int]]:
    cells = []
    for _active, days, fh, fm, th, tm in entries:
        minutes_covered = covered_minutes(fh, fm, th, tm)
        cells.append({(day, minute) for day in days for minute in minutes_covered})
    _days = {day for e in entries for day in e[1]}
    active_cells = set().union(*(c for c, e in zip(cells, entries, strict=True) if e[0]))
    any_active = any(e[0] for e in entries)
    expected = set()
    for index, ((active, _days, fh, fm, th, tm), own) in enumerate(
        zip(entries, cells, strict=True)
    ):
        minutes_covered = covered_minutes(fh, fm, th, tm)
        if not minutes_covered:
            expected.add(("PU245", index))
            continue
        if max(minutes_covered) % 60 == 58:
            expected.add(("PU244", index))
        if not active and any_active and active_cells and not own & active_cells:
            expected.add(("PU246", index))
        if not active and not any_active:
            expected.add(("PU247", index))
        if not active and any(
            day_cells and day_cells <= own
            for day_cells in ({c for c in active_cells if c[0] == day} for day in _days)
        ):
            expected.add(("PU248", index))
    return expected


def document(entries: list[Any], digits: bool = False) -> bytes:
    """The rules document; ``digits`` writes active as 1/0, which the API reads alike."""
    parts = ["<rulesBean><parentId>g</parentId>"]
    for active, days, fh, fm, th, tm in entries:
        flag = str(int(active)) if digits else str(active).lower()
        parts.append(f"<timeRestrictions><active>{flag}</active>")
        parts.extend(f"<days>{day}</days>" for day in days)
        parts.append(
            f"<fromHour>{fh}</fromHour><fromMinute>{fm}</fromMinute>"
            f"<toHour>{th}</toHour><toMinute>{tm}</toMinute></timeRestrictions>"
        )
    parts.append("</rulesBean>")
    return "".join(parts).encode()


def reported(entries: list[Any], digits: bool = False) -> set[tuple[str, int]]:
    raw = document(entries, digits)
    diagnostics = Checker().check_bytes(raw, Target("rules.xml", "pulse/goal-rules"))
    found = set()
    for diagnostic in diagnostics:
        if digits and diagnostic.code == "PU001":
            continue  # 1/0 for true/false: a warning of its own
        assert diagnostic.code in {"PU244", "PU245", "PU246", "PU247", "PU248"}, diagnostic
        match = re.search(r"/timeRestrictions(?:\[(\d+)\])?", diagnostic.pointer or "")
        assert match, diagnostic.pointer
        found.add((diagnostic.code, int(match.group(1) or 1) - 1))
    return found


@settings(max_examples=600, deadline=None)
@given(st.lists(restrictions, min_size=1, max_size=4), st.booleans())
def test_rules_match_the_minute_model(entries: list[Any], digits: bool) -> None:
    assert reported(entries, digits) == predicted(entries)


def test_active_written_as_digits_takes_part_in_the_window_analysis() -> None:
    # <active>1</active> and <active>0</active> are read as true and false (PU001 warns).
    outside = [(True, ["SATURDAY"], 8, 0, 11, 0), (False, ["SUNDAY"], 10, 0, 10, 15)]
    assert reported(outside, digits=True) == {("PU246", 1)}
    assert reported([(False, ["SUNDAY"], 10, 0, 10, 15)], digits=True) == {("PU247", 0)}
    whole_day = [(True, ["SATURDAY"], 8, 0, 11, 0), (False, ["SATURDAY"], 0, 0, 0, 0)]
    assert reported(whole_day, digits=True) == {("PU248", 1)}


def test_the_seeds_own_examples() -> None:
    # Active Saturday 08:00-11:00 with 15 inactive minutes inside: fine.
    inside = [(True, ["SATURDAY"], 8, 0, 11, 0), (False, ["SATURDAY"], 10, 0, 10, 15)]
    assert reported(inside) == set()
    # The same inactive minutes on Sunday can never matter.
    outside = [(True, ["SATURDAY"], 8, 0, 11, 0), (False, ["SUNDAY"], 10, 0, 10, 15)]
    assert reported(outside) == {("PU246", 1)}
    # 5:59 stops at 05:58:59; 6:00 covers the whole hour; 0:00 is the end of the day.
    assert reported([(True, ["SATURDAY"], 0, 0, 5, 59)]) == {("PU244", 0)}
    assert reported([(True, ["SATURDAY"], 0, 0, 6, 0)]) == set()
    assert reported([(True, ["SATURDAY"], 22, 0, 0, 0)]) == set()
    assert reported([(True, ["SATURDAY"], 10, 0, 10, 0)]) == {("PU245", 0)}
    assert reported([(True, ["SATURDAY"], 22, 0, 2, 0)]) == {("PU245", 0)}
