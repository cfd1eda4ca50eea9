"""``--format junit``: JUnit XML, one test case per file and a failure per error.

CI systems that read JUnit (GitLab, Jenkins, Azure, CircleCI) show each payload file as a
test; an error diagnostic (and, under ``--strict``, a warning) is a ``<failure>``; the
other diagnostics are listed in the test case's ``<system-out>``.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from goalkeeper.checker import Report
from goalkeeper.diagnostics import Diagnostic, Severity
from goalkeeper.reporters.text import format_diagnostic

# Characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _fails(diagnostic: Diagnostic, strict: bool) -> bool:
    return diagnostic.severity is Severity.ERROR or (
        strict and diagnostic.severity is Severity.WARNING
    )


def render_junit(report: Report, strict: bool = False, **_: object) -> str:
    # Every file checked (skipped ones are no test), then any path only a finding names.
    by_path: dict[str, list[Diagnostic]] = {
        path: [] for path, _kind, _op, skipped in report.files if skipped is None
    }
    for diagnostic in report.diagnostics:
        by_path.setdefault(diagnostic.path or "-", []).append(diagnostic)
    failures = sum(1 for d in report.diagnostics if _fails(d, strict))
    suites = ElementTree.Element(
        "testsuites", name="goalkeeper", tests=str(len(by_path)), failures=str(failures)
    )
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name="goalkeeper",
        tests=str(len(by_path)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    for path, diagnostics in by_path.items():
        case = ElementTree.SubElement(
            suite, "testcase", name=xml_text(path), classname="goalkeeper", file=xml_text(path)
        )
        others = []
        for diagnostic in diagnostics:
            if not _fails(diagnostic, strict):
                others.append(format_diagnostic(diagnostic, color=False))
                continue
            failure = ElementTree.SubElement(
                case,
                "failure",
                message=xml_text(f"{diagnostic.code} {diagnostic.message}"),
                type=diagnostic.code,
            )
            failure.text = xml_text(format_diagnostic(diagnostic, color=False))
        if others:
            ElementTree.SubElement(case, "system-out").text = xml_text("\n".join(others))
    ElementTree.indent(suites)
    body = ElementTree.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
