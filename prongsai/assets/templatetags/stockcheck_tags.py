"""Filters of the stock-check pages."""

from __future__ import annotations

from typing import Any

from django import template

from prongsai.assets.stockcheck.wording import STATE_LABELS

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))
