"""The public complaint board and the published statistics for the OIT complaint-statistics item.

- :func:`public_board` (``/<slug>/complaints/board/``): counts by month or quarter, by category and
  state, the median days to a conclusion and the share concluded within the clock, for one fiscal
  year. No text, no names, no case numbers and no date finer than a month; counts of 1 and 2 shown as
  "< 3" (see :mod:`prongsai.complaints.stats` for every counting rule).
- :func:`statistics_file` (``/<slug>/complaints/statistics-2569.pdf`` / ``.xlsx``): the same figures as
  the document for the OIT item "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ": the first six
  months (October – March) and the twelve months by category, then month by month with the quarters,
  stating "ไม่มีเรื่องร้องเรียน" where there were none. Also written by ``prongsai complaint-stats``.

Both pages live under ``/<slug>/complaints/``, where ``AnonymousReportingMiddleware`` strips who is
asking: they use no session, no messages and no CSRF token (the year selector is a GET form).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language, gettext, pgettext
from django.views.decorators.http import require_GET

from prongsai.complaints import stats
from prongsai.complaints.models import DEFAULT_CLOCK_DAYS, Category, Policy
from prongsai.core.documents import digits, html_to_pdf
from prongsai.core.publiccache import cached_public_page
from prongsai.core.spreadsheets import workbook_bytes
from prongsai.core.thai import fiscal_year, local_today, parse_be_year
from prongsai.core.uploads import safe_download_response
from prongsai.core.views import public
from prongsai.orgs.models import Organisation

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "Line",
    "StatisticsDocument",
    "build_document",
    "file_name",
    "public_board",
    "render_pdf",
    "render_statistics",
    "render_xlsx",
    "statistics_file",
]

FORMATS = ("pdf", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PDF_TEMPLATE = "complaints/report/statistics.html"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "complaints" / "report"
FIRST_YEAR = 2400  # the Buddhist-era years parse_be_year accepts


def file_name(year: int, fmt: str) -> str:
    """``complaint-statistics-2569.pdf``."""
    return f"complaint-statistics-{year}.{fmt}"


# --- printing figures ---------------------------------------------------------------------------


def _count(cell: stats.Cell, thai_digits: bool) -> str:
    return digits(str(cell), thai_digits=thai_digits)


def _median(value: float | None, thai_digits: bool) -> str:
    if value is None:
        return stats.DASH
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return digits(text, thai_digits=thai_digits)


def _share(value: float | None, thai_digits: bool) -> str:
    if value is None:
        return stats.DASH
    return digits(gettext("%(percent)s%%") % {"percent": round(value * 100)}, thai_digits=thai_digits)


@dataclass(frozen=True)
class Line:
    """A row ready to print: its label and its cells as text, in the document's digits."""

    label: str
    cells: list[str]
    kind: str = ""


def _counts_line(row: stats.PublishedRow, thai_digits: bool) -> Line:
    cells = [_count(cell, thai_digits) for cell in (row.total, row.concluded, row.in_progress)]
    return Line(digits(row.label, thai_digits=thai_digits), cells, row.kind)


def _full_line(row: stats.PublishedRow, thai_digits: bool) -> Line:
    line = _counts_line(row, thai_digits)
    if not row.has_begun:
        return Line(line.label, [*line.cells, "", ""], line.kind)
    extra = [_median(row.median_days, thai_digits), _share(row.share_within, thai_digits)]
    return Line(line.label, line.cells + extra, line.kind)


def _clock_days(org: Organisation) -> int | None:
    """The clock of every category when they are all the same (15 by default), else None."""
    policy = Policy.objects.filter(organisation=org).first()
    if policy is None:
        return DEFAULT_CLOCK_DAYS
    days = {policy.clock_days(category) for category in Category.values}
    return days.pop() if len(days) == 1 else None


def _texts(clock_days: int | None) -> dict[str, str]:
    """The labels and notes shared by the board and the documents, in the active language."""
    within = (
        gettext("Concluded within the %(days)s-day clock") % {"days": clock_days}
        if clock_days is not None
        else gettext("Concluded within the category's clock")
    )
    return {
        "page": gettext("Page") + " ",
        "category": gettext("Category"),
        "month": gettext("Month"),
        "quarter": gettext("Quarter"),
        "period": gettext("Period"),
        "total": pgettext("complaint statistics", "All complaints"),
        "concluded": pgettext("complaint statistics", "Concluded"),
        "in_progress": pgettext("complaint statistics", "In progress"),
        "median": gettext("Median days to conclusion"),
        "within": within,
        "note_suppressed": gettext(
            "“< 3” stands for 1 or 2 complaints: so few that they could point to the person who reported or "
            "to the person reported. 0 means there were none."
        ),
        "note_dash": gettext(
            "“–”: not shown, because it would be computed from fewer than 3 complaints and so describe "
            "individual cases."
        ),
        "note_not_begun": gettext("Months that have not begun yet are left blank."),
        "note_counting": gettext(
            "Complaints are counted in the month they were received. “Concluded” includes closed cases; "
            "“in progress” means received, acknowledged or under fact-finding."
        ),
        "note_days": gettext(
            "Days to conclusion are the days from the day a complaint was received to the day its "
            "fact-finding was concluded. The share within the clock is taken over the concluded complaints "
            "and the open ones already past their due day."
        ),
        "note_private": gettext(
            "These statistics contain no text of any complaint, no names and no dates finer than a month."
        ),
    }


