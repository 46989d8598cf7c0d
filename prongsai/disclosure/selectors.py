"""Reads of the disclosure centre: the year's items with their framework facts, public links, audit differences."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse

from prongsai.disclosure.models import OitAudit, OitAuditItem, OitDocument, OitDocumentVersion, OitItem
from prongsai.disclosure.services import component_texts, ensure_items, window_text
from prongsai.ita.framework import Item, get_framework
from prongsai.orgs.models import Organisation


def years(org: Organisation) -> list[int]:
    """The fiscal years the organisation has items for, newest first."""
    return sorted(set(OitItem.objects.filter(organisation=org).values_list("fiscal_year", flat=True)), reverse=True)


def document_url(document: OitDocument, *, version: OitDocumentVersion | None = None) -> str:
    """The permanent URL of a document: the Prongsai address of a hosted file, the link itself otherwise."""
    if document.kind == OitDocument.Kind.LINK:
        return document.url
    item = document.item
    kwargs: dict[str, Any] = {
        "org_slug": item.organisation.slug,
        "year": item.fiscal_year,
        "item_code": item.slug,
        "name": document.name,
    }
    if version is not None:
        return reverse("disclosure:version_file", kwargs=kwargs | {"number": version.number})
    return reverse("disclosure:file", kwargs=kwargs)


@dataclass
class ItemView:
    item: OitItem
    fw: Item | None
    documents: list[OitDocument]
    components: list[dict[str, Any]]  # [{"text": …, "covered_by": [titles]}]
    window: str
    public_documents: list[OitDocument] = field(default_factory=list)

    @property
    def components_done(self) -> int:
        return sum(1 for c in self.components if c["covered_by"])

    @property
    def components_complete(self) -> bool:
        return self.components_done == len(self.components)


def _documents_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "documents",
        queryset=OitDocument.objects.filter(withdrawn_at__isnull=True).prefetch_related(
            Prefetch("versions", queryset=OitDocumentVersion.objects.order_by("-number"))
        ),
    )


def item_views(org: Organisation, year: int, *, create: bool = True) -> list[ItemView]:
    """Every item of the year (created from the framework when missing, unless not ``create``) for the pages."""
    framework = get_framework(year)
    if create:
        ensure_items(org, year, framework)
    items = (
        OitItem.objects.filter(organisation=org, fiscal_year=year)
        .select_related("unit", "officer", "organisation")
        .prefetch_related(_documents_prefetch())
        .order_by("position", "id")
    )
    return [item_view(item, framework.item(item.code) if framework else None) for item in items]


def item_view(item: OitItem, fw: Item | None) -> ItemView:
    documents = list(item.documents.all())
    for document in documents:
        document.item = item  # documents of this item: no query per URL
    texts = component_texts(fw) if fw else []
    components = [
        {"index": i, "text": text, "covered_by": [d.title for d in documents if i in (d.components or [])]}
        for i, text in enumerate(texts)
    ]
    public = [d for d in documents if _public(d)]
    return ItemView(
        item=item,
        fw=fw,
        documents=documents,
        components=components,
        window=window_text(fw.data_window, item.fiscal_year) if fw else "",
        public_documents=public,
    )


def _public(document: OitDocument) -> bool:
    if document.kind == OitDocument.Kind.LINK:
        return document.published_at is not None
    return any(v.published_at is not None for v in document.versions.all())


# --------------------------------------------------------------------------- audits


def defect_key(code: str, defect: dict[str, Any]) -> tuple[str, str, str]:
    """What makes two defects "the same" across audits: the item, the kind and the link (or document)."""
    return (code, str(defect.get("category", "")), str(defect.get("url") or defect.get("document") or ""))


def previous_audit(audit: OitAudit) -> OitAudit | None:
    """The last finished audit of the same organisation and year before ``audit``."""
    return (
        OitAudit.objects.filter(
            organisation_id=audit.organisation_id,
            fiscal_year=audit.fiscal_year,
            status=OitAudit.Status.DONE,
            created_at__lt=audit.created_at,
        )
        .exclude(pk=audit.pk)
        .order_by("-created_at", "-id")
        .first()
    )


@dataclass
class AuditDiff:
    previous: OitAudit | None
    new: list[tuple[str, dict[str, Any]]]  # (item code, defect)
    fixed: list[tuple[str, dict[str, Any]]]
    health_change: dict[str, tuple[int | None, int]]  # code → (before, now)


def audit_diff(audit: OitAudit, previous: OitAudit | None = None) -> AuditDiff:
    """New and fixed defects since ``previous`` (default: the audit before), and each item's health change."""
    if previous is None:
        previous = previous_audit(audit)
    now_items = list(OitAuditItem.objects.filter(audit=audit).order_by("position", "id"))
    before_items = {r.code: r for r in OitAuditItem.objects.filter(audit=previous)} if previous else {}
    now_keys = {defect_key(r.code, d): (r.code, d) for r in now_items for d in r.defects}
    before_keys = {defect_key(r.code, d): (r.code, d) for r in before_items.values() for d in r.defects}
    return AuditDiff(
        previous=previous,
        new=[v for k, v in now_keys.items() if k not in before_keys] if previous else list(now_keys.values()),
        fixed=[v for k, v in before_keys.items() if k not in now_keys],
        health_change={
            r.code: (before_items[r.code].health if r.code in before_items else None, r.health) for r in now_items
        },
    )
