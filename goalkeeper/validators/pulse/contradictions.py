"""Finding a key both targeted and excluded, shared by content, location and custom
parameter rules.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from typing import Any

from goalkeeper.diagnostics import Finding
from goalkeeper.validators.pulse.elements import (
    _pointer,
    _quoted,
)


def _contradictions(
    entries: list[tuple[Any, str, Any]],
    code: str,
    what: str,
    yes: str,
    yes_values: Container[str],
    no_value: str,
) -> Iterator[Finding]:
    """The later of two entries with the same key, one positive (its kind is one of
    ``yes_values``) and one negative (its kind is ``no_value``)."""
    seen: dict[Any, tuple[bool, Any]] = {}
    for key, kind, element in entries:
        positive = kind in yes_values
        negative = kind == no_value
        if not (positive or negative):
            continue
        earlier = seen.get(key)
        if earlier is not None and earlier[0] != positive:
            shown = key[-1] if isinstance(key, tuple) else key
            line = earlier[1].sourceline
            yield Finding(
                code,
                _pointer(element),
                f"{what} {_quoted(shown)} is {yes if positive else 'excluded'} here but "
                f"{'excluded' if positive else yes} on line {line}",
            )
        seen.setdefault(key, (positive, element))
