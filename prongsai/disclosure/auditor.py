"""An async link auditor: fetch each distinct URL once and put it in exactly one category.

All traffic goes through :func:`prongsai.core.http.async_client` (the guarded door);
redirects are followed here, hop by hop, so loops and over-long chains can be told
apart and the final URL recorded.

Content checks (access walls, soft 404s, empty documents) are small functions of
a :class:`Fetched` response; pass ``classifiers=DEFAULT_CLASSIFIERS + (mine,)`` to
:func:`audit` to add one (e.g. item-level ``off_site`` / ``stale`` checks).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import heapq
import itertools
import re
import socket
import ssl
import time
import traceback
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

import httpx

from prongsai.core.http import BlockedAddress, UnsupportedScheme, async_client

__all__ = [
    "CATEGORIES",
    "DEFAULT_CLASSIFIERS",
    "Classifier",
    "Fetched",
    "LinkResult",
    "ParsedPage",
    "audit",
    "classify_exception",
    "is_access_wall_url",
    "normalise_url",
    "parse_html",
    "run_audit",
]

CATEGORIES = (
    "ok",
    "http_error",
    "dns_error",
    "connection_error",
    "timeout",
    "tls_error",
    "redirect_loop",
    "too_many_redirects",
    "access_wall",
    "soft_404",
    "empty",
    "blocked",
    "unsupported",
)

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
MAX_RETRIES = 2  # extra attempts on 429/503
MAX_RETRY_WAIT = 5.0  # seconds
HEAD_REFUSED = frozenset({403, 404, 405, 501})  # HEAD answered like this: ask again with GET
RETRY_STATUSES = frozenset({429, 503})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
FETCHABLE_SCHEMES = frozenset({"http", "https"})
MIN_VISIBLE_CHARS = 20
MIN_PDF_BYTES = 200

Progress = Callable[[int, int, "LinkResult"], None]


@dataclasses.dataclass
class LinkResult:
    """What happened to one distinct URL."""

    url: str
    found_on: list[str]
    category: str
    http_status: int | None
    final_url: str | None
    elapsed_ms: int
    detail: str

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict with the fields in declaration order."""
        return dataclasses.asdict(self)


# --------------------------------------------------------------------------
# URLs


def normalise_url(url: str) -> str:
    """Trim, drop the fragment, lower-case scheme and host, give http(s) an empty path '/'."""
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in FETCHABLE_SCHEMES:
        return urlunsplit((scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))
    return url


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


_WALL_HOSTS = frozenset({"accounts.google.com", "login.microsoftonline.com", "login.live.com"})


