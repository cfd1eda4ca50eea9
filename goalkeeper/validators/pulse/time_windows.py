"""Pulse goal rules: time restrictions (``<timeRestrictions>``) read as windows of the day."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Fix, Severity
from goalkeeper.rules import Source, rule
from goalkeeper.text_edits import xml_element_at, xml_leaf_text
from goalkeeper.validators.pulse.elements import (
    _boolean,
    _integer,
    _label,
    _memo,
    _pointer,
    _text,
    _top,
)
from goalkeeper.validators.pulse.kinds import GOAL_RULES

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


# The elements of a time restriction that hold one value each.
_TIME_SINGLE = ("active", "fromHour", "fromMinute", "toHour", "toMinute")
_CLOCK = _TIME_SINGLE[1:]


@rule(
    "PU240",
    title="active is not a boolean",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="write true or false",
)
def time_active() -> None:
    """A time restriction's ``active`` is ``true`` or ``false``.

    Source: seed 003, "Goal rules: Request body format" (``<active>boolean</active>``).

    Wrong: ``<active>on</active>``

    Right: ``<active>true</active>``
    """


@rule(
    "PU241",
    title="day is not MONDAY ... SUNDAY",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="use MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY or SUNDAY",
)
def time_day() -> None:
    """Each ``days`` element names one day, in upper case.

    Source: seed 003, "Goal rules: Request body format"
    (``<days>MONDAY|TUESDAY|...|SUNDAY</days>``; one element per day, as in the sample).

    Wrong: ``<days>Saturday</days>``, ``<days>SATURDAY,SUNDAY</days>``

    Right: ``<days>SATURDAY</days><days>SUNDAY</days>``
    """


@rule(
    "PU242",
    title="day listed twice in a time restriction",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="list each day once",
)
def time_day_repeated(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A time restriction lists the same day twice.

    Source: seed 003, "Goal rules: Request body format"; SPEC §4.8. The repeat adds
    nothing and often hides a day that was meant instead.

    Wrong: ``<days>SATURDAY</days><days>SATURDAY</days>``

    Right: ``<days>SATURDAY</days><days>SUNDAY</days>``
    """
    for section in _top(doc, "timeRestrictions"):
        seen: set[str] = set()
        for element in section.by_tag.get("days", ()):
            day = _text(element)
            if day in seen:
                yield Finding(
                    "PU242", _pointer(element), f"{day} is already listed in {_label(section)}"
                )
            seen.add(day)


class Window(NamedTuple):
    """A time restriction read as seed 003 describes it, in minutes of the day."""

    active: bool
    days: frozenset[str]
    start: int  # first minute included
    end: int  # first minute not included; 1440 when the end is 0:00
    section: Any


def window_minutes(
    from_hour: int, from_minute: int, to_hour: int, to_minute: int
) -> tuple[int, int]:
    """``[start, end)`` in minutes of the day. The end minute is exclusive (``5:59`` stops at
    05:58:59) and ``0:00`` as the end means the end of the day (seed 003)."""
    start = from_hour * 60 + from_minute
    end = 24 * 60 if (to_hour, to_minute) == (0, 0) else to_hour * 60 + to_minute
    return start, end


class _Windows(NamedTuple):
    windows: list[Window]  # every restriction whose values are all readable
    # False when a restriction that is (or may be) active could not be read: then which
    # minutes are active is unknown, and the rules that need all of them stay silent
    # (the XSD reports the unreadable value: one mistake, one diagnostic).
    complete: bool
    # True when every readable restriction is active: no inactive one can be misplaced.
    all_active: bool


def _windows(doc: Any) -> list[Window]:
    return _all_windows(doc).windows


def _all_windows(doc: Any) -> _Windows:
    return _memo(doc, "windows", _read_windows)  # type: ignore[no-any-return]


