"""Pulse goal rules: time restrictions (``<timeRestrictions>``) read as windows of the day."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.rules import rule
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
        for element in section.all("days"):
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


def _windows(doc: Any) -> list[Window]:
    return _memo(doc, "windows", _read_windows)  # type: ignore[no-any-return]


def _read_windows(doc: Any) -> list[Window]:
    """Every restriction whose values are all readable (the XSD reports the others)."""
    windows = []
    for section in _top(doc, "timeRestrictions"):
        active = _boolean(section.first("active"))
        read = [_integer(section.first(name)) for name in _TIME_SINGLE[1:]]
        parts = [part for part in read if part is not None]
        if active is None or len(parts) != 4:
            continue
        from_hour, from_minute, to_hour, to_minute = parts
        if not (
            0 <= from_hour <= 23
            and 0 <= to_hour <= 23
            and 0 <= from_minute <= 59
            and 0 <= to_minute <= 59
        ):
            continue
        start, end = window_minutes(from_hour, from_minute, to_hour, to_minute)
        days = frozenset(_text(day) for day in section.all("days"))
        windows.append(Window(active, days, start, end, section))
    return windows


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


@rule("PU244", title="time window ends at hh:58:59", severity=WARNING, kinds=(GOAL_RULES,))
def time_last_minute(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A window that ends at minute 59 stops a minute early: the end minute is exclusive.

    Source: seed 003: "Time restriction set to, for example, <toHour>5</toHour> and
    <toMinute>59</toMinute> actually means it is set to 05:58:59 ... To capture the last
    minute of the hour in this example, you need to set the time restriction as
    <toHour>6</toHour> and <toMinute>0</toMinute>." For 23:59 the hint is 0:00, the end of
    the day (SPEC §4.10).

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

    Source: seed 003 (end minute exclusive; "To extend a rule to the next day, use
    <toHour>0</toHour> and <toMinute>0</toMinute>"); Decision (SPEC §4.10): no wrap past
    midnight, so such a window is an error. Split a night window into two restrictions.
    See PU244 for the table of worked examples.

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


def overlaps(first: Window, second: Window) -> bool:
    """Whether two windows share a minute on a day they both list."""
    return bool(first.days & second.days) and first.start < second.end and second.start < first.end


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

    Source: seed 003: "If you set a specific time restriction combination to active, then
    the rest is considered inactive. You can have both active and inactive rules if you
    want to set a portion of the active period to be inactive. For example, active on
    Saturday between 08:00 a.m. and 11:00 a.m., but inactive for 15 minutes on Saturday,
    between 10:00 a.m. and 10:15 a.m." Once an active restriction exists, only the active
    windows deliver, so an inactive window outside all of them changes nothing.

    Wrong: active Saturday 08:00-11:00 and inactive Sunday 10:00-10:15.

    Right: active Saturday 08:00-11:00 and inactive Saturday 10:00-10:15.
    """
    windows = [w for w in _windows(doc) if _covers(w)]
    active = [w for w in windows if w.active]
    if not active:
        return
    for window in windows:
        if not window.active and not any(overlaps(window, other) for other in active):
            yield Finding(
                "PU246",
                _pointer(window.section),
                f"{_label(window.section)} is inactive and overlaps no active "
                "restriction, so it has no effect",
            )


@rule(
    "PU247",
    title="inactive time restrictions without an active one",
    severity=INFO,
    kinds=(GOAL_RULES,),
    hint="mark the hours to deliver as active; inactive ones only cut into those",
)
def time_inactive_alone(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Inactive restrictions are given but no restriction is active.

    Source: seed 003 (active and inactive restrictions, see PU246); SPEC §4.10: with no
    active restriction the effect of inactive ones is undocumented.

    Wrong: only ``<timeRestrictions><active>false</active>...``

    Right: an active restriction for the delivery hours, and the inactive ones inside it.
    """
    windows = _windows(doc)
    if not any(w.active for w in windows):
        for window in filter(_covers, windows):  # an empty window is PU245's
            yield Finding(
                "PU247",
                _pointer(window.section),
                f"{_label(window.section)} is inactive and no restriction is active; "
                "its effect is undocumented",
            )


RULES = (
    time_active,
    time_day,
    time_day_repeated,
    time_range,
    time_last_minute,
    time_empty,
    time_inactive_unused,
    time_inactive_alone,
)
