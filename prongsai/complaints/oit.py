"""The complaint statistics as evidence of the OIT complaint-statistics item (a feed of disclosure/feeds.py).

The item is found in the year's framework by its title (ข้อมูล(เชิง)สถิติเรื่องร้องเรียน…): it is O19 in
2568 and O18 in 2569. The statistics PDF and XLSX are two documents of the item; each later run adds a
new version of each (their permanent addresses stay), which sends the item back to draft.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from prongsai.complaints.board import file_name, render_statistics
from prongsai.core.thai import fiscal_year_bounds
from prongsai.disclosure.feeds import Feed, Rendered, feed_attach

if TYPE_CHECKING:
    from prongsai.accounts.models import User
    from prongsai.disclosure.models import OitItem
    from prongsai.orgs.models import Organisation

KEY = "complaint-statistics"
# The item's title in the frameworks of 2564–2569.
ITEM_TITLES = (
    "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบประจำปี",
    "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    "ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
)
TITLES = {
    "pdf": "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ปีงบประมาณ พ.ศ. {year} (PDF)",
    "xlsx": "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ปีงบประมาณ พ.ศ. {year} (Excel)",
}


def render(org: Organisation, year: int, today: date) -> list[Rendered]:
    """This year's statistics as at ``today``, as PDF and XLSX."""
    first, last = fiscal_year_bounds(year)
    return [
        Rendered(
            fmt=fmt,
            content=render_statistics(org, year, fmt, as_of=today),
            title=TITLES[fmt].format(year=year),
            name=file_name(year, fmt),
            period_start=first,
            period_end=min(today, last),
        )
        for fmt in ("pdf", "xlsx")
    ]


def feed() -> Feed:
    from prongsai.orgs.access import ORG_ADMINS
    from prongsai.orgs.models import Role

    return Feed(
        key=KEY,
        label=gettext_lazy("the complaint statistics"),
        titles=ITEM_TITLES,
        render=render,
        roles=frozenset(ORG_ADMINS | {Role.ETHICS_COMMITTEE}),
        order=30,
    )


def attach_statistics(org: Organisation, year: int, *, by: User | None, today: date) -> OitItem:
    """Host this year's statistics (PDF and XLSX, as at ``today``) on the year's OIT complaint-statistics item."""
    return feed_attach(org=org, year=year, feed=KEY, by=by, today=today).item
