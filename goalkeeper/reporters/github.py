"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=goals/a.json,line=4,col=3,title=CT104::valueMax (5) must be …``. Messages
escape ``%``, CR and LF; property values also escape ``,`` and ``:`` (GitHub's
``escapeData`` and ``escapeProperty``), so a message or a path can never end a command
early or inject another one.
"""

from __future__ import annotations

from goalkeeper.checker import Report
from goalkeeper.diagnostics import Diagnostic, Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_annotation(diagnostic: Diagnostic) -> str:
    properties = []
    if diagnostic.path is not None:
        properties.append(f"file={escape_property(diagnostic.path)}")
    if diagnostic.line is not None:
        properties.append(f"line={diagnostic.line}")
        if diagnostic.column is not None:
            properties.append(f"col={diagnostic.column}")
    properties.append(f"title={escape_property(diagnostic.code)}")
    message = diagnostic.message
    if diagnostic.hint:
        message += f"\nhint: {diagnostic.hint}"
    return f"::{_COMMAND[diagnostic.severity]} {','.join(properties)}::{escape_data(message)}"


def render_github(report: Report, **_: object) -> str:
    return "".join(format_annotation(d) + "\n" for d in report.diagnostics)
