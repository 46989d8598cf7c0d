"""The link auditor against one real local test site (loopback only)."""

from __future__ import annotations

import asyncio
import importlib
import io
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from prongsai.disclosure.auditor import (
    classify_exception,
    is_access_wall_url,
    page_links,
    parse_html,
    run_audit,
)

link_audit = importlib.import_module("prongsai.disclosure.management.commands.link-audit")

ALLOW = ("127.0.0.1",)
CHAIN_HOPS = 7


def _page(title: str, body: str) -> bytes:
    return f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>".encode()


OK_TEXT = "<p>รายงานผลการดำเนินงานประจำปี — annual report of the organisation.</p>"


class Site:
    """A tiny web site with one route per defect; counts hits per (method, path)."""

    def __init__(self) -> None:
        self.hits: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.closed_port = _closed_port()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                self._serve("HEAD")

            def do_GET(self) -> None:
                self._serve("GET")

            def _serve(self, method: str) -> None:
                path = self.path.split("?", 1)[0]
                with site.lock:
                    site.hits[method, path] += 1
                    count = site.hits["HEAD", path] + site.hits["GET", path]
                route = site.routes.get(path)
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/html; charset=utf-8"}, _page("Not Found", "")
                else:
                    status, headers, body = route(method, count)
                self.send_response(status)
                headers = {"Content-Type": "text/html; charset=utf-8", **headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if method == "GET":
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.routes: dict[str, Callable[[str, int], tuple[int, dict[str, str], bytes]]] = {
            "/": lambda m, n: (200, {}, self.index()),
            "/ok": lambda m, n: (
                200,
                {},
                _page("OK", OK_TEXT + '<a href="/">home</a> <a href="/deep">deeper</a> <a href="missing">x</a>'),
            ),
            "/deep": lambda m, n: (200, {}, _page("Deep", OK_TEXT + '<a href="/deeper">not reached</a>')),
            "/based": lambda m, n: (
                200,
                {},
                _page("Based", '<base href="/assets/">' + OK_TEXT + '<img src="pic.png"><a href="/ok#top">ok</a>'),
            ),
            "/assets/pic.png": lambda m, n: (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"0" * 100),
            "/style.css": lambda m, n: (200, {"Content-Type": "text/css"}, b"body { color: black }"),
            "/app.js": lambda m, n: (200, {"Content-Type": "text/javascript"}, b"console.log(1)"),
            "/missing": lambda m, n: (404, {}, _page("Not Found", "<h1>Not Found</h1>")),
            "/error": lambda m, n: (500, {}, _page("Error", "<h1>Internal error</h1>")),
            "/login": lambda m, n: (
                200,
                {},
                _page(
                    "เข้าสู่ระบบ",
                    "<h1>Sign in</h1><form method=post><input name=user><input type=password name=pw>"
                    "<button>Sign in</button></form>",
                ),
            ),
            "/soft404": lambda m, n: (200, {}, _page("ไม่พบหน้าที่ต้องการ", "<h1>ไม่พบหน้าที่ต้องการ</h1>")),
            "/empty": lambda m, n: (200, {}, b""),
            "/loop-a": lambda m, n: (302, {"Location": "/loop-b"}, b""),
            "/loop-b": lambda m, n: (302, {"Location": "/loop-a"}, b""),
            "/slow": self.slow,
            "/busy": lambda m, n: (429, {"Retry-After": "1"}, b"") if n == 1 else (200, {}, _page("Busy", OK_TEXT)),
            "/head405.png": lambda m, n: (
                (405, {"Allow": "GET"}, b"") if m == "HEAD" else (200, {}, _page("H", OK_TEXT))
            ),
        }
        for hop in range(CHAIN_HOPS):
            self.routes[f"/chain/{hop}"] = _redirect(f"/chain/{hop + 1}")
        self.routes[f"/chain/{CHAIN_HOPS}"] = lambda m, n: (200, {}, _page("End", OK_TEXT))

    def slow(self, method: str, count: int) -> tuple[int, dict[str, str], bytes]:
        time.sleep(3)
        return 200, {}, _page("Slow", OK_TEXT)

    def index(self) -> bytes:
        links = [
            "/ok",
            "ok#again",
            "/based",
            "/missing",
            "/error",
            "/login",
            "/soft404",
            "/empty",
            "/loop-a",
            "/chain/0",
            "/slow",
            "/busy",
            "/head405.png",
            "mailto:info@example.org",
            "tel:+6621234567",
            "javascript:void(0)",
            f"http://127.0.0.2:{self.port}/",
            f"http://127.0.0.1:{self.closed_port}/",
            "http://nonexistent.invalid/",
            f"https://127.0.0.1:{self.port}/",
            "#top",
        ]
        anchors = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
        head = '<link rel="stylesheet" href="/style.css"><script src="/app.js"></script>'
        return _page("Index", head + OK_TEXT + f"<ul>{anchors}</ul>")

    def url(self, path: str) -> str:
        return self.base + path

    def gets(self, path: str) -> int:
        return self.hits["GET", path]


def _redirect(location: str) -> Callable[[str, int], tuple[int, dict[str, str], bytes]]:
    def route(method: str, count: int) -> tuple[int, dict[str, str], bytes]:
        return 302, {"Location": location}, b""

    return route


def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()
    thread = threading.Thread(target=site.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.server.shutdown()
        site.server.server_close()
        thread.join(timeout=5)


def _expected(site: Site) -> dict[str, str]:
    u = site.url
    return {
        u("/"): "ok",
        u("/ok"): "ok",
        u("/based"): "ok",
        u("/style.css"): "ok",
        u("/app.js"): "ok",
        u("/missing"): "http_error",
        u("/error"): "http_error",
        u("/login"): "access_wall",
        u("/soft404"): "soft_404",
        u("/empty"): "empty",
        u("/loop-a"): "redirect_loop",
        u("/chain/0"): "too_many_redirects",
        u("/slow"): "timeout",
        u("/busy"): "ok",
        u("/head405.png"): "ok",
        "mailto:info@example.org": "unsupported",
        "tel:+6621234567": "unsupported",
        "javascript:void(0)": "unsupported",
        f"http://127.0.0.2:{site.port}/": "blocked",
        f"http://127.0.0.1:{site.closed_port}/": "connection_error",
        "http://nonexistent.invalid/": "dns_error",
        f"https://127.0.0.1:{site.port}/": "tls_error",
        # depth 2: checked, not parsed (so /deeper is never seen)
        u("/deep"): "ok",
        u("/assets/pic.png"): "ok",
    }


def test_it_crawls_the_site_and_puts_every_url_in_its_category(site: Site) -> None:
    results = run_audit([site.url("/")], crawl=True, max_depth=2, timeout=1.0, allow_hosts=ALLOW)
    by_url = {r.url: r for r in results}
    assert len(by_url) == len(results), "one result per distinct URL"
    got = {url: r.category for url, r in by_url.items()}
    assert got == _expected(site), {url: (r.category, r.detail) for url, r in by_url.items()}

    # each distinct URL fetched once (HTML pages with one GET; HEAD-only for others)
    # Pages, PDFs and extension-less paths are read anyway: one GET, no HEAD first.
    for path in ["/", "/ok", "/based", "/deep", "/login", "/soft404", "/empty", "/head405.png", "/missing"]:
        assert site.gets(path) == 1, (path, site.hits)
    for path in ["/", "/ok", "/deep", "/login", "/missing", "/busy"]:
        assert site.hits["HEAD", path] == 0, (path, site.hits)
    assert site.gets("/deeper") == 0
    assert site.hits["HEAD", "/deeper"] == 0
    assert site.gets("/assets/pic.png") == 0
    assert site.hits["HEAD", "/assets/pic.png"] == 1
    assert site.gets("/busy") == 2, "429 then a retry after Retry-After"
    assert site.hits["HEAD", "/head405.png"] == 1, "a resource: HEAD first, GET after the 405"
    assert site.gets("/chain/5") == 1, "stops after 5 hops"
    assert site.gets("/chain/6") == 0

    # found_on
    home, ok = site.url("/"), site.url("/ok")
    assert by_url[home].found_on == [ok]
    assert by_url[ok].found_on == [home, site.url("/based")]
    assert by_url[site.url("/missing")].found_on == [home, ok]
    assert by_url[site.url("/deep")].found_on == [ok]
    assert by_url[site.url("/assets/pic.png")].found_on == [site.url("/based")]
    assert by_url["mailto:info@example.org"].found_on == [home]

    # details and final URLs
    assert "404" in by_url[site.url("/missing")].detail
    assert by_url[site.url("/error")].http_status == 500
    assert by_url[site.url("/loop-a")].final_url == site.url("/loop-a")
    assert by_url[site.url("/chain/0")].final_url == site.url("/chain/5")
    assert by_url[site.url("/busy")].http_status == 200
    assert "name resolution" in by_url["http://nonexistent.invalid/"].detail


def test_it_checks_only_the_given_urls_without_crawl(site: Site) -> None:
    results = run_audit([site.url("/"), site.url("/ok"), site.url("/ok")], allow_hosts=ALLOW)
    assert [(r.url, r.category) for r in results] == [(site.url("/"), "ok"), (site.url("/ok"), "ok")]
    assert site.hits["GET", "/missing"] == 0
    assert site.hits["HEAD", "/missing"] == 0


def test_it_exits_1_and_prints_json_for_the_defect_site(site: Site) -> None:
    out, err = io.StringIO(), io.StringIO()
    argv = [site.url("/"), "--crawl", "--timeout", "1", "--allow-host", "127.0.0.1", "--json"]
    assert link_audit.main(argv, stdout=out, stderr=err) == 1
    data = json.loads(out.getvalue())
    assert len(data) == len(_expected(site))
    keys = {"url", "found_on", "category", "http_status", "final_url", "elapsed_ms", "detail"}
    assert all(set(item) == keys for item in data)
    assert err.getvalue() == "", "no progress when stderr is not a TTY"


def test_it_exits_0_with_a_table_when_every_link_is_ok(site: Site) -> None:
    out, err = io.StringIO(), io.StringIO()
    argv = [site.url("/ok"), site.url("/head405.png"), site.url("/busy"), "--allow-host", "127.0.0.1"]
    assert link_audit.main(argv, stdout=out, stderr=err) == 0
    text = out.getvalue()
    assert "URL" in text
    assert "CATEGORY" in text
    assert site.url("/head405.png") in text
    assert "3 link(s) checked" in text
    assert "  ok: 3" in text


def test_it_exits_2_on_usage_errors() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert link_audit.main([], stdout=out, stderr=err) == 2
    assert "at least one URL" in err.getvalue()
    err = io.StringIO()
    assert link_audit.main(["ftp://127.0.0.1/file"], stdout=out, stderr=err) == 2
    assert "not an http(s) URL" in err.getvalue()
    assert link_audit.main(["--max-depth", "x", "http://127.0.0.1/"], stdout=out, stderr=io.StringIO()) == 2
    assert link_audit.main(["--bogus"], stdout=out, stderr=io.StringIO()) == 2


def test_it_run_from_argv_exits_with_mains_code() -> None:
    with pytest.raises(SystemExit) as exc:
        link_audit.Command().run_from_argv(["prongsai", "link-audit", "mailto:x@example.org"])
    assert exc.value.code == 2


def test_it_extracts_links_with_base_and_drops_fragments() -> None:
    page = parse_html(
        '<base href="https://example.org/docs/"><a href="a.pdf#p2">a</a><img src="/i.png">'
        '<script src="s.js"></script><link href="c.css"><iframe src="f.html"></iframe>'
        '<embed src="e.pdf"><video><source src="v.mp4"></video><a href="#x">top</a><a href="a.pdf">again</a>'
    )
    assert page_links(page, "https://example.org/page") == [
        "https://example.org/docs/a.pdf",
        "https://example.org/i.png",
        "https://example.org/docs/s.js",
        "https://example.org/docs/c.css",
        "https://example.org/docs/f.html",
        "https://example.org/docs/e.pdf",
        "https://example.org/docs/v.mp4",
    ]


def test_it_knows_sign_in_urls() -> None:
    assert is_access_wall_url("https://accounts.google.com/ServiceLogin?continue=x")
    assert is_access_wall_url("https://docs.google.com/document/d/abc/request?usp=sharing")
    assert is_access_wall_url("https://login.microsoftonline.com/common/oauth2")
    assert is_access_wall_url("https://contoso.sharepoint.com/_forms/default.aspx?ReturnUrl=x")
    assert is_access_wall_url("https://www.dropbox.com/login?cont=x")
    assert is_access_wall_url("https://www.facebook.com/login/?next=x")
    assert not is_access_wall_url("https://docs.google.com/document/d/abc/edit")
    assert not is_access_wall_url("https://example.org/login-help.pdf")


def test_it_classifies_a_resolver_refusal_as_dns_error() -> None:
    try:
        socket.getaddrinfo("nonexistent.invalid", 80)
    except Exception as exc:  # the test conftest refuses; a real resolver fails
        category, detail = classify_exception(exc)
    else:  # pragma: no cover - only without the conftest and with a lying resolver
        pytest.skip("the name resolved")
    assert category == "dns_error", detail


class _CountingHandler(BaseHTTPRequestHandler):
    """Answers every path with a small PNG after 20 ms; counts connections and requests in flight."""

    protocol_version = "HTTP/1.1"
    lock = threading.Lock()
    connections = 0
    in_flight = 0
    peak = 0

    def log_message(self, format: str, *args: object) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        with self.lock:
            type(self).connections += 1

    def do_HEAD(self) -> None:
        cls = type(self)
        with self.lock:
            cls.in_flight += 1
            cls.peak = max(cls.peak, cls.in_flight)
        time.sleep(0.02)
        with self.lock:
            cls.in_flight -= 1
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", "10")
        self.end_headers()


def test_it_keeps_to_the_concurrency_limit_and_reuses_connections() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = [f"{base}/images/{n}.png" for n in range(200)]
        results = run_audit(urls, concurrency=32, per_host=32, timeout=5.0, allow_hosts=ALLOW)
    finally:
        server.shutdown()
        server.server_close()
    assert [r.category for r in results] == ["ok"] * 200
    assert 2 <= _CountingHandler.peak <= 32, _CountingHandler.peak
    # 200 requests on kept-alive connections: at most one per slot (the pool is split in shards of 8).
    assert _CountingHandler.connections <= 32, _CountingHandler.connections


def test_slots_serve_lower_priorities_first() -> None:
    from prongsai.disclosure.auditor_fetch import _Slots

    async def scenario() -> list[str]:
        slots = _Slots(1)
        order: list[str] = []
        await slots.acquire(1)  # taken: the others wait

        async def take(name: str, priority: int) -> None:
            async with slots.hold(priority):
                order.append(name)

        waiting = [asyncio.ensure_future(take(name, p)) for name, p in (("link-a", 1), ("page", 0), ("link-b", 1))]
        cancelled = asyncio.ensure_future(take("cancelled", 0))
        await asyncio.sleep(0)
        cancelled.cancel()
        slots.release()
        await asyncio.gather(*waiting)
        return order

    assert asyncio.run(scenario()) == ["page", "link-a", "link-b"]


def test_the_console_script_runs_link_audit_without_loading_the_apps(site: Site) -> None:
    import subprocess
    import sys

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        code = "import sys; from prongsai.cli import main; sys.argv = ['prongsai', *sys.argv[1:]]; main()"
        return subprocess.run(
            [sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=60, check=False
        )

    done = run("link-audit", site.url("/ok"), "--allow-host", "127.0.0.1", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["category"] == "ok"
    done = run("link-audit", "ftp://127.0.0.1/file")
    assert done.returncode == 2
    assert "not an http(s) URL" in done.stderr
