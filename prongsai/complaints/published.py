"""The published complaint statistics: the document of the OIT complaint-statistics item, PDF and XLSX.

"ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ": the first six months (October – March) and the
twelve months by category, then month by month with the quarters, and the time to a conclusion,
stating "ไม่มีเรื่องร้องเรียน" where there were none (every counting rule in :mod:`prongsai.complaints.stats`).
:func:`build_document` reads the cases into a :class:`StatisticsDocument` of printable lines; the PDF is
laid out from the blocks of :mod:`prongsai.core.doc` (:func:`pdf_blocks`), the XLSX by
``complaints/xlsx.py``. Also written by ``prongsai complaint-stats`` and shown on the public board.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import get_language, gettext, pgettext

from prongsai.complaints import stats
from prongsai.complaints.models import DEFAULT_CLOCK_DAYS, Category, Policy
from prongsai.core import doc
from prongsai.core.documents import digits
from prongsai.core.thai import local_today
from prongsai.orgs.models import Organisation

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "Line",
    "StatisticsDocument",
    "board_texts",
    "build_document",
    "clock_days",
    "file_name",
    "full_line",
    "pdf_blocks",
    "render_pdf",
    "render_statistics",
]

FORMATS = ("pdf", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Widths (cm) on the 16.5 cm of the portrait page.
COUNT_WIDTHS = (7.2, 3.1, 3.1, 3.1)
FIGURE_WIDTHS = (7.2, 4.65, 4.65)


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


def full_line(row: stats.PublishedRow, thai_digits: bool) -> Line:
    line = _counts_line(row, thai_digits)
    if not row.has_begun:
        return Line(line.label, [*line.cells, "", ""], line.kind)
    extra = [_median(row.median_days, thai_digits), _share(row.share_within, thai_digits)]
    return Line(line.label, line.cells + extra, line.kind)


def clock_days(org: Organisation) -> int | None:
    """The clock of every category when they are all the same (15 by default), else None."""
    policy = Policy.objects.filter(organisation=org).first()
    if policy is None:
        return DEFAULT_CLOCK_DAYS
    days = {policy.clock_days(category) for category in Category.values}
    return days.pop() if len(days) == 1 else None


def board_texts(clock_days: int | None) -> dict[str, str]:
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
    texts = board_texts(clock_days(org))
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


def _figures_table(first: str, lines: list[Line], headers: list[str], widths: tuple[float, ...]) -> doc.Table:
    rows = [
        doc.Row(
            [line.label, *(doc.Cell([cell], align="center") for cell in line.cells)],
            shade=doc.FILL_TOTAL if line.kind else None,
            bold=line.kind == "total",
        )
        for line in lines
    ]
    return doc.Table(widths, rows, header=[doc.Row([first, *headers])], dense=True)


def pdf_blocks(document: StatisticsDocument) -> doc.Document:
    """The statistics as document blocks: A4 portrait, the title block, four numbered tables and the notes."""
    labels = document.texts
    counts = [labels["total"], labels["concluded"], labels["in_progress"]]
    numbers = document.section_numbers
    blocks: list[doc.Block] = [
        doc.Title(
            [document.title, document.year_line, document.org_line], notes=[document.as_of_line], notes_size_pt=14
        )
    ]
    if not document.published.has_cases:
        blocks.append(doc.NoteBox([document.no_complaints_year], style="plain"))
    blocks += [
        doc.Heading(f"{numbers[0]} {document.half_heading}"),
        _figures_table(labels["category"], document.half_lines, counts, COUNT_WIDTHS),
    ]
    if not document.published.has_half_cases:
        blocks.append(doc.Paragraph(document.no_complaints_half, bold=True, space_before_pt=3))
    blocks += [
        doc.Heading(f"{numbers[1]} {document.year_heading}"),
        _figures_table(labels["category"], document.year_lines, counts, COUNT_WIDTHS),
        doc.Heading(f"{numbers[2]} {document.months_heading}"),
        _figures_table(labels["month"], document.month_lines, counts, COUNT_WIDTHS),
        doc.Heading(f"{numbers[3]} {document.figures_heading}"),
        _figures_table(labels["period"], document.figure_lines, [labels["median"], labels["within"]], FIGURE_WIDTHS),
        doc.Heading(document.notes_heading),
        doc.BulletList(document.notes, size_pt=14, indent_cm=0.0),
    ]
    return doc.Document(
        blocks,
        title=f"{document.title} {document.year_line}",
        author=document.org_line,
        keywords="ITA, OIT",
        language=document.language,
        thai_digits=document.thai_digits,
        page_label=labels["page"],
    )


def render_pdf(document: StatisticsDocument) -> bytes:
    """A4 portrait, Sarabun, the title block and the tables of the OIT item."""
    return doc.render(pdf_blocks(document), "pdf")


def render_statistics(
    org: Organisation, year: int, fmt: str, *, thai_digits: bool = True, as_of: date | None = None
) -> bytes:
    """The statistics of ``org`` for fiscal year ``year`` as ``pdf`` or ``xlsx`` bytes, in the active language.

    ``thai_digits`` is for the PDF; the XLSX always has Arabic digits, like the numbers in its cells.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown statistics format {fmt!r}")
    if fmt == "xlsx":  # its counts are numbers, which spreadsheets show in Arabic digits: the text follows
        from prongsai.complaints.xlsx import render_xlsx

        return render_xlsx(build_document(org, year, thai_digits=False, as_of=as_of))
    return render_pdf(build_document(org, year, thai_digits=thai_digits, as_of=as_of))
