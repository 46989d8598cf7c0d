"""Link audit: Prongsai's `link-audit --crawl` against linkinator and LinkChecker on one generated site.

Run: .venv/bin/python benchmarks/link_audit.py [--runs N (default 5)] [--tools prongsai,linkinator,linkchecker]

It serves a generated site on 127.0.0.1 (a ThreadingHTTPServer in a background thread; 50 ms is
slept before every answer) with 81 HTML pages and more than 3,000 distinct links: documents,
images, good redirects and every defect kind the auditor knows that can be made on loopback.
Each tool crawls it as a subprocess at concurrency 32 with a 3 s timeout, `--runs` times
(round-robin, so background load falls on all tools alike); wall time and peak RSS
(`/usr/bin/time -v`, else the getrusage of a fresh child) are measured per run, and each tool's
answer is compared with the site's ground truth (URL -> category). The section
"## Link audit (benchmarks/link_audit.py)" of benchmarks/RESULTS.md is replaced; other sections stay.

The peers are installed for the benchmark only, outside the project venv, into --tools-dir
(default var/bench-tools, which git ignores) when missing:
    npm install --prefix var/bench-tools linkinator
    python3 -m venv var/bench-tools/linkchecker-venv && var/bench-tools/linkchecker-venv/bin/pip install LinkChecker
or point at existing ones with --linkinator PATH / --linkchecker PATH.

Every packet stays on loopback: once the peers are installed, the script runs itself again in a
network namespace of its own (`unshare -n`, with `-r` when not root) that has only the loopback
interface. The site's `*.invalid` host names (the dns_error kind) and mailto: domains therefore
fail to resolve inside the machine: the system resolver cannot reach its name server, and no
query leaves it. Without `unshare` and `ip` (util-linux, iproute2) the script refuses to run.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin

from results import write_section

from prongsai.disclosure.auditor import CATEGORIES
from prongsai.disclosure.auditor import normalise_url as normalise

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## Link audit (benchmarks/link_audit.py)"
LATENCY = 0.05  # seconds slept before every answer
TIMEOUT = 3  # seconds, passed to every tool
SLOW_SLEEP = 6.0  # the timeout links answer after this long (bounded)
CONCURRENCY = 32
MAX_DEPTH = 3  # index (0) -> sections (1) -> pages (2) -> documents, images, defects (3)
RUN_TIMEOUT = 300  # seconds per tool run
INSTALL_TIMEOUT = 300
SECTIONS = 10
PAGES_PER_SECTION = 7
DOCS_PER_PAGE = 22
IMAGES_PER_PAGE = 22
MISSING_DOCS = 40
TOOLS = ("prongsai", "linkinator", "linkchecker")

KINDS = CATEGORIES  # the auditor's categories, in its order

Route = tuple[int, dict[str, str], bytes]


# --------------------------------------------------------------------------
# The site


def _html(title: str, body: str) -> bytes:
    return (
        "<!doctype html><html lang='th'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body>{body}</body></html>"
    ).encode()


def _pdf(label: str) -> bytes:
    text = f"รายงาน {label} " * 40
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
        + f"% {text}\n".encode()
        + b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3
DOCX = b"PK\x03\x04" + b"word/document.xml" + bytes(700)
XLSX = b"PK\x03\x04" + b"xl/workbook.xml" + bytes(900)
TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "html": "text/html; charset=utf-8",
}
LOREM = (
    "องค์การบริหารส่วนตำบลตัวอย่างเผยแพร่ข้อมูลสาธารณะตามเกณฑ์การประเมินคุณธรรมและความโปร่งใส "
    "ได้แก่ แผนดำเนินงานประจำปี รายงานผลการดำเนินงาน ประกาศจัดซื้อจัดจ้าง และคู่มือการให้บริการประชาชน "
)
LOGIN_FORM = (
    "<h1>เข้าสู่ระบบ</h1><form method='post'><label>ชื่อผู้ใช้ <input name='username'></label>"
    "<label>รหัสผ่าน <input type='password' name='password'></label><button>Sign in</button></form>"
)


def _closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (bound, read, closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256  # 32+ clients connect at once; the default backlog of 5 would drop SYNs

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that give up (timeouts, TLS to a plain port) are expected


@dataclass
class Site:
    """A generated municipal web site on 127.0.0.1 with a ground truth URL -> category."""

    latency: float
    routes: dict[str, Route] = field(default_factory=dict)
    slow: set[str] = field(default_factory=set)
    expected: dict[str, str] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)  # ok HTML pages, crawl order
    found_depth: dict[str, int] = field(default_factory=dict)  # defect URL -> depth of the page that links it
    hits: Counter[str] = field(default_factory=Counter)
    connections: int = 0
    in_flight: int = 0  # requests being answered now
    peak: int = 0  # the most answered at once since take_counts()

    def __post_init__(self) -> None:
        handler = self._handler()
        self.server = _Server(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        # The target of the "blocked" links: a live server on another loopback address that answers 200.
        self.internal = _Server(("127.0.0.2", 0), handler)
        self.internal_port = self.internal.server_address[1]
        self.closed_port = _closed_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._build()

    # -- serving

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "bench"
            sys_version = ""

            def log_message(self, format: str, *args: object) -> None:
                pass

            def setup(self) -> None:
                super().setup()
                with site.lock:
                    site.connections += 1
                with contextlib.suppress(OSError):
                    self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_HEAD(self) -> None:
                self._serve(head=True)

            def do_GET(self) -> None:
                self._serve(head=False)

            def _serve(self, *, head: bool) -> None:
                path = self.path.split("?", 1)[0]
                with site.lock:
                    site.hits[path] += 1
                    site.in_flight += 1
                    site.peak = max(site.peak, site.in_flight)
                try:
                    time.sleep(site.latency)
                    if path in site.slow:
                        time.sleep(SLOW_SLEEP)
                finally:
                    with site.lock:
                        site.in_flight -= 1
                status, headers, body = site.routes.get(path) or (
                    404,
                    {"Content-Type": TYPES["html"]},
                    _html("404 Not Found", "<h1>Not Found</h1><p>The requested URL was not found.</p>"),
                )
                fields = {
                    "Content-Type": TYPES["html"],
                    **headers,
                    # LinkChecker waits >= 0.1 s between requests to one host unless the server sends
                    # this header (and its config raises maxrequestspersecond): see its linkcheckerrc.
                    "LinkChecker": "allow",
                    "Content-Length": str(len(body)),
                }
                head_lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}"]
                head_lines += [f"{name}: {value}" for name, value in fields.items()]
                # Head and body in one write: two small writes on a kept-alive connection would
                # wait for the client's delayed ACK (Nagle), 40 ms a response.
                data = ("\r\n".join(head_lines) + "\r\n\r\n").encode("latin-1") + (b"" if head else body)
                with contextlib.suppress(OSError):
                    self.wfile.write(data)

        return Handler

    def start(self) -> None:
        for server in (self.server, self.internal):
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        for server in (self.server, self.internal):
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    # -- building

    def url(self, path: str) -> str:
        return self.base + path

    def take_counts(self) -> tuple[int, int, int]:
        """(requests, TCP connections, most requests in flight at once) since the last call."""
        with self.lock:
            counts = (sum(self.hits.values()), self.connections, self.peak)
            self.hits.clear()
            self.connections = 0
            self.peak = self.in_flight
        return counts

    def _add(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def _page_route(self, title: str, body: str) -> Route:
        return 200, {"Content-Type": TYPES["html"]}, _html(title, body)

    def _defects(self) -> list[tuple[str, str]]:
        """(href as written in the page, category); routes are added as a side effect."""
        out: list[tuple[str, str]] = []
        html = {"Content-Type": TYPES["html"]}
        # http_error: removed documents (no route: 404), a broken script (500), forbidden files (403)
        for n in range(MISSING_DOCS):
            out.append((f"/files/archive/{2560 + n % 8}/removed-{n}.pdf", "http_error"))
        for n in range(8):
            path = f"/cgi-bin/report-{n}"
            self._add(path, (500, html, _html("500 Internal Server Error", "<h1>Internal Server Error</h1>")))
            out.append((path, "http_error"))
        for n in range(4):
            path = f"/private/budget-{n}.pdf"
            self._add(path, (403, html, _html("403 Forbidden", "<h1>Forbidden</h1>")))
            out.append((path, "http_error"))
        # connection_error: a port with nothing listening
        for n in range(4):
            out.append((f"http://127.0.0.1:{self.closed_port}/files/old-server-{n}.pdf", "connection_error"))
        # timeout: answers after SLOW_SLEEP > TIMEOUT
        for n in range(3):
            path = f"/slow/report-{n}.pdf"
            self.slow.add(path)
            self._add(path, (200, {"Content-Type": TYPES["pdf"]}, _pdf(f"slow {n}")))
            out.append((path, "timeout"))
        # redirect_loop: a -> b -> a, and one page redirecting to itself
        for n in range(3):
            a, b = f"/loop/{n}/a", f"/loop/{n}/b"
            self._add(a, (302, {"Location": b}, b""))
            self._add(b, (302, {"Location": a}, b""))
            out.append((a, "redirect_loop"))
        self._add("/loop/self", (301, {"Location": "/loop/self"}, b""))
        out.append(("/loop/self", "redirect_loop"))
        # too_many_redirects: chains of 6, 12 and 25 hops ending at a good document
        for n, hops in enumerate((6, 12, 25)):
            for hop in range(hops):
                self._add(f"/chain/{n}/{hop}", (302, {"Location": f"/chain/{n}/{hop + 1}"}, b""))
            self._add(f"/chain/{n}/{hops}", (200, {"Content-Type": TYPES["pdf"]}, _pdf(f"chain {n}")))
            out.append((f"/chain/{n}/0", "too_many_redirects"))
        # access_wall: documents behind a sign-in redirect, sign-in pages, a "request access" page
        self._add("/accounts/login/", self._page_route("เข้าสู่ระบบ", LOGIN_FORM))
        for n in range(4):
            path = f"/intranet/report-{n}.pdf"
            self._add(path, (302, {"Location": f"/accounts/login/?next={path}"}, b""))
            out.append((path, "access_wall"))
        for n in range(2):
            path = f"/e-service/signin-{n}.html"
            self._add(path, self._page_route("ระบบบริการอิเล็กทรอนิกส์", LOGIN_FORM))
            out.append((path, "access_wall"))
        for n in range(2):
            path = f"/shared/folder-{n}"
            body = "<h1>You need permission</h1><p>Request access, or switch to an account with access.</p>"
            self._add(path, self._page_route("Drive - You need permission", body))
            out.append((path, "access_wall"))
        # soft_404: 200 pages that say the page was not found (Thai and English)
        for n in range(4):
            path = f"/news/{n}.html"
            body = "<h1>ไม่พบหน้าที่คุณต้องการ</h1><p>กรุณาตรวจสอบที่อยู่อีกครั้ง</p>"
            self._add(path, self._page_route("ไม่พบหน้าที่คุณต้องการ", body))
            out.append((path, "soft_404"))
        for n in range(3):
            path = f"/announce/{n}.html"
            self._add(path, self._page_route("Oops", "<h1>Page not found</h1><p>Sorry about that.</p>"))
            out.append((path, "soft_404"))
        # empty: 0-byte PDF and HTML, HTML without visible text, a PDF without a page
        for n in range(2):
            path = f"/files/empty-{n}.pdf"
            self._add(path, (200, {"Content-Type": TYPES["pdf"]}, b""))
            out.append((path, "empty"))
            path = f"/files/blank-{n}.html"
            self._add(path, (200, html, b""))
            out.append((path, "empty"))
            path = f"/files/shell-{n}.html"
            self._add(path, (200, html, _html("", "<div class='app'></div><script>var x = 1;</script>")))
            out.append((path, "empty"))
            path = f"/files/stub-{n}.pdf"
            self._add(path, (200, {"Content-Type": TYPES["pdf"]}, b"%PDF-1.4\n%%EOF\n"))
            out.append((path, "empty"))
        # blocked: another loopback address, not allowed (a live server answers there)
        for n in range(3):
            out.append((f"http://127.0.0.2:{self.internal_port}/files/internal-{n}.pdf", "blocked"))
            self._add(f"/files/internal-{n}.pdf", (200, {"Content-Type": TYPES["pdf"]}, _pdf(f"internal {n}")))
        # unsupported: not http(s)
        for href in (
            "mailto:saraban@prongsai-bench.invalid",
            "mailto:ita@prongsai-bench.invalid",
            "mailto:info@prongsai-bench.invalid",
            "tel:+6642000000",
            "tel:+6642000001",
            "javascript:void(0)",
            "javascript:window.print()",
        ):
            out.append((href, "unsupported"))
        # dns_error: names that cannot resolve
        for n in range(3):
            out.append((f"http://files{n}.prongsai-bench.invalid/report.pdf", "dns_error"))
        # tls_error: https to the plain-HTTP port
        for n in range(3):
            out.append((f"https://127.0.0.1:{self.port}/secure/{n}.pdf", "tls_error"))
        return out

    def _build(self) -> None:
        shared = ["/static/site.css", "/static/site.js", "/images/logo.png"]
        self._add("/static/site.css", (200, {"Content-Type": "text/css"}, b"body { font-family: sans-serif }\n" * 20))
        self._add("/static/site.js", (200, {"Content-Type": "text/javascript"}, b"console.log('ok');\n" * 20))
        self._add("/images/logo.png", (200, {"Content-Type": TYPES["png"]}, PNG))
        good_redirects = []
        for n in range(10):
            target = f"/files/forms/form-{n}.pdf"
            self._add(target, (200, {"Content-Type": TYPES["pdf"]}, _pdf(f"form {n}")))
            self._add(f"/go/form-{n}", (301, {"Location": target}, b""))
            good_redirects.append(f"/go/form-{n}")
        defects = self._defects()

        index = "/"
        sections = [f"/section/{s}/" for s in range(SECTIONS)]
        leaf = {s: [f"/section/{s}/page-{k}.html" for k in range(PAGES_PER_SECTION)] for s in range(SECTIONS)}
        self.pages = [index, *sections, *(p for s in range(SECTIONS) for p in leaf[s])]
        depth = {index: 0, **dict.fromkeys(sections, 1), **{p: 2 for s in range(SECTIONS) for p in leaf[s]}}
        # Deal the defects and the good redirects out to the pages in turn (index, sections, leaves).
        extras: dict[str, list[tuple[str, str]]] = {p: [] for p in self.pages}
        for i, item in enumerate(defects):
            extras[self.pages[(i * 7) % len(self.pages)]].append(item)
        for i, href in enumerate(good_redirects):
            extras[self.pages[(i * 11 + 3) % len(self.pages)]].append((href, "ok"))

        def nav() -> str:
            items = "".join(f"<li><a href='{p}'>หมวด {i + 1}</a></li>" for i, p in enumerate(sections))
            return f"<nav><a href='/'>หน้าแรก</a><ul>{items}</ul></nav>"

        def head() -> str:
            return "<link rel='stylesheet' href='/static/site.css'><script src='/static/site.js'></script>"

        def extra_links(page: str) -> str:
            return "".join(
                f"<li><a href='{href}'>ลิงก์ที่เกี่ยวข้อง {i + 1}</a></li>" for i, (href, _) in enumerate(extras[page])
            )

        def record(page: str, hrefs: list[str]) -> None:
            for href in hrefs:
                self.expected.setdefault(normalise(urljoin(self.url(page), href)), "ok")
            for href, kind in extras[page]:
                url = normalise(urljoin(self.url(page), href))
                self.expected[url] = kind
                self.found_depth.setdefault(url, depth[page])

        # index
        body = head() + nav() + "<img src='/images/logo.png' alt='ตราสัญลักษณ์'>" + f"<h1>หน้าแรก</h1><p>{LOREM * 3}</p>"
        body += f"<ul>{extra_links(index)}</ul>"
        self._add(index, self._page_route("องค์การบริหารส่วนตำบลตัวอย่าง", body))
        record(index, ["/", *sections, *shared])
        # sections
        for s, path in enumerate(sections):
            banner = f"/images/section-{s}.png"
            self._add(banner, (200, {"Content-Type": TYPES["png"]}, PNG))
            items = "".join(f"<li><a href='{p}'>เรื่องที่ {k + 1}</a></li>" for k, p in enumerate(leaf[s]))
            body = head() + nav() + f"<img src='{banner}' alt='หมวด'><h1>หมวดที่ {s + 1}</h1><p>{LOREM * 2}</p>"
            body += f"<ul>{items}</ul><ul>{extra_links(path)}</ul>"
            self._add(path, self._page_route(f"หมวดที่ {s + 1}", body))
            record(path, ["/", *sections, *shared, banner, *leaf[s]])
        # leaf pages: documents and images of their own, links to their siblings
        for s in range(SECTIONS):
            for k, path in enumerate(leaf[s]):
                hrefs = ["/", *sections, *shared, *leaf[s]]
                docs = []
                for i in range(DOCS_PER_PAGE):
                    ext = ("pdf", "docx", "xlsx")[i % 3]
                    doc = f"/files/{s}/{k}/doc-{i}.{ext}"
                    content = {"pdf": _pdf(f"{s}-{k}-{i}"), "docx": DOCX, "xlsx": XLSX}[ext]
                    self._add(doc, (200, {"Content-Type": TYPES[ext]}, content))
                    docs.append(f"<li><a href='{doc}'>เอกสารประกอบ {i + 1}</a></li>")
                    hrefs.append(doc)
                images = []
                for i in range(IMAGES_PER_PAGE):
                    image = f"/images/{s}/{k}/photo-{i}.png"
                    self._add(image, (200, {"Content-Type": TYPES["png"]}, PNG))
                    images.append(f"<img src='{image}' alt='ภาพกิจกรรม {i + 1}'>")
                    hrefs.append(image)
                siblings = "".join(f"<li><a href='{p}'>เรื่องที่ {j + 1}</a></li>" for j, p in enumerate(leaf[s]))
                body = head() + nav() + f"<h1>หมวดที่ {s + 1} เรื่องที่ {k + 1}</h1><p>{LOREM * 2}</p>"
                body += f"<ul>{''.join(docs)}</ul>{''.join(images)}<ul>{siblings}</ul><ul>{extra_links(path)}</ul>"
                self._add(path, self._page_route(f"หมวดที่ {s + 1} เรื่องที่ {k + 1}", body))
                record(path, hrefs)
        for page in self.pages:
            self.expected[self.url(page)] = "ok"


# --------------------------------------------------------------------------
# Tools


@dataclass
class Tool:
    name: str
    version: str
    command: Callable[[str, Path], list[str]]
    env: dict[str, str]
    parse: Callable[[str], dict[str, str]]  # stdout -> URL -> verdict


@dataclass
class Run:
    wall: float
    rss_kib: int | None
    exit_code: int
    verdicts: dict[str, str]
    error: str = ""
    requests: int = 0  # answered by the site (both loopback servers)
    connections: int = 0  # TCP connections accepted by the site
    peak: int = 0  # the most requests the site was answering at once


def _run(
    cmd: list[str], env: dict[str, str], timeout: float, out_path: Path, err_path: Path
) -> tuple[float, int, bool]:
    """Run ``cmd`` in its own process group, output to files; kill the group on timeout.

    Files, not pipes: node writes to a pipe asynchronously and linkinator's exit cuts its JSON at 64 KiB.
    Returns (wall seconds, exit code, timed out).
    """
    start = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(  # noqa: S603 (argument lists built here)
            cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, start_new_session=True, cwd=ROOT
        )
        try:
            proc.wait(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            timed_out = True
    return time.perf_counter() - start, proc.returncode, timed_out


_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def _key_line(text: str) -> str:
    """The first line of a tool's stderr that names an error, else its last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    named = [line for line in lines if "Error" in line or "error" in line]
    return (named or lines or ["(empty)"])[0][:300]


