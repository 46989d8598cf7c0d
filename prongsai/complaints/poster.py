"""The printable A4 poster of the reporting page: a QR code (segno) and three lines of Thai, as PDF."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from prongsai.core.documents import data_uri, html_to_pdf
from prongsai.orgs.models import Organisation


def reporting_url(org: Organisation) -> str:
    """The absolute address of the reporting page, from SITE_URL (never from the request's Host header)."""
    return settings.SITE_URL + reverse("complaints:new", kwargs={"org_slug": org.slug})


def qr_svg(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", scale=10, border=2, xmldecl=False)
    return out.getvalue()


def poster_pdf(org: Organisation, request: HttpRequest | None = None) -> bytes:
    url = reporting_url(org)
    html = render_to_string(
        "complaints/poster.html", {"org": org, "url": url, "qr": data_uri(qr_svg(url), "image/svg+xml")}, request=None
    )
    return html_to_pdf(html, base_url=None)
