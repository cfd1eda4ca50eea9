"""``--format json``: the stable report contract of SPEC §5."""

from __future__ import annotations

import json

from goalkeeper import __version__
from goalkeeper.checker import Report


def render_json(report: Report, **_: object) -> str:
    return json.dumps(report.to_dict(__version__), indent=2, ensure_ascii=False) + "\n"
