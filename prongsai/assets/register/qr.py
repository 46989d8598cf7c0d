"""The permanent address of an asset, /<slug>/a/<code>/, printed as its QR code."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse

if TYPE_CHECKING:
    from prongsai.orgs.models import Organisation


def asset_path(org_slug: str, code: str) -> str:
    return reverse("assets:scan", kwargs={"org_slug": org_slug, "code": code})


def asset_url(org: Organisation, code: str) -> str:
    """The absolute address, from SITE_URL (never from a request's Host header)."""
    return settings.SITE_URL + asset_path(org.slug, code)


def qr_svg(url: str) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", scale=6, border=2, xmldecl=False)
    return out.getvalue()
