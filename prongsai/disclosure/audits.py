"""OIT audits: every item of an organisation's year checked in one run, scored 0–100, with its defects.

The health of an item is the sum of five checks (``HEALTH_WEIGHTS``, 100 in all):

==============  ======  ==========================================================================
check           weight  passes when
==============  ======  ==========================================================================
``reachable``   30      every live piece of evidence answers: no link ends in ``http_error``,
                        ``dns_error``, ``connection_error``, ``timeout``, ``tls_error``,
                        ``redirect_loop``, ``too_many_redirects``, ``blocked``, ``unsupported`` or
                        ``empty``; every hosted file's newest version is in storage and not empty
``public``      20      no link ends at a sign-in/permission page (``access_wall``) or a
                        "not found" page (``soft_404``)
``own_host``    15      no ``off_site`` evidence: hosted files always pass; a link must be on one of
                        ``Organisation.website_urls`` (or Prongsai's ``SITE_URL``) when the
                        framework item says ``on_own_website`` and the organisation named its site
``current``     15      no ``stale`` document: judged by ``fiscal_year(period_end)`` when the
                        document has a data period, else by the years its title, URL or file name
                        and PDF text name (``periods.check_stale``)
``components``  20      every component of the framework item is covered by a live document;
                        partial credit in proportion (2 of 5 covered: 8)
==============  ======  ==========================================================================

An item without any live evidence scores 0 (defect ``no_evidence``). An item that
is not public yet (``not_published``: still draft/submitted/checked, or approved
with evidence that has not been published) is reported but keeps its health.

A defect is ``{"category", "url", "document", "detail"}``: the auditor's link
categories (``http_error`` …) per piece of evidence, ``off_site`` and ``stale``
per document, and ``components_missing``, ``no_evidence``, ``not_published``
per item (``url`` and ``document`` empty).

Running: :func:`start_web_audit` (the page; one at a time per organisation and
year, run by the worker), :func:`run_monthly_audits` (the monthly task) and the
``oit-audit`` command all end in :func:`run_oit_audit`, which fetches each
distinct link once through ``check_links`` (by default the link auditor behind
``core.http``'s SSRF guard; the demo passes recorded results) and keeps
``links_done`` up to date for a page that polls it.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prongsai.accounts.models import User
from prongsai.core.notify import notify
from prongsai.core.thai import fiscal_year
from prongsai.disclosure import periods
from prongsai.disclosure.auditor import (
    DEFAULT_CLASSIFIERS,
    AuditStopped,
    Fetched,
    LinkResult,
    normalise_url,
    run_audit,
)
from prongsai.disclosure.models import OitAudit, OitAuditItem, OitDocument, OitDocumentVersion, OitItem
from prongsai.disclosure.selectors import audit_diff, document_url
from prongsai.disclosure.services import component_texts, ensure_items, pdf_text_sample
from prongsai.ita.framework import Item, get_framework
from prongsai.orgs.models import Membership, Organisation, Role

log = logging.getLogger(__name__)

HEALTH_WEIGHTS: dict[str, int] = {"reachable": 30, "public": 20, "own_host": 15, "current": 15, "components": 20}
UNREACHABLE = frozenset(
    {
        "http_error",
        "dns_error",
        "connection_error",
        "timeout",
        "tls_error",
        "redirect_loop",
        "too_many_redirects",
        "blocked",
        "unsupported",
        "empty",
    }
)
NOT_PUBLIC = frozenset({"access_wall", "soft_404"})
PUBLIC_STATES = frozenset({OitItem.State.APPROVED, OitItem.State.PUBLISHED})
IN_PROGRESS = (OitAudit.Status.QUEUED, OitAudit.Status.RUNNING)
# The link check of one audit ends by then (links not checked are reported as time-outs).
AUDIT_DEADLINE = timedelta(minutes=30)
# A running audit started longer ago than this is stuck or was interrupted (the worker stopped), and a queued
# one waiting longer than twice this never got a worker: neither blocks a new audit, nor is a new request
# sent to it.
INTERRUPTED_AFTER = AUDIT_DEADLINE + timedelta(minutes=5)
# The web audit looks at most this often whether it was cancelled.
CANCEL_POLL_SECONDS = 1.0
# links_done is written at most this often (and always at the end), for the page that polls it.
PROGRESS_SECONDS = 0.5
PROGRESS_LINKS = 10
# Options of the default link check (the web and monthly audits).
DEFAULT_CONCURRENCY = 8
DEFAULT_PER_HOST = 2
DEFAULT_TIMEOUT = 15.0

Progress = Callable[[int, int], None]
# check_links(urls, progress) -> {url: LinkResult}: fetch each URL (already normalised, distinct) once,
# calling progress(done, total) in the caller's thread; a result for every URL given.
CheckLinks = Callable[[list[str], Progress], dict[str, LinkResult]]

__all__ = [
    "HEALTH_WEIGHTS",
    "AuditSummary",
    "CheckLinks",
    "audit_url",
    "audit_urls",
    "cancel_audit",
    "http_link_checker",
    "item_results",
    "notify_audit",
    "run_monthly_audits",
    "run_oit_audit",
    "running_audit",
    "start_audit",
    "start_web_audit",
    "summary",
    "years_due",
]


# --------------------------------------------------------------------------- the links to fetch


def _items(org: Organisation, year: int) -> list[OitItem]:
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


def _links(items: Iterable[OitItem]) -> dict[str, list[OitDocument]]:
    urls: dict[str, list[OitDocument]] = {}
    for item in items:
        for document in item.documents.all():
            if document.kind == OitDocument.Kind.LINK and document.url:
                urls.setdefault(normalise_url(document.url), []).append(document)
    return urls


def audit_urls(org: Organisation, year: int) -> dict[str, list[OitDocument]]:
    """Each live external link of the year's items (normalised as the auditor does) → the documents using it."""
    return _links(_items(org, year))