def measure(tool: Tool, start_url: str, workdir: Path) -> Run:
    """One timed run of ``tool`` with its peak RSS."""
    rss_file = workdir / f"{tool.name}.rss"
    rss_file.unlink(missing_ok=True)
    inner = tool.command(start_url, workdir)
    gnu_time = Path("/usr/bin/time")
    if gnu_time.exists():
        cmd = [str(gnu_time), "-v", "-o", str(rss_file), *inner]
    else:
        cmd = [sys.executable, "-c", _RUSAGE_WRAPPER, str(rss_file), *inner]
    out_path, err_path = workdir / f"{tool.name}.out", workdir / f"{tool.name}.err"
    wall, code, timed_out = _run(cmd, tool.env, RUN_TIMEOUT, out_path, err_path)
    out = out_path.read_text(encoding="utf-8", errors="replace")
    err = err_path.read_text(encoding="utf-8", errors="replace")
    rss = None
    if rss_file.exists():
        text = rss_file.read_text()
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        if match:
            rss = int(match.group(1))
        elif text.strip().isdigit():
            rss = int(text.strip())
    error = f"timed out after {RUN_TIMEOUT} s" if timed_out else ""
    try:
        verdicts = tool.parse(out)
    except (ValueError, KeyError, TypeError) as exc:
        verdicts = {}
        error = error or f"could not read its output ({exc}); stderr: {_key_line(err)}"
    if not verdicts and not error:
        error = f"no results (exit {code}); stderr: {_key_line(err)}"
    return Run(wall, rss, code, verdicts, error)


