"""Reporters only format: a finished report in, text out."""

from __future__ import annotations

from collections.abc import Callable

from goalkeeper.checker import Report

Reporter = Callable[..., str]

FORMATS = ("text", "json")


def render(report: Report, output_format: str, **options: object) -> str:
    if output_format == "json":
        from goalkeeper.reporters.json_report import render_json

        return render_json(
            report,
            strict=bool(options.get("strict")),
            statistics=bool(options.get("show_statistics")),
            show_files=bool(options.get("show_files")),
        )
    from goalkeeper.reporters.text import render_text

    return render_text(report, **options)  # type: ignore[arg-type]
