"""Which endpoint a request goes to: a method and URL against every declared Endpoint.

Matching is host-agnostic and generic over the vendors' :class:`~goalkeeper.kinds.Endpoint`
declarations (SPEC §3 and the "Request endpoints" decision in §4.10):

* a template is matched against the end of the URL's path, so any host and path prefix
  is accepted; a trailing ``/`` is ignored;
* a parameter runs to the next ``/``, except a ``{name:path}`` parameter, which takes the
  rest of the path (Conductrics codes may hold ``/``); values are percent-decoded;
* matrix parameters (``;id=…``) may come in any order, extra ones are ignored;
* among the templates whose path matches, those of the request's method are preferred, then
  the one with the most literal segments; a payload method (POST, PUT, PATCH) on a path that
  takes only other methods, or a path without a required matrix parameter, is a GK finding
  (GK501, GK502); a path that matches nothing, or a GET, HEAD, OPTIONS or DELETE on a path
  that does not take it (reading or deleting the resource), is not goalkeeper's to judge.

Header values and ``apikey`` query values are secrets: :func:`resolve_request` collects
them so that the caller can make sure none reaches a message (:func:`redact`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

from goalkeeper.context import Request
from goalkeeper.diagnostics import Finding
from goalkeeper.kinds import Endpoint, Kind, PathSegment

Headers = Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None

# Headers whose values are not credentials and may be named in a message (the media type
# and charset of a Content-Type); every other header value is treated as a secret.
PUBLIC_HEADERS = frozenset(
    {
        "accept",
        "accept-encoding",
        "accept-language",
        "cache-control",
        "connection",
        "content-length",
        "content-type",
        "expect",
        "host",
        "transfer-encoding",
        "user-agent",
    }
)
# Methods that send a payload: one of them on a path that takes another is a mistake (GK501).
# A GET, HEAD, OPTIONS or DELETE on such a path reads or deletes the resource instead.
PAYLOAD_METHODS = frozenset({"POST", "PUT", "PATCH"})
# Shorter values are not looked for in messages: they would match ordinary words.
_MIN_SECRET = 4
# "apikey=" as written or percent-encoded once more ("apikey%3D"), and its value.
_APIKEY_IN_TEXT = re.compile(r"(apikey(?:=|%3D))((?:(?!%26|%2F|%3B)[^&;/?#\s])*)", re.IGNORECASE)
# How many rounds of percent-decoding are searched for an apikey (%253F… is %3F… is ?…).
_DECODING_ROUNDS = 3
_AUTH_SCHEME = re.compile(r"\s*[A-Za-z][\w.+-]*\s+(\S+)\s*$")
REDACTED = "***"


class UrlSegment(NamedTuple):
    """One segment of a request's path: its name (decoded), matrix parameters, raw text."""

    name: str
    matrix: dict[str, str]
    raw: str


class EndpointMatch(NamedTuple):
    """A request's endpoint: the kind, the operation and the path parameters."""

    kind: Kind
    endpoint: Endpoint
    op: str | None
    params: dict[str, str]
    findings: list[Finding]


class Resolution(NamedTuple):
    """What :func:`resolve_request` found: the match, the request for the rules, the secrets."""

    match: EndpointMatch
    request: Request
    secrets: frozenset[str]


def split_path(path: str) -> list[UrlSegment]:
    """The segments of a URL path; a trailing ``/`` is ignored."""
    trimmed = path.strip("/")
    if not trimmed:
        return []
    segments = []
    for raw in trimmed.split("/"):
        name, *parts = raw.split(";")
        matrix: dict[str, str] = {}
        for part in parts:
            key, _, value = part.partition("=")
            matrix.setdefault(unquote(key), unquote(value))
        segments.append(UrlSegment(unquote(name), matrix, raw))
    return segments


def _segment_value(template: PathSegment, segment: UrlSegment) -> str | None:
    """The parameter value a URL segment gives a template segment ('' for a literal)."""
    if template.literal is not None:
        return "" if segment.name == template.literal else None
    value = unquote(segment.raw) if not template.matrix else segment.name
    if not value:
        return None
    if template.converter == "int" and not (value.isascii() and value.isdigit()):
        return None
    return value


def _match_at(
    template: Sequence[PathSegment], segments: Sequence[UrlSegment], start: int
) -> tuple[dict[str, str], list[str]] | None:
    """Parameters and missing matrix keys when ``template`` matches from ``start``."""
    params: dict[str, str] = {}
    missing: list[str] = []
    for offset, part in enumerate(template):
        segment = segments[start + offset]
        value = _segment_value(part, segment)
        if value is None:
            return None
        if part.param is not None:
            params[part.param] = value
        for key, name in part.matrix:
            given = segment.matrix.get(key, "")
            if given.strip():
                params[name] = given
            else:
                missing.append(key)
    return params, missing


def match_path(
    endpoint: Endpoint, segments: Sequence[UrlSegment]
) -> tuple[dict[str, str], list[str]] | None:
    """The parameters (and missing matrix keys) when the endpoint's path matches."""
    template = endpoint.segments
    if template and template[-1].converter == "path":
        head = template[:-1]
        # Leftmost start whose head matches and leaves at least one segment for the rest.
        for start in range(len(segments) - len(head)):
            found = _match_at(head, segments, start)
            if found is None:
                continue
            rest = unquote("/".join(s.raw for s in segments[start + len(head) :]))
            if not rest:
                continue
            found[0][template[-1].param or ""] = rest
            return found
        return None
    if len(segments) < len(template):
        return None
    return _match_at(template, segments, len(segments) - len(template))


