"""HTTP client guards: check a request with :func:`goalkeeper.check_request` before it is
sent, and raise :class:`goalkeeper.PayloadError` instead of sending a bad payload.

* httpx: ``httpx.Client(event_hooks={"request": [httpx_hook]})`` and, for
  ``httpx.AsyncClient``, ``async_httpx_hook``. Called with options only
  (``httpx_hook(strict=True)``) each returns a hook with those options.
* requests: ``guard_session(session)`` wraps every adapter mounted on the session, so
  retries and other adapter settings keep working.

Options: ``strict`` (warnings fail too), ``select``/``ignore`` (codes or prefixes, as on
the command line; a body that cannot be read or parsed fails whatever they say), ``now``
(the clock for date rules) and ``options`` (Conductrics transforms options).

What passes untouched, unread: requests to endpoints goalkeeper does not know, requests
without a body in a method the endpoint does not take a payload with (reading or deleting a
goal), streamed bodies (an iterator, a file), multipart bodies and compressed bodies
(Content-Encoding).
Nothing is logged; header values and ``apikey`` values never appear in an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from goalkeeper.checker import Report
from goalkeeper.diagnostics import Severity
from goalkeeper.settings import ALL, Selection

if TYPE_CHECKING:
    import httpx

# Load and parse findings (GK0xx-GK3xx errors) and internal errors are never silenced by a
# selection: a body that cannot be read must not pass because of --select (SPEC §5.1).
_UNSILENCEABLE = ("GK0", "GK1", "GK2", "GK3", "GK999")


class GuardOptions(NamedTuple):
    strict: bool = False
    select: tuple[str, ...] = (ALL,)
    ignore: tuple[str, ...] = ()
    now: datetime | None = None
    options: Any = None

    @classmethod
    def of(
        cls,
        strict: bool = False,
        select: str | Iterable[str] | None = None,
        ignore: str | Iterable[str] | None = None,
        now: datetime | None = None,
        options: Any = None,
    ) -> GuardOptions:
        return cls(strict, _codes(select) or (ALL,), _codes(ignore), now, options)


def _codes(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = tuple(item.strip().upper() for item in items if item.strip())
    from goalkeeper import registry
    from goalkeeper.settings import check_codes

    return check_codes(codes, registry.is_code_prefix, "select/ignore")


def guard_request(
    method: str, url: str, body: bytes, headers: Any, options: GuardOptions
) -> Report:
    """Check one request; raise PayloadError when it fails. Returns the (filtered) report."""
    from goalkeeper.api import PayloadError, check_request

    report = check_request(method, url, body, headers, now=options.now, options=options.options)
    if not report.diagnostics:
        return report
    selection = Selection(options.select, options.ignore)
    kept = tuple(
        d
        for d in report.diagnostics
        if selection.enabled(d.code)
        or (d.severity is Severity.ERROR and d.code.startswith(_UNSILENCEABLE))
    )
    filtered = Report(kept, report.files_checked)
    if filtered.failed(options.strict):
        raise PayloadError(filtered)
    return filtered


def _passes_unread(headers: Mapping[str, str]) -> bool:
    """Bodies goalkeeper does not read: multipart and compressed ones."""
    content_type = headers.get("content-type", "").strip().lower()
    encoding = headers.get("content-encoding", "").strip().lower()
    return content_type.startswith("multipart/") or encoding not in ("", "identity")


def _guard(
    method: str,
    url: str,
    body: bytes | None,
    headers: Any,
    lowered: Mapping[str, str],
    options: GuardOptions,
) -> None:
    """What both clients do: check the request unless it is not goalkeeper's to judge."""
    from urllib.parse import parse_qs, urlsplit

    from goalkeeper import registry
    from goalkeeper.endpoints import match_endpoint

    if body is None or _passes_unread(lowered):
        return
    try:
        parts = urlsplit(url)
    except ValueError:
        return
    match = match_endpoint(method, parts.path, parse_qs(parts.query), registry.KINDS)
    if match is None:
        return
    if not body and any(finding.code == "GK501" for finding in match.findings):
        return  # no payload, and a method the path does not take a payload with: a read or a delete
    guard_request(method, url, body, headers, options)


# -- httpx -------------------------------------------------------------------------------


def _httpx_body(request: httpx.Request) -> bytes | None:
    """The body of a request whose content is in memory; None for a streamed one."""
    import httpx

    if not isinstance(request.stream, httpx.ByteStream):
        return None
    try:
        return request.content
    except httpx.RequestNotRead:
        return None


def _check_httpx(request: httpx.Request, options: GuardOptions) -> None:
    headers = request.headers
    body = _httpx_body(request)
    _guard(request.method, str(request.url), body, headers.multi_items(), headers, options)


async def _check_httpx_async(request: httpx.Request, options: GuardOptions) -> None:
    _check_httpx(request, options)


def _event_hook(check: Callable[[httpx.Request, GuardOptions], Any], doc: str) -> Any:
    """An httpx event hook around ``check``: called with a request, it checks it with the
    default options; called with options only, it returns a hook that uses them."""

    def hook(
        request: httpx.Request | None = None,
        /,
        *,
        strict: bool = False,
        select: str | Iterable[str] | None = None,
        ignore: str | Iterable[str] | None = None,
        now: datetime | None = None,
        options: Any = None,
    ) -> Any:
        settings = GuardOptions.of(strict, select, ignore, now, options)
        if request is None:
            return lambda request: check(request, settings)
        return check(request, settings)

    hook.__doc__ = doc
    return hook


httpx_hook = _event_hook(
    _check_httpx,
    "An ``httpx.Client`` request event hook; with only options, a hook that uses them.",
)
async_httpx_hook = _event_hook(
    _check_httpx_async,
    "An ``httpx.AsyncClient`` request event hook; with only options, a hook that uses them.",
)


# -- requests ----------------------------------------------------------------------------


def _requests_body(body: Any) -> bytes | None:
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if body is None:
        return b""
    return None  # a generator, an iterator, a file: streamed


@cache
def _guarding_adapter_class() -> type[Any]:
    from requests.adapters import BaseAdapter

    class GuardingAdapter(BaseAdapter):
        """Checks each request, then hands it to the adapter it wraps."""

        def __init__(self, inner: Any, options: GuardOptions) -> None:
            super().__init__()
            self.inner = inner
            self.options = options

        def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            headers = request.headers
            lowered = {k.lower(): v for k, v in headers.items() if isinstance(v, str)}
            body = _requests_body(request.body)
            _guard(request.method or "GET", request.url or "", body, headers, lowered, self.options)
            return self.inner.send(request, *args, **kwargs)

        def close(self) -> None:
            self.inner.close()

        def __getattr__(self, name: str) -> Any:
            # max_retries, proxy_manager, …: what the wrapped adapter has.
            if name == "inner":
                raise AttributeError(name)
            return getattr(self.inner, name)

    return GuardingAdapter


def guard_session(
    session: Any,
    *,
    strict: bool = False,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    now: datetime | None = None,
    options: Any = None,
) -> Any:
    """Guard a ``requests.Session``: every adapter mounted on it (http:// and https:// by
    default) checks each request before sending it. Returns the session; guarding it
    again replaces the options."""
    settings = GuardOptions.of(strict, select, ignore, now, options)
    adapter_class = _guarding_adapter_class()
    for prefix, adapter in list(session.adapters.items()):
        if isinstance(adapter, adapter_class):
            adapter = adapter.inner
        session.mount(prefix, adapter_class(adapter, settings))
    return session
