"""Number filters for the Thai text templates of the ITA analysis (digits are converted later, all at once)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def score(value: float | None) -> str:
    return "–" if value is None else f"{float(value):.2f}"


@register.filter
def absscore(value: float | None) -> str:
    return "–" if value is None else f"{abs(float(value)):.2f}"


@register.filter
def score0(value: float | None) -> str:
    """A whole number without decimals when it has none (the pass line: 85)."""
    if value is None:
        return "–"
    number = float(value)
    return f"{number:.0f}" if number.is_integer() else f"{number:.2f}"
