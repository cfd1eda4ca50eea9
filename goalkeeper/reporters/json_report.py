"""``--format json``: the stable report contract of SPEC §5."""

from __future__ import annotations

import json
from typing import Any

from goalkeeper import __version__
from goalkeeper.checker import Report


def render_json(
    report: Report,
    strict: bool = False,
    statistics: bool = False,
    show_files: bool = False,
    show_statistics: bool = False,
    **_: object,
) -> str:
    data = report.to_dict(__version__, strict, statistics or show_statistics, show_files)
    return dumps_indented(data) + "\n"


_SCALARS = (str, int, float, bool, type(None))


def dumps_indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, written by the C encoder.

    With an indent, the standard library encodes in Python, one call per value (a third
    of a report's cost when most files have findings). A list or an object whose members
    are all plain values is encoded in one C call whose item separator carries the line
    break and the indentation; deeper structures are laid out around them.
    """
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(key.__class__ is str for key in value):
            return _indented(value, level)
        inner = "\n" + "  " * (level + 1)
        if all(isinstance(member, _SCALARS) for member in value.values()):
            flat = json.dumps(value, ensure_ascii=False, separators=("," + inner, ": "))
            return "{" + inner + flat[1:-1] + "\n" + "  " * level + "}"
        items = [
            json.dumps(key, ensure_ascii=False) + ": " + dumps_indented(member, level + 1)
            for key, member in value.items()
        ]
        return "{" + inner + ("," + inner).join(items) + "\n" + "  " * level + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = "\n" + "  " * (level + 1)
        if all(isinstance(member, _SCALARS) for member in value):
            flat = json.dumps(value, ensure_ascii=False, separators=("," + inner, ": "))
            return "[" + inner + flat[1:-1] + "\n" + "  " * level + "]"
        items = [dumps_indented(member, level + 1) for member in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + "  " * level + "]"
    return _indented(value, level)


def _indented(value: Any, level: int) -> str:
    """The standard library's own answer, at ``level`` (keys that are not strings, tuples,
    anything the fast layout does not cover)."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * level) if level else text
