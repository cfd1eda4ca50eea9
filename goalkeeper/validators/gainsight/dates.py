"""Gainsight dates: ``YYYY-MM-DD`` strings that must be real calendar dates.

The reader (``date_problem``) is shared by the Gainsight kinds; GS004 applies it to the
goal's ``DueDate`` and the metric values' ``timestamp``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import PathPart, label_of, pointer_of, show
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.kinds import GOAL, records

# ASCII digits only: \d would accept other scripts' digits.
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def date_problem(value: str) -> str | None:
    """Why ``value`` is not a ``YYYY-MM-DD`` calendar date, or None."""
    found = _DATE.fullmatch(value)
    if found is None:
        return "is not a date in the form YYYY-MM-DD"
    year, month, day = int(found[1]), int(found[2]), int(found[3])
    if year and 1 <= month <= 12 and 1 <= day <= 28:
        return None  # every month has these days
    if year < 1:
        return "is not a calendar date: there is no year 0"
    if not 1 <= month <= 12:
        return f"is not a calendar date: there is no month {month}"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return (
            f"is not a calendar date: {calendar.month_name[month]} {year} has {last} days"
            if day
            else "is not a calendar date: there is no day 0"
        )
    return None


def _dates(doc: JsonDocument) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    """A goal's ``DueDate`` and every metric value's ``timestamp`` that is a string."""
    for index, _item, record in records(doc):
        at: tuple[PathPart, ...] = ("requests", index, "record")
        if isinstance(record.get("DueDate"), str):
            yield (*at, "DueDate"), record["DueDate"]
        metrics = record.get("metricsAssociation")
        if not isinstance(metrics, list):
            continue
        for position, metric in enumerate(metrics):
            values = metric.get("actualValue") if isinstance(metric, dict) else None
            if not isinstance(values, list):
                continue
            for number, value in enumerate(values):
                stamp = value.get("timestamp") if isinstance(value, dict) else None
                if isinstance(stamp, str):
                    path = (*at, "metricsAssociation", position, "actualValue", number)
                    yield (*path, "timestamp"), stamp


@rule(
    "GS004",
    title="date is not a YYYY-MM-DD calendar date",
    severity=Severity.ERROR,
    kinds=(GOAL,),
    schema=True,
    triggers=("requests",),
    hint="write the date as YYYY-MM-DD, e.g. 2025-01-31, and check the day exists",
)
def calendar_date(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A goal's ``DueDate`` or a metric value's ``timestamp`` is not a real date.

    Source: seed 004, "Create Customer Goals" parameters: ``DueDate`` is "the due date of
    the goal in the format YYYY-MM-DD"; the metric values in "Goal Create API" carry
    ``timestamp`` dates in the same form. A date that does not exist (``2023-02-30``)
    or another format (``31/01/2025``, ``2025-1-31``, a time) is rejected by the API.
    The value must be a string; a number in ``DueDate`` is a template's days count
    (goalkeeper detects such a body as a template).

    Wrong: ``"DueDate": "2023-02-29"``, ``"timestamp": "2025-01-04T10:00:00"``

    Right: ``"DueDate": "2024-02-29"``, ``"timestamp": "2025-01-04"``
    """
    for where, value in _dates(doc):
        problem = date_problem(value)
        if problem is not None:
            yield Finding("GS004", pointer_of(where), f"{label_of(where)} {show(value)} {problem}")


RULES = (calendar_date,)
