"""``--format gitlab``: a GitLab Code Quality report (a JSON array of issues).

Each issue has ``description``, ``check_name``, ``fingerprint``, ``severity`` (GitLab's
scale: error → major, warning → minor, info → info) and ``location.path`` with
``location.lines.begin``; GitLab shows them in merge requests and tracks them by
fingerprint.
"""

from __future__ import annotations

import json

from goalkeeper.checker import Report
from goalkeeper.diagnostics import Severity
from goalkeeper.reporters.fingerprints import fingerprint

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render_gitlab(report: Report, **_: object) -> str:
    issues = [
        {
            "type": "issue",
            "description": f"{d.code} {d.message}",
            "check_name": d.code,
            "fingerprint": fingerprint(d),
            "severity": _SEVERITY[d.severity],
            "categories": ["Bug Risk"],
            "location": {"path": d.path or "-", "lines": {"begin": d.line or 1}},
        }
        for d in report.diagnostics
    ]
    return json.dumps(issues, indent=2) + "\n"
