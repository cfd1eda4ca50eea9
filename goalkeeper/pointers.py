"""JSON Pointers (RFC 6901) and the words messages use for fields and values."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

PathPart = str | int


def escape_token(token: str) -> str:
    """Escape one reference token of a JSON Pointer (RFC 6901 §3)."""
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


def pointer_of(path: Sequence[PathPart]) -> str:
    """``("when", 0, 2)`` → ``/when/0/2``."""
    return "".join("/" + escape_token(str(part)) for part in path)


def label_of(path: Sequence[PathPart]) -> str:
    """How a field is named in messages: ``apply.feature``, ``when[0][2]``."""
    if not path:
        return "the body"
    label = ""
    for part in path:
        if isinstance(part, int):
            label += f"[{part}]"
        else:
            label += ("." if label else "") + part
    return label


def show(value: Any, limit: int = 60) -> str:
    """A value as JSON, shortened to ``limit`` characters; invisible characters escaped."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        # str() of a huge integer is slow and refused past 4,300 digits
        digits = int(value.bit_length() * 0.30103) + 1
        return f"{'-' if value < 0 else ''}(a number of about {digits:,} digits)"
    try:
        text = visible(json.dumps(value, ensure_ascii=False, default=str))
    except (ValueError, RecursionError, TypeError):
        text = f"({type(value).__name__})"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def visible(text: str) -> str:
    """``text`` with every character that does not print as itself (a no-break space, a
    zero-width space, a control character) written as a JSON escape such as ``\\u00a0``."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    escaped = json.dumps(char)[1:-1]  # \t, \n, \u0007 ...
    if escaped != char:
        return escaped
    code = ord(char)
    if code > 0xFFFF:  # as JSON writes it: a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def ordinal(index: int) -> str:
    """The 0-based ``index`` as people count: 0 → ``first``, 10 → ``11th``, 21 → ``22nd``."""
    if index < len(_ORDINALS):
        return _ORDINALS[index]
    number = index + 1
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def describe_value(value: Any) -> str:
    """``the string "1"``, ``the number 1.5``, ``an array`` …"""
    if isinstance(value, bool):
        return "the boolean " + show(value)
    if value is None:
        return "null"
    if isinstance(value, str):
        return "the string " + show(value)
    if isinstance(value, (int, float)):
        return "the number " + show(value)
    if isinstance(value, list):
        return "an array"
    return "an object"


_ONE_CLASS = re.compile(r"^\^?(\[\^?[^\]]+\])[*+]?(?:\{\d*,?\d*\})?\$?$")


def characters_outside(pattern: str, value: str) -> str | None:
    """For a pattern that is one character class (``^[A-Za-z0-9/_-]*$``), the characters of
    ``value`` it does not allow, quoted and listed (at most five); else None."""
    simple = _ONE_CLASS.match(pattern)
    if not simple:
        return None
    char_class = re.compile(simple.group(1))
    bad = sorted({char for char in value if not char_class.fullmatch(char)})
    return ", ".join(show(char) for char in bad[:5]) if bad else None