# --------------------------------------------------------------------------- the default link check


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


# --------------------------------------------------------------------------- judging an item


@dataclass
class _Evidence:
    """One live document as the audit saw it."""

    document: OitDocument
    url: str
    category: str  # the auditor's category; hosted files: "ok", "http_error" (missing) or "empty"
    detail: str
    published: bool  # links: published with the item; files: a published version, or the item is published
    off_site: str | None = None
    stale: str | None = None


def _defect(category: str, *, url: str = "", document: str = "", detail: str = "") -> dict[str, str]:
    return {"category": category, "url": url, "document": document, "detail": detail}


def _file_url(document: OitDocument) -> str:
    """The hosted file's permanent address, absolute like the links (the CLI and reports print it)."""
    try:
        return settings.SITE_URL + document_url(document)
    except NoReverseMatch:  # the public file view is not installed
        return ""


def _stale(fw: Item | None, year: int, document: OitDocument, *texts: str) -> str | None:
    window = fw.data_window if fw else "any"
    needed = periods.required_fiscal_year(window, year)
    if needed is None:
        return None
    if document.period_end is not None:
        ends_in = fiscal_year(document.period_end)
        if ends_in < needed:
            return _("The data period ends in fiscal year %(found)s; the item requires %(needed)s or later.") % {
                "found": ends_in,
                "needed": needed,
            }
        return None
    finding = periods.check_stale(window, year, *texts)
    return finding.detail if finding else None


