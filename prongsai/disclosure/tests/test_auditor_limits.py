"""The link auditor stays bounded against hostile servers (issue 11, §7), all on 127.0.0.1.

Compression bombs (brotli, gzip) are capped by DECODED bytes; servers that send one byte at a time, in
the headers or in the body, run into the total deadline of a request; a page of thousands of links gives
at most ``max_links_per_page``; the whole audit has a deadline and can be stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import socket
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest

from prongsai.disclosure import auditor
from prongsai.disclosure.auditor import AuditStopped, audit, run_audit

MB = 1024 * 1024
ALLOW = ("127.0.0.1",)
ZEROS = bytes(64 * MB)
BROTLI_BOMB = brotli.compress(b"<html><body>" + ZEROS, quality=1)  # ~12 KB on the wire
GZIP_BOMB = gzip.compress(b"<html><body>" + ZEROS[: 32 * MB], compresslevel=1)  # ~150 KB on the wire


class Bombs:
    """Pages that are small on the wire and huge decoded, and a page with many links."""

    def __init__(self) -> None:
        routes: dict[str, tuple[dict[str, str], bytes]] = {
            "/br": ({"Content-Encoding": "br"}, BROTLI_BOMB),
            "/gzip": ({"Content-Encoding": "gzip"}, GZIP_BOMB),
            "/links": ({}, self.links_page(30)),
        }
        for number in range(30):
            routes[f"/l/{number}"] = ({}, b"<html><title>ok</title><body>" + b"a linked page. " * 5 + b"</body></html>")

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def handle(self) -> None:
                with contextlib.suppress(OSError):  # the auditor hangs up once it has enough
                    super().handle()

            def do_HEAD(self) -> None:
                self.do_GET()

            def do_GET(self) -> None:
                headers, body = routes.get(self.path, ({}, b"missing"))
                self.send_response(200 if self.path in routes else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command == "GET":
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    @staticmethod
    def links_page(count: int) -> bytes:
        links = "".join(f'<a href="/l/{n}">document {n}</a> ' for n in range(count))
        return f"<html><title>Index</title><body><p>The documents of the year.</p>{links}</body></html>".encode()


class Trickle:
    """A raw TCP server that sends its answer one byte every ``gap`` seconds (for at most ``seconds``).

    ``/headers`` trickles the status line and headers; ``/body`` sends the headers at once and trickles
    a long body. Either way every read gets a byte well within the per-read timeout.
    """

    def __init__(self, gap: float = 0.2, seconds: float = 8.0) -> None:
        self.gap, self.seconds = gap, seconds
        self.stopped = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self.answer, args=(conn,), daemon=True).start()

    def answer(self, conn: socket.socket) -> None:
        with conn:
            request = conn.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
            if b" /body " in request:
                conn.sendall(head)
                trickled = b"<html><body>" + b"x" * 99988
            else:
                trickled = head
            ends = time.monotonic() + self.seconds
            for byte in trickled:
                if self.stopped.is_set() or time.monotonic() > ends:
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(self.gap)

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def bombs() -> Iterator[Bombs]:
    site = Bombs()
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture
def trickle() -> Iterator[Trickle]:
    server = Trickle()
    yield server
    server.close()


def peak_memory(action: Callable[[], object]) -> tuple[object, int]:
    tracemalloc.start()
    try:
        value = action()
        return value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("path", ["/br", "/gzip"])
def test_it_caps_decoded_bytes_of_compressed_answers(bombs: Bombs, path: str) -> None:
    started = time.monotonic()
    results, peak = peak_memory(lambda: run_audit([bombs.base + path], allow_hosts=ALLOW, max_bytes=MB))
    assert time.monotonic() - started < 3
    assert peak < 12 * MB, f"a {path} bomb took {peak / MB:.0f} MB"
    assert isinstance(results, list)
    assert [r.http_status for r in results] == [200]


def test_it_gives_every_request_a_total_deadline(trickle: Trickle) -> None:
    urls = [trickle.base + "/headers", trickle.base + "/body"]
    started = time.monotonic()
    results = run_audit(urls, allow_hosts=ALLOW, timeout=1.0, request_deadline=1.0)
    assert time.monotonic() - started < 4
    assert {r.url.rsplit("/", 1)[-1]: r.category for r in results} == {"headers": "timeout", "body": "timeout"}
    assert all("DeadlineExceeded" in r.detail for r in results)


def test_it_follows_at_most_max_links_per_page_and_says_so(bombs: Bombs) -> None:
    assert auditor.MAX_LINKS_PER_PAGE == 500
    results = run_audit([bombs.base + "/links"], crawl=True, allow_hosts=ALLOW, max_links_per_page=10)
    assert len(results) == 11
    assert results[0].category == "ok"
    assert "only the first 10 of the page's 30 links were checked" in results[0].detail


def test_it_ends_an_audit_at_its_deadline_with_the_rest_reported(
    trickle: Trickle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auditor, "STOP_POLL", 0.1)
    started = time.monotonic()
    results = run_audit([trickle.base + "/headers"], allow_hosts=ALLOW, timeout=5.0, deadline=0.5)
    assert time.monotonic() - started < 2
    assert [(r.category, r.detail) for r in results] == [
        ("timeout", "not checked: the audit's time limit (0.00833333 minutes) was reached first")
    ]


def test_it_stops_when_asked(trickle: Trickle, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auditor, "STOP_POLL", 0.1)
    started = time.monotonic()

    async def scenario() -> None:
        await audit(
            [trickle.base + "/body"], allow_hosts=ALLOW, timeout=5.0, stop=lambda: time.monotonic() - started > 0.3
        )

    with pytest.raises(AuditStopped):
        asyncio.run(scenario())
    assert time.monotonic() - started < 2
