"""``{% public_address_warning %}``: on a staff page that prints a QR code or a public address, a banner
while SITE_URL is a local address (the printed address would lead nowhere outside this computer)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("_public_address_warning.html", takes_context=True)
def public_address_warning(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    show = bool(settings.SITE_IS_LOCAL and user is not None and user.is_authenticated)
    return {"show": show, "site_url": settings.SITE_URL}


@register.simple_tag
def upload_limit() -> str:
    """The one per-file upload limit, for labels: ``"10 MB"``."""
    from prongsai.core.uploads import MAX_UPLOAD_TEXT

    return MAX_UPLOAD_TEXT
