"""An async link auditor: fetch each distinct URL once and put it in exactly one category.

All traffic goes through :func:`prongsai.core.http.async_client` (the guarded door);
redirects are followed here, hop by hop, so loops and over-long chains can be told
apart and the final URL recorded (:mod:`.auditor_fetch`).

Content checks (access walls, soft 404s, empty documents) are small functions of
a :class:`Fetched` response (:mod:`.auditor_verdicts`); pass
``classifiers=DEFAULT_CLASSIFIERS + (mine,)`` to :func:`audit` to add one (e.g.
item-level ``off_site`` / ``stale`` checks). Pages are parsed in :mod:`.auditor_pages`.

Bounded whatever the sites do: each request has a total deadline and a cap on
decoded bytes, each page gives at most ``max_links_per_page`` links, the whole audit
has a deadline, and ``stop()`` (checked every second) ends it early; links not
checked by then are reported as ``timeout`` with a detail saying why.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from prongsai.disclosure.auditor_fetch import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_REDIRECTS,
    _Checker,
    _read_anyway,
)
from prongsai.disclosure.auditor_pages import (
    MAX_LINKS_PER_PAGE,
    ParsedPage,
    _host,
    is_access_wall_url,
    normalise_url,
    page_links,
    parse_html,
)
from prongsai.disclosure.auditor_verdicts import (
    CATEGORIES,
    DEFAULT_CLASSIFIERS,
    Classifier,
    Fetched,
    LinkResult,
    classify_exception,
)

__all__ = [
    "CATEGORIES",
    "DEFAULT_AUDIT_DEADLINE",
    "DEFAULT_CLASSIFIERS",
    "MAX_LINKS_PER_PAGE",
    "AuditStopped",
    "Classifier",
    "Fetched",
    "LinkResult",
    "ParsedPage",
    "audit",
    "classify_exception",
    "is_access_wall_url",
    "normalise_url",
    "page_links",
    "parse_html",
    "run_audit",
]

DEFAULT_AUDIT_DEADLINE = 30 * 60.0  # seconds for a whole audit
STOP_POLL = 1.0  # seconds between looks at stop() and the audit deadline

Progress = Callable[[int, int, LinkResult], None]


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
    request_deadline: float | None = None,
    deadline: float | None = DEFAULT_AUDIT_DEADLINE,
    max_links_per_page: int = MAX_LINKS_PER_PAGE,
    stop: Callable[[], bool] | None = None,
) -> list[LinkResult]:
    """Check ``urls`` (and, with ``crawl``, the links of their same-host pages).

    Start URLs are depth 0; same-host HTML pages that are ``ok`` and shallower than
    ``max_depth`` are parsed (at most ``max_pages`` of them) and their first
    ``max_links_per_page`` links checked at depth + 1 as soon as the page is read (a link's
    depth is the shortest path known when its check ends). Every distinct URL is fetched
    once; results come back in discovery order, one per URL.

    ``timeout`` bounds each connect and read; ``request_deadline`` (default three times
    ``timeout``) a whole request with its body; ``deadline`` (seconds, None for none) the
    whole audit: links not checked by then are ``timeout`` results. ``stop()`` is asked
    every second; when it says True the checks are cancelled and :class:`AuditStopped`
    is raised.
    """
    started = time.monotonic()
    entries: dict[str, _Entry] = {}
    for raw in urls:
        url = normalise_url(raw)
        if url and url not in entries:
            entries[url] = _Entry([], _host(url), 0)
    results: dict[str, LinkResult] = {}
    done = 0
    from prongsai.core.http import async_client  # httpx: only in a process that audits

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
            deadline=request_deadline if request_deadline is not None else 3 * timeout,
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
            try:
                url, outcome = await asyncio.wait_for(finished.get(), STOP_POLL)
            except TimeoutError:
                if stop is not None and stop():
                    await _cancel(running)
                    raise AuditStopped("the audit was stopped") from None
                if deadline is not None and time.monotonic() - started > deadline:
                    await _cancel(running)
                    _unchecked(entries, results, _OUT_OF_TIME % {"minutes": f"{deadline / 60:g}"})
                    break
                continue
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
            links = page_links(fetched.page, fetched.final_url)
            if len(links) > max_links_per_page:
                res.detail += _TOO_MANY_LINKS % {"checked": max_links_per_page, "found": len(links)}
                links = links[:max_links_per_page]
            for link in links:
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


class AuditStopped(Exception):
    """``stop()`` asked the audit to end before it was done."""


_OUT_OF_TIME = "not checked: the audit's time limit (%(minutes)s minutes) was reached first"
_TOO_MANY_LINKS = "; only the first %(checked)s of the page's %(found)s links were checked"


async def _cancel(tasks: set[asyncio.Task[None]]) -> None:
    """Cancel the checks still running and wait until they have ended (their connections closed)."""
    pending = list(tasks)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


def _unchecked(entries: dict[str, _Entry], results: dict[str, LinkResult], detail: str) -> None:
    """A ``timeout`` result for every discovered URL without one."""
    for url in entries:
        if url not in results:
            results[url] = LinkResult(url, [], "timeout", None, None, 0, detail)


def run_audit(urls: Iterable[str], **options: Any) -> list[LinkResult]:
    """Synchronous wrapper around :func:`audit` (uses ``asyncio.run``); takes the same keyword options."""
    return asyncio.run(audit(urls, **options))
