"""The library: check a payload (or a whole HTTP request) in-process.

Nothing here prints or exits. Validators are compiled once per kind and shared, and a
:class:`Checker` holds no per-payload state, so the functions are safe to call from
several threads at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from goalkeeper import registry
from goalkeeper.checker import Checker, Report, Target, load_data, lone_surrogate
from goalkeeper.context import Request
from goalkeeper.diagnostics import Diagnostic, Finding
from goalkeeper.load.document import LoadResult, load_bytes, too_large
from goalkeeper.settings import Settings
from goalkeeper.validators.conductrics.options import (
    ConductricsOptions,
    load_options,
    parse_options,
)

Payload = Mapping[str, Any] | list[Any] | str | bytes | os.PathLike[str]


class PayloadError(ValueError):
    """Raised by :func:`validate` when a payload has errors.

    ``report`` holds every diagnostic, warnings included.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        errors = [d for d in report.diagnostics if d.severity.value == "error"]
        lines = [f"{d.code} {d.pointer or '/'}: {d.message}" for d in errors[:5]]
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(
            f"payload has {len(errors)} error{'s' if len(errors) != 1 else ''}{more}: "
            + "; ".join(lines)
        )


def _vendor_options(options: Any) -> dict[str, Any]:
    if options is None:
        return {}
    if isinstance(options, ConductricsOptions):
        return {"conductrics": options}
    if isinstance(options, (str, os.PathLike)):
        return {"conductrics": load_options(os.fspath(options))}
    if isinstance(options, Mapping):
        return {"conductrics": parse_options(dict(options), "options")}
    raise TypeError("options must be a path, a parsed transforms-options response or None")


@lru_cache(maxsize=32)
def _cached_checker(now: datetime | None, options_key: Any) -> Checker:
    return Checker(Settings(now=now, vendor_options=_vendor_options(options_key), caller="library"))


def _checker(now: datetime | None, options: Any) -> Checker:
    """A checker whose hints speak of keyword arguments (``op="update"``), not flags."""
    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)  # a naive clock is read as UTC
    if options is None or isinstance(options, ConductricsOptions):
        return _cached_checker(now, options)
    return Checker(Settings(now=now, vendor_options=_vendor_options(options), caller="library"))


# Load findings that mean the text did not parse.
_UNPARSED = frozenset({"GK201", "GK202", "GK203", "GK301"})


def _names_a_file(text: str) -> bool:
    if not text or len(text) > 4096 or "\n" in text or "\x00" in text:
        return False
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):
        return False


def _path_hint(diagnostics: list[Diagnostic], text: str) -> list[Diagnostic]:
    """A ``str`` payload is always text; when it does not parse but names a file, say how
    to pass a path."""
    if not any(d.code in _UNPARSED for d in diagnostics) or not _names_a_file(text):
        return diagnostics
    hint = (
        f"a str payload is read as JSON or XML text, never as a path; {text!r} names a "
        f"file: pass pathlib.Path({text!r}) to check the file"
    )
    return [replace(d, hint=hint) if d.code in _UNPARSED else d for d in diagnostics]


def _validate_target(kind: str | None, op: str | None) -> None:
    if kind is not None and kind not in registry.KINDS_BY_NAME:
        known = ", ".join(registry.KINDS_BY_NAME)
        raise ValueError(f"unknown kind {kind!r}; known kinds: {known}")
    if kind is not None and op is not None and op not in registry.KINDS_BY_NAME[kind].ops:
        ops = ", ".join(registry.KINDS_BY_NAME[kind].ops)
        raise ValueError(f"{kind} has no operation {op!r}; it takes {ops}")


def check(
    payload: Payload,
    kind: str | None = None,
    op: str | None = None,
    *,
    now: datetime | None = None,
    options: Any = None,
) -> Report:
    """Check one payload and return its report.

    ``payload`` is parsed JSON (a dict or list), JSON or XML text (``str`` or ``bytes``),
    or a path (``os.PathLike``) to a file. ``kind``/``op`` are detected and inferred
    when not given. ``now`` is the clock for date rules (default: the current time; a
    naive datetime is read as UTC);
    ``options`` is a Conductrics transforms-options response (a path or the parsed
    response) that makes source, operator and feature checks exact.
    """
    _validate_target(kind, op)
    checker = _checker(now, options)
    if isinstance(payload, os.PathLike):
        path = os.fspath(payload)
        diagnostics = checker.check_path(path, path, Target(path, kind, op))
    elif isinstance(payload, str):
        diagnostics = _path_hint(checker.check_text(payload, Target(None, kind, op)), payload)
    elif isinstance(payload, (bytes, bytearray, memoryview)):
        diagnostics = checker.check_bytes(bytes(payload), Target(None, kind, op))
    elif isinstance(payload, (Mapping, list)):
        data = payload if isinstance(payload, (dict, list)) else dict(payload)
        diagnostics = checker.check_data(data, Target(None, kind, op))
    else:
        raise TypeError(
            "payload must be a dict or list, str or bytes (JSON or XML text), or a path; "
            f"got {type(payload).__name__}"
        )
    return Report(tuple(diagnostics), 1)


