"""``{% feedback_qr ticket %}`` and ``{% feedback_point_qr point %}``: the e-Feedback QR and its link."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse

from prongsai.services import feedback

register = template.Library()


def _qr(url: str) -> dict[str, Any]:
    from prongsai.services.views_queue_public import _qr_data_uri

    return {"url": url, "qr": _qr_data_uri(settings.SITE_URL + url)}


@register.inclusion_tag("services/feedback/_qr.html")
def feedback_qr(ticket: Any) -> dict[str, Any]:
    slug = ticket.point.organisation.slug
    url = reverse("services:feedback_answer", kwargs={"org_slug": slug, "feedback_token": feedback.token_for(ticket)})
    return _qr(url) | {"standing": False}


@register.inclusion_tag("services/feedback/_qr.html")
def feedback_point_qr(point: Any) -> dict[str, Any]:
    url = reverse("services:feedback_standing", kwargs={"org_slug": point.organisation.slug, "point_id": point.pk})
    return _qr(url) | {"standing": True, "point": point}
