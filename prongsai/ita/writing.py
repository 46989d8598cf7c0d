"""The Thai analysis of each indicator, written from the numbers with the templates in templates/ita/text/."""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string

from prongsai.core.thai import to_arabic_digits, to_thai_digits
from prongsai.ita.analysis import Analysis
from prongsai.ita.framework import Framework

CRITICAL_BELOW = 70.0  # below this a score is "ต่ำกว่าเกณฑ์ในระดับวิกฤต"


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def digits(text: str, *, thai_digits: bool) -> str:
    return to_thai_digits(text) if thai_digits else to_arabic_digits(text)


def indicator_text(
    analysis: Analysis,
    number: int,
    *,
    framework: Framework,
    plan_framework: Framework | None = None,
    comments: dict[str, str] | None = None,
) -> str:
    """The generated analysis paragraph of one indicator (Arabic digits; convert with `digits`)."""
    indicator = analysis.indicators[number - 1]
    current = analysis.current
    related_fw = plan_framework or framework
    related = related_fw.related_items(number)[:3]  # the full list is printed under the text
    failed = []
    for gain in analysis.item_gains:
        item = framework.item(gain["item"])
        if item is None:
            continue
        if number in item.related_indicators or number == framework.indicator_of_item(item):
            failed.append({**gain, "comment": (comments or {}).get(gain["item"], "")})
    present = [v for v in current.indicators.values() if v is not None]
    context: dict[str, Any] = {
        "fy": analysis.fiscal_year,
        "prev_fy": analysis.fiscal_year - 1,
        "overall": current.overall,
        "overall_source": current.overall_source,
        "pass_line": framework.pass_line,
        "critical": CRITICAL_BELOW,
        "own_mean": sum(present) / len(present) if present else None,
        "i": indicator,
        "trend_years": len(indicator["history"]),
        "failed_items": failed,
        "failed_gain": sum(g["overall_gain"] or 0 for g in failed),
        "related_items": related,
        "related_fy": related_fw.fiscal_year,
    }
    return _tidy(render_to_string("ita/text/indicator_analysis.txt", context))
