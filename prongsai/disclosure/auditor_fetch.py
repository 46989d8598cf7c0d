"""How the link auditor fetches one URL: slots by priority, retries, redirects hop by hop, bounded bodies.

Every request has a total deadline (connect, headers and body: a server sending one byte every few seconds
never trips the per-read timeout) and keeps at most ``max_bytes`` of DECODED body (gzip, deflate and brotli
are decoded with an output limit: :mod:`prongsai.core.decoding`).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import heapq
import itertools
import time
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from prongsai.disclosure.auditor_pages import (
    FETCHABLE_SCHEMES,
    _decode,
    _host,
    is_access_wall_url,
    normalise_url,
    parse_html,
)
from prongsai.disclosure.auditor_verdicts import (
    Classifier,
    Fetched,
    LinkResult,
    _content_type,
    _is_html,
    classify_exception,
)

if TYPE_CHECKING:
    import httpx

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
MAX_RETRIES = 2  # extra attempts on 429/503
MAX_RETRY_WAIT = 5.0  # seconds
HEAD_REFUSED = frozenset({403, 404, 405, 501})  # HEAD answered like this: ask again with GET
RETRY_STATUSES = frozenset({429, 503})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


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
        deadline: float | None = None,
    ) -> None:
        self.client = client
        self.deadline = deadline  # seconds for one request with its body (not the wait for a slot)
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
        from prongsai.core.decoding import aread_body  # httpx: only in a process that audits
        from prongsai.core.http import total_deadline

        wait = 0.0
        for attempt in range(MAX_RETRIES + 1):
            if wait:
                await asyncio.sleep(wait)
            async with (
                self._slot(url, priority),
                total_deadline(self.deadline, f"{method} {url}"),
                self.client.stream(method, url) as response,
            ):
                if response.status_code in RETRY_STATUSES and attempt < MAX_RETRIES:
                    wait = _retry_wait(response.headers, attempt)
                    continue
                body: bytes | None = None
                truncated = False
                if method == "GET" and self._wants_body(response.status_code, response.headers):
                    # Decoded bytes are what is capped: a small brotli answer may inflate to gigabytes.
                    body, truncated = await aread_body(response, self.max_bytes)
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
