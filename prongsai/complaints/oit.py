"""The complaint statistics as evidence of the OIT complaint-statistics item (issue 5's disclosure centre).

The item is found in the year's framework by its title (ข้อมูล(เชิง)สถิติเรื่องร้องเรียน…), never by a
hard-coded number: it is O19 in 2568 and O18 in 2569. The statistics PDF and XLSX are hosted on
the item as two documents; each later run adds a new version of each (their permanent URLs stay),
which sends the item back to draft so that it is checked, approved and published again.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import override

from prongsai.accounts.models import User
from prongsai.complaints.board import file_name, render_statistics
from prongsai.core.thai import fiscal_year_bounds
from prongsai.core.uploads import Kind, clean_upload
from prongsai.disclosure.models import OitDocument, OitItem
from prongsai.disclosure.services import (
    DocumentFields,
    document_add_file,
    document_new_version,
    document_update,
    ensure_items,
)
from prongsai.ita.framework import get_framework
from prongsai.orgs.models import Organisation

TITLE_MARK = "สถิติเรื่องร้องเรียน"
TITLES = {
    "pdf": "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ปีงบประมาณ พ.ศ. {year} (PDF)",
    "xlsx": "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ปีงบประมาณ พ.ศ. {year} (Excel)",
}


class NoStatisticsItem(LookupError):
    """The year's framework has no complaint-statistics item."""


def statistics_item(org: Organisation, year: int) -> OitItem:
    framework = get_framework(year)
    codes = [item.code for item in framework.items if TITLE_MARK in item.title_th] if framework else []
    if not codes:
        raise NoStatisticsItem(_("The ITA framework of %(year)s has no complaint-statistics item.") % {"year": year})
    ensure_items(org, year, framework)
    return OitItem.objects.get(organisation=org, fiscal_year=year, code=codes[0])


def attach_statistics(org: Organisation, year: int, *, by: User | None, today: date) -> OitItem:
    """Host this year's statistics (PDF and XLSX, as at ``today``) on the year's OIT complaint-statistics item."""
    item = statistics_item(org, year)
    framework = get_framework(year)
    spec = framework.item(item.code) if framework else None
    components = list(range(len(spec.components))) if spec and spec.components else []
    fields_start, year_end = fiscal_year_bounds(year)
    period_end = min(today, year_end)
    for fmt, kind in (("pdf", Kind.PDF), ("xlsx", Kind.XLSX)):
        with override("th"):  # the published document is in Thai whoever presses the button
            content = render_statistics(org, year, fmt, as_of=today)
        clean = clean_upload((file_name(year, fmt), content), allowed=[kind], max_bytes=20 * 1024 * 1024)
        title = TITLES[fmt].format(year=year)
        fields = DocumentFields(title, period_start=fields_start, period_end=period_end, components=components)
        document = item.documents.filter(kind=OitDocument.Kind.FILE, title=title, withdrawn_at__isnull=True).first()
        if document is None:
            document_add_file(item, fields, clean, by=by)
        else:
            document_new_version(document, clean, by=by)
            document_update(document, fields, by=by)
    item.refresh_from_db()
    return item