def parse_prongsai(out: str) -> dict[str, str]:
    return {normalise(item["url"]): item["category"] for item in json.loads(out)}


def parse_linkinator(out: str) -> dict[str, str]:
    """Each URL -> ok / flagged / skipped (a URL listed by several parents is flagged if any entry is)."""
    start = out.find("{")
    data = json.loads(out[start:])
    verdicts: dict[str, str] = {}
    rank = {"ok": 0, "skipped": 1, "flagged": 2}
    for link in data["links"]:
        state = str(link.get("state", "")).upper()
        verdict = "ok" if state == "OK" else "skipped" if state == "SKIPPED" else "flagged"
        url = normalise(str(link["url"]))
        if rank[verdict] >= rank.get(verdicts.get(url, "ok"), 0):
            verdicts[url] = verdict
    return verdicts


_REDIRECTED = re.compile(r"^Redirected to `[^']*' status: .*$", re.MULTILINE)


def parse_linkchecker(out: str) -> dict[str, str]:
    """CSV (`-v -o csv`): invalid, or valid with a warning -> flagged; valid -> ok; 'ignored' -> skipped.

    LinkChecker warns about every redirect, good ones too; a warning that says only that does not count.
    Rows name the link as written (urlname) and the page it is on (parentname); `url` is the URL after redirects.
    """
    lines = [line for line in out.splitlines() if line and not line.startswith("#")]
    verdicts: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        name = row.get("urlname") or ""
        if not name or name == "urlname":
            continue
        url = normalise(urljoin(row.get("parentname") or "", name))
        valid = (row.get("valid") or "").strip().lower() == "true"
        warning = _REDIRECTED.sub("", row.get("warningstring") or "").strip()
        verdict = "flagged" if not valid or warning else "ok"
        if valid and "ignored" in (row.get("result") or "").lower():
            verdict = "skipped"
        if verdicts.get(url) != "flagged":
            verdicts[url] = verdict
    return verdicts