def _read_windows(doc: Any) -> _Windows:
    windows = []
    complete = True
    for section in _top(doc, "timeRestrictions"):
        found = section.by_tag
        active = _boolean(section.first("active"))
        parts = []
        for name in _CLOCK:
            element = found.get(name)
            if element is None:
                continue
            text = element[0].text
            if text.isdigit() and text.isascii():  # 0-9 only, the common case
                parts.append(int(text))
                continue
            number = _integer(element[0])
            if number is not None:
                parts.append(number)
        days = frozenset([day.text for day in found.get("days", ())])
        readable = (
            active is not None
            and len(parts) == 4
            and 0 <= parts[0] <= 23
            and 0 <= parts[1] <= 59
            and 0 <= parts[2] <= 23
            and 0 <= parts[3] <= 59
            and days <= _DAYS
        )
        if not readable:
            complete = complete and active is False
            continue
        start, end = window_minutes(*parts)
        windows.append(_new_tuple(Window, (bool(active), days, start, end, section)))
    all_active = True
    for window in windows:
        if not window.active:
            all_active = False
            break
    return _new_tuple(_Windows, (windows, complete, all_active))


_new_tuple = tuple.__new__  # a Window (or _Windows) without a Python-level __new__ call


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@rule(
    "PU243",
    title="hour or minute out of range",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="hours are 0-23 and minutes 0-59",
)
def time_range() -> None:
    """``fromHour`` and ``toHour`` are whole numbers 0 to 23, ``fromMinute`` and
    ``toMinute`` 0 to 59. The end of the day is written ``toHour`` 0, ``toMinute`` 0.

    Source: seed 003, "Goal rules: Request body format" (``<fromHour>0-23</fromHour>``
    ... ``<toMinute>0-59</toMinute>``) and "To extend a rule to the next day, use
    <toHour>0</toHour> and <toMinute>0</toMinute>".

    Wrong: ``<toHour>24</toHour><toMinute>0</toMinute>``

    Right: ``<toHour>0</toHour><toMinute>0</toMinute>``
    """


_DIGITS = re.compile(r"[0-9]+")


def _next_full_hour(source: Source, finding: Finding) -> Fix | None:
    """hh:59 → (hh+1):00, and 23:59 → 0:00 (the end of the day): toHour and toMinute."""
    to_minute = xml_element_at(source, finding.pointer)
    section = to_minute.getparent() if to_minute is not None else None
    to_hour = section.find("toHour") if section is not None else None
    if to_hour is None:
        return None
    minute = xml_leaf_text(source, to_minute)
    hour = xml_leaf_text(source, to_hour)
    if minute is None or hour is None or not _DIGITS.fullmatch(hour[1] + minute[1]):
        return None
    if int(minute[1]) != 59 or int(hour[1]) > 23:
        return None
    new_hour = int(hour[1]) + 1 if int(hour[1]) < 23 else 0
    edits = (
        source.edit(hour[0], hour[0] + len(hour[1]), str(new_hour)),
        source.edit(minute[0], minute[0] + len(minute[1]), "0"),
    )
    return Fix(edits, f"end the window at {new_hour}:00")


