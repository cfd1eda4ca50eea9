"""What a check function is told besides the document itself."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, NamedTuple


class Request(NamedTuple):
    """An HTTP request as :func:`goalkeeper.check_request` sees it.

    Header names are lower-cased. Values of headers and query parameters are for
    presence checks only and never appear in a message.
    """

    method: str
    url: str
    path: str
    path_params: Mapping[str, str]
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]

    def has_header(self, name: str) -> bool:
        return bool(self.headers.get(name.lower(), "").strip())

    def has_query(self, name: str) -> bool:
        return any(value.strip() for value in self.query.get(name, ()))


class Context:
    """What a rule is told besides the document: the kind and operation, the time the
    check runs at (read from the clock only if a rule asks, once per document), the
    account's vendor options, and the HTTP request (only from check_request)."""

    __slots__ = ("_now", "kind", "op", "request", "vendor_options")

    def __init__(
        self,
        kind: str,
        op: str,
        now: datetime | None = None,
        vendor_options: Mapping[str, Any] | None = None,
        request: Request | None = None,
    ) -> None:
        self.kind = kind
        self.op = op
        self._now = now
        self.vendor_options: Mapping[str, Any] = vendor_options or {}
        self.request = request

    def __repr__(self) -> str:
        return f"Context(kind={self.kind!r}, op={self.op!r})"

    @property
    def now(self) -> datetime:
        if self._now is None:
            self._now = datetime.now(timezone.utc)
        return self._now

    def required_request(self) -> Request:
        """The request being checked; request-stage rules run only from check_request."""
        assert self.request is not None, "request-level rules only run from check_request"
        return self.request