def _version(cmd: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env, check=False)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (done.stdout or done.stderr).strip().splitlines()
    lines = [line for line in text if line.strip() and not line.startswith("WARNING")]
    return lines[0].strip() if lines else "?"


def _install(what: str, cmd: list[str]) -> None:
    print(f"installing {what}: {' '.join(cmd)}", flush=True)
    try:
        subprocess.run(cmd, check=True, timeout=INSTALL_TIMEOUT)  # noqa: S603
    except (OSError, subprocess.SubprocessError) as exc:
        sys.exit(f"could not install {what} ({exc}); install it by hand (see this script's docstring) or pass its path")


def find_linkinator(args: argparse.Namespace) -> Path:
    if args.linkinator:
        return Path(args.linkinator)
    path = args.tools_dir / "node_modules" / ".bin" / "linkinator"
    if not path.exists():
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            sys.exit("node and npm are needed for linkinator: apt-get update && apt-get install -y nodejs npm")
        args.tools_dir.mkdir(parents=True, exist_ok=True)
        _install(
            "linkinator", [npm, "install", "--prefix", str(args.tools_dir), "--no-audit", "--no-fund", "linkinator"]
        )
    return path


def find_linkchecker(args: argparse.Namespace) -> Path:
    if args.linkchecker:
        return Path(args.linkchecker)
    venv = args.tools_dir / "linkchecker-venv"
    path = venv / "bin" / "linkchecker"
    if not path.exists():
        args.tools_dir.mkdir(parents=True, exist_ok=True)
        python = shutil.which("python3") or sys.executable
        _install("a venv for LinkChecker", [python, "-m", "venv", str(venv)])
        _install("LinkChecker", [str(venv / "bin" / "pip"), "install", "LinkChecker"])
    return path


