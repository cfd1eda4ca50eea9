"""The records that flow out of every stage: findings from checks, diagnostics in reports."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


# How many findings of one code one check lists for one file. A 10 MiB array of bad items
# would otherwise become millions of diagnostics (and gigabytes); past the limit the rest
# are counted and reported as one finding.
MAX_FINDINGS_PER_CODE = 100


class CappedFindings:
    """Collects findings, keeping the first ``limit`` of every code and counting the rest."""

    __slots__ = ("_counts", "_first_unlisted", "_kept", "limit")

    def __init__(self, limit: int = MAX_FINDINGS_PER_CODE) -> None:
        self.limit = limit
        self._kept: list[Finding] = []
        self._counts: dict[str, int] = {}
        self._first_unlisted: dict[str, Finding] = {}

    def add(self, finding: Finding) -> None:
        code = finding.code
        count = self._counts[code] = self._counts.get(code, 0) + 1
        if count <= self.limit:
            self._kept.append(finding)
        elif count == self.limit + 1:
            self._first_unlisted[code] = finding

    def is_full(self, code: str) -> bool:
        """Whether a finding of ``code`` would only be counted (then :meth:`count` it)."""
        return self._counts.get(code, 0) > self.limit

    def count(self, code: str) -> None:
        self._counts[code] += 1

    def findings(self) -> list[Finding]:
        """The kept findings, then one finding per code that says how many more there are."""
        result = list(self._kept)
        for code, finding in self._first_unlisted.items():
            more = self._counts[code] - self.limit
            result.append(
                finding._replace(
                    message=f"{more:,} more {code} finding{'s' if more != 1 else ''} in this "
                    f"file, from here on, are not listed (the first {self.limit} are)",
                    hint="fix the listed ones first; the same mistake is probably repeated",
                )
            )
        return result


def cap_findings(findings: Iterable[Finding], limit: int = MAX_FINDINGS_PER_CODE) -> list[Finding]:
    """The first ``limit`` findings of every code, then one finding per code saying how
    many more there are. Memory stays bounded however many findings come in."""
    kept: list[Finding] = []
    iterator = iter(findings)
    for finding in iterator:  # the common case: too few findings for any code to be capped
        kept.append(finding)
        if len(kept) > limit:
            capped = CappedFindings(limit)
            for early in kept:
                capped.add(early)
            for finding in iterator:
                capped.add(finding)
            return capped.findings()
    return kept


_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with every lone surrogate written as a ``\\udXXX`` escape.

    A JSON payload can hold one (``"\\ud800"`` is a valid escape) and a file name can hold
    one (undecodable bytes), but no output encoding can carry it: escaped, every report
    format (and a library caller's print) can.
    """
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
