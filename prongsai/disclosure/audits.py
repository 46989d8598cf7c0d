"""OIT audits: every item of an organisation's year checked in one run, scored 0–100, with its defects.

How an item is judged (the health weights, the defects) is in :mod:`prongsai.disclosure.audit_health`; which links
are fetched, and the default link check, in :mod:`prongsai.disclosure.audit_links`.

Running: :func:`start_web_audit` (the page; one at a time per organisation and
year, run by the worker), :func:`run_monthly_audits` (the monthly task) and the
``oit-audit`` command all end in :func:`run_oit_audit`, which fetches each
distinct link once through ``check_links`` (by default the link auditor behind
``core.http``'s SSRF guard; the demo passes recorded results) and keeps
``links_done`` up to date for a page that polls it.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prongsai.accounts.models import User
from prongsai.core.notify import notify
from prongsai.core.thai import fiscal_year
from prongsai.disclosure.audit_health import hosted_evidence, judge, linked_evidence
from prongsai.disclosure.audit_links import (
    AUDIT_DEADLINE,
    DEFAULT_CONCURRENCY,
    DEFAULT_PER_HOST,
    DEFAULT_TIMEOUT,
    CheckLinks,
    Progress,
    http_link_checker,
    links_of,
    live_items,
)
from prongsai.disclosure.auditor import (
    AuditStopped,
    LinkResult,
    normalise_url,
)
from prongsai.disclosure.models import OitAudit, OitAuditItem, OitDocument, OitItem
from prongsai.disclosure.selectors import audit_diff
from prongsai.disclosure.services import ensure_items
from prongsai.ita.framework import get_framework
from prongsai.orgs.models import Membership, Organisation, Role

log = logging.getLogger(__name__)

IN_PROGRESS = (OitAudit.Status.QUEUED, OitAudit.Status.RUNNING)
# A running audit started longer ago than this is stuck or was interrupted (the worker stopped), and a queued
# one waiting longer than twice this never got a worker: neither blocks a new audit, nor is a new request
# sent to it.
INTERRUPTED_AFTER = AUDIT_DEADLINE + timedelta(minutes=5)
# links_done is written at most this often (and always at the end), for the page that polls it.
PROGRESS_SECONDS = 0.5
PROGRESS_LINKS = 10

__all__ = [
    "AuditSummary",
    "audit_url",
    "cancel_audit",
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
    items = live_items(org, year)
    links = links_of(items)
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
                evidence.append(linked_evidence(document, item, fw, results[url], pdf_texts.get(url, "")))
            else:
                evidence.append(hosted_evidence(document, item, fw))
        judged = judge(item, fw, evidence)
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
