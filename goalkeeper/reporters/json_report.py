"""``--format json``: the stable report contract of SPEC §5."""

from __future__ import annotations

import json

from goalkeeper import __version__
from goalkeeper.checker import Report


def render_json(
    report: Report,
    strict: bool = False,
    statistics: bool = False,
    show_files: bool = False,
    show_statistics: bool = False,
    **_: object,
) -> str:
    data = report.to_dict(__version__, strict, statistics or show_statistics, show_files)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
