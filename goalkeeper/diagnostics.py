"""The records that flow out of every stage: findings from checks, diagnostics in reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    """How much a diagnostic matters; the string value is what reports print."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


class Finding(NamedTuple):
    """What a check yields: a rule code at a place in the document.

    The engine turns findings into diagnostics: it fills in the line and column from the
    document's source map and the severity from the rule declaration. A finding only
    carries ``severity`` when the rule documents an escalation (for example an unknown
    Conductrics source is an error once the account's own options are known), and only
    carries ``position`` when the place has no pointer (a syntax error).
    """

    code: str
    pointer: str
    message: str
    hint: str | None = None
    severity: Severity | None = None
    position: tuple[int, int] | None = None


class Edit(NamedTuple):
    """Replace the text between two offsets (``start`` included, ``end`` excluded)."""

    start: int
    end: int
    content: str


class Fix(NamedTuple):
    """A safe fix: edits that are applied together or not at all."""

    edits: tuple[Edit, ...]
    description: str

    @property
    def start(self) -> int:
        return min(edit.start for edit in self.edits)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One located, explained problem in one payload."""

    code: str
    severity: Severity
    message: str
    pointer: str | None
    line: int | None
    column: int | None
    hint: str | None
    kind: str | None
    op: str | None
    path: str | None
    # The safe fix for this finding, when its rule has one that applies here.
    fix: Fix | None = field(default=None, compare=False, repr=False)
    # A digest of the offending value, for the baseline (computed when one is used).
    fingerprint: str | None = field(default=None, compare=False, repr=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path or "", self.line or 0, self.column or 0, self.code, self.message)

    def to_dict(self) -> dict[str, object]:
        """The stable JSON report form of this diagnostic (SPEC §5)."""
        return {
            "path": self.path,
            "kind": self.kind,
            "op": self.op,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "hint": self.hint,
        }
