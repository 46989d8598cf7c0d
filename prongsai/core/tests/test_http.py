"""Tests for the outgoing-HTTP guard (prongsai.core.http).

Real HTTP servers run on 127.0.0.1 / 127.0.0.2 in threads; nothing is mocked
in httpx. Traffic never leaves the loopback interface: private and public
ranges are only exercised through the pure classification function.
"""

from __future__ import annotations

import asyncio
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from prongsai.core import http
from prongsai.core.http import guard as http_guard

BIG_BODY = bytes(range(256)) * 400  # 102,400 bytes
SLOW_MAX_SECONDS = 5.0  # upper bound for the "slow" handler, released at teardown


@dataclass
class Recorder:
    """What a test server saw."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    connections: int = 0
    paths: list[str] = field(default_factory=list)
    user_agents: list[str | None] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    @property
    def hits(self) -> int:
        with self.lock:
            return len(self.paths)


@dataclass
class LocalServer:
    """A running test server."""

    host: str
    port: int
    recorder: Recorder

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def _handler(recorder: Recorder, stop: threading.Event) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            with recorder.lock:
                recorder.paths.append(parts.path)
                recorder.user_agents.append(self.headers.get("User-Agent"))
                recorder.headers.append({k.lower(): v for k, v in self.headers.items()})
            if parts.path == "/big":
                self._send(200, BIG_BODY)
            elif parts.path == "/exact":
                self._send(200, b"a" * 1000)
            elif parts.path == "/slow":
                if not stop.wait(SLOW_MAX_SECONDS):
                    self._send(200, b"late")
            elif parts.path == "/redirect":
                target = parse_qs(parts.query)["to"][0]
                self._send(302, b"", {"Location": target})
            else:
                self._send(200, b"hello")

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: Any, recorder: Recorder) -> None:
        self.recorder = recorder
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that time out or stop reading early are expected

    def get_request(self) -> tuple[socket.socket, Any]:
        request = super().get_request()
        with self.recorder.lock:
            self.recorder.connections += 1
        return request


@pytest.fixture
def start_server() -> Iterator[Callable[[str], LocalServer]]:
    """Factory fixture: start a threaded HTTP server on a loopback address."""
    running: list[tuple[_Server, threading.Thread, threading.Event]] = []

    def start(host: str = "127.0.0.1") -> LocalServer:
        assert ipaddress.ip_address(host).is_loopback  # never bind anything else
        recorder = Recorder()
        stop = threading.Event()
        server = _Server((host, 0), _handler(recorder, stop), recorder)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        thread.daemon = True
        thread.start()
        running.append((server, thread, stop))
        return LocalServer(host, server.server_address[1], recorder)

    yield start
    for server, thread, stop in running:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def server(start_server: Callable[[str], LocalServer]) -> LocalServer:
    return start_server("127.0.0.1")


# ---------------------------------------------------------------------------
# Pure address classification (no packets)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.0.0.1", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.254", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),
        ("127.0.0.1", "loopback"),
        ("127.0.0.2", "loopback"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),  # noqa: S104
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.1", "reserved"),
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("ff02::1", "multicast"),
        ("fd00::1", "private"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("64:ff9b::a00:1", "private"),
        ("2002:7f00:1::1", "reserved"),
        ("2001::1", "reserved"),
        ("8.8.8.8", None),
        ("1.1.1.1", None),
        ("2001:4860:4860::8888", None),
        ("::ffff:8.8.8.8", None),
        ("64:ff9b::808:808", None),
    ],
)
def test_it_classifies_addresses(address: str, reason: str | None) -> None:
    assert http.is_forbidden_ip(ipaddress.ip_address(address)) == reason


def test_it_checks_every_resolved_address() -> None:
    # Pure check of fake getaddrinfo results: one bad address spoils the lot.
    def info(address: str) -> tuple[Any, ...]:
        return (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 80))

    guard = http_guard.Guard(())
    assert guard.check("example.test", [info("8.8.8.8"), info("1.1.1.1")]) == [
        "8.8.8.8",
        "1.1.1.1",
    ]
    with pytest.raises(http.BlockedAddress) as excinfo:
        guard.check("example.test", [info("8.8.8.8"), info("10.1.2.3")])
    assert excinfo.value.address == "10.1.2.3"
    assert excinfo.value.reason == "private"


# ---------------------------------------------------------------------------
# Sync client against real local servers


def test_it_blocks_loopback_without_allow_list(server: LocalServer) -> None:
    with pytest.raises(http.BlockedAddress) as excinfo:
        http.fetch(server.url + "/")
    error = excinfo.value
    assert isinstance(error, httpx.ConnectError)
    assert error.host == "127.0.0.1"
    assert error.address == "127.0.0.1"
    assert error.reason == "loopback"
    assert "127.0.0.1" in str(error)
    assert "loopback" in str(error)
    assert error.request.url == httpx.URL(server.url + "/")
    assert server.recorder.connections == 0
    assert server.recorder.hits == 0


def test_it_blocks_loopback_with_the_plain_client(server: LocalServer) -> None:
    with http.client() as c, pytest.raises(http.BlockedAddress):
        c.get(server.url + "/")
    assert server.recorder.connections == 0


def test_it_allows_a_listed_host(server: LocalServer) -> None:
    result = http.fetch(server.url + "/", allow_hosts=["127.0.0.1"])
    assert result.status_code == 200
    assert result.content == b"hello"
    assert result.truncated is False
    assert result.url == server.url + "/"
    assert result.final_url == server.url + "/"
    assert result.headers["content-length"] == "5"
    assert result.elapsed_ms >= 0
    assert server.recorder.hits == 1


def test_it_allows_a_host_from_settings(server: LocalServer, settings: Any) -> None:
    settings.OUTGOING_HTTP_ALLOWED_HOSTS = ["127.0.0.1"]
    assert http.fetch(server.url + "/").content == b"hello"
    assert server.recorder.hits == 1


def test_it_reads_settings_lazily(server: LocalServer, settings: Any) -> None:
    settings.OUTGOING_HTTP_ALLOWED_HOSTS = []
    with http.client() as c:
        with pytest.raises(http.BlockedAddress):
            c.get(server.url + "/")
        settings.OUTGOING_HTTP_ALLOWED_HOSTS = ["127.0.0.1"]
        assert c.get(server.url + "/").status_code == 200
    assert server.recorder.hits == 1


def test_it_blocks_when_the_setting_is_missing(server: LocalServer, settings: Any) -> None:
    del settings.OUTGOING_HTTP_ALLOWED_HOSTS
    with pytest.raises(http.BlockedAddress):
        http.fetch(server.url + "/")
    assert server.recorder.connections == 0


def test_it_blocks_a_redirect_to_a_non_allowed_address(
    start_server: Callable[[str], LocalServer],
) -> None:
    first = start_server("127.0.0.1")
    second = start_server("127.0.0.2")
    url = f"{first.url}/redirect?to={second.url}/"
    with pytest.raises(http.BlockedAddress) as excinfo:
        http.fetch(url, allow_hosts=["127.0.0.1"])
    assert excinfo.value.address == "127.0.0.2"
    assert first.recorder.paths == ["/redirect"]
    assert second.recorder.connections == 0
    assert second.recorder.hits == 0

    # Control: the second server is reachable once it is allowed too.
    result = http.fetch(url, allow_hosts=["127.0.0.1", "127.0.0.2"])
    assert result.final_url == second.url + "/"
    assert result.content == b"hello"
    assert second.recorder.hits == 1


def test_it_does_not_follow_redirects_on_the_plain_client_by_default(
    start_server: Callable[[str], LocalServer],
) -> None:
    first = start_server("127.0.0.1")
    second = start_server("127.0.0.2")
    with http.client(allow_hosts=["127.0.0.1"]) as c:
        response = c.get(f"{first.url}/redirect?to={second.url}/")
    assert response.status_code == 302
    assert second.recorder.connections == 0


def test_it_blocks_localhost_unless_allowed(server: LocalServer) -> None:
    url = f"http://localhost:{server.port}/"
    with pytest.raises(http.BlockedAddress) as excinfo:
        http.fetch(url)
    assert excinfo.value.host == "localhost"
    assert excinfo.value.reason == "loopback"
    # Allowing the IP does not allow the name: matching is on the URL host.
    with pytest.raises(http.BlockedAddress):
        http.fetch(url, allow_hosts=["127.0.0.1"])
    assert server.recorder.connections == 0

    assert http.fetch(url, allow_hosts=["LocalHost"]).content == b"hello"
    assert server.recorder.hits == 1


def test_it_truncates_at_max_bytes(server: LocalServer) -> None:
    result = http.fetch(server.url + "/big", max_bytes=1000, allow_hosts=["127.0.0.1"])
    assert result.truncated is True
    assert result.content == BIG_BODY[:1000]

    full = http.fetch(server.url + "/big", allow_hosts=["127.0.0.1"])
    assert full.truncated is False
    assert full.content == BIG_BODY

    exact = http.fetch(server.url + "/exact", max_bytes=1000, allow_hosts=["127.0.0.1"])
    assert exact.truncated is False
    assert len(exact.content) == 1000


def test_it_supports_head(server: LocalServer) -> None:
    result = http.fetch(server.url + "/big", method="HEAD", allow_hosts=["127.0.0.1"])
    assert result.status_code == 200
    assert result.content == b""
    assert result.headers["content-length"] == str(len(BIG_BODY))


def test_it_times_out(server: LocalServer) -> None:
    with pytest.raises(httpx.TimeoutException):
        http.fetch(server.url + "/slow", timeout=0.3, allow_hosts=["127.0.0.1"])


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file", "file:///etc/passwd", "gopher://127.0.0.1:70/"])
def test_it_rejects_unsupported_schemes(url: str) -> None:
    with pytest.raises(http.UnsupportedScheme):
        http.fetch(url, allow_hosts=["127.0.0.1"])
    with http.client(allow_hosts=["127.0.0.1"]) as c, pytest.raises(http.UnsupportedScheme):
        c.get(url)


def test_it_rejects_a_redirect_to_an_unsupported_scheme(server: LocalServer) -> None:
    with pytest.raises(http.UnsupportedScheme):
        http.fetch(f"{server.url}/redirect?to=file:///etc/passwd", allow_hosts=["127.0.0.1"])


def test_it_sends_the_user_agent(server: LocalServer) -> None:
    http.fetch(server.url + "/", allow_hosts=["127.0.0.1"], headers={"X-Extra": "1"})
    user_agent = server.recorder.user_agents[0]
    assert user_agent == http.user_agent()
    assert user_agent is not None
    assert user_agent.startswith("Prongsai/")
    assert user_agent.endswith("(+https://github.com/prongsai; integrity-and-transparency workbench)")
    assert server.recorder.headers[0]["x-extra"] == "1"


def _allow_loopback_as_if_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the guard treat loopback as public, to drive its resolve-and-check path."""
    original = http_guard.is_forbidden_ip
    monkeypatch.setattr(http_guard, "is_forbidden_ip", lambda ip: None if ip.is_loopback else original(ip))


