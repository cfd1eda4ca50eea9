"""The default output: ``path:line:col: CODE [severity] message`` with the hint below."""

from __future__ import annotations

from collections import Counter

import click

from goalkeeper.checker import Report
from goalkeeper.diagnostics import Diagnostic, Severity

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def _plural(count: int, word: str) -> str:
    if word == "info":
        return f"{count} info"
    return f"{count} {word}{'s' if count != 1 else ''}"


def format_diagnostic(diagnostic: Diagnostic, color: bool, show_hint: bool = True) -> str:
    place = diagnostic.path or "-"
    if diagnostic.line is not None:
        place += f":{diagnostic.line}:{diagnostic.column}"
    code = diagnostic.code
    severity = f"[{diagnostic.severity.value}]"
    fixable = "[*] " if diagnostic.fix is not None else ""
    if color:
        place = click.style(place, bold=True)
        code = click.style(code, fg=_COLORS[diagnostic.severity], bold=True)
        severity = click.style(severity, fg=_COLORS[diagnostic.severity])
        fixable = click.style(fixable, fg="cyan") if fixable else ""
    line = f"{place}: {code} {fixable}{severity} {diagnostic.message}"
    if show_hint and diagnostic.hint:
        hint = "hint:"
        if color:
            hint = click.style(hint, fg="cyan")
        line += f"\n  {hint} {diagnostic.hint}"
    return line


def summary_line(report: Report, strict: bool = False) -> str:
    counts = report.summary
    files = report.files_checked
    total = sum(counts.values())
    file_word = "file" if files == 1 else "files"
    notes = _notes(report)
    if not total:
        line = f"All checks passed ({files} {file_word}{notes})."
    else:
        with_findings = len({d.path for d in report.diagnostics})
        parts = ", ".join(_plural(counts[s.value], s.value) for s in Severity)
        verdict = "failed" if report.failed(strict) else "passed"
        line = (
            f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {with_findings} of "
            f"{files} {file_word}{notes}; the check {verdict}."
        )
    fixable = report.fixable
    if fixable and report.fixed is None:
        line += f"\n{fixable} fixable with `goalkeeper check --fix` (`--diff` shows the changes)."
    return line + _skipped_line(report)


def _notes(report: Report) -> str:
    """What --fix and --baseline took away, for the summary line."""
    notes = []
    if report.fixed is not None:
        notes.append(f"{report.fixed} fixed")
    if report.baselined is not None:
        notes.append(f"{report.baselined} baselined")
    return "".join(f", {note}" for note in notes)


def stale_entries(report: Report) -> str:
    """Baseline entries that matched nothing: the baseline can shrink."""
    count = len(report.stale)
    lines = [
        f"{count} baseline entr{'ies' if count != 1 else 'y'} no longer "
        f"match{'es' if count == 1 else ''} a finding "
        "(write the baseline again to drop them):"
    ]
    lines += [
        f"  {entry['path']}: {entry['code']} at {entry['pointer'] or '/'}" for entry in report.stale
    ]
    return "\n".join(lines)


def _skipped_line(report: Report) -> str:
    """ "3 files skipped: no known payload kind", one clause per reason."""
    if not report.skipped:
        return ""
    reasons = Counter(reason for _, reason in report.skipped)
    clauses = [
        f"{count} {'file' if count == 1 else 'files'} skipped: {reason}"
        for reason, count in sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    ]
    return "\n" + "; ".join(clauses) + "."


def file_list(report: Report) -> str:
    """--show-files: every file with its kind and operation, or why it was skipped."""
    lines = []
    for path, kind, op, skipped in report.files:
        if skipped is not None:
            lines.append(f"{path}: skipped ({skipped})")
        elif kind is not None:
            lines.append(f"{path}: {kind} ({op})" if op else f"{path}: {kind}")
        else:
            lines.append(f"{path}: not checked further (see its diagnostics)")
    return "\n".join(lines)


def statistics(report: Report) -> str:
    from goalkeeper.registry import rule_by_code

    counts = Counter(d.code for d in report.diagnostics)
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        declared = rule_by_code(code)
        severity, title = (declared.severity.value, declared.title) if declared else ("?", "")
        rows.append(f"{count:5d}  {code}  [{severity}] {title}")
    return "\n".join(rows)


def render_text(
    report: Report,
    color: bool = False,
    quiet: bool = False,
    show_statistics: bool = False,
    strict: bool = False,
    show_files: bool = False,
    **_: object,
) -> str:
    lines = [file_list(report)] if show_files and report.files else []
    lines += [format_diagnostic(d, color, show_hint=not quiet) for d in report.diagnostics]
    if show_statistics and report.diagnostics:
        lines.append(statistics(report))
    if report.stale and not quiet:
        lines.append(stale_entries(report))
    if not quiet:
        lines.append(summary_line(report, strict))
    return "\n".join(lines) + ("\n" if lines else "")