def build_tools(args: argparse.Namespace, workdir: Path) -> dict[str, Tool]:
    base_env = {k: v for k, v in os.environ.items() if k not in {"OUTGOING_HTTP_ALLOWED_HOSTS", "VIRTUAL_ENV"}}
    # No proxies: every request must go straight to loopback.
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        base_env.pop(name, None)
    tools: dict[str, Tool] = {}
    if "prongsai" in args.tools:
        prongsai = ROOT / ".venv" / "bin" / "prongsai"
        version = _version(
            [
                str(ROOT / ".venv" / "bin" / "python"),
                "-c",
                "import importlib.metadata as m; print(m.version('prongsai'))",
            ]
        )

        def prongsai_cmd(url: str, _: Path) -> list[str]:
            return [
                str(prongsai),
                "link-audit",
                url,
                "--crawl",
                "--max-depth",
                str(MAX_DEPTH),
                "--max-pages",
                "1000",
                "--concurrency",
                str(CONCURRENCY),
                "--per-host",
                str(CONCURRENCY),
                "--timeout",
                str(TIMEOUT),
                "--allow-host",
                "127.0.0.1",
                "--json",
            ]

        tools["prongsai"] = Tool("prongsai", f"Prongsai {version}", prongsai_cmd, base_env, parse_prongsai)
    if "linkinator" in args.tools:
        linkinator = find_linkinator(args)
        version = _version([str(linkinator), "--version"])

        def linkinator_cmd(url: str, _: Path) -> list[str]:
            return [
                str(linkinator),
                url,
                "--recurse",
                "--concurrency",
                str(CONCURRENCY),
                "--timeout",
                str(TIMEOUT * 1000),
                "--format",
                "json",
                "--verbosity",
                "info",  # the default ("warning") leaves the skipped mailto:/tel:/javascript: links out of the JSON
            ]

        tools["linkinator"] = Tool("linkinator", f"linkinator {version}", linkinator_cmd, base_env, parse_linkinator)
    if "linkchecker" in args.tools:
        linkchecker = find_linkchecker(args)
        env = {**base_env, "PYTHONIOENCODING": "utf-8", "HOME": str(workdir)}
        version = _version([str(linkchecker), "--version"], env)
        config = workdir / "linkcheckerrc"
        config.write_text(
            "[checking]\n"
            f"threads={CONCURRENCY}\n"
            f"timeout={TIMEOUT}\n"
            "maxrequestspersecond=10000\n"  # lifted only for servers that send a LinkChecker header (ours do)
            "[output]\n"
            "status=0\n"
        )
        config.chmod(0o644)  # LinkChecker drops root privileges to 'nobody' before reading it

        def linkchecker_cmd(url: str, _: Path) -> list[str]:
            return [
                str(linkchecker),
                "-f",
                str(config),
                "--threads",
                str(CONCURRENCY),
                "--timeout",
                str(TIMEOUT),
                "-r",
                str(MAX_DEPTH),
                "--check-extern",
                "--no-status",
                "-v",
                "-o",
                "csv/utf-8",
                url,
            ]

        tools["linkchecker"] = Tool(
            "linkchecker", version.replace(" released", ",").split(",")[0], linkchecker_cmd, env, parse_linkchecker
        )
    return tools


# --------------------------------------------------------------------------
# Scoring


@dataclass
class Score:
    right: dict[str, bool]
    wrong: dict[str, list[str]]  # kind -> "url: verdict" examples
    false_positives: int
    missing: int
    extra: int


