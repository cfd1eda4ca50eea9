"""Reading Infinity's integer fields, which may come as strings of digits.

The API's own responses write every number as a string (``"segment":"400"``), so users
who save a response and send it back send strings. goalkeeper reads ``"400"`` as 400
(with a warning, IN001), checks ranges on the number, and reports ``400.0`` as an error:
the schema takes care of every other type and of strings that are not digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from goalkeeper.diagnostics import Finding
from goalkeeper.pointers import show

DIGITS = re.compile(r"-?[0-9]+")
# A digit string longer than this is far outside every range; it is not converted (a
# 10 MB string of digits must not cost a 10 MB integer).
_LONGEST = 20


class IntegerValue(NamedTuple):
    """An integer field as read: its number, and whether it was written as a string."""

    number: int
    quoted: bool


def read_integer(value: Any) -> IntegerValue | None:
    """The number an integer field holds, or None when the schema already reports it
    (wrong type, not digits) or it is an integer-valued float (see :func:`float_finding`)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return IntegerValue(value, False)
    if isinstance(value, str) and DIGITS.fullmatch(value) and value.isascii():
        negative = value.startswith("-")
        digits = value.lstrip("-")
        if len(digits) > _LONGEST:
            return IntegerValue(-(10**_LONGEST) if negative else 10**_LONGEST, True)
        return IntegerValue(int(value), True)
    return None


def is_integer_valued_float(value: Any) -> bool:
    """``400.0``: JSON Schema counts it as an integer, the API's typed JSON does not."""
    return isinstance(value, float) and value.is_integer()


def float_finding(code: str, pointer: str, label: str, value: float) -> Finding:
    return Finding(
        code,
        pointer,
        f"{label} must be an integer, not the number {show(value)}",
        hint=f"write {int(value)} without a decimal point",
    )


def range_findings(
    code: str, pointer: str, label: str, value: Any, low: int, high: int | None
) -> Iterator[Finding]:
    """The float error, or the range error on the number (a quoted number included)."""
    if is_integer_valued_float(value):
        yield float_finding(code, pointer, label, value)
        return
    read = read_integer(value)
    if read is None:
        return
    if read.number < low or (high is not None and read.number > high):
        allowed = f"{low}-{high}" if high is not None else f"{low} or more"
        yield Finding(code, pointer, f"{label} is {show(value)}; it must be {allowed}")