@rule(
    "PU244",
    title="time window ends at hh:58:59",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    fix=_next_full_hour,
)
def time_last_minute(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A window that ends at minute 59 stops a minute early: the end minute is exclusive.

    Source: seed 003, "Goal rules: Request body format" (the notes after the format): "Time
    restriction set to, for example, <toHour>5</toHour> and <toMinute>59</toMinute> actually
    means it is set to 05:58:59 ... To capture the last minute of the hour in this example,
    you need to set the time restriction as <toHour>6</toHour> and <toMinute>0</toMinute>."
    For 23:59 the hint is 0:00, the end of the day (SPEC §4.10).

    How goalkeeper reads a window (``from`` included, ``to`` excluded, minutes of the day):

    | from | to | covers | finding |
    |---|---|---|---|
    | 8:00 | 11:00 | 08:00:00-10:59:59 | none |
    | 0:00 | 5:59 | 00:00:00-05:58:59 | PU244: use 6:00 |
    | 0:00 | 23:59 | 00:00:00-23:58:59 | PU244: use 0:00 |
    | 22:00 | 0:00 | 22:00:00-23:59:59 | none (0:00 is the end of the day) |
    | 0:00 | 0:00 | the whole day | none |
    | 10:00 | 10:00 | nothing | PU245 (empty) |
    | 22:00 | 2:00 | nothing (no wrap past midnight) | PU245 (ends before it starts) |

    Wrong: ``<toHour>5</toHour><toMinute>59</toMinute>``

    Right: ``<toHour>6</toHour><toMinute>0</toMinute>``

    Fix (safe): the window ends at the next full hour, so the minute it left out is
    covered as the seed says was meant: ``toHour`` 5, ``toMinute`` 59 become 6 and 0;
    23:59 becomes 0:00, the end of the day. Both elements are edited in place.
    """
    for window in _windows(doc):
        if window.end % 60 == 59 and window.end > window.start:
            suggestion = (
                "0:00 (the end of the day)" if window.end == 1439 else f"{window.end // 60 + 1}:00"
            )
            to_minute = window.section.first("toMinute")
            yield Finding(
                "PU244",
                _pointer(to_minute),
                f"the window ends at {_clock(window.end)}, which the API reads as "
                f"{_clock(window.end - 1)}:59: the minute {_clock(window.end)} is not covered",
                hint=f"to include {_clock(window.end)}, end at {suggestion}",
            )


@rule(
    "PU245",
    title="time window is empty or ends before it starts",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    hint="give an end after the start on the same day; use 0:00 as the end for midnight",
)
def time_empty(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A window whose end equals its start covers nothing; one whose end is before its start
    (other than the end 0:00) would have to wrap past midnight, which the format cannot say.

    Source: seed 003, "Goal rules: Request body format" (end minute exclusive; "To extend a
    rule to the next day, use <toHour>0</toHour> and <toMinute>0</toMinute>"); Decision
    (SPEC §4.10): no wrap past midnight, so such a window is an error. Split a night window
    into two restrictions. See PU244 for the table of worked examples.

    Wrong: ``fromHour 22 fromMinute 0 toHour 2 toMinute 0``

    Right: 22:00-0:00 on the evening's day and 0:00-2:00 on the next day's.
    """
    for window in _windows(doc):
        if window.end == window.start:
            yield Finding(
                "PU245",
                _pointer(window.section.first("toHour")),
                f"the window {_clock(window.start)}-{_clock(window.end)} is empty",
            )
        elif window.end < window.start:
            yield Finding(
                "PU245",
                _pointer(window.section.first("toHour")),
                f"the window ends at {_clock(window.end)}, before it starts at "
                f"{_clock(window.start)}",
            )


def _covers(window: Window) -> bool:
    return window.end > window.start


@rule(
    "PU246",
    title="inactive time restriction has no effect",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="make it overlap an active restriction, or remove it",
)
def time_inactive_unused(doc: Any, ctx: Context) -> Iterator[Finding]:
    """An inactive restriction that overlaps no active one on any of its days can never
    matter.

    Source: seed 003, "Goal rules: Request body format" (the notes after the format): "If
    you set a specific time restriction combination to active, then the rest is considered
    inactive. You can have both active and inactive rules if you want to set a portion of
    the active period to be inactive. For example, active on Saturday between 08:00 a.m. and
    11:00 a.m., but inactive for 15 minutes on Saturday, between 10:00 a.m. and 10:15 a.m."
    Once an active restriction exists, only the active windows deliver, so an inactive
    window outside all of them changes nothing.

    When a restriction that is or may be active cannot be read (an hour out of range, an
    unknown day), the active minutes are unknown: PU246, PU247 and PU248 stay silent and
    the XSD reports the value (one mistake, one diagnostic).

    Wrong: active Saturday 08:00-11:00 and inactive Sunday 10:00-10:15.

    Right: active Saturday 08:00-11:00 and inactive Saturday 10:00-10:15.
    """
    read = _all_windows(doc)
    if read.all_active or not read.complete:
        return  # every restriction is active (the common case), or the active ones unknown
    windows = [w for w in read.windows if _covers(w)]
    by_day = _active_by_day(windows)
    if not by_day:
        return
    for window in windows:
        if not window.active and not any(
            _touches(by_day.get(day, _NO_SPANS), window) for day in window.days
        ):
            yield Finding(
                "PU246",
                _pointer(window.section),
                f"{_label(window.section)} is inactive and overlaps no active "
                "restriction, so it has no effect",
            )


class _Spans(NamedTuple):
    """The minutes the active windows of one day cover, as sorted disjoint spans."""

    starts: list[int]
    ends: list[int]


_NO_SPANS = _Spans([], [])


def _active_by_day(windows: list[Window]) -> dict[str, _Spans]:
    """For each day an active window names, the union of the active windows of that day
    (n log n: sorted once, merged in one pass)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for window in windows:
        if window.active:
            for day in window.days:
                spans.setdefault(day, []).append((window.start, window.end))
    merged: dict[str, _Spans] = {}
    for day, pairs in spans.items():
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(pairs):
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        merged[day] = _Spans(starts, ends)
    return merged


def _touches(spans: _Spans, window: Window) -> bool:
    """Whether the window shares a minute with the spans (a binary search)."""
    index = bisect.bisect_right(spans.starts, window.start) - 1
    if index >= 0 and spans.ends[index] > window.start:
        return True
    following = index + 1
    return following < len(spans.starts) and spans.starts[following] < window.end


@rule(
    "PU247",
    title="inactive time restrictions without an active one",
    severity=INFO,
    kinds=(GOAL_RULES,),
    hint="mark the hours to deliver as active; inactive ones only cut into those",
)
def time_inactive_alone(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Inactive restrictions are given but no restriction is active.

    Source: seed 003, "Goal rules: Request body format" (active and inactive
    restrictions, see PU246); SPEC §4.10: with no
    active restriction the effect of inactive ones is undocumented.

    Wrong: only ``<timeRestrictions><active>false</active>...``

    Right: an active restriction for the delivery hours, and the inactive ones inside it.
    """
    read = _all_windows(doc)
    windows = read.windows
    if read.complete and not any(w.active for w in windows):
        for window in filter(_covers, windows):  # an empty window is PU245's
            yield Finding(
                "PU247",
                _pointer(window.section),
                f"{_label(window.section)} is inactive and no restriction is active; "
                "its effect is undocumented",
            )


@rule(
    "PU248",
    title="inactive time restriction switches off a whole day",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="shorten the inactive restriction, or remove the day from the active ones",
)
def time_inactive_covers_day(doc: Any, ctx: Context) -> Iterator[Finding]:
    """An inactive restriction covers every active window of a day it names, so the goal
    never delivers that day.

    Source: seed 003, "Goal rules: Request body format": "You can have both active and
    inactive rules if you want to set a portion of the active period to be inactive". An
    inactive window that takes the whole active period of a day is not a portion of it;
    usually a day or an hour was mistyped. Decision (SPEC §4.10): a warning naming the day
    and the times.

    Wrong: active Saturday 08:00-11:00 and inactive Saturday 00:00-0:00 (all day).

    Right: active Saturday 08:00-11:00 and inactive Saturday 10:00-10:15.
    """
    read = _all_windows(doc)
    if read.all_active or not read.complete:
        return  # every restriction is active (the common case), or the active ones unknown
    windows = [w for w in read.windows if _covers(w)]
    by_day = _active_by_day(windows)
    for window in windows:
        if window.active:
            continue
        for day in _DAY_ORDER:
            spans = by_day.get(day) if day in window.days else None
            if spans and window.start <= spans.starts[0] and spans.ends[-1] <= window.end:
                active = ", ".join(
                    f"{_clock(start)}-{_clock(end)}"
                    for start, end in zip(spans.starts, spans.ends, strict=True)
                )
                when = (
                    "all day"
                    if (window.start, window.end) == (0, 24 * 60)
                    else f"{_clock(window.start)}-{_clock(window.end)}"
                )
                yield Finding(
                    "PU248",
                    _pointer(window.section),
                    f"{_label(window.section)} is inactive on {day} {when}, which covers all "
                    f"of that day's active time ({active}): the goal never delivers on {day}",
                )


_DAY_ORDER = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_DAYS = frozenset(_DAY_ORDER)


RULES = (
    time_active,
    time_day,
    time_day_repeated,
    time_range,
    time_last_minute,
    time_empty,
    time_inactive_unused,
    time_inactive_alone,
    time_inactive_covers_day,
)
