"""URL keywords of the disclosure pages for the tenancy walk (see core/testing.py)."""

from __future__ import annotations

from typing import Any

from prongsai.core.testing import HISTORY_SAMPLES, URL_KWARGS

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _item(case: Any) -> Any:
    from prongsai.disclosure.models import OitItem
    from prongsai.disclosure.services import ensure_items
    from prongsai.ita.testing import _year

    year = _year(case)
    ensure_items(case.org, year)
    item = OitItem.objects.get(organisation=case.org, fiscal_year=year, code="O9")
    if item.officer_id is None:
        item.unit, item.officer = case.finance, case.staff
        item.save()
    return item


def _document(case: Any) -> Any:
    from django.utils import timezone

    from prongsai.core.uploads import Kind, clean_upload
    from prongsai.disclosure.models import OitDocument
    from prongsai.disclosure.services import DocumentFields, document_add_file

    item = _item(case)
    document = OitDocument.objects.filter(item=item, kind="file").first()
    if document is None:
        clean = clean_upload(("manual.pdf", PDF), allowed=[Kind.PDF], max_bytes=1 << 20)
        document = document_add_file(item, DocumentFields("คู่มือการขอรับบริการ"), clean, by=None)
        document.versions.update(published_at=timezone.now())
    return document


def _audit(case: Any) -> int:
    from prongsai.disclosure.models import OitAudit

    item = _item(case)
    audit, _ = OitAudit.objects.get_or_create(
        organisation=case.org,
        fiscal_year=item.fiscal_year,
        trigger="command",
        defaults={"status": "done", "health": 50},
    )
    return audit.pk


URL_KWARGS.update(
    {
        "item_code": lambda case: _item(case).slug,
        "document_id": lambda case: _document(case).pk,
        "number": lambda case: 1,
        "name": lambda case: _document(case).name,
        "audit_id": _audit,
        "month": lambda case: "2026-01",
        "feed": lambda case: "complaint-statistics",
    }
)
HISTORY_SAMPLES["disclosure.OitItem"] = _item
