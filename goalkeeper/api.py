"""The library: check a payload (or a whole HTTP request) in-process.

Nothing here prints or exits. Validators are compiled once per kind and shared, and a
:class:`Checker` holds no per-payload state, so the functions are safe to call from
several threads at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from goalkeeper import registry
from goalkeeper.checker import Checker, Report, Target, load_data, lone_surrogate
from goalkeeper.diagnostics import Diagnostic, Finding
from goalkeeper.endpoints import Headers, redact, resolve_request
from goalkeeper.load.document import LoadResult, load_bytes, too_large
from goalkeeper.settings import Settings
from goalkeeper.validators.conductrics.options import (
    ConductricsOptions,
    load_options,
    parse_options,
)

Payload = Mapping[str, Any] | list[Any] | str | bytes | os.PathLike[str]


class PayloadError(ValueError):
    """Raised by :func:`validate` and the HTTP guards when a payload has errors (or, under
    ``strict``, warnings).

    ``report`` holds every diagnostic, warnings included.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        failing = [d for d in report.diagnostics if d.severity.value == "error"]
        word = "error"
        if not failing:  # a strict check failed on warnings
            failing = [d for d in report.diagnostics if d.severity.value == "warning"]
            word = "warning"
        lines = [f"{d.code} {d.pointer or '/'}: {d.message}" for d in failing[:5]]
        more = f" (and {len(failing) - 5} more)" if len(failing) > 5 else ""
        super().__init__(
            f"payload has {len(failing)} {word}{'s' if len(failing) != 1 else ''}{more}: "
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


def check_files(
    paths: Iterable[str | os.PathLike[str]],
    kind: str | None = None,
    op: str | None = None,
    *,
    now: datetime | None = None,
    options: Any = None,
    igrp: Mapping[str, int] | None = None,
    jobs: int | None = 1,
) -> Report:
    """Check files together, as ``goalkeeper check PATH...`` does, cross-file rules included.

    Named files are always checked; directories are walked for ``*.json`` and ``*.xml``
    as the command line walks them (files of no known kind are skipped). No configuration
    file is read: ``igrp`` maps globs (relative to the working directory) to Infinity IGRP
    numbers for the cross-file checks, as ``[tool.goalkeeper.infinity] igrp`` does; by
    default the files of one directory belong together. ``jobs`` is the number of
    processes (None: automatic).
    """
    from goalkeeper.files import FileSelector
    from goalkeeper.globs import Glob
    from goalkeeper.run import check_selected

    _validate_target(kind, op)
    vendor_options = _vendor_options(options)
    if igrp:
        vendor_options["infinity"] = tuple((Glob(glob), number) for glob, number in igrp.items())
    settings = Settings(now=now, vendor_options=vendor_options, caller="library")
    checker = Checker(settings)
    files = list(
        FileSelector(lambda _directory: settings).select([os.fspath(path) for path in paths])
    )
    return check_selected(lambda _path: checker, files, kind, op, jobs=jobs)


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


def fix(
    payload: str | bytes,
    kind: str | None = None,
    op: str | None = None,
    *,
    now: datetime | None = None,
    options: Any = None,
) -> tuple[Any, Report]:
    """Apply the safe fixes to a payload's text: ``(fixed_text, report)``.

    ``payload`` is JSON or XML text, ``str`` or ``bytes``; the fixed text comes back as
    the same type (unchanged when nothing is fixable, or when the result would not
    parse: GK601 then says why). The report lists what is left, and ``report.fixed``
    counts the fixes applied. Only the edited ranges change: indentation, key order,
    number spelling and XML comments stay as they were.
    """
    from goalkeeper.fixes import fix_text

    if not isinstance(payload, (str, bytes, bytearray, memoryview)):
        raise TypeError(
            "fix takes the payload's text (str or bytes): a parsed dict has no text to edit; "
            f"got {type(payload).__name__}"
        )
    _validate_target(kind, op)
    raw = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
    result = fix_text(_checker(now, options), raw, Target(None, kind, op))
    report = Report(tuple(result.diagnostics), 1, fixed=result.fixed)
    if not result.changed:
        return payload, report
    return (result.text if isinstance(payload, str) else result.text.encode("utf-8")), report


def check_request(
    method: str,
    url: str,
    body: Any,
    headers: Headers = None,
    *,
    op: str | None = None,
    now: datetime | None = None,
    options: Any = None,
) -> Report:
    """Check a whole HTTP request: the endpoint decides the kind and operation.

    ``body`` is the parsed JSON (a dict), or the body's text or bytes; ``headers`` a
    mapping or a list of (name, value) pairs, ``str`` or ``bytes``. Requests to endpoints
    goalkeeper does not know pass with an empty report. The request-level rules (method
    and matrix parameters, credentials, content type, URL ↔ body) run only here. Header
    values and ``apikey`` values never appear in the report.
    """
    resolution = resolve_request(method, url, headers, registry.KINDS)
    if resolution is None:
        return Report((), 0)
    match = resolution.match
    _validate_target(match.kind.name, op)
    checker = _checker(now, options)
    if (body is None or body in (b"", "")) and method.upper() in ("GET", "HEAD"):
        # A read without a body (the picklist endpoint takes GET): nothing is wrong with
        # the body, so the request-level rules run on an empty one.
        body = {} if match.kind.format == "json" else body
    loaded = _request_body(body, match.kind.format, checker.settings.max_file_size)
    if match.findings:
        loaded = loaded._replace(findings=[*match.findings, *loaded.findings])
    target = Target(None, match.kind.name, op or match.op)
    diagnostics = checker.check_loaded(loaded, target, None, resolution.request)
    secrets = resolution.secrets
    return Report(
        tuple(
            replace(d, message=redact(d.message, secrets), hint=redact(d.hint, secrets))
            if d.hint is not None
            else replace(d, message=redact(d.message, secrets))
            for d in diagnostics
        ),
        1,
    )


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
