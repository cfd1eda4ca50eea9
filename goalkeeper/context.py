"""What a check function is told besides the document itself."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
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


class Context(NamedTuple):
    kind: str
    op: str
    now: datetime
    vendor_options: Mapping[str, Any] = {}
    request: Request | None = None

    def required_request(self) -> Request:
        """The request being checked; request-stage rules run only from check_request."""
        assert self.request is not None, "request-level rules only run from check_request"
        return self.request