def is_access_wall_url(url: str) -> bool:
    """True when ``url`` is a known sign-in / permission page rather than a document."""
    host = _host(url)
    path = urlsplit(url).path.lower()
    if host in _WALL_HOSTS:
        return True
    if host in {"docs.google.com", "drive.google.com"}:
        return "/request" in path or "requestaccess" in path or "accessdenied" in path
    if host.endswith(".sharepoint.com"):
        return path.startswith("/_forms") or path.startswith("/_layouts/15/authenticate.aspx")
    if host in {"dropbox.com", "www.dropbox.com"}:
        return path.startswith("/login")
    if host in {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"}:
        return path.startswith("/login")
    return False


# --------------------------------------------------------------------------
# HTML


@dataclasses.dataclass
class ParsedPage:
    """What the auditor needs from an HTML page."""

    links: list[str]
    base: str | None
    title: str
    headings: str
    text: str
    has_password: bool
    embeds: int


class _PageParser(HTMLParser):
    LINK_ATTRS = {
        "a": "href",
        "img": "src",
        "script": "src",
        "link": "href",
        "iframe": "src",
        "embed": "src",
        "source": "src",
    }
    SKIP = frozenset({"script", "style", "noscript", "template"})
    EMBEDS = frozenset({"iframe", "embed", "object", "img", "video", "frame"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.base: str | None = None
        self.title: list[str] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self.has_password = False
        self.embeds = 0
        self._skip = 0
        self._in_title = False
        self._heading = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag == "base" and self.base is None and values.get("href", "").strip():
            self.base = values["href"].strip()
        attr = self.LINK_ATTRS.get(tag)
        if attr is not None and values.get(attr, "").strip():
            self.links.append(values[attr].strip())
        if tag == "input" and values.get("type", "").strip().lower() == "password":
            self.has_password = True
        if tag in self.EMBEDS:
            self.embeds += 1
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in {"h1", "h2"}:
            self._heading += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:  # <script src=... /> has no content
            values = dict(attrs)
            if "src" in values and values["src"] and tag == "script":
                self.links.append(values["src"].strip())
            return
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in {"h1", "h2"}:
            self._heading = max(0, self._heading - 1)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title.append(data)
            return
        if self._heading:
            self.headings.append(data)
        self.text.append(data)


def _squash(parts: Iterable[str]) -> str:
    return " ".join(" ".join(parts).split())


def parse_html(html: str) -> ParsedPage:
    """Extract links, ``<base href>``, title, h1/h2 text and visible text (stdlib parser)."""
    parser = _PageParser()
    with contextlib.suppress(Exception):  # the stdlib parser is lenient; never let a page crash the audit
        parser.feed(html)
        parser.close()
    return ParsedPage(
        links=parser.links,
        base=parser.base,
        title=_squash(parser.title),
        headings=_squash(parser.headings),
        text=_squash(parser.text),
        has_password=parser.has_password,
        embeds=parser.embeds,
    )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def _decode(body: bytes, headers: Mapping[str, str]) -> str:
    charset = None
    match = re.search(r"charset=([\w\-]+)", headers.get("content-type", ""), re.IGNORECASE)
    if match:
        charset = match.group(1)
    else:
        meta = _META_CHARSET.search(body[:4096])
        if meta:
            charset = meta.group(1).decode("ascii", "replace")
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def page_links(page: ParsedPage, page_url: str) -> list[str]:
    """The page's links as absolute, fragment-free, de-duplicated URLs (in page order)."""
    base = urljoin(page_url, page.base) if page.base else page_url
    seen: dict[str, None] = {}
    for raw in page.links:
        if raw.startswith("#"):
            continue  # a jump within the same page
        try:
            url = normalise_url(urljoin(base, raw))
        except ValueError:
            url = raw
        if url:
            seen.setdefault(url, None)
    return list(seen)


# --------------------------------------------------------------------------
# Classification of a response


def _content_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _is_html(headers: Mapping[str, str]) -> bool:
    return _content_type(headers) in {"text/html", "application/xhtml+xml"}


def _is_pdf(headers: Mapping[str, str], body: bytes | None) -> bool:
    return _content_type(headers) == "application/pdf" or (body is not None and body.startswith(b"%PDF"))


@dataclasses.dataclass(frozen=True)
class Fetched:
    """The final (non-redirect) response for a URL, as the classifiers see it.

    ``body`` is None when it was not read (HEAD was enough); ``page`` is set for HTML bodies.
    """

    url: str
    final_url: str
    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes | None
    truncated: bool
    page: ParsedPage | None
    redirects: int


Classifier = Callable[[Fetched], "tuple[str, str] | None"]

_WALL_MARKERS = re.compile(
    r"sign[ -]?in|log[ -]?in|request access|you need (?:access|permission)|access denied|"
    r"ขออนุญาตเข้าถึง|เข้าสู่ระบบ|ลงชื่อเข้าใช้|ขอสิทธิ์เข้าถึง",
    re.IGNORECASE,
)
_WALL_BODY_MARKERS = re.compile(r"request access|you need (?:access|permission)|ขออนุญาตเข้าถึง|ขอสิทธิ์เข้าถึง", re.IGNORECASE)
_NOT_FOUND = re.compile(
    r"\b404\b|not found|page (?:does not|doesn't|could not be found)|no longer available|"
    r"ไม่พบหน้า|ไม่พบเพจ|ไม่พบไฟล์|ไม่พบเอกสาร|หน้าที่คุณต้องการ.*ไม่พบ",
    re.IGNORECASE,
)
_SHORT_PAGE = 1000  # body-wide phrase checks only on pages this short (visible characters)


def classify_access_wall(fetched: Fetched) -> tuple[str, str] | None:
    """A sign-in / permission page instead of the document."""
    if is_access_wall_url(fetched.final_url):
        return "access_wall", f"ends at a sign-in or permission page: {fetched.final_url}"
    page = fetched.page
    if page is None or not (200 <= fetched.status < 300 or fetched.status in {401, 403}):
        return None
    if page.has_password:
        return "access_wall", "the page asks for a password (sign-in form)"
    heading = f"{page.title} {page.headings}"
    match = _WALL_MARKERS.search(heading)
    if match is None and len(page.text) < _SHORT_PAGE:
        match = _WALL_BODY_MARKERS.search(page.text)
    if match:
        return "access_wall", f"sign-in or access request page ({match.group(0)!r})"
    return None


def classify_http_error(fetched: Fetched) -> tuple[str, str] | None:
    """Any final status outside 2xx."""
    if 200 <= fetched.status < 300:
        return None
    return "http_error", f"HTTP {fetched.status} {fetched.reason}".strip()


def classify_soft_404(fetched: Fetched) -> tuple[str, str] | None:
    """A 200 HTML page that says the page was not found."""
    page = fetched.page
    if page is None:
        return None
    match = _NOT_FOUND.search(f"{page.title} {page.headings}")
    if match is None and len(page.text) < _SHORT_PAGE:
        match = _NOT_FOUND.search(page.text)
    if match:
        return "soft_404", f"HTTP {fetched.status} but the page says {match.group(0)!r}"
    return None


def classify_empty(fetched: Fetched) -> tuple[str, str] | None:
    """0 bytes, HTML with (almost) no visible text, or a PDF without a page."""
    body = fetched.body
    if body is None:
        if fetched.headers.get("content-length", "").strip() == "0":
            return "empty", "0 bytes (Content-Length: 0)"
        return None
    if not body:
        return "empty", "0 bytes"
    if fetched.truncated:
        return None
    page = fetched.page
    if page is not None and len(page.text) < MIN_VISIBLE_CHARS and page.embeds == 0:
        return "empty", f"HTML with only {len(page.text)} characters of visible text"
    if _is_pdf(fetched.headers, body) and len(body) < MIN_PDF_BYTES and b"/Page" not in body:
        return "empty", f"PDF of {len(body)} bytes without a page"
    return None


DEFAULT_CLASSIFIERS: tuple[Classifier, ...] = (
    classify_access_wall,
    classify_http_error,
    classify_soft_404,
    classify_empty,
)


# --------------------------------------------------------------------------
# Classification of an exception


def _raised_while_resolving(exc: BaseException) -> bool:
    """True when the exception came out of name resolution (getaddrinfo)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    for _ in range(10):  # bounded walk down the cause chain
        if current is None or id(current) in seen:
            break
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return True
        text = str(current).lower()
        if any(
            marker in text
            for marker in ("cannot resolve", "name or service not known", "nodename nor servname", "name resolution")
        ):
            return True
        if any("getaddrinfo" in frame.name for frame in traceback.extract_tb(current.__traceback__, limit=50)):
            return True
        current = current.__cause__ or current.__context__
    return False


def _mentions_tls(exc: BaseException) -> bool:
    current: BaseException | None = exc
    for _ in range(10):
        if current is None:
            break
        if isinstance(current, ssl.SSLError):
            return True
        text = str(current)
        if "SSL" in text or "TLS" in text or "CERTIFICATE" in text.upper():
            return True
        current = current.__cause__ or current.__context__
    return False


def classify_exception(exc: BaseException) -> tuple[str, str]:
    """Map a fetch failure to ``(category, detail)``."""
    message = str(exc) or type(exc).__name__
    if isinstance(exc, BlockedAddress):
        return "blocked", message
    if isinstance(exc, UnsupportedScheme | httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "unsupported", message
    if isinstance(exc, httpx.TimeoutException):
        return "timeout", f"no answer in time ({type(exc).__name__})"
    if _raised_while_resolving(exc):
        return "dns_error", f"name resolution failed: {message}"
    if _mentions_tls(exc):
        return "tls_error", message
    if isinstance(exc, httpx.TransportError):
        return "connection_error", f"{type(exc).__name__}: {message}"
    return "connection_error", f"{type(exc).__name__}: {message}"


# --------------------------------------------------------------------------
# Fetching


@dataclasses.dataclass
class _Response:
    url: str
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes | None
    truncated: bool


def _retry_wait(headers: httpx.Headers, attempt: int) -> float:
    value = headers.get("retry-after", "").strip()
    try:
        wait = float(value)
    except ValueError:
        wait = 0.5 * 2**attempt  # an HTTP date or nothing: plain backoff
    return min(max(wait, 0.0), MAX_RETRY_WAIT)


DRAIN_BYTES = 64 * 1024
_READ_SUFFIXES = (".pdf", ".htm", ".html", ".php", ".asp", ".aspx", ".jsp")


def _read_anyway(url: str) -> bool:
    """True when the URL looks like a page or a PDF, whose body the checks read: GET it without a HEAD first."""
    path = urlsplit(url).path.lower()
    last = path.rsplit("/", 1)[-1]
    return not last or "." not in last or last.endswith(_READ_SUFFIXES)


def _small_body(method: str, headers: httpx.Headers) -> bool:
    """True when the answer's body is empty (HEAD) or declared no longer than DRAIN_BYTES."""
    if method == "HEAD":
        return True
    length = headers.get("content-length", "")
    return length.isdigit() and int(length) <= DRAIN_BYTES


class _Slots:
    """A semaphore whose waiters are served by priority (lower first), then in arrival order.

    The crawl asks for pages it will read with priority 0 and for every other link with 1, so the
    whole site is discovered early and slow links (time-outs) overlap the rest instead of trailing it.
    """

    def __init__(self, size: int) -> None:
        self._free = max(1, size)
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def acquire(self, priority: int) -> None:
        if self._free and not self._waiters:
            self._free -= 1
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._order), future))
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():  # handed a slot in the same instant: pass it on
                self.release()
            raise

    def release(self) -> None:
        while self._waiters:
            _, _, future = heapq.heappop(self._waiters)
            if not future.done():
                future.set_result(None)
                return
        self._free += 1

    @contextlib.asynccontextmanager
    async def hold(self, priority: int) -> AsyncIterator[None]:
        await self.acquire(priority)
        try:
            yield
        finally:
            self.release()


