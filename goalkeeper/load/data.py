"""Python data handed to the library as an already parsed payload, checked for what JSON
cannot hold before any rule sees it (SPEC §7).

A dict key that is not a string, a set, a structure that contains itself, or a value of
a type JSON has no form for (a datetime, bytes, an object) is a located GK209 finding;
NaN and infinities are GK205 and integers beyond a double GK206, as in JSON text. The walk
is iterative and bounded by the JSON nesting limit, so nothing recurses on the payload.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from goalkeeper.diagnostics import Finding
from goalkeeper.load.json_document import MAX_DEPTH
from goalkeeper.pointers import show


def _beyond_double(value: int) -> bool:
    """Whether an integer would become infinity as a double (1.8e308 and up; a 309-digit
    integer can be either side)."""
    if value.bit_length() <= 1023:
        return False
    try:
        float(value)
    except OverflowError:
        return True
    return False


_TYPE_NAMES = {
    set: "a set",
    frozenset: "a frozenset",
    bytes: "bytes",
    bytearray: "a bytearray",
    complex: "a complex number",
}


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _describe(value: Any) -> str:
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return name
    name = f"{type(value).__module__}.{type(value).__qualname__}".removeprefix("builtins.")
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


def _not_json(pointer: str, message: str, hint: str) -> Finding:
    return Finding("GK209", pointer, message, hint=hint)


def inspect_data(data: Any) -> list[Finding]:
    """Findings for everything in ``data`` that has no JSON form; empty when it is JSON."""
    findings: list[Finding] = []
    # (value, pointer, depth); a None value marks leaving the container on top of `open_ids`.
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    open_ids: list[int] = []
    open_set: set[int] = set()
    while stack:
        value, pointer, depth = stack.pop()
        if value is _LEAVE:
            open_set.discard(open_ids.pop())
            continue
        if value is None or isinstance(value, (str, bool)):
            continue
        if isinstance(value, int):
            if _beyond_double(value):
                findings.append(
                    Finding(
                        "GK206",
                        pointer,
                        f"the number {show(value)} is too large for a double",
                        hint="numbers beyond ±1.8e308 cannot be represented by the API",
                    )
                )
            continue
        if isinstance(value, float):
            if not math.isfinite(value):
                shown = "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
                findings.append(
                    Finding(
                        "GK205",
                        pointer,
                        f"{shown} is not a JSON number",
                        hint="JSON has no NaN or Infinity; use a finite number or None",
                    )
                )
            continue
        is_mapping = isinstance(value, Mapping)
        if not is_mapping and not isinstance(value, (list, tuple)):
            what = _describe(value)
            hint = (
                "use a list (sorted, if the order does not matter)"
                if isinstance(value, (set, frozenset))
                else "convert it to a string, number, boolean, None, list or dict first"
            )
            findings.append(
                _not_json(pointer, f"{label(pointer)} is {what}, which JSON cannot hold", hint)
            )
            continue
        identity = id(value)
        if identity in open_set:
            findings.append(
                _not_json(
                    pointer,
                    f"{label(pointer)} contains itself (a recursive structure), which JSON "
                    "cannot hold",
                    "build the payload as a tree: no list or dict may contain itself",
                )
            )
            continue
        if depth >= MAX_DEPTH:
            findings.append(
                Finding(
                    "GK208",
                    pointer,
                    f"the document is nested deeper than {MAX_DEPTH} levels",
                    hint="no vendor payload nests this deep; the data is probably built wrongly",
                )
            )
            continue
        open_ids.append(identity)
        open_set.add(identity)
        stack.append((_LEAVE, "", 0))
        if is_mapping:
            children = []
            for key, item in value.items():
                if not isinstance(key, str):
                    findings.append(
                        _not_json(
                            pointer,
                            f"{label(pointer)} has the key {key!r} ({_describe(key)}); JSON "
                            "object keys are strings",
                            f"use the string {str(key)!r} as the key",
                        )
                    )
                    continue
                children.append((item, f"{pointer}/{_escape(key)}", depth + 1))
            stack.extend(reversed(children))
        else:
            stack.extend(
                (item, f"{pointer}/{index}", depth + 1)
                for index, item in reversed(list(enumerate(value)))
            )
    return findings


def label(pointer: str) -> str:
    return f"the value at {pointer}" if pointer else "the payload"


class _Leave:
    """Marks the end of a container on the walk's stack."""


_LEAVE: Any = _Leave()
