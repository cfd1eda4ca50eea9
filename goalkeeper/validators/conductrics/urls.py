"""The code in a Conductrics request URL, against the body's."""

from __future__ import annotations

from collections.abc import Iterator

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import show

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


def _url_code(doc: JsonDocument, ctx: Context, code: str) -> Iterator[Finding]:
    in_url = ctx.required_request().path_params.get("code")
    in_body = doc.data.get("code") if isinstance(doc.data, dict) else None
    if in_url is not None and isinstance(in_body, str) and in_url != in_body:
        yield Finding(
            code,
            "/code",
            f"the URL names code {show(in_url)} but the body's code is {show(in_body)}",
        )