def _hosted(document: OitDocument, item: OitItem, fw: Item | None) -> _Evidence:
    versions = list(document.versions.all())  # newest first (prefetched)
    newest = versions[0] if versions else None
    url = _file_url(document)
    category, detail = "ok", ""
    if newest is None:
        category, detail = "http_error", _("No version of the document was uploaded.")
    else:
        storage, name = newest.file.storage, newest.file.name or ""
        if not name or not storage.exists(name):
            category, detail = (
                "http_error",
                _("The stored file of version %(number)s is missing.") % {"number": newest.number},
            )
        elif newest.size <= 0 or storage.size(name) <= 0:
            category, detail = "empty", _("Version %(number)s is an empty file.") % {"number": newest.number}
    published = item.state == OitItem.State.PUBLISHED or any(v.published_at is not None for v in versions)
    texts = [document.title, newest.original_name if newest else "", newest.text_sample if newest else ""]
    return _Evidence(
        document=document,
        url=url,
        category=category,
        detail=detail,
        published=published,
        stale=_stale(fw, item.fiscal_year, document, *texts),
    )


def _linked(document: OitDocument, item: OitItem, fw: Item | None, result: LinkResult, pdf_text: str) -> _Evidence:
    org = item.organisation
    off_site = None
    if (fw is None or fw.on_own_website) and org.website_urls:
        # The address people click, and where it ends (a page of the site that sends them to a drive is off site).
        for address in dict.fromkeys(a for a in (document.url, result.final_url) if a):
            finding = periods.check_off_site(address, org.website_urls, also_allowed=[settings.SITE_URL])
            if finding is not None:
                off_site = finding.detail
                break
    return _Evidence(
        document=document,
        url=document.url,
        category=result.category,
        detail=result.detail,
        published=document.published_at is not None,
        off_site=off_site,
        stale=_stale(fw, item.fiscal_year, document, document.title, document.url, pdf_text),
    )


def _state_label(state: str) -> str:
    try:
        return str(OitItem.State(state).label)
    except ValueError:
        return state


@dataclass
class _Judgement:
    health: int
    checks: dict[str, Any]
    defects: list[dict[str, str]] = field(default_factory=list)


def _judge(item: OitItem, fw: Item | None, evidence: list[_Evidence]) -> _Judgement:
    """Health, checks and defects of one item from what the audit saw of its live documents."""
    defects: list[dict[str, str]] = []
    for e in evidence:
        title = e.document.title
        if e.category != "ok":
            defects.append(_defect(e.category, url=e.url, document=title, detail=e.detail))
        if e.off_site:
            defects.append(_defect("off_site", url=e.url, document=title, detail=e.off_site))
        if e.stale:
            defects.append(_defect("stale", url=e.url, document=title, detail=e.stale))

    texts = component_texts(fw) if fw else []
    covered = {i for e in evidence for i in (e.document.components or []) if isinstance(i, int)}
    missing = [text for i, text in enumerate(texts) if i not in covered]
    if evidence and missing:
        detail = _("Not covered by any document: %(components)s") % {"components": "; ".join(missing)}
        defects.append(_defect("components_missing", detail=detail))

    if not evidence:
        defects.insert(0, _defect("no_evidence", detail=_("The item has no document or link.")))
    not_public_yet = item.state not in PUBLIC_STATES or (
        item.state != OitItem.State.PUBLISHED and not all(e.published for e in evidence)
    )
    if not_public_yet:
        defects.append(
            _defect(
                "not_published",
                detail=_("The item is “%(state)s”; its evidence is not public yet.")
                % {"state": _state_label(item.state)},
            )
        )

    if not evidence:
        checks: dict[str, Any] = {
            "reachable": False,
            "public": False,
            "own_host": False,
            "current": False,
            "components": 0.0,
        }
        return _Judgement(health=0, checks=checks, defects=defects)
    fraction = (len(texts) - len(missing)) / len(texts) if texts else 1.0
    checks = {
        "reachable": all(e.category not in UNREACHABLE for e in evidence),
        "public": all(e.category not in NOT_PUBLIC for e in evidence),
        "own_host": not any(e.off_site for e in evidence),
        "current": not any(e.stale for e in evidence),
        "components": round(fraction, 3),
    }
    score: float = sum(HEALTH_WEIGHTS[name] for name in ("reachable", "public", "own_host", "current") if checks[name])
    score += HEALTH_WEIGHTS["components"] * fraction
    return _Judgement(health=int(score + 0.5), checks=checks, defects=defects)


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


