"""The records that flow out of every stage: findings from checks, diagnostics in reports."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from collections.abc import Iterable, Iterator
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


# How many findings of one code one check lists for one file. A 10 MiB array of bad items
# would otherwise become millions of diagnostics (and gigabytes); past the limit the rest
# are counted and reported as one finding.
MAX_FINDINGS_PER_CODE = 100


def cap_findings(
    findings: Iterable[Finding], limit: int = MAX_FINDINGS_PER_CODE
) -> Iterator[Finding]:
    """The first ``limit`` findings of every code, then one finding per code saying how
    many more there are. Memory stays constant however many findings come in."""
    counts: dict[str, int] = {}
    first_unlisted: dict[str, Finding] = {}
    for finding in findings:
        code = finding.code
        count = counts.get(code, 0) + 1
        counts[code] = count
        if count <= limit:
            yield finding
        elif count == limit + 1:
            first_unlisted[code] = finding
    for code, finding in first_unlisted.items():
        more = counts[code] - limit
        yield finding._replace(
            message=f"{more:,} more {code} finding{'s' if more != 1 else ''} in this file, "
            f"from here on, are not listed (the first {limit} are)",
            hint="fix the listed ones first; the same mistake is probably repeated",
        )