class _Checker:
    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        concurrency: int,
        per_host: int,
        max_bytes: int,
        max_redirects: int,
        classifiers: Sequence[Classifier],
    ) -> None:
        self.client = client
        self.global_slots = _Slots(concurrency)
        self.per_host = max(1, per_host)
        self.host_slots: dict[str, _Slots] = {}
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.classifiers = classifiers

    @contextlib.asynccontextmanager
    async def _slot(self, url: str, priority: int) -> AsyncIterator[None]:
        host = urlsplit(url).netloc.lower()
        slots = self.host_slots.get(host)
        if slots is None:
            slots = self.host_slots[host] = _Slots(self.per_host)
        async with slots.hold(priority), self.global_slots.hold(priority):
            yield

    def _wants_body(self, status: int, headers: httpx.Headers) -> bool:
        if not (200 <= status < 300 or 400 <= status < 500):
            return False
        kind = _content_type(headers)
        return not kind or _is_html(headers) or kind == "application/pdf"

    async def _request(self, method: str, url: str, priority: int = 1) -> _Response:
        """One request, retried (bounded) on 429/503 with Retry-After."""
        wait = 0.0
        for attempt in range(MAX_RETRIES + 1):
            if wait:
                await asyncio.sleep(wait)
            async with self._slot(url, priority), self.client.stream(method, url) as response:
                if response.status_code in RETRY_STATUSES and attempt < MAX_RETRIES:
                    wait = _retry_wait(response.headers, attempt)
                    continue
                body: bytes | None = None
                truncated = False
                if method == "GET" and self._wants_body(response.status_code, response.headers):
                    chunks: list[bytes] = []
                    size = 0
                    async for chunk in response.aiter_bytes(64 * 1024):
                        room = self.max_bytes - size
                        if len(chunk) > room:
                            chunks.append(chunk[:room])
                            truncated = True
                            break
                        chunks.append(chunk)
                        size += len(chunk)
                    body = b"".join(chunks)
                elif _small_body(method, response.headers):
                    # Read (and drop) a short or empty body so that the connection goes back to the pool;
                    # leaving it unread makes httpcore close the connection.
                    async for _ in response.aiter_raw(DRAIN_BYTES):
                        pass
                return _Response(
                    url=url,
                    status=response.status_code,
                    reason=response.reason_phrase,
                    headers=response.headers,
                    body=body,
                    truncated=truncated,
                )
        raise AssertionError("unreachable: the last attempt always returns")

    async def check(
        self, url: str, *, prefer_get: bool = False, priority: int = 1
    ) -> tuple[LinkResult, Fetched | None]:
        """Fetch ``url`` (following redirects here) and classify it; ``priority`` 0 goes before 1 for a slot."""
        started = time.monotonic()

        def result(category: str, status: int | None, final: str | None, detail: str) -> LinkResult:
            elapsed = int((time.monotonic() - started) * 1000)
            return LinkResult(url, [], category, status, final, elapsed, detail)

        scheme = urlsplit(url).scheme.lower()
        if scheme not in FETCHABLE_SCHEMES or not _host(url):
            what = f"{scheme}: link" if scheme else "not an absolute http(s) URL"
            return result("unsupported", None, None, f"{what}, not fetched"), None

        current = url
        seen = {url}
        hops = 0
        method = "GET" if prefer_get else "HEAD"
        status: int | None = None
        try:
            response: _Response | None = None
            for _ in range(self.max_redirects + 3):  # hops + one HEAD->GET switch + the final answer
                response = await self._request(method, current, priority)
                status = response.status
                location = response.headers.get("location")
                if status in REDIRECT_STATUSES and location:
                    target = normalise_url(urljoin(current, location.strip()))
                    if target in seen:
                        return result("redirect_loop", status, target, f"redirect loop back to {target}"), None
                    if hops >= self.max_redirects:
                        detail = f"more than {self.max_redirects} redirects (stopped at {current})"
                        return result("too_many_redirects", status, current, detail), None
                    if urlsplit(target).scheme.lower() not in FETCHABLE_SCHEMES:
                        return result("unsupported", status, target, f"redirects to a non-http(s) URL: {target}"), None
                    if is_access_wall_url(target):
                        return result("access_wall", status, target, f"redirects to a sign-in page: {target}"), None
                    seen.add(target)
                    hops += 1
                    current = target
                    continue
                if method == "HEAD" and (
                    status in HEAD_REFUSED or self._wants_body(status, response.headers) or status >= 500
                ):
                    method = "GET"
                    continue
                break
            assert response is not None
        except Exception as exc:
            category, detail = classify_exception(exc)
            return result(category, status, current if status is not None else None, detail), None

        page = None
        body = response.body
        if body is not None and (
            _is_html(response.headers) or (not _content_type(response.headers) and body.lstrip()[:1] == b"<")
        ):
            page = parse_html(_decode(body, response.headers))
        fetched = Fetched(
            url=url,
            final_url=current,
            status=response.status,
            reason=response.reason,
            headers=response.headers,
            body=response.body,
            truncated=response.truncated,
            page=page,
            redirects=hops,
        )
        for classifier in self.classifiers:
            verdict = classifier(fetched)
            if verdict is not None:
                return result(verdict[0], response.status, current, verdict[1]), fetched
        detail = f"HTTP {response.status}" + (f" after {hops} redirect(s)" if hops else "")
        return result("ok", response.status, current, detail), fetched