def score(tool: str, expected: dict[str, str], verdicts: dict[str, str]) -> Score:
    """Prongsai: exact category per URL. Peers: ok -> reported ok; unsupported -> not reported ok;
    any other defect -> reported as an error or warning."""
    kinds = sorted(set(expected.values()), key=KINDS.index)
    right = dict.fromkeys(kinds, True)
    wrong: dict[str, list[str]] = {kind: [] for kind in kinds}
    false_positives = 0
    missing = 0
    for url, kind in expected.items():
        got = verdicts.get(url)
        if got is None:
            missing += 1
            ok = False
        elif tool == "prongsai":
            ok = got == kind
            if kind == "ok" and got != "ok":
                false_positives += 1
        elif kind == "ok":
            ok = got == "ok"
            if got == "flagged":
                false_positives += 1
        elif kind == "unsupported":
            ok = got in {"flagged", "skipped"}
        else:
            ok = got == "flagged"
        if not ok:
            right[kind] = False
            wrong[kind].append(f"{url}: {got or 'not reported'}")
    extra = len(set(verdicts) - set(expected))
    return Score(right, wrong, false_positives, missing, extra)


# --------------------------------------------------------------------------
# Report


def _mib(kib: float | None) -> str:
    return "?" if kib is None else f"{kib / 1024:.0f} MiB"


def _node_version() -> str:
    return _version(["node", "--version"]) if shutil.which("node") else "not installed"


def _kind_cell(scores: list[Score], kind: str) -> str:
    """'right' when right in every run, else what the tool answered in a run that missed it."""
    right_runs = sum(1 for sc in scores if sc.right[kind])
    if right_runs == len(scores):
        return "right"
    worst = next(sc for sc in reversed(scores) if not sc.right[kind])
    got = Counter(entry.rsplit(": ", 1)[1] for entry in worst.wrong[kind])
    answer = ", ".join(f"{n}× {verdict}" for verdict, n in got.most_common())
    if right_runs:
        return f"right in {right_runs} of {len(scores)} runs (else {answer})"
    return f"missed ({answer})"