def test_it_connects_to_the_checked_ip_and_keeps_the_host_header(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _allow_loopback_as_if_public(monkeypatch)
    result = http.fetch(f"http://localhost:{server.port}/")  # not in any allow-list
    assert result.content == b"hello"
    assert server.recorder.headers[0]["host"] == f"localhost:{server.port}"


def test_it_keeps_the_host_name_for_tls_sni(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl command not available")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    server_names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)
    port = listener.getsockname()[1]

    def accept_once() -> None:
        try:
            conn, _ = listener.accept()
            conn.settimeout(10)
            with context.wrap_socket(conn, server_side=True):
                pass
        except OSError:
            pass  # the client rejects the self-signed certificate

    thread = threading.Thread(target=accept_once, daemon=True)
    thread.start()
    _allow_loopback_as_if_public(monkeypatch)
    try:
        with pytest.raises(httpx.ConnectError):  # certificate not trusted
            http.fetch(f"https://localhost:{port}/", timeout=5)
    finally:
        thread.join(timeout=10)
        listener.close()
    assert server_names == ["localhost"]


# ---------------------------------------------------------------------------
# Async client


def test_it_blocks_and_allows_with_the_async_client(server: LocalServer) -> None:
    async def scenario() -> http.FetchResult:
        async with http.async_client() as c:
            with pytest.raises(http.BlockedAddress):
                await http.afetch(c, server.url + "/")
        assert server.recorder.connections == 0
        async with http.async_client(allow_hosts=["127.0.0.1"]) as c:
            return await http.afetch(c, server.url + "/big", max_bytes=10)

    result = asyncio.run(scenario())
    assert result.status_code == 200
    assert result.content == BIG_BODY[:10]
    assert result.truncated is True
    assert server.recorder.hits == 1
    assert server.recorder.user_agents[0] == http.user_agent()


def test_it_blocks_async_localhost_and_redirects(start_server: Callable[[str], LocalServer], settings: Any) -> None:
    first = start_server("127.0.0.1")
    second = start_server("127.0.0.2")
    settings.OUTGOING_HTTP_ALLOWED_HOSTS = ["127.0.0.1"]

    async def scenario() -> None:
        async with http.async_client(follow_redirects=True) as c:
            with pytest.raises(http.BlockedAddress) as excinfo:
                await http.afetch(c, f"{first.url}/redirect?to={second.url}/")
            assert excinfo.value.address == "127.0.0.2"
            with pytest.raises(http.BlockedAddress):
                await http.afetch(c, f"http://localhost:{first.port}/")
            with pytest.raises(http.UnsupportedScheme):
                await http.afetch(c, "ftp://127.0.0.1/")

    asyncio.run(scenario())
    assert first.recorder.paths == ["/redirect"]
    assert second.recorder.connections == 0


def test_it_times_out_with_the_async_client(server: LocalServer) -> None:
    async def scenario() -> None:
        async with http.async_client(timeout=0.3, allow_hosts=["127.0.0.1"]) as c:
            await http.afetch(c, server.url + "/slow")

    with pytest.raises(httpx.TimeoutException):
        asyncio.run(scenario())


def test_it_connects_to_the_checked_ip_with_the_async_client(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _allow_loopback_as_if_public(monkeypatch)

    async def scenario() -> http.FetchResult:
        async with http.async_client() as c:
            return await http.afetch(c, f"http://localhost:{server.port}/")

    assert asyncio.run(scenario()).content == b"hello"
    assert server.recorder.headers[0]["host"] == f"localhost:{server.port}"
