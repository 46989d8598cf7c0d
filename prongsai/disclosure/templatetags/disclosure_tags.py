from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def defect_label(category: str) -> str:
    """The reader's words for a defect category ("http_error" → "ลิงก์เสีย")."""
    from prongsai.disclosure.reports import DEFECT_LABELS

    label = DEFECT_LABELS.get(category)
    return str(label) if label is not None else category