# --------------------------------------------------------------------------- running an audit


class _ProgressWriter:
    """Writes ``links_done`` at most every PROGRESS_SECONDS or PROGRESS_LINKS links, and always the last one."""

    def __init__(self, audit: OitAudit, also: Progress | None) -> None:
        self.audit = audit
        self.also = also
        self.written = 0
        self.at = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or done - self.written >= PROGRESS_LINKS or now - self.at >= PROGRESS_SECONDS:
            OitAudit.objects.filter(pk=self.audit.pk).update(links_done=done)
            self.audit.links_done = done
            self.written, self.at = done, now
        if self.also is not None:
            self.also(done, total)


def run_oit_audit(
    audit: OitAudit,
    *,
    check_links: CheckLinks | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    per_host: int = DEFAULT_PER_HOST,
    timeout: float = DEFAULT_TIMEOUT,
    allow_hosts: Sequence[str] = (),
    progress: Progress | None = None,
) -> OitAudit:
    """Run a queued audit: check every item of its organisation's year and store the results.

    ``check_links`` fetches the distinct links (default: :func:`http_link_checker` with the other options);
    ``progress(done, total)`` is told of each link checked. The audit is written as it goes (``running``,
    ``links_total``, ``links_done``), so a page can poll it. On any error the audit is marked ``failed``
    with the error text and the exception is raised again (the worker logs it; the command reports it).
    Raises ValueError when the audit is not queued (it ran already, or is running elsewhere).
    """
    claimed = OitAudit.objects.filter(pk=audit.pk, status=OitAudit.Status.QUEUED).update(
        status=OitAudit.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        raise ValueError(f"audit {audit.pk} is not queued")
    audit.refresh_from_db()
    try:
        # Stored texts (defect details) are in the installation's language, whoever started the audit.
        with translation.override(settings.LANGUAGE_CODE):
            _run(audit, check_links, concurrency, per_host, timeout, allow_hosts, progress)
    except AuditStopped:  # cancelled (cancel_audit wrote why): nothing more to store
        log.info("OIT audit %s of %s %s was cancelled", audit.pk, audit.organisation_id, audit.fiscal_year)
        audit.refresh_from_db()
        return audit
    except Exception as exc:
        audit.status = OitAudit.Status.FAILED
        audit.error = f"{type(exc).__name__}: {exc}"[:2000]
        audit.finished_at = timezone.now()
        audit.save(update_fields=["status", "error", "finished_at"])
        log.exception("OIT audit %s of %s %s failed", audit.pk, audit.organisation_id, audit.fiscal_year)
        raise
    return audit


def _run(
    audit: OitAudit,
    check_links: CheckLinks | None,
    concurrency: int,
    per_host: int,
    timeout: float,
    allow_hosts: Sequence[str],
    progress: Progress | None,
) -> None:
    org, year = audit.organisation, audit.fiscal_year
    framework = get_framework(year)
    if framework is not None:
        ensure_items(org, year, framework)
    items = _items(org, year)
    links = _links(items)
    audit.links_total, audit.links_done = len(links), 0
    audit.save(update_fields=["links_total", "links_done"])

    pdf_texts: dict[str, str] = {}
    results: dict[str, LinkResult] = {}
    if links:
        checker = check_links or http_link_checker(
            concurrency=concurrency,
            per_host=per_host,
            timeout=timeout,
            allow_hosts=allow_hosts,
            pdf_texts=pdf_texts,
            cancelled=lambda: not OitAudit.objects.filter(pk=audit.pk, status=OitAudit.Status.RUNNING).exists(),
        )
        results = checker(list(links), _ProgressWriter(audit, progress))
        unchecked = [url for url in links if url not in results]
        if unchecked:
            raise LookupError(f"no result for {len(unchecked)} link(s), e.g. {unchecked[0]}")

    rows = []
    for item in items:
        fw = framework.item(item.code) if framework else None
        evidence = []
        for document in item.documents.all():
            if document.kind == OitDocument.Kind.LINK:
                if not document.url:
                    continue
                url = normalise_url(document.url)
                evidence.append(_linked(document, item, fw, results[url], pdf_texts.get(url, "")))
            else:
                evidence.append(_hosted(document, item, fw))
        judged = _judge(item, fw, evidence)
        rows.append(
            OitAuditItem(
                audit=audit,
                item=item,
                code=item.code,
                position=item.position,
                state=item.state,
                unit_name=item.unit.name if item.unit else "",
                officer_name=_person(item.officer),
                health=judged.health,
                checks=judged.checks,
                defects=judged.defects,
            )
        )
    with transaction.atomic():
        if not OitAudit.objects.select_for_update().filter(pk=audit.pk, status=OitAudit.Status.RUNNING).exists():
            raise AuditStopped("the audit was cancelled")
        OitAuditItem.objects.bulk_create(rows)
        audit.links_done = audit.links_total
        audit.health = int(sum(r.health for r in rows) / len(rows) + 0.5) if rows else None
        audit.status = OitAudit.Status.DONE
        audit.finished_at = timezone.now()
        audit.save(update_fields=["links_done", "health", "status", "finished_at"])


# --------------------------------------------------------------------------- starting audits


def start_audit(org: Organisation, year: int, *, trigger: str, by: User | None = None) -> OitAudit:
    """A queued audit of the organisation's year (run it with :func:`run_oit_audit`)."""
    return OitAudit.objects.create(organisation=org, fiscal_year=year, trigger=trigger, by=by)


def _alive() -> Q:
    """Audits queued or running that are not stuck: running since less than INTERRUPTED_AFTER, or queued
    since less than twice that (waiting for one of the worker's threads)."""
    now = timezone.now()
    running = Q(status=OitAudit.Status.RUNNING) & (
        Q(started_at__gte=now - INTERRUPTED_AFTER) | Q(started_at__isnull=True, created_at__gte=now - INTERRUPTED_AFTER)
    )
    queued = Q(status=OitAudit.Status.QUEUED, created_at__gte=now - 2 * INTERRUPTED_AFTER)
    return running | queued


def running_audit(org: Organisation, year: int) -> OitAudit | None:
    """The audit of the organisation's year that is queued or running now (a stuck or interrupted one does not
    count: a new request is never sent to it)."""
    return OitAudit.objects.filter(_alive(), organisation=org, fiscal_year=year).order_by("-created_at", "-id").first()


def cancel_audit(audit: OitAudit, *, by: User | None) -> bool:
    """Stop a queued or running audit: it is marked failed ("cancelled by …") and the worker, which looks
    every CANCEL_POLL_SECONDS, ends its link check. False when it had already ended."""
    with translation.override(settings.LANGUAGE_CODE):
        error = _("Cancelled by %(name)s.") % {"name": _person(by) or _("the system")}
    cancelled = OitAudit.objects.filter(pk=audit.pk, status__in=IN_PROGRESS).update(
        status=OitAudit.Status.FAILED, error=error, finished_at=timezone.now()
    )
    audit.refresh_from_db()
    return bool(cancelled)


@transaction.atomic
def start_web_audit(org: Organisation, year: int, by: User | None) -> OitAudit:
    """Queue an audit for the worker, unless one of the same organisation and year is queued or running:
    then that one is returned (compare ``audit.by``/``created_at`` to tell)."""
    from prongsai.disclosure.tasks import run_audit_task  # the tasks module imports this one

    Organisation.objects.select_for_update().filter(pk=org.pk).first()  # one start at a time per organisation
    current = running_audit(org, year)
    if current is not None:
        return current
    OitAudit.objects.filter(organisation=org, fiscal_year=year, status__in=IN_PROGRESS).exclude(_alive()).update(
        status=OitAudit.Status.FAILED, error="interrupted", finished_at=timezone.now()
    )
    audit = start_audit(org, year, trigger=OitAudit.Trigger.WEB, by=by)
    transaction.on_commit(lambda: run_audit_task(audit.pk))
    return audit


# --------------------------------------------------------------------------- reading results


def item_results(audit: OitAudit) -> list[OitAuditItem]:
    """The audit's items in NACC order."""
    return list(OitAuditItem.objects.filter(audit=audit).select_related("item").order_by("position", "id"))


@dataclass
class AuditSummary:
    items: list[OitAuditItem]
    defects: int  # every defect of every item
    items_with_defects: int
    by_category: dict[str, int]  # category → count, most frequent first


def summary(audit: OitAudit) -> AuditSummary:
    items = item_results(audit)
    counts = Counter(d.get("category", "") for r in items for d in r.defects)
    return AuditSummary(
        items=items,
        defects=sum(counts.values()),
        items_with_defects=sum(1 for r in items if r.defects),
        by_category=dict(counts.most_common()),
    )


def audit_url(audit: OitAudit) -> str:
    """The audit's page (``disclosure:audit``), or "" while the disclosure pages are not installed."""
    kwargs = {"org_slug": audit.organisation.slug, "year": audit.fiscal_year, "audit_id": audit.pk}
    try:
        return reverse("disclosure:audit", kwargs=kwargs)
    except NoReverseMatch:
        return ""


# --------------------------------------------------------------------------- the monthly audit


def years_due(today: date) -> list[tuple[Organisation, int]]:
    """(organisation, year) pairs the monthly audit covers: years with items from the previous fiscal year on.

    Sample (fictional) organisations are left out: their web sites do not exist.
    """
    first = fiscal_year(today) - 1
    pairs = (
        OitItem.objects.filter(fiscal_year__gte=first, organisation__is_sample=False)
        .values_list("organisation_id", "fiscal_year")
        .distinct()
    )
    orgs = Organisation.objects.in_bulk({org_id for org_id, _year in pairs})
    return sorted(((orgs[o], y) for o, y in pairs), key=lambda p: (p[0].slug, p[1]))


def notify_audit(audit: OitAudit) -> int:
    """Tell the organisation's ITA coordinators and executives what an audit found (once per audit)."""
    found = summary(audit)
    diff = audit_diff(audit)
    members = Membership.objects.filter(
        organisation_id=audit.organisation_id, role__in=[Role.ITA_COORDINATOR, Role.EXECUTIVE]
    )
    sent = 0
    for user in User.objects.filter(pk__in=members.values("user_id")).order_by("pk"):
        with translation.override(user.language):
            subject = ngettext(
                "OIT audit of fiscal year %(year)s: %(count)s defect",
                "OIT audit of fiscal year %(year)s: %(count)s defects",
                found.defects,
            ) % {"year": audit.fiscal_year, "count": found.defects}
            body = _(
                "Health %(health)s of 100. Items with defects: %(items)s of %(total)s. "
                "New since the last audit: %(new)s; fixed: %(fixed)s."
            ) % {
                "health": audit.health if audit.health is not None else "-",
                "items": found.items_with_defects,
                "total": len(found.items),
                "new": len(diff.new),
                "fixed": len(diff.fixed),
            }
            sent += notify(user=user, key=f"oit-audit-{audit.pk}", subject=subject, body=body, url=audit_url(audit))
    return sent


def run_monthly_audits(today: date, *, check_links: CheckLinks | None = None) -> list[OitAudit]:
    """Audit every organisation's current years (:func:`years_due`) and notify; one failing does not stop
    the others (it is logged and its audit marked failed). Returns the audits that finished."""
    done = []
    for org, year in years_due(today):
        try:
            audit = start_audit(org, year, trigger=OitAudit.Trigger.MONTHLY)
            run_oit_audit(audit, check_links=check_links)
            notify_audit(audit)
        except Exception:
            log.exception("monthly OIT audit of %s %s failed", org.slug, year)
            continue
        done.append(audit)
    return done
