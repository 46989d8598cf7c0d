from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from django import template
from django.http import HttpRequest

register = template.Library()


@register.filter
def defect_label(category: str) -> str:
    """The reader's words for a defect category ("http_error" → "ลิงก์เสีย")."""
    from prongsai.disclosure.reports import DEFECT_LABELS

    label = DEFECT_LABELS.get(category)
    return str(label) if label is not None else category


@register.filter
def defect_detail(detail: str) -> str:
    """The auditor's detail of a defect in the reader's language (see disclosure/details.py)."""
    from prongsai.disclosure.details import detail_text

    return detail_text(detail)


@register.filter
def state_label(state: str) -> str:
    """An item's workflow state as the reader says it ("published" → "เผยแพร่แล้ว")."""
    from prongsai.disclosure.models import OitItem

    return str(OitItem.State(state).label) if state in OitItem.State.values else state


@register.filter
def readable_url(url: str) -> str:
    """A percent-encoded address as people read it: ``/oit/2569/o1/%E0%B8%84…`` → ``/oit/2569/o1/คู่มือ…``."""
    return unquote(url or "")


@register.simple_tag(takes_context=True)
def absolute(context: dict[str, Any], path: str) -> str:
    """``path`` on this site, readable (Thai unquoted): the address to copy into the organisation's website."""
    request: HttpRequest | None = context.get("request")
    base = f"{request.scheme}://{request.get_host()}" if request is not None else ""
    return unquote(base + path)