def _span(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{low}" if low == high else f"{low}–{high} ({', '.join(map(str, values))})"


def report(
    site: Site,
    tools: dict[str, Tool],
    runs: dict[str, list[Run]],
    failed: dict[str, list[Run]],
    scores: dict[str, list[Score]],
    loads: list[float],
    quiet: tuple[float, float],
) -> str:
    expected = site.expected
    kinds = sorted(set(expected.values()), key=KINDS.index)
    counts = Counter(expected.values())
    leaf_html = sum(1 for url in expected if expected[url] != "ok" and url.endswith(".html"))
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}, "
        f"node {_node_version()}"
    )
    versions = ", ".join(tools[name].version for name in tools)
    rows = []
    med: dict[str, float] = {}
    rss: dict[str, float | None] = {}
    all_right: dict[str, bool] = {}
    for name, tool_runs in runs.items():
        walls = [r.wall for r in tool_runs]
        rss_values = [r.rss_kib for r in tool_runs if r.rss_kib is not None]
        med[name] = statistics.median(walls)
        rss[name] = max(rss_values) if rss_values else None
        tool_scores = scores[name]
        right_every_run = sum(1 for kind in kinds if all(sc.right[kind] for sc in tool_scores))
        per_run = [sum(sc.right.values()) for sc in tool_scores]
        all_right[name] = right_every_run == len(kinds)
        right_cell = f"{right_every_run} / {len(kinds)}" + (
            f" (per run: {', '.join(map(str, per_run))})" if min(per_run) != max(per_run) else ""
        )
        reported = [len(expected) - sc.missing for sc in tool_scores]
        crashes = failed.get(name, [])
        runs_cell = f"{len(tool_runs)}" + (f" (+{len(crashes)} failed)" if crashes else "")
        rows.append(
            f"| {tools[name].version} | {med[name]:.2f} s ({min(walls):.2f}–{max(walls):.2f}) | "
            f"{_mib(rss[name])} ({_mib(statistics.median(rss_values) if rss_values else None)}) | "
            f"{right_cell} | {_span([sc.false_positives for sc in tool_scores])} | "
            f"{min(reported):,} / {len(expected):,} | "
            f"{statistics.median(r.requests for r in tool_runs):,.0f} / {statistics.median(r.connections for r in tool_runs):,.0f} | "
            f"{max(r.peak for r in tool_runs):,} | "
            f"{runs_cell} |"
        )
    kind_rows = [
        f"| {kind} | {counts[kind]} | " + " | ".join(_kind_cell(scores[name], kind) for name in runs) + " |"
        for kind in kinds
    ]
    failures = [
        f"- {tools[name].version}: {run.error[:300]} ({run.wall:.1f} s)"
        for name, tool_runs in failed.items()
        for run in tool_runs
    ]
    timeout_depths = sorted({site.found_depth[u] + 1 for u, k in expected.items() if k == "timeout"})
    verdict: list[str] = []
    if "prongsai" in runs:
        p = scores["prongsai"]
        verdict.append(
            f"Prongsai put {sum(1 for kind in kinds if all(sc.right[kind] for sc in p))} of {len(kinds)} kinds right"
            + (" in every run (every link got exactly its category)" if all_right["prongsai"] else "")
            + f", with {max(sc.false_positives for sc in p)} false positive(s)."
        )
        if "linkinator" in runs:
            faster = med["prongsai"] <= med["linkinator"]
            verdict.append(
                f"Median wall time {med['prongsai']:.2f} s against linkinator's {med['linkinator']:.2f} s: "
                + (
                    "no slower"
                    if faster
                    else f"{med['prongsai'] / med['linkinator']:.1f}× as long ({med['prongsai'] - med['linkinator']:.1f} s more)"
                )
                + "."
            )
            p_rss, l_rss = rss["prongsai"], rss["linkinator"]
            less_memory = p_rss is not None and l_rss is not None and p_rss < l_rss
            verdict.append(
                f"Peak memory {_mib(p_rss)} against linkinator's {_mib(l_rss)}: "
                + ("less." if less_memory else "not less.")
            )
            met = faster and less_memory and all_right["prongsai"]
            verdict.append(
                "Target (no slower than linkinator, less memory, every defect kind right): "
                + ("**met**." if met else "**not met**.")
            )
            if not faster:
                verdict.append(
                    "Why it is slower, as far as can be seen: " + "; ".join(_why_slower(runs, timeout_depths)) + "."
                )
    lines = [
        HEADING,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}; {versions}.",
        f"The machine has 2 cores and other work ran on it at the same time: each run waited (at most {quiet[1]:.0f} s) for the",
        f"1-minute load average to fall below {quiet[0]:g}; it was {min(loads):.1f}–{max(loads):.1f} (median {statistics.median(loads):.1f}) "
        "when the runs started, so wall times carry noise. The tools ran round-robin; a run that crashed or gave no",
        "output is run again (at most once per good run) and left out of the figures. Wall time is the whole process,",
        "start-up included; peak memory is the maximum resident set size of the tool's process (`/usr/bin/time -v`),",
        "max over runs with the median in brackets. Requests, TCP connections and the most requests in progress at once",
        "are counted by the site's servers (a request whose client gave up at the timeout stays in progress there until",
        "the server's 6 s sleep ends, hence 33–35 for the tools that keep to 32). Everything ran in a network namespace",
        "with only a loopback interface (`unshare -n`): the dns_error names failed inside the machine.",
        "",
        f"The site: {len(site.pages) + leaf_html} HTML pages ({len(site.pages)} good ones: an index, {SECTIONS} sections, "
        f"{SECTIONS * PAGES_PER_SECTION} pages; {leaf_html} defect pages) and {len(expected):,} distinct links "
        f"({counts['ok']:,} good: pages, documents, images, good redirects; {len(expected) - counts['ok']} defects),",
        f"served by a threaded `http.server` on 127.0.0.1 (and one on 127.0.0.2) that sleeps {LATENCY * 1000:.0f} ms before "
        f"every answer. All tools: concurrency {CONCURRENCY}, timeout {TIMEOUT} s, crawl depth {MAX_DEPTH} (linkinator has no "
        "depth option; the site has nothing deeper).",
        "",
        "| tool | median wall time (range) | peak memory (median) | defect kinds right | false positives | links reported | requests / connections | most requests at once | runs |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        "| kind | links | " + " | ".join(tools[name].version for name in runs) + " |",
        "|---|---|" + "---|" * len(runs),
        *kind_rows,
        "",
        " ".join(verdict),
        "",
        "How a kind is scored (in every run): for Prongsai every link of the kind must get exactly that category. The",
        "peers only say broken or not, so for them a defect kind counts when every one of its links is reported as an",
        "error or a warning, `ok` when every good link passes, and `unsupported` when every mailto:/tel:/javascript: link",
        "is flagged or reported as skipped. A false positive is a good link reported as an error or a warning.",
        "LinkChecker warns about every redirect, good ones too; a warning that says only that is not counted either way.",
        "",
        "What the peers cannot do here:",
        "- `access_wall`, `soft_404` and `empty` are HTTP 200 answers, so both peers pass them (LinkChecker warns about",
        "  some 0-byte HTML bodies, not about a page without text or a PDF without a page).",
        "- `blocked`: the peers have no guard against internal addresses; the links to 127.0.0.2 reach a live server",
        "  there and pass. Prongsai refuses to connect (only `--allow-host 127.0.0.1` is given).",
        "- `too_many_redirects`: Prongsai stops after 5 hops, linkinator after 20 and LinkChecker after 10 (its",
        "  `maxhttpredirects`), so of the site's chains of 6, 12 and 25 hops the peers flag only the longer ones.",
        "- LinkChecker throttles each host to 10 requests a second unless the server answers with a `LinkChecker`",
        "  header; the site sends it and the benchmark's config raises `maxrequestspersecond` to 10,000, so LinkChecker",
        "  too is bounded by its 32 threads. It runs with `--check-extern` so that links off the start host (other",
        "  ports, 127.0.0.2, *.invalid) are checked as well, and it looks up the MX host of mailto: addresses.",
        "- linkinator runs from its `node_modules/.bin` script (what `npx linkinator` runs), leaving out npx's own process.",
        "",
    ]
    if failures:
        lines += ["Failed runs (left out of the figures):", "", *failures, ""]
    problems = [
        f"- {tools[name].version}, {kind}: {example}"
        for name in runs
        for kind in kinds
        for example in next((sc.wrong[kind] for sc in reversed(scores[name]) if sc.wrong[kind]), [])[:2]
    ]
    if problems:
        lines += [
            "Links a tool did not get right (up to 2 per kind and tool, from its last run that missed them):",
            "",
            *problems,
            "",
        ]
    return "\n".join(lines)


def _why_slower(runs: dict[str, list[Run]], timeout_depths: list[int]) -> list[str]:
    """Reasons read off the measurements of this run (not assumed)."""
    why = []
    p_peak = max(r.peak for r in runs["prongsai"])
    l_peak = max(r.peak for r in runs["linkinator"])
    if l_peak > CONCURRENCY + 2:
        why.append(
            f"linkinator's `--concurrency {CONCURRENCY}` bounds the pages it crawls at once, not its requests: the site "
            f"answered up to {l_peak} of its requests at the same time, against at most {p_peak} of Prongsai's, which "
            f"holds every request to the limit (a weak municipal server is what the limit protects)"
        )
    p_req = statistics.median(r.requests for r in runs["prongsai"])
    l_req = statistics.median(r.requests for r in runs["linkinator"])
    if p_req > l_req * 1.1:
        why.append(
            f"it sends {p_req / l_req - 1:.0%} more requests ({p_req:,.0f} against {l_req:,.0f}): HEAD first for "
            "resources, then GET for any answer whose body is read"
        )
    floor = p_req * LATENCY / CONCURRENCY
    why.append(
        f"at {CONCURRENCY} requests at a time and {LATENCY * 1000:.0f} ms an answer, {p_req:,.0f} requests need at "
        f"least {floor:.1f} s, plus start-up; the slow links (checked at depths "
        f"{', '.join(map(str, timeout_depths))}) overlap the rest since pages are fetched first"
    )
    return why


