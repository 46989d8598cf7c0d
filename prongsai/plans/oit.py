"""The 6- and 12-month progress reports as evidence of their OIT item (feeds of disclosure/feeds.py).

The report on the plan of fiscal year Y is disclosed in the OIT of year Y: item O26 "รายงานผลการดำเนินการ
เพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in 2569, O43 "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความ
โปร่งใสภายในหน่วยงาน" in 2564–2567; the framework of 2568 has no such item.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prongsai.disclosure.feeds import Feed, FeedUnavailable, Rendered

if TYPE_CHECKING:
    from prongsai.orgs.models import Organisation

ITEM_TITLES = (
    "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",  # 2569
    "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",  # 2564–2567
)
TITLE = (
    "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน รอบ {period} เดือน ปีงบประมาณ พ.ศ. {year} ({fmt})"
)


def key(period: int) -> str:
    return f"progress-{period}m"


def renderer(period: int) -> Callable[[Organisation, int, date], list[Rendered]]:
    def render(org: Organisation, year: int, today: date) -> list[Rendered]:
        from prongsai.plans.reports import period_bounds, progress_report_data, render_report

        data = progress_report_data(org, year, period)
        if not data.get("measure_count"):
            raise FeedUnavailable(
                _("The plan of fiscal year %(year)s has no measures yet: there is nothing to report.") % {"year": year}
            )
        first, last = period_bounds(year, period)
        return [
            Rendered(
                fmt=fmt,
                content=render_report(data, fmt, thai_digits=True),
                title=TITLE.format(period=period, year=year, fmt=fmt.upper()),
                name=f"progress-{year}-{period}m.{fmt}",
                period_start=first,
                period_end=min(last, today) if first <= today else last,
            )
            for fmt in ("pdf", "docx")
        ]

    return render


def feeds() -> list[Feed]:
    from prongsai.orgs.access import ORG_ADMINS

    labels = {6: gettext_lazy("the 6-month progress report"), 12: gettext_lazy("the 12-month progress report")}
    return [
        Feed(
            key=key(period),
            label=labels[period],
            titles=ITEM_TITLES,
            render=renderer(period),
            roles=ORG_ADMINS,
            source_url_name="plans:overview",
            order=20 + period,
        )
        for period in (6, 12)
    ]