def _specificity(endpoint: Endpoint) -> tuple[int, int]:
    literals = sum(1 for part in endpoint.segments if part.literal is not None)
    return literals, -sum(1 for part in endpoint.segments if part.converter == "path")


def match_endpoint(
    method: str, path: str, query: Mapping[str, list[str]], kinds: Iterable[Kind]
) -> EndpointMatch | None:
    """The endpoint a request goes to, with GK findings for a wrong method or a missing
    matrix parameter; None when no declared path matches."""
    segments = split_path(path)
    candidates = []
    for kind in kinds:
        for endpoint in kind.endpoints:
            found = match_path(endpoint, segments)
            if found is not None:
                candidates.append((_specificity(endpoint), kind, endpoint, found))
    if not candidates:
        return None
    verb = method.upper()
    # The path that names the request most exactly decides, whatever the method: a POST
    # to .../segments/order is a segment order sent with the wrong method, not a segment
    # update whose ID is "order".
    best = max(candidate[0] for candidate in candidates)
    candidates = [c for c in candidates if c[0] == best]
    allowed = [c for c in candidates if c[2].method == verb]
    if not allowed and verb not in PAYLOAD_METHODS:
        return None  # reading or deleting a resource sends no payload: not ours to judge
    chosen = (allowed or candidates)[0]
    findings = []
    if chosen[2].method != verb:
        methods = sorted({c[2].method for c in candidates if c[0] == best})
        findings.append(
            Finding(
                "GK501",
                "",
                f"this endpoint takes {' or '.join(methods)}, not {verb or 'no method'}",
                hint=f"send the request with {' or '.join(methods)} ({chosen[2].readable})",
            )
        )
    _, kind, endpoint, (params, missing) = chosen
    for key in missing:
        findings.append(_missing_matrix(key, endpoint, query))
    return EndpointMatch(kind, endpoint, endpoint.op, params, findings)


def _missing_matrix(key: str, endpoint: Endpoint, query: Mapping[str, list[str]]) -> Finding:
    if any(value.strip() for value in query.get(key, ())):
        return Finding(
            "GK502",
            "",
            f"the URL gives {key} as a query parameter (?{key}=…), but this endpoint takes "
            f"it as a matrix parameter (;{key}=…)",
            hint=f"write the path as {endpoint.readable}: ;{key}= right after the segment, "
            "not ? at the end",
        )
    return Finding(
        "GK502",
        "",
        f"the URL has no {key}: this endpoint needs the matrix parameter ;{key}=…",
        hint=f"write the path as {endpoint.readable}",
    )


# -- headers and secrets -----------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("latin-1")
    return str(value)


def normalize_headers(headers: Headers) -> dict[str, str]:
    """Header names lower-cased, values as text: from a mapping or a list of pairs, with
    ``str`` or ``bytes`` names and values; a ``None`` value is a header not sent. Repeated
    names are joined with ", "."""
    if headers is None:
        return {}
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    result: dict[str, str] = {}
    for pair in pairs:
        try:
            name, value = pair
        except (TypeError, ValueError):
            raise TypeError("headers must be a mapping or a list of (name, value) pairs") from None
        if value is None:
            # What an HTTP library does with a header set to None (requests drops it from
            # the request): the header is not sent.
            continue
        key = _text(name).strip().lower()
        text = _text(value)
        result[key] = f"{result[key]}, {text}" if key in result else text
    return result


def secrets_of(headers: Mapping[str, str], query: Mapping[str, list[str]], path: str) -> set[str]:
    """The values no message may show: credentials in headers, ``apikey`` anywhere."""
    found = set()
    for name, value in headers.items():
        if name not in PUBLIC_HEADERS:
            # The whole value, each of repeated values (joined by ","), and the credentials
            # of "<scheme> <credentials>" (Authorization: Bearer …).
            for part in (value, *value.split(",")):
                found.add(part.strip())
                scheme = _AUTH_SCHEME.match(part)
                if scheme is not None:
                    found.add(scheme.group(1))
    for name, values in query.items():
        if name.lower() == "apikey":
            found.update(value.strip() for value in values)
    text = path
    for _ in range(_DECODING_ROUNDS):
        found.update(match.group(2) for match in _APIKEY_IN_TEXT.finditer(text))
        text = unquote(text)
    return {value for value in found if len(value) >= _MIN_SECRET}


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret replaced by ***."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def resolve_request(
    method: str, url: str, headers: Headers, kinds: Iterable[Kind]
) -> Resolution | None:
    """The endpoint, kind and operation of a request, or None for an unknown endpoint."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL at all ("http://[" …): not a request to a known endpoint
        return None
    query = parse_qs(parts.query, keep_blank_values=True)
    match = match_endpoint(method, parts.path, query, kinds)
    if match is None:
        return None
    normalized = normalize_headers(headers)
    secrets = secrets_of(normalized, query, parts.path)
    # A path parameter is percent-decoded, so "%3Fapikey%3D…" in a code becomes "?apikey=…":
    # the key's value is hidden before any rule can quote the parameter.
    params = {
        name: _APIKEY_IN_TEXT.sub(lambda m: m.group(1) + REDACTED, value)
        for name, value in match.params.items()
    }
    request = Request(
        method=method.upper(),
        url=url,
        path=parts.path,
        path_params=params,
        query=query,
        headers=normalized,
    )
    return Resolution(match._replace(params=params), request, frozenset(secrets))
