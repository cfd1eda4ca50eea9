"""The HTTP guards against a real HTTP server on 127.0.0.1: a bad payload raises before
anything is sent, a good one arrives byte for byte, and what goalkeeper does not judge
(unknown endpoints, streamed and multipart bodies) passes untouched."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple

import httpx
import pytest
import requests
from requests.adapters import HTTPAdapter

import goalkeeper
from goalkeeper.hooks import async_httpx_hook, guard_session, httpx_hook


class Received(NamedTuple):
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class _Handler(BaseHTTPRequestHandler):
    received: list[Received]

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _handle(self) -> None:
        body = self._read_body()
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.received.append(Received(self.command, self.path, headers, body))  # type: ignore[attr-defined]
        reply = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def base(server: ThreadingHTTPServer) -> str:
    server.received.clear()  # type: ignore[attr-defined]
    return f"http://127.0.0.1:{server.server_address[1]}"


def received(server: ThreadingHTTPServer) -> list[Received]:
    return list(server.received)  # type: ignore[attr-defined]


CANARY = "CANARY-guard-4d2b7e"
GOAL_URL = "/admin/acc-1/goals/goal/g-checkout"
KEY = {"x-conductrics-apikey": CANARY, "content-type": "application/json"}
# Odd spacing and key order: what arrives must be these bytes exactly.
GOOD = b'{ "code":"g-checkout",\n  "name": "Checkout",   "agents": [] }'
BAD = b'{"code": "g-checkout", "name": "Checkout", "agents": [], "countMax": 0}'
WARNS = b'{"code": "g-checkout", "name": "Checkout", "agents": ["a", "a"]}'
PULSE_URL = "/api/1.0/goal/rule/by_goal_id;id=f728064b-803f-4a82-a5d7-9efab5d4538a"


def _warning_codes() -> list[str]:
    report = goalkeeper.check_request("PUT", "https://h" + GOAL_URL, WARNS, KEY)
    return [d.code for d in report.diagnostics if d.severity is goalkeeper.Severity.WARNING]


def test_the_warning_payload_only_warns() -> None:
    report = goalkeeper.check_request("PUT", "https://h" + GOAL_URL, WARNS, KEY)
    assert report.ok and _warning_codes()


# -- httpx (sync) ------------------------------------------------------------------------


def test_httpx_bad_payload_raises_and_nothing_is_sent(
    server: ThreadingHTTPServer, base: str
) -> None:
    with (
        httpx.Client(event_hooks={"request": [httpx_hook]}) as client,
        pytest.raises(goalkeeper.PayloadError) as raised,
    ):
        client.put(base + GOAL_URL, content=BAD, headers=KEY)
    assert [d.code for d in raised.value.report.diagnostics] == ["CT105"]
    assert received(server) == []
    assert CANARY not in str(raised.value) and CANARY not in repr(raised.value.report)


def test_httpx_good_payload_arrives_byte_for_byte(server: ThreadingHTTPServer, base: str) -> None:
    with httpx.Client(event_hooks={"request": [httpx_hook]}) as client:
        response = client.put(base + GOAL_URL + "?apikey=x", content=GOOD, headers=KEY)
    assert response.status_code == 200
    (got,) = received(server)
    assert (got.method, got.path, got.body) == ("PUT", GOAL_URL + "?apikey=x", GOOD)
    assert got.headers["x-conductrics-apikey"] == CANARY


def test_httpx_json_argument_is_checked(server: ThreadingHTTPServer, base: str) -> None:
    with httpx.Client(event_hooks={"request": [httpx_hook]}) as client:
        with pytest.raises(goalkeeper.PayloadError):
            client.put(base + GOAL_URL, json=json.loads(BAD), headers=KEY)
        client.put(base + GOAL_URL, json=json.loads(GOOD), headers=KEY)
    (got,) = received(server)
    assert json.loads(got.body) == json.loads(GOOD)


def test_httpx_wrong_method_and_pulse_charset(server: ThreadingHTTPServer, base: str) -> None:
    with httpx.Client(event_hooks={"request": [httpx_hook]}) as client:
        with pytest.raises(goalkeeper.PayloadError) as wrong_method:
            client.post(base + GOAL_URL, content=GOOD, headers=KEY)
        body = b"<rulesBean><parentId>f728064b-803f-4a82-a5d7-9efab5d4538a</parentId></rulesBean>"
        headers = {"x-o-api-key": "k", "content-type": "application/xml; charset=ISO-8859-1"}
        with pytest.raises(goalkeeper.PayloadError) as charset:
            client.put(base + PULSE_URL, content=body, headers=headers)
    assert [d.code for d in wrong_method.value.report.diagnostics] == ["GK501"]
    assert [d.code for d in charset.value.report.diagnostics] == ["PU003"]
    assert received(server) == []


def test_httpx_unknown_endpoint_passes(server: ThreadingHTTPServer, base: str) -> None:
    with httpx.Client(event_hooks={"request": [httpx_hook]}) as client:
        client.post(base + "/somewhere/else", content=b"\xff not json", headers=KEY)
    assert [r.body for r in received(server)] == [b"\xff not json"]


def test_httpx_reads_and_deletes_without_a_body_pass(
    server: ThreadingHTTPServer, base: str
) -> None:
    pulse = "/api/1.0/goal/by_goal_id;id=f728064b-803f-4a82-a5d7-9efab5d4538a"
    with httpx.Client(event_hooks={"request": [httpx_hook]}) as client:
        client.get(base + GOAL_URL, headers=KEY)
        client.get(base + "/api/1.0/goal", headers={"x-o-api-key": "k"})
        client.delete(base + pulse, headers={"x-o-api-key": "k"})
        # An empty payload sent the way payloads are sent is checked (and is a mistake).
        with pytest.raises(goalkeeper.PayloadError) as empty:
            client.put(base + GOAL_URL, content=b"", headers=KEY)
        # A payload with the wrong method is checked too.
        with pytest.raises(goalkeeper.PayloadError):
            client.patch(base + GOAL_URL, content=GOOD, headers=KEY)
    assert [d.code for d in empty.value.report.diagnostics] == ["GK002"]
    assert [(r.method, r.body) for r in received(server)] == [
        ("GET", b""),
        ("GET", b""),
        ("DELETE", b""),
    ]


def test_httpx_streamed_body_passes_untouched(server: ThreadingHTTPServer, base: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield BAD[:10]
        yield BAD[10:]

    with httpx.Client(event_hooks={"request": [httpx_hook]}) as client:
        client.put(base + GOAL_URL, content=chunks(), headers=KEY)
    (got,) = received(server)
    assert got.body == BAD and got.headers.get("transfer-encoding") == "chunked"


def test_httpx_multipart_body_passes_untouched(server: ThreadingHTTPServer, base: str) -> None:
    with httpx.Client(event_hooks={"request": [httpx_hook]}) as client:
        client.put(base + GOAL_URL, files={"payload": ("g.json", BAD)}, headers={"x": "1"})
    (got,) = received(server)
    assert got.headers["content-type"].startswith("multipart/form-data")
    assert BAD in got.body


def test_httpx_hook_options(server: ThreadingHTTPServer, base: str) -> None:
    strict = httpx_hook(strict=True)
    with (
        httpx.Client(event_hooks={"request": [strict]}) as client,
        pytest.raises(goalkeeper.PayloadError) as raised,
    ):
        client.put(base + GOAL_URL, content=WARNS, headers=KEY)
    assert "warning" in str(raised.value)
    ignoring = httpx_hook(strict=True, ignore=_warning_codes())
    selecting = httpx_hook(select="CT1", ignore=["CT105"])
    with httpx.Client(event_hooks={"request": [ignoring]}) as client:
        client.put(base + GOAL_URL, content=WARNS, headers=KEY)
    with httpx.Client(event_hooks={"request": [selecting]}) as client:
        client.put(base + GOAL_URL, content=BAD, headers=KEY)
        # A body that does not parse fails whatever the selection says.
        with pytest.raises(goalkeeper.PayloadError) as syntax:
            client.put(base + GOAL_URL, content=b'{"code": ', headers=KEY)
    assert [d.code for d in syntax.value.report.diagnostics] == ["GK201"]
    assert [r.body for r in received(server)] == [WARNS, BAD]


def test_httpx_hook_clock() -> None:
    body = (
        b"<goalBean><campaignId>c</campaignId><goalValue>1.0</goalValue>"
        b"<start>2030-01-01T00:00:00Z</start><type>IMPRESSION</type>"
        b"<variant>NORMAL</variant></goalBean>"
    )
    headers = {"x-o-api-key": "k", "content-type": "application/xml"}
    request = httpx.Request("POST", "https://h/api/1.0/goal", content=body, headers=headers)
    httpx_hook(request)  # 2030 is in the future today
    late = httpx_hook(strict=True, now=datetime(2031, 1, 1, tzinfo=timezone.utc))
    with pytest.raises(goalkeeper.PayloadError):
        late(request)


def test_bad_option_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="matches no rule code"):
        httpx_hook(select="XX9")


# -- httpx (async) -----------------------------------------------------------------------


def test_async_httpx(server: ThreadingHTTPServer, base: str) -> None:
    async def scenario() -> None:
        hooks = {"request": [async_httpx_hook]}
        async with httpx.AsyncClient(event_hooks=hooks) as client:
            with pytest.raises(goalkeeper.PayloadError):
                await client.put(base + GOAL_URL, content=BAD, headers=KEY)
            assert received(server) == []
            await client.put(base + GOAL_URL, content=GOOD, headers=KEY)
            await client.post(base + "/unknown", content=b"[1,", headers=KEY)

            async def chunks() -> Any:
                yield BAD

            await client.put(base + GOAL_URL, content=chunks(), headers=KEY)
            await client.put(base + GOAL_URL, files={"f": ("g.json", BAD)})
        strict = {"request": [async_httpx_hook(strict=True)]}
        async with httpx.AsyncClient(event_hooks=strict) as client:
            with pytest.raises(goalkeeper.PayloadError):
                await client.put(base + GOAL_URL, content=WARNS, headers=KEY)

    asyncio.run(scenario())
    got = received(server)
    assert [r.body for r in got[:3]] == [GOOD, b"[1,", BAD]
    assert got[3].headers["content-type"].startswith("multipart/form-data") and len(got) == 4


# -- requests ----------------------------------------------------------------------------


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as guarded:
        yield guard_session(guarded)


def test_requests_bad_payload_raises_and_nothing_is_sent(
    server: ThreadingHTTPServer, base: str, session: requests.Session
) -> None:
    with pytest.raises(goalkeeper.PayloadError) as raised:
        session.put(base + GOAL_URL + f"?apikey={CANARY}", data=BAD, headers=KEY)
    assert [d.code for d in raised.value.report.diagnostics] == ["CT105"]
    assert received(server) == []
    assert CANARY not in str(raised.value)
    with pytest.raises(goalkeeper.PayloadError):
        session.put(base + GOAL_URL, json=json.loads(BAD), headers=KEY)
    assert received(server) == []


def test_requests_good_payload_arrives_byte_for_byte(
    server: ThreadingHTTPServer, base: str, session: requests.Session
) -> None:
    response = session.put(base + GOAL_URL, data=GOOD, headers=KEY)
    assert response.status_code == 200 and response.json() == {"ok": True}
    (got,) = received(server)
    assert (got.method, got.path, got.body) == ("PUT", GOAL_URL, GOOD)


def test_requests_text_body_and_unknown_endpoint(
    server: ThreadingHTTPServer, base: str, session: requests.Session
) -> None:
    session.put(base + GOAL_URL, data=GOOD.decode(), headers=KEY)
    session.post(base + "/not/ours", data=b"\x00\x01", headers=KEY)
    assert [r.body for r in received(server)] == [GOOD, b"\x00\x01"]


def test_requests_reads_and_deletes_without_a_body_pass(
    server: ThreadingHTTPServer, base: str, session: requests.Session
) -> None:
    session.get(base + GOAL_URL, headers=KEY)
    session.delete(base + GOAL_URL, headers=KEY)
    with pytest.raises(goalkeeper.PayloadError):
        session.put(base + GOAL_URL, headers=KEY)  # no body at all, to a payload endpoint
    assert [r.method for r in received(server)] == ["GET", "DELETE"]


def test_requests_streamed_and_multipart_pass_untouched(
    server: ThreadingHTTPServer, base: str, session: requests.Session
) -> None:
    session.put(base + GOAL_URL, data=iter([BAD[:5], BAD[5:]]), headers=KEY)
    session.put(base + GOAL_URL, files={"payload": ("g.json", BAD)})
    streamed, multipart = received(server)
    assert streamed.body == BAD and streamed.headers.get("transfer-encoding") == "chunked"
    assert multipart.headers["content-type"].startswith("multipart/form-data")
    assert BAD in multipart.body


def test_guard_session_keeps_the_mounted_adapters(base: str) -> None:
    with requests.Session() as plain:
        plain.mount("http://", HTTPAdapter(max_retries=3))
        guard_session(guard_session(plain), strict=True)  # wraps once, the last options win
        adapter = plain.get_adapter(base)
        assert adapter.max_retries.total == 3
        assert not hasattr(adapter.inner, "inner")
        with pytest.raises(goalkeeper.PayloadError):
            plain.put(base + GOAL_URL, data=WARNS, headers=KEY)


def test_guards_import_neither_client_until_used() -> None:
    code = (
        "import sys, goalkeeper.hooks, goalkeeper.hooks.guards;"
        "goalkeeper.hooks.httpx_hook; goalkeeper.hooks.guard_session;"
        "print(sorted(m for m in ('httpx', 'requests') if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert output.strip() == "[]"
