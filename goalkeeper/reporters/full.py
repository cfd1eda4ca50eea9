"""``--format full``: the text report with the offending source lines under each finding.

As ruff's full output: the finding's line with two lines of context on each side, a
line-number gutter and a caret under the column. Each file is read once (after the
check, only when it has findings); a file that cannot be read again (standard input, also
under ``--stdin-filename``, a library call without a path) just has no source lines. Long
lines (minified JSON) are cut to a window around the column.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import click

from goalkeeper.checker import Report
from goalkeeper.diagnostics import Diagnostic
from goalkeeper.reporters.text import format_diagnostic, statistics, summary_line

CONTEXT = 2
WIDTH = 120


def _read_lines(path: str | None) -> list[str] | None:
    if path is None or path == "-" or not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    return text.splitlines()


def _window(text: str, column: int) -> tuple[str, int]:
    """The part of a line to show, and the column within it; tabs shown as spaces."""
    text = text.replace("\t", " ")
    if len(text) <= WIDTH:
        return text, column
    start = max(0, min(column - 1 - WIDTH // 2, len(text) - WIDTH))
    shown = text[start : start + WIDTH]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + WIDTH < len(text) else ""
    return prefix + shown + suffix, column - start + len(prefix)


def source_excerpt(lines: list[str], line: int, column: int | None) -> list[str]:
    first = max(1, line - CONTEXT)
    last = min(len(lines), line + CONTEXT)
    if line > len(lines):
        return []
    width = len(str(last))
    gutter = " " * width + " |"
    out = [gutter]
    for number in range(first, last + 1):
        shown, at = _window(lines[number - 1], column or 1)
        out.append(f"{number:>{width}} | {shown}".rstrip())
        if number == line and column is not None:
            out.append(f"{gutter} {' ' * (at - 1)}^")
    out.append(gutter)
    return out


def render_full(
    report: Report,
    color: bool = False,
    quiet: bool = False,
    show_statistics: bool = False,
    strict: bool = False,
    read_lines: Callable[[str | None], list[str] | None] = _read_lines,
    stdin_name: str | None = None,
    **_: object,
) -> str:
    cache: dict[str | None, list[str] | None] = {stdin_name: None}
    lines = [_block(d, color, quiet, cache, read_lines) for d in report.diagnostics]
    if show_statistics and report.diagnostics:
        lines.append(statistics(report))
    if not quiet:
        lines.append(summary_line(report, strict))
    return "\n".join(lines) + ("\n" if lines else "")


def _block(
    diagnostic: Diagnostic,
    color: bool,
    quiet: bool,
    cache: dict[str | None, list[str] | None],
    read_lines: Callable[[str | None], list[str] | None],
) -> str:
    out = [format_diagnostic(diagnostic, color, show_hint=False)]
    if diagnostic.line is not None:
        if diagnostic.path not in cache:
            cache[diagnostic.path] = read_lines(diagnostic.path)
        lines = cache[diagnostic.path]
        if lines is not None:
            excerpt = source_excerpt(lines, diagnostic.line, diagnostic.column)
            out += ["  " + row for row in excerpt]
    if not quiet and diagnostic.hint:
        hint = click.style("hint:", fg="cyan") if color else "hint:"
        out.append(f"  {hint} {diagnostic.hint}")
    return "\n".join(out) + "\n"
