"""The links an OIT audit fetches, and the default link check: the link auditor run in a helper thread."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from typing import Any

from django.db.models import Prefetch

from prongsai.disclosure.auditor import DEFAULT_CLASSIFIERS, Fetched, LinkResult, normalise_url, run_audit
from prongsai.disclosure.models import OitDocument, OitDocumentVersion, OitItem
from prongsai.disclosure.services import pdf_text_sample
from prongsai.orgs.models import Organisation

__all__ = ["AUDIT_DEADLINE", "CheckLinks", "Progress", "audit_urls", "http_link_checker", "links_of", "live_items"]

# The link check of one audit ends by then (links not checked are reported as time-outs).
AUDIT_DEADLINE = timedelta(minutes=30)
# The web audit looks at most this often whether it was cancelled.
CANCEL_POLL_SECONDS = 1.0
# Options of the default link check (the web and monthly audits).
DEFAULT_CONCURRENCY = 8
DEFAULT_PER_HOST = 2
DEFAULT_TIMEOUT = 15.0

Progress = Callable[[int, int], None]
# check_links(urls, progress) -> {url: LinkResult}: fetch each URL (already normalised, distinct) once,
# calling progress(done, total) in the caller's thread; a result for every URL given.
CheckLinks = Callable[[list[str], Progress], dict[str, LinkResult]]


def live_items(org: Organisation, year: int) -> list[OitItem]:
    """The year's items with their live documents (newest version first) in one go."""
    live = OitDocument.objects.filter(withdrawn_at__isnull=True).prefetch_related(
        Prefetch("versions", queryset=OitDocumentVersion.objects.order_by("-number"))
    )
    items = list(
        OitItem.objects.filter(organisation=org, fiscal_year=year)
        .select_related("organisation", "unit", "officer")
        .prefetch_related(Prefetch("documents", queryset=live))
        .order_by("position", "id")
    )
    for item in items:
        for document in item.documents.all():
            document.item = item  # no query per document for its URL
    return items


def links_of(items: Iterable[OitItem]) -> dict[str, list[OitDocument]]:
    urls: dict[str, list[OitDocument]] = {}
    for item in items:
        for document in item.documents.all():
            if document.kind == OitDocument.Kind.LINK and document.url:
                urls.setdefault(normalise_url(document.url), []).append(document)
    return urls


def audit_urls(org: Organisation, year: int) -> dict[str, list[OitDocument]]:
    """Each live external link of the year's items (normalised as the auditor does) → the documents using it."""
    return links_of(live_items(org, year))


def http_link_checker(
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    per_host: int = DEFAULT_PER_HOST,
    timeout: float = DEFAULT_TIMEOUT,
    allow_hosts: Sequence[str] = (),
    pdf_texts: dict[str, str] | None = None,
    cancelled: Callable[[], bool] | None = None,
    deadline: float | None = None,
) -> CheckLinks:
    """A ``check_links`` that fetches through :func:`auditor.audit` (the SSRF guard of ``core.http`` applies;
    ``settings.OUTGOING_HTTP_ALLOWED_HOSTS`` and ``allow_hosts`` exempt hosts).

    The event loop runs in a helper thread, so ``progress`` (which writes to the database) and ``cancelled``
    (which reads it, every CANCEL_POLL_SECONDS) are called in the caller's thread. When ``cancelled()`` says
    True the check stops and raises :class:`~prongsai.disclosure.auditor.AuditStopped`. ``deadline`` (seconds,
    default AUDIT_DEADLINE) bounds the whole check. The text of every PDF fetched is put in ``pdf_texts``
    (URL → sample) for the stale check.
    """
    texts = pdf_texts if pdf_texts is not None else {}

    def record_pdf_text(fetched: Fetched) -> None:
        """Classifies nothing; keeps the start of a PDF's text."""
        if fetched.body and fetched.body.startswith(b"%PDF"):
            texts[fetched.url] = pdf_text_sample(fetched.body)
        return None

    def check(urls: list[str], progress: Progress) -> dict[str, LinkResult]:
        events: queue.Queue[tuple[int, int] | None] = queue.Queue()
        outcome: dict[str, Any] = {}
        stopping = threading.Event()

        def work() -> None:
            try:
                outcome["results"] = run_audit(
                    urls,
                    concurrency=concurrency,
                    per_host=per_host,
                    timeout=timeout,
                    allow_hosts=tuple(allow_hosts),
                    progress=lambda done, total, _result: events.put((done, total)),
                    classifiers=(record_pdf_text, *DEFAULT_CLASSIFIERS),
                    deadline=deadline if deadline is not None else AUDIT_DEADLINE.total_seconds(),
                    stop=stopping.is_set,
                )
            except BaseException as exc:  # handed to the caller's thread below
                outcome["error"] = exc
            finally:
                events.put(None)

        worker = threading.Thread(target=work, name="oit-audit-links", daemon=True)
        worker.start()
        looked = time.monotonic()
        while True:
            try:
                event = events.get(timeout=CANCEL_POLL_SECONDS)
            except queue.Empty:
                event = (-1, -1)
            if event is None:
                break
            if event[0] >= 0:
                progress(*event)
            if cancelled is not None and time.monotonic() - looked >= CANCEL_POLL_SECONDS:
                looked = time.monotonic()
                if cancelled():
                    stopping.set()
        worker.join()
        if "error" in outcome:
            raise outcome["error"]
        return {result.url: result for result in outcome["results"]}

    return check
