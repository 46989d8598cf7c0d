"""The ITA analysis report as evidence of its OIT item (a feed of disclosure/feeds.py).

The analysis of the results of fiscal year Y, with the plan it leads to, is disclosed in the OIT of
year Y + 1: item O25 "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" in 2569, O42 "มาตรการส่งเสริมคุณธรรมและ
ความโปร่งใสภายในหน่วยงาน" in 2564–2567; the framework of 2568 has no such item.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prongsai.core.thai import fiscal_year_bounds
from prongsai.disclosure.feeds import Feed, FeedUnavailable, Rendered

if TYPE_CHECKING:
    from prongsai.orgs.models import Organisation

KEY = "ita-analysis"
ITEM_TITLES = (
    "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร",  # 2569
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",  # 2564–2567
)
TITLE = "การวิเคราะห์ผลการประเมิน ITA ปีงบประมาณ พ.ศ. {year} เพื่อนำไปสู่การพัฒนาองค์กร ({fmt})"


def render(org: Organisation, year: int, today: date) -> list[Rendered]:
    """The report on the results of ``year`` as DOCX and PDF (Thai digits, as published)."""
    from prongsai.ita.documents import render_report
    from prongsai.ita.selectors import report_data

    data = report_data(org, year, thai_digits=True)
    if data is None:
        raise FeedUnavailable(_("There are no ITA results of fiscal year %(year)s to analyse yet.") % {"year": year})
    first, last = fiscal_year_bounds(year + 1)  # the year of the measures the report sets
    return [
        Rendered(
            fmt=fmt,
            content=render_report(data, fmt, thai_digits=True),
            title=TITLE.format(year=year, fmt=fmt.upper()),
            name=f"ita-analysis-{year}.{fmt}",
            period_start=first,
            period_end=last,
        )
        for fmt in ("pdf", "docx")
    ]


def feed() -> Feed:
    from prongsai.orgs.access import ORG_ADMINS

    return Feed(
        key=KEY,
        label=gettext_lazy("the ITA analysis report"),
        titles=ITEM_TITLES,
        render=render,
        roles=ORG_ADMINS,
        year_offset=1,
        source_url_name="ita:year",
        order=10,
    )
