"""The "Do & Don't" poster: the organisation's rules for official vehicles and assets and the QR code of the
logbook (the page that lists its vehicles to start or close a trip), one A4 page as PDF (core/doc)."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from prongsai.core import doc
from prongsai.orgs.models import Organisation
from prongsai.vehicles.models import UseRule
from prongsai.vehicles.services import rules_ensure_defaults


def logbook_url(org: Organisation) -> str:
    """The absolute address of the logbook page, from SITE_URL (never from the request's Host header)."""
    return settings.SITE_URL + reverse("vehicles:logbook", kwargs={"org_slug": org.slug})


def vehicle_url(org: Organisation, slug: str) -> str:
    return settings.SITE_URL + reverse("vehicles:qr", kwargs={"org_slug": org.slug, "plate": slug})


def qr_png(url: str, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def document(org: Organisation) -> doc.Document:
    rules = rules_ensure_defaults(organisation=org)
    dos = [r.text for r in rules if r.kind == UseRule.Kind.DO]
    donts = [r.text for r in rules if r.kind == UseRule.Kind.DONT]
    url = logbook_url(org)
    height = max(len(dos), len(donts))
    rows = [
        doc.Row(
            [
                doc.Cell([f"✓ {dos[i]}"] if i < len(dos) else []),
                doc.Cell([f"✗ {donts[i]}"] if i < len(donts) else []),
            ]
        )
        for i in range(height)
    ]
    blocks: list[doc.Block] = [
        doc.Title(
            [_("Do & Don't: official vehicles and assets"), org.name],
            notes=[_("The use of official property is recorded and checked every time (ITA indicator 4).")],
        ),
        doc.Table(
            widths_cm=[8.0, 8.0],
            header=[doc.Row([doc.Cell([_("Do")], shade="D9EAD3"), doc.Cell([_("Don't")], shade="F4CCCC")])],
            rows=rows,
            size_pt=15,
        ),
        doc.Figure(
            qr_png(url),
            width_cm=5.0,
            alt=url,
            caption=[_("Scan to start or close a trip in the logbook (sign-in required)")],
            space_before_pt=14,
        ),
        doc.Paragraph(doc.Run(url, verbatim=True), align="center", size_pt=12),
    ]
    return doc.Document(blocks, title=_("Do & Don't: official vehicles and assets"), author=org.name)


def poster_pdf(org: Organisation) -> bytes:
    return doc.render(document(org), "pdf")
