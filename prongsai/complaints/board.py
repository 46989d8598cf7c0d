"""The public complaint board and the published statistics for the OIT complaint-statistics item.

- :func:`public_board` (``/<slug>/complaints/board/``): counts by month or quarter, by category and
  state, the median days to a conclusion and the share concluded within the clock, for one fiscal
  year. No text, no names, no case numbers and no date finer than a month; counts of 1 and 2 shown as
  "< 3" (see :mod:`prongsai.complaints.stats` for every counting rule).
- :func:`statistics_file` (``/<slug>/complaints/statistics-2569.pdf`` / ``.xlsx``): the same figures as
  the document of the OIT item (:mod:`prongsai.complaints.published`).

Both pages live under ``/<slug>/complaints/``, where ``AnonymousReportingMiddleware`` strips who is
asking: they use no session, no messages and no CSRF token (the year selector is a GET form).
"""

from __future__ import annotations

from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from prongsai.complaints import stats
from prongsai.complaints.published import (
    CONTENT_TYPES,
    FORMATS,
    board_texts,
    clock_days,
    file_name,
    full_line,
    render_statistics,
)
from prongsai.core.publiccache import cached_public_page
from prongsai.core.thai import fiscal_year, local_today, parse_be_year
from prongsai.core.uploads import safe_download_response
from prongsai.core.views import public
from prongsai.orgs.models import Organisation

__all__ = ["FORMATS", "file_name", "public_board", "render_statistics", "statistics_file"]

FIRST_YEAR = 2400  # the Buddhist-era years parse_be_year accepts


# --- the views ----------------------------------------------------------------------------------


def _published_year(value: str | int, current: int) -> int:
    """A fiscal year that can have statistics: a BE (or CE) year up to the current one; else 404."""
    try:
        year = parse_be_year(value)
    except ValueError as exc:
        raise Http404 from exc
    if not FIRST_YEAR <= year <= current:
        raise Http404
    return year


@public
@require_GET
@cached_public_page(daily=True, params=("year", "by"))
def public_board(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The board of one fiscal year (``?year=``, default the current one) by month or quarter (``?by=``)."""
    org = get_object_or_404(Organisation, slug=org_slug)
    today = local_today()
    current = fiscal_year(today)
    year = _published_year(request.GET.get("year") or current, current)
    by = "quarter" if request.GET.get("by") == "quarter" else "month"
    years = stats.offered_years(org, current)
    if year not in years:
        years = sorted([*years, year], reverse=True)
    published = stats.publish(stats.load_cases(org, year, today), year, today)
    rows = [replace(row, kind="") for row in published.quarters] if by == "quarter" else published.months
    periods = [full_line(row, False) for row in [*rows, published.half_row, published.year_row]]
    categories = [full_line(row, False) for row in published.year_by_category]
    context = {
        "org": org,
        "year": year,
        "years": years,
        "by": by,
        "published": published,
        "summary": full_line(published.year_row, False),
        "periods": periods,
        "categories": categories,
        "category_states": published.category_states,
        "state_labels": published.state_labels,
        "any_dash": any(stats.DASH in line.cells for line in [*periods, *categories]),
        "any_not_begun": not all(row.has_begun for row in published.months),
        "as_of": stats.month_label(today.replace(day=1)),
        "text": board_texts(clock_days(org)),
        "year_period": published.period_labels["year"],
    }
    return render(request, "complaints/board.html", context)


@public
@require_GET
def statistics_file(request: HttpRequest, org_slug: str, year: int, ext: str) -> HttpResponse:
    """The OIT item's statistics as a PDF or XLSX attachment (``?digits=arabic`` for Arabic digits in the PDF)."""
    if ext not in FORMATS:
        raise Http404
    org = get_object_or_404(Organisation, slug=org_slug)
    if not FIRST_YEAR <= year <= fiscal_year(local_today()):  # a Buddhist-era year that has begun
        raise Http404
    thai_digits = request.GET.get("digits") != "arabic"
    content = render_statistics(org, year, ext, thai_digits=thai_digits)
    return safe_download_response(content, filename=file_name(year, ext), content_type=CONTENT_TYPES[ext])
