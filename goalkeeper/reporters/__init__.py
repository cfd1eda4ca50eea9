"""Reporters only format: a finished report in, text out.

Every reporter is ``render_<format>(report, **options) -> str`` and ignores the options
it has no use for: ``color``, ``quiet``, ``show_statistics``, ``strict``, ``show_files``.
"""

from __future__ import annotations

import importlib
from typing import Any

from goalkeeper.checker import Report

# format name -> (module, function); the module is imported only when the format is used.
REPORTERS = {
    "text": ("goalkeeper.reporters.text", "render_text"),
    "full": ("goalkeeper.reporters.full", "render_full"),
    "json": ("goalkeeper.reporters.json_report", "render_json"),
    "sarif": ("goalkeeper.reporters.sarif", "render_sarif"),
    "github": ("goalkeeper.reporters.github", "render_github"),
    "gitlab": ("goalkeeper.reporters.gitlab", "render_gitlab"),
    "junit": ("goalkeeper.reporters.junit", "render_junit"),
}
FORMATS = tuple(REPORTERS)


def render(report: Report, output_format: str, **options: Any) -> str:
    module, function = REPORTERS[output_format]
    renderer = getattr(importlib.import_module(module), function)
    return str(renderer(report, **options))
