"""The baseline (SPEC §5.3): today's findings, accepted, so that only new ones fail.

A team adopting goalkeeper on an existing repository records its findings once
(``--write-baseline FILE``) and then checks with ``--baseline FILE``. An entry is
(path, code, pointer, a digest of the offending value), never a line number: an edit
elsewhere in the file keeps every entry valid, a change of the offending value itself
makes the finding new again. Entries that match nothing are *stale* and listed, so the
file can shrink as findings are fixed.

The offending value is the JSON value at the finding's pointer, or the XML element's
text (for an element with children: its canonical form). Where there is no such value —
the document itself (a missing required field), a pointer to something absent, a file
that does not parse — the finding's message stands in for it (messages name the field
and the value).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from typing import TYPE_CHECKING, Any, NamedTuple

from goalkeeper.settings import SettingsError

if TYPE_CHECKING:
    from goalkeeper.checker import Report
    from goalkeeper.diagnostics import Diagnostic, Finding

FORMAT_VERSION = 1
_MISSING = object()


class BaselineError(SettingsError):
    """A baseline file that cannot be read or is not a goalkeeper baseline (exit 2)."""


def fingerprint_of(document: Any, finding: Finding) -> str:
    """The digest of the value a finding is about (see the module documentation)."""
    value = _offending_value(document, finding.pointer) if document is not None else None
    if value is None:
        value = f"{finding.code}\0{finding.message}"
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _offending_value(document: Any, pointer: str) -> str | None:
    if not pointer:
        return None
    if document.format == "json":
        found = _resolve(document.data, pointer)
        if found is _MISSING:
            return None
        return json.dumps(found, sort_keys=True, ensure_ascii=False, default=repr)
    return _element_value(document, pointer)


def _resolve(data: Any, pointer: str) -> Any:
    """The value at a JSON Pointer, or ``_MISSING``."""
    current = data
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(current, dict):
            if token not in current:
                return _MISSING
            current = current[token]
        elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
            current = current[int(token)]
        else:
            return _MISSING
    return current


def _element_value(document: Any, pointer: str) -> str | None:
    from lxml import etree

    try:
        found = document.root.getroottree().xpath(pointer)
    except etree.XPathError:
        return None
    if not isinstance(found, list) or len(found) != 1 or not hasattr(found[0], "tag"):
        return None
    element = found[0]
    if element is document.root:
        return None
    if not len(element):
        return str(element.text or "").strip()
    return bytes(etree.tostring(element, method="c14n", with_comments=False)).decode("utf-8")


class Entry(NamedTuple):
    path: str
    code: str
    pointer: str
    hash: str

    def to_dict(self) -> dict[str, str]:
        return self._asdict()


class Baseline:
    """A loaded baseline file; paths in it are relative to the file's directory."""

    def __init__(self, path: str, entries: list[Entry]) -> None:
        self.path = path
        self.base = os.path.dirname(os.path.abspath(path))
        self.entries = entries

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            with open(path, encoding="utf-8") as handle:
                content = json.load(handle)
        except OSError as error:
            raise BaselineError(f"--baseline: cannot read {path}: {error.strerror}") from None
        except ValueError as error:
            raise BaselineError(f"--baseline: {path} is not JSON: {error}") from None
        findings = content.get("findings") if isinstance(content, dict) else None
        if not isinstance(findings, list) or content.get("tool") != "goalkeeper":
            raise BaselineError(
                f"--baseline: {path} is not a goalkeeper baseline (write one with --write-baseline)"
            )
        entries = []
        for index, item in enumerate(findings):
            if not isinstance(item, dict) or not all(
                isinstance(item.get(key), str) for key in Entry._fields
            ):
                raise BaselineError(
                    f"--baseline: {path}: findings[{index}] needs the strings "
                    + ", ".join(Entry._fields)
                )
            entries.append(Entry(*(item[key] for key in Entry._fields)))
        return cls(path, entries)

    def entry_for(self, diagnostic: Diagnostic) -> Entry:
        return Entry(
            self.relative(diagnostic.path),
            diagnostic.code,
            diagnostic.pointer or "",
            diagnostic.fingerprint or fingerprint_of(None, _as_finding(diagnostic)),
        )

    def relative(self, path: str | None) -> str:
        if path is None or path == "-":
            return path or "-"
        try:
            relative = os.path.relpath(os.path.abspath(path), self.base)
        except ValueError:  # another drive on Windows
            relative = path
        return relative.replace(os.sep, "/")

    def apply(self, report: Report, checked: list[str]) -> Report:
        """The report without the accepted findings, counting them, with the stale entries.

        Only entries of files checked in this run can be stale: checking one file says
        nothing about the others.
        """
        remaining = Counter(self.entries)
        kept = []
        baselined = 0
        for diagnostic in report.diagnostics:
            entry = self.entry_for(diagnostic)
            if remaining[entry] > 0:
                remaining[entry] -= 1
                baselined += 1
            else:
                kept.append(diagnostic)
        left = sorted(remaining.elements())
        # Absolute paths of the entries left (few), not relative paths of every file (many).
        absolute = {e.path: os.path.normpath(os.path.join(self.base, e.path)) for e in left}
        paths = {os.path.abspath(path) for path in checked} if left else set()
        stale = tuple(entry.to_dict() for entry in left if absolute[entry.path] in paths)
        return report.replace(tuple(kept), baselined=baselined, stale=stale)


def _as_finding(diagnostic: Diagnostic) -> Finding:
    from goalkeeper.diagnostics import Finding

    return Finding(diagnostic.code, diagnostic.pointer or "", diagnostic.message)


def write_baseline(path: str, report: Report) -> int:
    """Record every finding of ``report`` in a new baseline file; the number recorded."""
    baseline = Baseline(path, [])
    entries = sorted(baseline.entry_for(d) for d in report.diagnostics)
    content = {
        "tool": "goalkeeper",
        "version": FORMAT_VERSION,
        "findings": [entry.to_dict() for entry in entries],
    }
    text = json.dumps(content, indent=2, ensure_ascii=False) + "\n"
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise BaselineError(f"--write-baseline: cannot write {path}: {error.strerror}") from None
    return len(entries)