# --------------------------------------------------------------------------


def wait_for_quiet(max_load: float, max_wait: float) -> None:
    """Wait (at most ``max_wait`` seconds) until the 1-minute load average is below ``max_load``."""
    deadline = time.monotonic() + max_wait
    while os.getloadavg()[0] > max_load and time.monotonic() < deadline:
        time.sleep(5)


@contextlib.contextmanager
def serving(site: Site) -> Iterator[Site]:
    site.start()
    try:
        yield site
    finally:
        site.stop()


ISOLATED = "PRONGSAI_LINKBENCH_NETNS"


def isolate() -> None:
    """Run this script again in a network namespace with only a loopback interface (never returns)."""
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if unshare is None or ip is None:
        sys.exit(
            "the benchmark needs `unshare` (util-linux) and `ip` (iproute2) to keep every packet on loopback: "
            "apt-get install -y util-linux iproute2"
        )
    flags = "-n" if os.geteuid() == 0 else "-rn"
    script = f'{ip} link set lo up && exec "$@"'
    argv = [unshare, flags, "--", "/bin/sh", "-c", script, "sh", sys.executable, str(Path(__file__).resolve())]
    os.environ[ISOLATED] = "1"
    sys.stdout.flush()
    os.execv(unshare, [*argv, *sys.argv[1:]])  # noqa: S606 (argument list built here)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="good runs per tool (default 5)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of " + ",".join(TOOLS))
    parser.add_argument("--tools-dir", type=Path, default=ROOT / "var" / "bench-tools")
    parser.add_argument("--linkinator", help="path of an installed linkinator")
    parser.add_argument("--linkchecker", help="path of an installed linkchecker")
    parser.add_argument(
        "--max-load",
        type=float,
        default=4.0,
        help="before each run, wait while the 1-minute load average is above this",
    )
    parser.add_argument("--max-wait", type=float, default=90.0, help="but at most this many seconds (default 90)")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the last run's raw outputs in the work dir")
    args = parser.parse_args()
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(args.tools) - set(TOOLS)
    if unknown or not args.tools or args.runs < 1:
        parser.error(f"--tools takes {', '.join(TOOLS)}; --runs at least 1")

    if "linkinator" in args.tools:
        find_linkinator(args)  # installs it while the network is still there
    if "linkchecker" in args.tools:
        find_linkchecker(args)
    if os.environ.get(ISOLATED) != "1":
        isolate()
    workdir = Path(tempfile.mkdtemp(prefix="prongsai-linkbench-"))
    workdir.chmod(0o755)
    tools = build_tools(args, workdir)
    site = Site(LATENCY)
    start_url = site.url("/")
    counts = Counter(site.expected.values())
    print(f"site at {start_url}: {len(site.pages)} good pages, {len(site.expected)} distinct links; {dict(counts)}")
    if len(site.expected) < 3000 or len(site.pages) < 60:
        sys.exit("the generated site is smaller than the benchmark needs")
    loads: list[float] = []  # 1-minute load average at the start of each run
    runs: dict[str, list[Run]] = {name: [] for name in tools}  # runs that gave results
    failed: dict[str, list[Run]] = {name: [] for name in tools}  # crashes, time-outs, no output
    with serving(site):
        for round_no in range(2 * args.runs):  # a failed run is tried again, at most once per good run
            wanted = [name for name in tools if len(runs[name]) < args.runs]
            if not wanted:
                break
            for name in wanted:
                wait_for_quiet(args.max_load, args.max_wait)
                loads.append(os.getloadavg()[0])
                site.take_counts()
                run = measure(tools[name], start_url, workdir)
                run.requests, run.connections, run.peak = site.take_counts()
                (failed if run.error else runs)[name].append(run)
                print(
                    f"[round {round_no + 1}] {name}: {run.wall:.2f} s, {_mib(run.rss_kib)}, exit {run.exit_code}, "
                    f"{len(run.verdicts)} URLs, {run.requests} requests on {run.connections} connections, at most {run.peak} at once{' — FAILED: ' + run.error if run.error else ''}",
                    flush=True,
                )
                if args.keep:
                    (workdir / f"{name}.verdicts.json").write_text(json.dumps(run.verdicts, indent=1))
    runs = {name: tool_runs for name, tool_runs in runs.items() if tool_runs}
    if not runs:
        sys.exit("no tool gave results")
    scores: dict[str, list[Score]] = {}
    for name, tool_runs in runs.items():
        scores[name] = [score(name, site.expected, r.verdicts) for r in tool_runs]
        for i, sc in enumerate(scores[name]):
            print(
                f"{name} run {i + 1}: {sum(sc.right.values())}/{len(sc.right)} kinds right, "
                f"{sc.false_positives} false positives, {sc.missing} missing, {sc.extra} extra"
            )
        for kind, examples in scores[name][-1].wrong.items():
            for example in examples[:3]:
                print(f"   {kind}: {example}")
    section = report(site, tools, runs, failed, scores, loads, (args.max_load, args.max_wait))
    if args.no_write:
        print(section)
    else:
        write_section(ROOT / "benchmarks" / "RESULTS.md", HEADING, section)
        print(f"wrote {HEADING!r} to benchmarks/RESULTS.md")
    if args.keep:
        print(f"raw outputs in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
