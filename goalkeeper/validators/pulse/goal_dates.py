"""Pulse goals: ``start`` and ``end`` as dates, their order and the clock (seed 003)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.rules import rule
from goalkeeper.validators.pulse.dates import _moment
from goalkeeper.validators.pulse.elements import (
    _pointer,
    _quoted,
    _text,
)
from goalkeeper.validators.pulse.kinds import GOAL

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


@rule(
    "PU114",
    title="start or end is not a valid date and time",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="write YYYY-MM-DDThh:mm:ss, optionally with an offset such as +0200",
)
def goal_datetime(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``start`` and ``end`` are date-times like ``2016-09-30T00:00:00+0200``.

    Source: seed 003, "Goal: Request body format" and the request samples. The offset may
    be written ``+0200`` (as the samples do) or ``+02:00``; ``Z`` and fractional seconds
    are accepted, and no offset means UTC (Decision, SPEC §4.10). The XSD checks the
    shape; this rule also refuses dates that do not exist (``2016-02-30``).

    Wrong: ``<start>30/09/2016 00:00</start>``, ``<end>2016-02-30T00:00:00</end>``

    Right: ``<start>2016-09-30T00:00:00+0200</start>``
    """
    for name in ("start", "end"):
        moment = _moment(doc, name)
        if moment is not None and moment.value is None:
            yield Finding(
                "PU114",
                _pointer(moment.element),
                f"{name} {_quoted(_text(moment.element))} is not a real date and time",
            )


@rule(
    "PU115",
    title="end is not after start",
    severity=ERROR,
    kinds=(GOAL,),
    hint="move end after start",
)
def goal_end_after_start(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``end`` must be later than ``start``.

    Source: seed 003, "Goal: Request body format": "End date and time must be after start
    date and time". Both are compared as instants, offsets included.

    Wrong: ``<start>2016-10-30T00:00:00+0200</start><end>2016-09-30T00:00:00+0200</end>``

    Right: ``<start>2016-09-30T00:00:00+0200</start><end>2016-10-30T00:00:00+0200</end>``
    """
    start, end = _moment(doc, "start"), _moment(doc, "end")
    if start and end and start.value and end.value and end.value <= start.value:
        yield Finding(
            "PU115",
            _pointer(end.element),
            f"end {_text(end.element)} is not after start {_text(start.element)}",
        )


@rule(
    "PU116",
    title="start is in the past",
    severity=WARNING,
    kinds=(GOAL,),
    hint="give a start in the future, or leave it: the API uses the time of creation",
)
def goal_start_in_past(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``start`` lies in the past: on create while ``end`` does not [warning]; on update
    [info].

    Source: seed 003, "Goal: Request body format": "start date and time cannot be in the
    past and if you pass in a past date and time, it gets set to the date and time of
    creation"; "Passing in a start date and time in the past is only allowed if the end
    date and time is also in the past"; "The start date and time of active goals can only
    be updated to a future start date and time ... or remain set to the original creation
    date and time in the past"; "The start date and time of upcoming goals can only be
    updated to a future start date and time". The clock is ``--now`` (library: ``now=``),
    by default the current time. Decision (SPEC §4.10): on create a warning, and a missing
    end counts as not in the past; on update an info (an active goal keeps its original
    past start, which goalkeeper cannot tell from a new one).

    Wrong (at 2016-10-01): ``<start>2016-09-30T00:00:00+0200</start>
    <end>2016-10-30T00:00:00+0200</end>``

    Right: a start after the clock, or start and end both in the past (an inactive goal).
    """
    start, end = _moment(doc, "start"), _moment(doc, "end")
    if start is None or start.value is None or start.value >= ctx.now:
        return
    before = f"start {_text(start.element)} is before now ({ctx.now.isoformat(timespec='minutes')})"
    if ctx.op == "update":
        yield Finding(
            "PU116",
            _pointer(start.element),
            f"{before}; on update an active goal must keep its original start, and an "
            "upcoming goal can only move to a future start",
            severity=INFO,
            hint="keep the goal's original start if it is active; otherwise give a future start",
        )
        return
    if end is not None and end.value is not None and end.value < ctx.now:
        return
    yield Finding(
        "PU116",
        _pointer(start.element),
        f"{before}; the API will start the goal at its creation instead",
    )


@rule(
    "PU122",
    title="start and end differ in having an offset",
    severity=WARNING,
    kinds=(GOAL,),
    hint="give start and end the same offset, the account's (such as +0200)",
)
def goal_mixed_offsets(doc: Any, ctx: Context) -> Iterator[Finding]:
    """One of ``start`` and ``end`` has an offset (``+0200``, ``Z``) and the other has none.

    Source: seed 003, "Goal: Request body format" (the format shows dates without an
    offset, the samples with ``+0200``). Decision (SPEC §4.10): a date without an offset
    is read as UTC, so goalkeeper compares the two as if the missing offset were UTC; when
    the account is not on UTC, the order and the past/future checks may be off by hours.

    Wrong: ``<start>2016-09-30T00:00:00+0200</start><end>2016-10-30T00:00:00</end>``

    Right: ``<start>2016-09-30T00:00:00+0200</start><end>2016-10-30T00:00:00+0200</end>``
    """
    start, end = _moment(doc, "start"), _moment(doc, "end")
    if start is None or end is None or start.zoned == end.zoned:
        return
    if start.value is None or end.value is None:  # PU114 reports the date
        return
    zoned, bare = (start, end) if start.zoned else (end, start)
    yield Finding(
        "PU122",
        _pointer(bare.element),
        f"{zoned.element.tag} {_text(zoned.element)} has an offset but {bare.element.tag} "
        f"{_text(bare.element)} has none; goalkeeper compares them as if "
        f"{bare.element.tag} were UTC",
    )


RULES = (
    goal_datetime,
    goal_end_after_start,
    goal_start_in_past,
    goal_mixed_offsets,
)
