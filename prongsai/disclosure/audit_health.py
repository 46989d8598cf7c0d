"""How an OIT audit judges one item: its health (0–100) and its defects, from what it saw of the evidence.

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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from prongsai.core.thai import fiscal_year
from prongsai.disclosure import periods
from prongsai.disclosure.auditor import CATEGORIES, LinkResult
from prongsai.disclosure.models import OitDocument, OitItem
from prongsai.disclosure.selectors import document_url
from prongsai.disclosure.services import component_texts
from prongsai.ita.framework import Item

__all__ = [
    "HEALTH_WEIGHTS",
    "NOT_PUBLIC",
    "UNREACHABLE",
    "Evidence",
    "Judgement",
    "hosted_evidence",
    "judge",
    "linked_evidence",
]

HEALTH_WEIGHTS: dict[str, int] = {"reachable": 30, "public": 20, "own_host": 15, "current": 15, "components": 20}
NOT_PUBLIC = frozenset({"access_wall", "soft_404"})
# Every other failure of the auditor (and "http_error"/"empty" for a hosted file): http_error, dns_error,
# connection_error, timeout, tls_error, redirect_loop, too_many_redirects, blocked, unsupported, empty.
UNREACHABLE = frozenset(CATEGORIES) - {"ok"} - NOT_PUBLIC
PUBLIC_STATES = frozenset({OitItem.State.APPROVED, OitItem.State.PUBLISHED})


@dataclass
class Evidence:
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


def hosted_evidence(document: OitDocument, item: OitItem, fw: Item | None) -> Evidence:
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
    return Evidence(
        document=document,
        url=url,
        category=category,
        detail=detail,
        published=published,
        stale=_stale(fw, item.fiscal_year, document, *texts),
    )


def linked_evidence(
    document: OitDocument, item: OitItem, fw: Item | None, result: LinkResult, pdf_text: str
) -> Evidence:
    org = item.organisation
    off_site = None
    if (fw is None or fw.on_own_website) and org.website_urls:
        # The address people click, and where it ends (a page of the site that sends them to a drive is off site).
        for address in dict.fromkeys(a for a in (document.url, result.final_url) if a):
            finding = periods.check_off_site(address, org.website_urls, also_allowed=[settings.SITE_URL])
            if finding is not None:
                off_site = finding.detail
                break
    return Evidence(
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
class Judgement:
    health: int
    checks: dict[str, Any]
    defects: list[dict[str, str]] = field(default_factory=list)


def judge(item: OitItem, fw: Item | None, evidence: list[Evidence]) -> Judgement:
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
        return Judgement(health=0, checks=checks, defects=defects)
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
    return Judgement(health=int(score + 0.5), checks=checks, defects=defects)
