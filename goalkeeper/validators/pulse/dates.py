"""Reading Pulse date-times (``start`` and ``end``) once for every goal rule."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from goalkeeper.diagnostics import Severity
from goalkeeper.validators.pulse.elements import (
    _first,
    _memo,
    _text,
)

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


@cache
def _datetime_pattern() -> re.Pattern[str]:
    return re.compile(
        r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):?(\d{2}))?"
    )


class _Moment(NamedTuple):
    value: datetime | None  # None when the text has the shape but not a real date
    element: Any
    zoned: bool  # written with an offset or Z (without one it is read as UTC)


def parse_pulse_datetime(text: str) -> datetime | bool | None:
    """A Pulse date-time: an aware datetime, None for an impossible date, False for the
    wrong shape. No offset means UTC (SPEC §4.10); ``+0200`` and ``+02:00`` both work."""
    match = _datetime_pattern().fullmatch(text)
    if not match:
        return False
    # The shape is known now: hand a normalised form to the C parser.
    fraction = match.group(7) or ""
    zone = match.group(8)
    if not zone or zone == "Z":
        offset = "+00:00"
    else:
        if int(match.group(10)) > 23 or int(match.group(11)) > 59:
            return None
        offset = f"{match.group(9)}{match.group(10)}:{match.group(11)}"
    normalised = text[:19] + (fraction[:7].ljust(7, "0") if fraction else "") + offset
    try:
        return datetime.fromisoformat(normalised)
    except ValueError:
        return None


def _moment(doc: Any, name: str) -> _Moment | None:
    return _memo(doc, f"moment:{name}", lambda doc: _read_moment(doc, name))  # type: ignore[no-any-return]


def _read_moment(doc: Any, name: str) -> _Moment | None:
    element = _first(doc, name)
    if element is None:
        return None
    text = _text(element)
    parsed = parse_pulse_datetime(text)
    if parsed is False:
        return None  # the XSD reports the shape
    zoned = text.endswith("Z") or _offset_pattern().search(text) is not None
    return _Moment(parsed if isinstance(parsed, datetime) else None, element, zoned)


@cache
def _offset_pattern() -> re.Pattern[str]:
    return re.compile(r"T[0-9:.]+[+-][0-9]{2}:?[0-9]{2}$")