# --------------------------------------------------------------------------
# Public API


@dataclasses.dataclass
class _Entry:
    found_on: list[str]
    site: str  # the host of the start URL this link descends from
    depth: int


async def audit(
    urls: Iterable[str],
    *,
    crawl: bool = False,
    max_depth: int = 2,
    max_pages: int = 100,
    concurrency: int = 8,
    per_host: int = 2,
    timeout: float = 10.0,
    allow_hosts: Iterable[str] = (),
    progress: Progress | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    classifiers: Sequence[Classifier] = DEFAULT_CLASSIFIERS,
) -> list[LinkResult]:
    """Check ``urls`` (and, with ``crawl``, the links of their same-host pages).

    Start URLs are depth 0; same-host HTML pages that are ``ok`` and shallower than
    ``max_depth`` are parsed (at most ``max_pages`` of them) and their links checked at
    depth + 1 as soon as the page is read (a link's depth is the shortest path known when
    its check ends). Every distinct URL is fetched once; results come back in discovery
    order, one per URL.
    """
    entries: dict[str, _Entry] = {}
    for raw in urls:
        url = normalise_url(raw)
        if url and url not in entries:
            entries[url] = _Entry([], _host(url), 0)
    results: dict[str, LinkResult] = {}
    done = 0

    async with async_client(
        timeout=timeout,
        allow_hosts=tuple(allow_hosts),
        follow_redirects=False,
        max_connections=max(1, concurrency),
    ) as client:
        checker = _Checker(
            client,
            concurrency=concurrency,
            per_host=per_host,
            max_bytes=max_bytes,
            max_redirects=max_redirects,
            classifiers=classifiers,
        )

        def parse_wanted(url: str, entry: _Entry) -> bool:
            return crawl and entry.depth < max_depth and _host(url) == entry.site

        async def one(url: str) -> tuple[LinkResult, Fetched | None]:
            nonlocal done
            # Pages and PDFs are read anyway (to look inside): GET them at once; everything else is HEAD first.
            entry = entries[url]
            page = _read_anyway(url)
            outcome = await checker.check(url, prefer_get=page, priority=0 if page and parse_wanted(url, entry) else 1)
            done += 1
            if progress is not None:
                progress(done, len(entries), outcome[0])
            return outcome

        # A work pool rather than level by level: a page's links are queued as soon as it is read,
        # so one slow link never holds up the rest of the crawl. Bounded: every URL is checked once,
        # at most max_pages pages are read, and nothing deeper than max_depth is followed.
        pages = 0
        finished: asyncio.Queue[tuple[str, tuple[LinkResult, Fetched | None] | BaseException]] = asyncio.Queue()
        running: set[asyncio.Task[None]] = set()  # strong references until each check ends

        async def check_into_queue(url: str) -> None:
            try:
                finished.put_nowait((url, await one(url)))
            except BaseException as exc:  # handed to the loop below, which raises it: never a silent hang
                finished.put_nowait((url, exc))
                raise

        def schedule(url: str) -> None:
            task = asyncio.ensure_future(check_into_queue(url))
            running.add(task)
            task.add_done_callback(running.discard)

        for url in list(entries):
            schedule(url)
        outstanding = len(entries)
        while outstanding:
            url, outcome = await finished.get()
            outstanding -= 1
            if isinstance(outcome, BaseException):
                for task in running:
                    task.cancel()
                raise outcome
            res, fetched = outcome
            results[url] = res
            entry = entries[url]
            if (
                not parse_wanted(url, entry)
                or res.category != "ok"
                or fetched is None
                or fetched.page is None
                or _host(fetched.final_url) != entry.site
                or pages >= max_pages
            ):
                continue
            pages += 1
            for link in page_links(fetched.page, fetched.final_url):
                child = entries.get(link)
                if child is None:
                    child = entries[link] = _Entry([], entry.site, entry.depth + 1)
                    schedule(link)
                    outstanding += 1
                elif link not in results:
                    # Found again on a shallower page while still being checked: the shorter path counts.
                    child.depth = min(child.depth, entry.depth + 1)
                if url not in child.found_on:
                    child.found_on.append(url)

    ordered: list[LinkResult] = []
    for url, entry in entries.items():
        checked = results.get(url)
        if checked is None:  # defensive: every discovered URL is checked before the loop ends
            continue
        checked.found_on = list(entry.found_on)
        ordered.append(checked)
    return ordered


def run_audit(urls: Iterable[str], **options: Any) -> list[LinkResult]:
    """Synchronous wrapper around :func:`audit` (uses ``asyncio.run``); takes the same keyword options."""
    return asyncio.run(audit(urls, **options))