# --- the published document (PDF and XLSX) --------------------------------------------------------


@dataclass(frozen=True)
class StatisticsDocument:
    """The document of the OIT complaint-statistics item: figures suppressed, every text in the active language."""

    org: Organisation
    published: stats.Published
    thai_digits: bool
    language: str
    title: str
    year_line: str
    org_line: str
    as_of_line: str
    half_heading: str
    year_heading: str
    months_heading: str
    figures_heading: str
    notes_heading: str
    no_complaints_year: str
    no_complaints_half: str
    texts: dict[str, str]

    def d(self, text: str) -> str:
        return digits(text, thai_digits=self.thai_digits)

    @property
    def half_lines(self) -> list[Line]:
        return [_counts_line(row, self.thai_digits) for row in self.published.half_by_category]

    @property
    def year_lines(self) -> list[Line]:
        return [_counts_line(row, self.thai_digits) for row in self.published.year_by_category]

    @property
    def month_lines(self) -> list[Line]:
        """The months with each quarter after its three months, then the six months and the year."""
        lines = []
        for index, row in enumerate(self.published.months):
            lines.append(_counts_line(row, self.thai_digits))
            if index % 3 == 2:
                lines.append(_counts_line(self.published.quarters[index // 3], self.thai_digits))
        lines.append(_counts_line(self.published.half_row, self.thai_digits))
        lines.append(_counts_line(self.published.year_row, self.thai_digits))
        return lines

    @property
    def figure_lines(self) -> list[Line]:
        return [
            Line(
                self.d(row.label),
                [_median(row.median_days, self.thai_digits), _share(row.share_within, self.thai_digits)],
            )
            for row in (self.published.half_row, self.published.year_row)
        ]

    @property
    def section_numbers(self) -> list[str]:
        return [self.d(f"{number}.") for number in range(1, 5)]

    @property
    def notes(self) -> list[str]:
        keys = ["note_suppressed", "note_dash", "note_counting", "note_days", "note_private"]
        if not all(row.has_begun for row in self.published.months):
            keys.insert(2, "note_not_begun")
        return [self.texts[key] for key in keys]


def build_document(
    org: Organisation, year: int, *, thai_digits: bool = True, as_of: date | None = None
) -> StatisticsDocument:
    """Read ``org``'s cases of fiscal year ``year`` (as they stand on ``as_of``, default today) into the document."""
    day = as_of or local_today()
    published = stats.publish(stats.load_cases(org, year, day), year, day)
    texts = _texts(_clock_days(org))
    d = lambda text: digits(text, thai_digits=thai_digits)  # noqa: E731
    location = org.location()
    half, whole = published.period_labels["half"], published.period_labels["year"]
    return StatisticsDocument(
        org=org,
        published=published,
        thai_digits=thai_digits,
        language=(get_language() or "th").split("-")[0],
        title=gettext("Statistics of complaints of corruption and misconduct"),
        year_line=d(gettext("Fiscal year B.E. %(year)s") % {"year": year}),
        org_line=f"{org.name} {location}".strip(),
        as_of_line=d(gettext("Figures as of %(month)s") % {"month": stats.month_label(day.replace(day=1))}),
        half_heading=d(gettext("First six months (%(period)s)") % {"period": half}),
        year_heading=d(gettext("Twelve months (%(period)s)") % {"period": whole}),
        months_heading=gettext("By month and quarter"),
        figures_heading=gettext("Time to conclusion"),
        notes_heading=gettext("Notes"),
        no_complaints_year=d(gettext("No complaints in fiscal year %(year)s") % {"year": year}),
        no_complaints_half=d(gettext("No complaints in the first six months (%(period)s)") % {"period": half}),
        texts={key: d(value) for key, value in texts.items()},
    )


def render_pdf(document: StatisticsDocument) -> bytes:
    """A4 portrait, Sarabun, the title block and the tables of the OIT item (see the template)."""
    html = render_to_string(PDF_TEMPLATE, {"r": document})
    return html_to_pdf(html, base_url=TEMPLATE_DIR)


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


def render_statistics(
    org: Organisation, year: int, fmt: str, *, thai_digits: bool = True, as_of: date | None = None
) -> bytes:
    """The statistics of ``org`` for fiscal year ``year`` as ``pdf`` or ``xlsx`` bytes, in the active language.

    ``thai_digits`` is for the PDF; the XLSX always has Arabic digits, like the numbers in its cells.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown statistics format {fmt!r}")
    if fmt == "xlsx":  # its counts are numbers, which spreadsheets show in Arabic digits: the text follows
        return render_xlsx(build_document(org, year, thai_digits=False, as_of=as_of))
    return render_pdf(build_document(org, year, thai_digits=thai_digits, as_of=as_of))


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
    periods = [_full_line(row, False) for row in [*rows, published.half_row, published.year_row]]
    categories = [_full_line(row, False) for row in published.year_by_category]
    context = {
        "org": org,
        "year": year,
        "years": years,
        "by": by,
        "published": published,
        "summary": _full_line(published.year_row, False),
        "periods": periods,
        "categories": categories,
        "category_states": published.category_states,
        "state_labels": published.state_labels,
        "any_dash": any(stats.DASH in line.cells for line in [*periods, *categories]),
        "any_not_begun": not all(row.has_begun for row in published.months),
        "as_of": stats.month_label(today.replace(day=1)),
        "text": _texts(_clock_days(org)),
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
