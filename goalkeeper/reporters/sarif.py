"""``--format sarif``: SARIF 2.1.0, one run, for code scanning (GitHub, Azure DevOps, …).

``tool.driver.rules`` describes every code the report uses: its title, the rule's whole
documentation as help, ``helpUri`` into the rule reference (docs/rules.md) and its default
level. Each result carries ``ruleId``, ``level``, the message, a physical location with
``region.startLine``/``startColumn`` (columns count Unicode code points) and
``partialFingerprints`` so a finding is tracked across commits when lines move.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote

from goalkeeper import __version__, registry
from goalkeeper.checker import Report
from goalkeeper.diagnostics import Diagnostic, Severity
from goalkeeper.rules import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# Where the rule reference is published; each rule is an anchor in it (#ct104).
RULES_URL = "https://github.com/goalkeeper-lint/goalkeeper/blob/main/docs/rules.md"
INFORMATION_URL = "https://github.com/goalkeeper-lint/goalkeeper"
FINGERPRINT_KEY = "goalkeeper/v1"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def help_uri(code: str) -> str:
    return f"{RULES_URL}#{code.lower()}"


def artifact_uri(path: str) -> str:
    """A path as a SARIF URI: relative paths stay relative (to the checkout), with ``/``."""
    if os.path.isabs(path):
        return "file://" + quote(os.path.abspath(path).replace(os.sep, "/"))
    return quote(path.replace(os.sep, "/"))


def rule_descriptor(declared: Rule) -> dict[str, Any]:
    return {
        "id": declared.code,
        "name": declared.name,
        "shortDescription": {"text": declared.title},
        "fullDescription": {"text": declared.summary},
        "help": {"text": declared.doc, "markdown": declared.doc},
        "helpUri": help_uri(declared.code),
        "defaultConfiguration": {"level": _LEVEL[declared.severity]},
        "properties": {"tags": [declared.code[:2]]},
    }


def _result(diagnostic: Diagnostic, rule_index: int) -> dict[str, Any]:
    from goalkeeper.reporters.fingerprints import fingerprint

    text = diagnostic.message
    if diagnostic.hint:
        text += f"\nHint: {diagnostic.hint}"
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": artifact_uri(diagnostic.path or "-")},
    }
    if not os.path.isabs(diagnostic.path or ""):
        physical["artifactLocation"]["uriBaseId"] = "%SRCROOT%"
    if diagnostic.line is not None and diagnostic.line >= 1:
        region = {"startLine": diagnostic.line}
        if diagnostic.column is not None and diagnostic.column >= 1:
            region["startColumn"] = diagnostic.column
        physical["region"] = region
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[diagnostic.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(diagnostic)},
    }
    properties = {
        key: value
        for key, value in (
            ("pointer", diagnostic.pointer),
            ("kind", diagnostic.kind),
            ("op", diagnostic.op),
        )
        if value is not None
    }
    if properties:
        result["properties"] = properties
    return result


def sarif_log(report: Report) -> dict[str, Any]:
    codes = sorted({d.code for d in report.diagnostics})
    index = {code: position for position, code in enumerate(codes)}
    declared = [registry.rule_by_code(code) for code in codes]
    rules = [rule_descriptor(rule) for rule in declared if rule is not None]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "goalkeeper",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URL,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index[d.code]) for d in report.diagnostics],
            }
        ],
    }


def render_sarif(report: Report, **_: object) -> str:
    return json.dumps(sarif_log(report), indent=2) + "\n"