def validate(
    payload: Payload,
    kind: str | None = None,
    op: str | None = None,
    *,
    now: datetime | None = None,
    options: Any = None,
) -> None:
    """Like :func:`check`, but raise :class:`PayloadError` when there is an error."""
    report = check(payload, kind, op, now=now, options=options)
    if not report.ok:
        raise PayloadError(report)


def check_request(
    method: str,
    url: str,
    body: Any,
    headers: Any = None,
    *,
    op: str | None = None,
    now: datetime | None = None,
    options: Any = None,
) -> Report:
    """Check a whole HTTP request: the endpoint decides the kind and operation.

    Requests to endpoints goalkeeper does not know pass with an empty report. The
    request-level rules (API key present, URL ↔ body) run only here.
    """
    parts = urlsplit(url)
    path = parts.path
    for kind in registry.KINDS:
        for endpoint in kind.endpoints:
            params = endpoint.match(method, path)
            if params is None:
                continue
            _validate_target(kind.name, op)
            query = parse_qs(parts.query, keep_blank_values=True)
            path_params = {name: unquote(value) for name, value in params.items()}
            header_values = normalise_headers(headers)
            request = Request(
                method=method.upper(),
                url=url,
                path=path,
                path_params={name: redact_decoded(value) for name, value in path_params.items()},
                query=query,
                headers=header_values,
            )
            target = Target(None, kind.name, op or endpoint.op)
            checker = _checker(now, options)
            loaded = _request_body(body, kind.format, checker.settings.max_file_size)
            diagnostics = checker.check_loaded(loaded, target, None, request)
            secrets = request_secrets(header_values, query, path_params)
            return Report(tuple(_redacted(d, secrets) for d in diagnostics), 1)
    return Report((), 0)


# -- request parts ------------------------------------------------------------------------


def normalise_headers(headers: Any) -> dict[str, str]:
    """Headers as a mapping or as (name, value) pairs, names and values ``str`` or
    ``bytes`` (read as Latin-1, as HTTP does), to lower-cased names and ``str`` values."""
    if headers is None:
        return {}
    items = headers.items() if isinstance(headers, Mapping) else headers
    result: dict[str, str] = {}
    try:
        for name, value in items:
            result[_header_text(name).lower()] = _header_text(value)
    except (TypeError, ValueError):
        raise TypeError(
            "headers must be a mapping or a list of (name, value) pairs of str or bytes"
        ) from None
    return result


def _header_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("latin-1")
    raise TypeError


# Values that are secrets wherever they appear: credentials in headers and query.
_SECRET_HEADER_WORDS = ("key", "auth", "token", "secret", "password", "cookie", "session")
_SECRET_QUERY = re.compile(r"(apikey=)[^&;/?#]*", re.IGNORECASE)
_REDACTED = "[redacted]"


def redact_decoded(value: str) -> str:
    """A decoded URL part with the secret rules applied again: ``code%3Fapikey%3Dxyz``
    decodes to ``code?apikey=xyz``, whose key must not reach a message either."""
    return _SECRET_QUERY.sub(r"\1" + _REDACTED, value)


def request_secrets(
    headers: Mapping[str, str], query: Mapping[str, list[str]], path_params: Mapping[str, str]
) -> list[str]:
    """Every value that must never appear in a message, longest first."""
    secrets = [
        value
        for name, value in headers.items()
        if any(word in name for word in _SECRET_HEADER_WORDS)
    ]
    secrets.extend(
        value for name, values in query.items() if "key" in name.lower() for value in values
    )
    for value in path_params.values():
        secrets.extend(match.group()[len("apikey=") :] for match in _SECRET_QUERY.finditer(value))
    return sorted({secret for secret in secrets if len(secret) >= 3}, key=len, reverse=True)


def _redacted(diagnostic: Diagnostic, secrets: list[str]) -> Diagnostic:
    if not secrets:
        return diagnostic
    message, hint = diagnostic.message, diagnostic.hint
    for secret in secrets:
        message = message.replace(secret, _REDACTED)
        hint = hint.replace(secret, _REDACTED) if hint else hint
    if message == diagnostic.message and hint == diagnostic.hint:
        return diagnostic
    return replace(diagnostic, message=message, hint=hint)


def _request_body(body: Any, text_format: Any, max_size: int) -> LoadResult:
    """The request body as a loaded document, or the GK finding that says why not."""
    if isinstance(body, (Mapping, list)):
        return load_data(dict(body) if isinstance(body, Mapping) else body)
    if isinstance(body, str):
        if len(body) > max_size:
            return LoadResult(None, [too_large(len(body), max_size)], text_format)
        try:
            body = body.encode("utf-8")
        except UnicodeEncodeError as error:
            return LoadResult(None, [lone_surrogate(body, error.start)], text_format)
    if body is None or isinstance(body, (bytes, bytearray, memoryview)):
        raw = bytes(body or b"")
        if len(raw) > max_size:
            return LoadResult(None, [too_large(len(raw), max_size)], text_format)
        return load_bytes(raw, None, text_format)
    return LoadResult(
        None,
        [
            Finding(
                "GK207",
                "",
                f"the body is {type(body).__name__}; check_request takes the parsed JSON "
                "(a dict or list), or the body as str or bytes",
                hint="pass the body exactly as it will be sent, or the data before json.dumps",
            )
        ],
        text_format,
    )
