"""The published complaint statistics as XLSX: one sheet per table (see :mod:`prongsai.complaints.published`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext

from prongsai.complaints import stats
from prongsai.complaints.published import StatisticsDocument
from prongsai.core.spreadsheets import workbook_bytes

__all__ = ["render_xlsx"]


def _sheet_title(text: str) -> str:
    """A valid worksheet name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in text).strip()
    return cleaned[:31] or "Sheet"


def render_xlsx(document: StatisticsDocument) -> bytes:
    """One sheet per table: the six months and the twelve months by category, then by month.

    Counts are numbers, except a suppressed count, which is the text "< 3"; medians are numbers and
    shares are percentages (number format ``0%``); a figure not shown is "–".
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    font = "Sarabun"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    total_fill = PatternFill("solid", fgColor="F2F2F2")
    texts = document.texts
    published = document.published

    def value(cell: stats.Cell) -> Any:
        return None if cell == "" else cell  # an int stays a number, "< 3" text, a month not begun empty

    def write_sheet(
        sheet: Any,
        heading: str,
        first: str,
        rows: Sequence[stats.PublishedRow],
        empty: str | None,
        notes: Sequence[str] = ("note_suppressed", "note_counting", "note_private"),
    ) -> None:
        lines = [document.title, document.year_line, document.org_line, document.as_of_line, heading]
        for index, text in enumerate(lines, start=1):
            sheet.cell(row=index, column=1, value=text).font = Font(
                name=font, bold=index != 4, size=14 if index < 3 else 12
            )
        row_number = len(lines) + 1
        if empty:
            sheet.cell(row=row_number, column=1, value=empty).font = Font(name=font, bold=True, size=12)
            row_number += 1
        row_number += 1
        headers = [first, texts["total"], texts["concluded"], texts["in_progress"]]
        for column, header in enumerate(headers, start=1):
            cell = sheet.cell(row=row_number, column=column, value=header)
            cell.font = Font(name=font, bold=True, size=12)
            cell.fill = header_fill
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for row in rows:
            row_number += 1
            values = [document.d(row.label), value(row.total), value(row.concluded), value(row.in_progress)]
            for column, item in enumerate(values, start=1):
                cell = sheet.cell(row=row_number, column=column, value=item)
                cell.font = Font(name=font, size=12, bold=row.kind == "total")
                cell.border = border
                if row.kind:
                    cell.fill = total_fill
                if column > 1:
                    cell.alignment = Alignment(horizontal="right")
        row_number += 2
        for note in (texts[key] for key in notes):
            sheet.cell(row=row_number, column=1, value=note).font = Font(name=font, size=11, italic=True)
            row_number += 1
        sheet.column_dimensions["A"].width = 44
        for column in range(2, 5):
            sheet.column_dimensions[get_column_letter(column)].width = 20
        sheet.sheet_view.showGridLines = True

    workbook = Workbook()
    half_sheet = workbook.active
    half_sheet.title = _sheet_title(gettext("First six months"))
    write_sheet(
        half_sheet,
        document.half_heading,
        texts["category"],
        published.half_by_category,
        document.no_complaints_half if not published.has_half_cases else None,
    )
    year_sheet = workbook.create_sheet(_sheet_title(gettext("Twelve months")))
    write_sheet(
        year_sheet,
        document.year_heading,
        texts["category"],
        published.year_by_category,
        document.no_complaints_year if not published.has_cases else None,
    )
    month_rows: list[stats.PublishedRow] = []
    for index, row in enumerate(published.months):
        month_rows.append(row)
        if index % 3 == 2:
            month_rows.append(published.quarters[index // 3])
    month_rows += [published.half_row, published.year_row]
    month_sheet = workbook.create_sheet(_sheet_title(gettext("By month")))
    write_sheet(
        month_sheet,
        document.months_heading,
        texts["month"],
        month_rows,
        document.no_complaints_year if not published.has_cases else None,
        ("note_suppressed", "note_counting", "note_not_begun", "note_private")
        if not all(row.has_begun for row in published.months)
        else ("note_suppressed", "note_counting", "note_private"),
    )
    # The time to conclusion, under the months: medians as numbers, shares as percentages.
    start = month_sheet.max_row + 2
    month_sheet.cell(row=start, column=1, value=document.figures_heading).font = Font(name=font, bold=True, size=12)
    for column, header in enumerate([texts["period"], texts["median"], texts["within"]], start=1):
        cell = month_sheet.cell(row=start + 1, column=column, value=header)
        cell.font = Font(name=font, bold=True, size=12)
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, row in enumerate((published.half_row, published.year_row), start=2):
        values: list[Any] = [
            document.d(row.label),
            row.median_days if row.median_days is not None else stats.DASH,
            row.share_within if row.share_within is not None else stats.DASH,
        ]
        for column, item in enumerate(values, start=1):
            cell = month_sheet.cell(row=start + offset, column=column, value=item)
            cell.font = Font(name=font, size=12)
            cell.border = border
            if column > 1:
                cell.alignment = Alignment(horizontal="right")
            if column == 3 and isinstance(item, float):
                cell.number_format = "0%"
    month_sheet.cell(row=start + 5, column=1, value=texts["note_dash"]).font = Font(name=font, size=11, italic=True)
    month_sheet.cell(row=start + 6, column=1, value=texts["note_days"]).font = Font(name=font, size=11, italic=True)

    properties = workbook.properties
    properties.title = f"{document.title} {document.year_line}"
    properties.subject = document.org_line
    properties.creator = document.org.name
    properties.language = "th-TH" if document.language == "th" else "en"
    return workbook_bytes(workbook)  # text cells stay text: an organisation name is never a formula
