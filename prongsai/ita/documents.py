"""The ITA analysis report as DOCX and PDF: "การวิเคราะห์ผลการประเมิน ITA ปีงบประมาณ พ.ศ. ... เพื่อนำไปสู่การพัฒนาองค์กร".

Both renderers are pure functions of the *report data* dict (see ``tests/fixtures/report_sample.json``
for the contract): no ORM, no settings. The dict is first read into a :class:`ReportView` of
ready-to-print Thai strings (every number in the chosen digits, ``"–"`` for missing values), which
the DOCX builder and the HTML template (``ita/report_pdf.html``, laid out by WeasyPrint) both print,
so the two formats say the same thing.

Public API: :func:`render_docx`, :func:`render_pdf`, :func:`render_pdf_html`, :func:`render_pdf_document`,
:func:`build_view`, :func:`indicator_chart_png`, :func:`summary_chart_png`.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory, offset_copy

from prongsai.core.documents import (
    DASH,
    add_page_number_footer,
    add_section,
    clean_text,
    data_uri,
    digits,
    merge_vertically,
    number,
    register_matplotlib_fonts,
    render_html,
    set_cell_margins,
    set_cell_shading,
    set_cell_vertical_alignment,
    set_page_number_format,
    set_repeat_table_header,
    set_row_cant_split,
    set_run_font,
    set_table_borders,
    set_table_widths,
    setup_docx,
)
from prongsai.core.documents import add_paragraph as _paragraph
from prongsai.core.documents import as_int as _int
from prongsai.core.documents import as_list as _list
from prongsai.core.documents import as_mapping as _mapping
from prongsai.core.documents import fill_cell as _cell_text
from prongsai.core.fonts import embed_docx_fonts
from prongsai.core.thai import fiscal_year_range_text, format_date_short, parse_be_year

__all__ = [
    "ReportView",
    "build_view",
    "clear_chart_cache",
    "indicator_chart_png",
    "render_docx",
    "render_pdf",
    "render_pdf_document",
    "render_pdf_html",
    "summary_chart_png",
]

TEMPLATE_NAME = "ita/report_pdf.html"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "ita"

DEFAULT_PASS_LINE = 85.0
CHART_DPI = 110  # crisp at 8 cm wide on A4; drawing time grows with the pixel count
CHART_CACHE_SIZE = 256

TOOL_NAMES = {
    "IIT": "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน",
    "EIT": "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
    "OIT": "การเปิดเผยข้อมูลสาธารณะ",
}
TREND_WORDS = {"improving": "เพิ่มขึ้น", "declining": "ลดลง", "stable": "ใกล้เคียงเดิม"}
ANALYSIS_LEAD = "ผลการวิเคราะห์ตัวชี้วัดที่สอดคล้อง:"
O25_MARK = "(มาตรการเชิงป้องกันตามข้อ O25)"
PLAN_HEADERS = (
    "ตัวชี้วัดที่",
    "มาตรการ/โครงการ/กิจกรรม",
    "ผลการวิเคราะห์ตัวชี้วัดตามหลักเกณฑ์การประเมิน ITA",
    "ขั้นตอน/วิธีการปฏิบัติ",
    "ระยะเวลาดำเนินการ",
    "หน่วยงานผู้รับผิดชอบ",
)
SUMMARY_HEADERS = ("ตัวชี้วัดที่", "รายละเอียดตัวชี้วัด", "คะแนน")
TOOL_HEADERS = ("เครื่องมือการประเมิน", "น้ำหนัก", "คะแนน")

# Colours of the charts and the DOCX (the template's CSS uses the same fills).
COLOUR_GOOD = "#2f6ea5"
COLOUR_BELOW = "#e07b24"
COLOUR_LINE = "#b22222"
FILL_HEADER = "D9D9D9"
FILL_BELOW = "FCE4D0"
FILL_NOTICE = "FFF4E0"


# --- the view: everything printed, as Thai strings ------------------------------


@dataclass(frozen=True)
class ChartView:
    png: bytes
    alt: str

    @property
    def data_uri(self) -> str:
        return data_uri(self.png, "image/png")


@dataclass(frozen=True)
class IndicatorRow:
    number: str
    name: str
    score: str
    below_pass: bool


@dataclass(frozen=True)
class ToolRow:
    code: str
    name: str
    weight: str
    score: str


@dataclass(frozen=True)
class ScoreLine:
    label: str
    value: str


@dataclass(frozen=True)
class AnalysisView:
    heading: str
    score_line: str
    text: str
    related: str


@dataclass(frozen=True)
class PlanItemView:
    title: str
    activity: str
    o25_mark: str
    analysis: str
    steps: list[str]
    time_frame: str
    units: list[str]
    keep_together: bool = True


@dataclass(frozen=True)
class PlanGroupView:
    number: str
    items: list[PlanItemView]


@dataclass
class ReportView:
    """The report as printed: Thai strings with digits already in the document's style."""

    thai_digits: bool
    title_lines: list[str]
    org_line: str
    pass_line: str
    indicator_charts: list[ChartView] = field(default_factory=list)
    summary_chart: ChartView | None = None
    summary_caption: str = ""
    indicator_rows: list[IndicatorRow] = field(default_factory=list)
    tool_rows: list[ToolRow] = field(default_factory=list)
    score_lines: list[ScoreLine] = field(default_factory=list)
    below_note: str = ""
    warnings: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    analyses: list[AnalysisView] = field(default_factory=list)
    plan_caption: str = ""
    plan_groups: list[PlanGroupView] = field(default_factory=list)
    plan_empty: str = "ยังไม่มีรายการในแผน"

    @property
    def chart_rows(self) -> list[list[ChartView]]:
        """The indicator charts two by two."""
        return [self.indicator_charts[i : i + 2] for i in range(0, len(self.indicator_charts), 2)]


def _float(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if result == result and abs(result) != float("inf") else None  # NaN, inf


def _year(value: Any) -> int | None:
    try:
        return parse_be_year(value)
    except (TypeError, ValueError):
        return None


def _pass_line_text(value: float | None, thai_digits: bool) -> str:
    """A threshold or weight: ``"๘๕"`` when whole, else two decimals."""
    if value is None:
        return DASH
    return number(value, digits=0 if float(value).is_integer() else 2, thai_digits=thai_digits)


def _history(report: Mapping[str, Any], indicator: Mapping[str, Any]) -> dict[int, float | None]:
    """Score of one indicator per fiscal year: the report's years, overlaid by the indicator's history."""
    key = str(_int(indicator.get("number")))
    scores: dict[int, float | None] = {}
    for year_data in _list(report.get("years")):
        year = _year(_mapping(year_data).get("fiscal_year"))
        if year is not None:
            scores[year] = _float(_mapping(_mapping(year_data).get("indicators")).get(key))
    for year_key, score in _mapping(indicator.get("history")).items():
        year = _year(year_key)
        if year is not None and (score is not None or year not in scores):
            scores[year] = _float(score)
    return dict(sorted(scores.items()))


def _report_year(report: Mapping[str, Any]) -> Mapping[str, Any]:
    fiscal_year = _year(report.get("fiscal_year"))
    years = [_mapping(y) for y in _list(report.get("years"))]
    for year_data in years:
        if _year(year_data.get("fiscal_year")) == fiscal_year:
            return year_data
    return {}


def _indicators(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    indicators = [_mapping(item) for item in _list(report.get("indicators"))]
    return sorted(indicators, key=lambda item: (_int(item.get("number")) is None, _int(item.get("number")) or 0))


def _score_line(
    indicator: Mapping[str, Any], history: Mapping[int, float | None], fiscal_year: int | None, thai_digits: bool
) -> str:
    """``"คะแนน ๙๐.๑๐ ลดลง ๐.๙๔ จากปี ๒๕๖๗ (๙๑.๐๔)"``: the score against the previous year's."""

    def fmt(value: Any) -> str:
        return number(value, thai_digits=thai_digits)

    score = _float(indicator.get("score"))
    line = f"คะแนน {fmt(score)}"
    previous = _float(indicator.get("previous"))
    if previous is None:
        return line + " (ไม่มีคะแนนปีก่อนหน้าให้เปรียบเทียบ)"
    earlier = [year for year, value in history.items() if fiscal_year and year < fiscal_year and value is not None]
    previous_label = f"ปี {digits(str(max(earlier)), thai_digits=thai_digits)}" if earlier else "ปีก่อนหน้า"
    delta = _float(indicator.get("delta"))
    if delta is None and score is not None:
        delta = round(score - previous, 2)
    trend = str(indicator.get("trend") or "")
    if trend not in TREND_WORDS and delta is not None:
        trend = "improving" if delta > 0 else "declining" if delta < 0 else "stable"
    if delta is None or trend not in TREND_WORDS:
        return f"{line} ({previous_label}: {fmt(previous)})"
    if trend == "stable":
        sign = "+" if delta > 0 else "-" if delta < 0 else ""
        return f"{line} ใกล้เคียง{previous_label} ({fmt(previous)}, {sign}{fmt(abs(delta))})"
    return f"{line} {TREND_WORDS[trend]} {fmt(abs(delta))} จาก{previous_label} ({fmt(previous)})"


def _plan_time_frame(item: Mapping[str, Any], plan_year: int | None, thai_digits: bool) -> str:
    time_frame = clean_text(item.get("time_frame"), thai_digits=thai_digits)
    if time_frame:
        return time_frame
    dates = []
    for key in ("start", "end"):
        try:
            dates.append(date.fromisoformat(str(item.get(key))))
        except ValueError:
            break
    if len(dates) == 2:
        start, end = (format_date_short(day, thai_digits=thai_digits) for day in dates)
        return f"{start} – {end}"
    if plan_year is not None:
        return fiscal_year_range_text(plan_year, thai_digits=thai_digits)
    return DASH


# Visible characters per line of the plan table's text columns at 14 pt, and the lines a row may
# have and still be kept on one page (a landscape page holds about 24 lines under the header).
PLAN_COLUMN_CHARS = (27, 32, 32)
PLAN_KEEP_LINES = 8  # about 5 cm at 14 pt: taller rows may split rather than leave half a page empty


def _estimated_lines(paragraphs: Sequence[str], chars_per_line: int) -> int:
    return sum(max(1, -(-_visible_length(text) // chars_per_line)) for text in paragraphs)


def _fits_on_a_page(item: PlanItemView) -> bool:
    """Whether the row is short enough to be kept whole (moved to the next page rather than split).

    Longer rows are left free to split across pages: a row that must not split but is taller than
    a page would be cut off by Word and loses its repeated header in WeasyPrint.
    """
    title = [item.title, item.o25_mark, f"- กิจกรรม: {item.activity}" if item.activity else ""]
    lines = max(
        _estimated_lines([text for text in title if text], PLAN_COLUMN_CHARS[0]),
        _estimated_lines([item.analysis], PLAN_COLUMN_CHARS[1]),
        _estimated_lines(item.steps, PLAN_COLUMN_CHARS[2]),
        len(item.units),
    )
    return lines <= PLAN_KEEP_LINES


def _plan_groups(report: Mapping[str, Any], thai_digits: bool) -> list[PlanGroupView]:
    plan_year = _year(report.get("plan_fiscal_year"))
    groups: dict[int | None, list[PlanItemView]] = {}
    for raw in _list(report.get("plan")):
        item = _mapping(raw)
        steps = [clean_text(step, thai_digits=thai_digits) for step in _list(item.get("steps"))]
        steps = [step for step in steps if step]
        units = [clean_text(unit, thai_digits=thai_digits) for unit in _list(item.get("units"))]
        item_view = PlanItemView(
            title=clean_text(item.get("title"), thai_digits=thai_digits) or DASH,
            activity=clean_text(item.get("activity"), thai_digits=thai_digits),
            o25_mark=digits(O25_MARK, thai_digits=thai_digits) if item.get("o25_preventive") else "",
            analysis=clean_text(item.get("analysis"), thai_digits=thai_digits),
            steps=[f"{digits(str(i), thai_digits=thai_digits)}. {step}" for i, step in enumerate(steps, 1)],
            time_frame=_plan_time_frame(item, plan_year, thai_digits),
            units=[unit for unit in units if unit] or [DASH],
        )
        item_view = dataclasses.replace(item_view, keep_together=_fits_on_a_page(item_view))
        groups.setdefault(_int(item.get("indicator")), []).append(item_view)
    ordered = sorted(groups.items(), key=lambda pair: (pair[0] is None, pair[0] or 0))
    return [
        PlanGroupView(number=digits(str(key), thai_digits=thai_digits) if key is not None else DASH, items=items)
        for key, items in ordered
    ]


def build_view(report: Mapping[str, Any], *, thai_digits: bool = True, charts: bool = True) -> ReportView:
    """Read the report data into printable Thai strings (and, with ``charts``, render the chart PNGs)."""

    def fmt(value: Any) -> str:
        return number(value, thai_digits=thai_digits)

    def txt(value: Any) -> str:
        return clean_text(value, thai_digits=thai_digits)

    def points(value: Any) -> str:
        return f"{fmt(value)} คะแนน" if _float(value) is not None else DASH

    organization = _mapping(report.get("organization"))
    framework = _mapping(report.get("framework"))
    fiscal_year = _year(report.get("fiscal_year"))
    year_text = digits(str(fiscal_year), thai_digits=thai_digits) if fiscal_year else DASH
    org_line = " ".join(part for part in (txt(organization.get("name")), txt(organization.get("location_th"))) if part)
    pass_line = _float(framework.get("pass_line"))
    if framework.get("pass_line") is None and "pass_line" not in framework:
        pass_line = DEFAULT_PASS_LINE
    pass_text = _pass_line_text(pass_line, thai_digits)

    view = ReportView(
        thai_digits=thai_digits,
        title_lines=[
            f"การวิเคราะห์ผลการประเมิน ITA ปีงบประมาณ พ.ศ.{year_text}",
            "เพื่อนำไปสู่การพัฒนาองค์กร",
            org_line,
        ],
        org_line=org_line,
        pass_line=pass_text,
    )

    indicators = _indicators(report)
    # Charts and the summary table.
    labels: list[str] = []
    scores: list[float | None] = []
    for indicator in indicators:
        num = _int(indicator.get("number"))
        num_text = digits(str(num), thai_digits=thai_digits) if num is not None else DASH
        name = txt(indicator.get("name_th")) or DASH
        score = _float(indicator.get("score"))
        below = score is not None and pass_line is not None and score < pass_line
        view.indicator_rows.append(IndicatorRow(number=num_text, name=name, score=fmt(score), below_pass=below))
        labels.append(f"{num_text} {name}")
        scores.append(score)
        history = _history(report, indicator)
        heading = f"ตัวชี้วัดที่ {num_text} {name}"
        if charts:
            png = indicator_chart_png(
                heading,
                list(history.keys()),
                list(history.values()),
                pass_line=pass_line,
                thai_digits=thai_digits,
            )
            view.indicator_charts.append(ChartView(png=png, alt=f"แผนภูมิคะแนน{heading} รายปี"))
        related = [txt(item) for item in _list(indicator.get("related_oit_items")) if txt(item)]
        view.analyses.append(
            AnalysisView(
                heading=heading,
                score_line=_score_line(indicator, history, fiscal_year, thai_digits),
                text=txt(indicator.get("analysis_text")) or DASH,
                related=("ข้อการเปิดเผยข้อมูล (OIT) ที่เกี่ยวข้อง: " + ", ".join(related)) if related else "",
            )
        )
    view.summary_caption = f"คะแนนรายตัวชี้วัด ปีงบประมาณ พ.ศ.{year_text}"
    if charts and indicators:
        png = summary_chart_png(
            labels, scores, pass_line=pass_line, thai_digits=thai_digits, title=view.summary_caption
        )
        view.summary_chart = ChartView(png=png, alt=f"แผนภูมิ{view.summary_caption}")
    if any(row.below_pass for row in view.indicator_rows):
        view.below_note = f"คะแนนที่ต่ำกว่าเกณฑ์ผ่าน ({pass_text} คะแนน) แสดงด้วยพื้นสีส้ม"

    # Tool scores, overall, level.
    year_data = _report_year(report)
    tools = _mapping(year_data.get("tools"))
    weights = _mapping(framework.get("weights"))
    for tool, tool_name in TOOL_NAMES.items():
        weight = _float(weights.get(tool))
        weight_text = f"ร้อยละ {_pass_line_text(round(weight * 100, 2), thai_digits)}" if weight is not None else DASH
        view.tool_rows.append(ToolRow(code=tool, name=tool_name, weight=weight_text, score=fmt(tools.get(tool))))
    source = year_data.get("overall_source")
    overall_label = (
        "คะแนนภาพรวม (ตามที่ ป.ป.ช. ประกาศ)" if source == "reported" else "คะแนนภาพรวม (คำนวณจากคะแนนรายตัวชี้วัด)"
    )
    view.score_lines.append(ScoreLine(label=overall_label, value=points(year_data.get("overall"))))
    computed = _float(year_data.get("computed_overall"))
    if source == "reported" and computed is not None and fmt(computed) != fmt(year_data.get("overall")):
        view.score_lines.append(ScoreLine(label="คะแนนที่คำนวณจากคะแนนรายตัวชี้วัด", value=points(computed)))
    view.score_lines.append(ScoreLine(label="ระดับผลการประเมิน", value=txt(year_data.get("level")) or DASH))
    passed = year_data.get("passed")
    passed_text = (
        f"ผ่านเกณฑ์ ({pass_text} คะแนนขึ้นไป)"
        if passed is True
        else f"ไม่ผ่านเกณฑ์ (ต่ำกว่า {pass_text} คะแนน)"
        if passed is False
        else DASH
    )
    view.score_lines.append(ScoreLine(label="ผลการประเมิน", value=passed_text))

    # Notes.
    for warning in _list(report.get("warnings")):
        message = txt(_mapping(warning).get("message") if isinstance(warning, Mapping) else warning)
        if message:
            view.warnings.append(message)
    view.uncertain = [txt(note) for note in _list(framework.get("uncertain")) if txt(note)]

    # The plan.
    view.plan_caption = "ตารางแสดง การนำผลการวิเคราะห์ไปสู่การปรับปรุง หรือพัฒนาองค์กร หรือรักษาระดับ " + f"ของ{org_line}"
    view.plan_groups = _plan_groups(report, thai_digits)
    return view


# --- charts ---------------------------------------------------------------------


def _figure_png(figure: Figure, dpi: int) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 3})
    return buffer.getvalue()  # a pyplot-free Figure: nothing to close, garbage-collected with its canvas


SUMMARY_LABEL_MAX = 36


def _visible_length(text: str) -> int:
    """Characters that take width: Thai vowel and tone marks above and below do not."""
    return sum(1 for ch in text if not unicodedata.combining(ch) and unicodedata.category(ch) != "Mn")


def _shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` visible characters with "…" (chart labels cannot wrap Thai)."""
    if _visible_length(text) <= limit:
        return text
    kept, count = [], 0
    for ch in text:
        if unicodedata.category(ch) != "Mn":
            count += 1
            if count > limit - 1:
                break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"


def _bar_colour(score: float | None, pass_line: float | None) -> str:
    return COLOUR_BELOW if score is not None and pass_line is not None and score < pass_line else COLOUR_GOOD


def _value_axis(axes: Any, figure: Figure, *, vertical: bool, family: str, size: float, thai_digits: bool) -> None:
    """Grid lines every 25 and labels 0, 50, 100 on the value axis, drawn directly: tick artists cost far more.

    Text layout is most of a chart's drawing time and the bars carry their own values, so the axis
    keeps three labels.
    """
    grid = (25, 50, 75, 100)
    ticks = (0, 50, 100)
    if vertical:
        low, high = axes.get_xlim()
        axes.hlines(grid, low, high, colors="#dddddd", linewidth=0.5, zorder=0)
        transform = offset_copy(
            blended_transform_factory(axes.transAxes, axes.transData), fig=figure, x=-3, units="points"
        )
        for tick in ticks:
            axes.text(
                0,
                tick,
                digits(str(tick), thai_digits=thai_digits),
                transform=transform,
                ha="right",
                va="center",
                fontsize=size,
                family=family,
            )
    else:
        low, high = axes.get_ylim()
        axes.vlines(grid, low, high, colors="#dddddd", linewidth=0.5, zorder=0)
        transform = offset_copy(
            blended_transform_factory(axes.transData, axes.transAxes), fig=figure, y=-3, units="points"
        )
        for tick in ticks:
            axes.text(
                tick,
                0,
                digits(str(tick), thai_digits=thai_digits),
                transform=transform,
                ha="center",
                va="top",
                fontsize=size,
                family=family,
            )


def indicator_chart_png(
    title: str,
    years: Sequence[int],
    scores: Sequence[float | None],
    *,
    pass_line: float | None = DEFAULT_PASS_LINE,
    thai_digits: bool = True,
    dpi: int = CHART_DPI,
) -> bytes:
    """Bar chart of one indicator over the years (x ``"ปี ๒๕๖๔"``…, y 0–100, dashed pass line); PNG bytes.

    Bars below the pass line are orange; a year without a score shows ``"–"`` and no bar. The pass
    line is explained by a legend ``"เกณฑ์ผ่าน ๘๕"`` under the chart. Charts are cached by their inputs,
    so the DOCX and the PDF of one report draw them once.
    """
    return _indicator_chart_png(title, tuple(years), tuple(scores), pass_line, thai_digits, dpi)


@functools.lru_cache(maxsize=CHART_CACHE_SIZE)
def _indicator_chart_png(
    title: str,
    years: Sequence[int],
    scores: Sequence[float | None],
    pass_line: float | None,
    thai_digits: bool,
    dpi: int,
) -> bytes:
    family = register_matplotlib_fonts()
    count = max(len(years), 1)
    figure = Figure(figsize=(3.3, 2.45))
    figure.subplots_adjust(left=0.11, right=0.98, top=0.86, bottom=0.2 if pass_line is not None else 0.12)
    axes = figure.add_subplot()
    axes.set_xlim(-0.6, count - 0.4)
    axes.set_ylim(0, 112)
    axes.set_xticks([])
    axes.set_yticks([])
    axes.spines[["top", "right"]].set_visible(False)
    positions = list(range(len(years)))
    heights = [score if score is not None else 0.0 for score in scores]
    colours = [_bar_colour(score, pass_line) for score in scores]
    axes.bar(positions, heights, width=0.62, color=colours, zorder=2)
    _value_axis(axes, figure, vertical=True, family=family, size=8, thai_digits=thai_digits)
    label_size = 7.5 if count <= 5 else 6.5 if count <= 7 else 5.5
    year_transform = offset_copy(
        blended_transform_factory(axes.transData, axes.transAxes), fig=figure, y=-3, units="points"
    )
    for position, year, score in zip(positions, years, scores, strict=False):
        axes.text(
            position,
            0,
            digits(f"ปี {year}", thai_digits=thai_digits),
            transform=year_transform,
            ha="center",
            va="top",
            fontsize=8 if count <= 6 else 6.5,
            family=family,
        )
        # Above the bar, or inside its top (white) where a label above would sit on the pass line.
        inside = score is not None and pass_line is not None and pass_line - 9 < score < pass_line and score > 12
        axes.text(
            position,
            (score or 0.0) + (-1.5 if inside else 1.5),
            number(score, thai_digits=thai_digits),
            ha="center",
            va="top" if inside else "bottom",
            color="white" if inside else "black",
            fontsize=label_size,
            family=family,
            rotation=90 if count > 8 else 0,
            zorder=4,
        )
    if pass_line is not None:
        line = axes.axhline(pass_line, color=COLOUR_LINE, linestyle="--", linewidth=1.0, zorder=3)
        figure.legend(
            [line],
            [f"เกณฑ์ผ่าน {_pass_line_text(pass_line, thai_digits)}"],
            loc="lower center",
            frameon=False,
            prop={"family": family, "size": 7.5},
            handlelength=2.2,
            borderpad=0.0,
        )
    axes.set_title(title, fontsize=9.5 if len(title) <= 40 else 8, family=family, fontweight="bold", loc="left")
    return _figure_png(figure, dpi)


def summary_chart_png(
    labels: Sequence[str],
    scores: Sequence[float | None],
    *,
    pass_line: float | None = DEFAULT_PASS_LINE,
    thai_digits: bool = True,
    title: str = "",
    dpi: int = CHART_DPI,
) -> bytes:
    """Horizontal bars of the indicators of one year, first at the top; below the pass line in orange.

    Indicator names label the bars (cut with "…" past 36 characters), scores stand in a column on the right.
    Cached by its inputs like :func:`indicator_chart_png`.
    """
    return _summary_chart_png(tuple(labels), tuple(scores), pass_line, thai_digits, title, dpi)


@functools.lru_cache(maxsize=CHART_CACHE_SIZE)
def _summary_chart_png(
    labels: Sequence[str],
    scores: Sequence[float | None],
    pass_line: float | None,
    thai_digits: bool,
    title: str,
    dpi: int,
) -> bytes:
    family = register_matplotlib_fonts()
    labels = tuple(_shorten(label, SUMMARY_LABEL_MAX) for label in labels)
    longest = max((_visible_length(label) for label in labels), default=10)
    width, height = 6.3, 0.36 * max(len(labels), 1) + 1.0
    figure = Figure(figsize=(width, height))
    left = min(0.48, (0.25 + 0.072 * longest) / width)
    figure.subplots_adjust(left=left, right=0.9, top=1 - 0.62 / height, bottom=0.3 / height)
    axes = figure.add_subplot()
    count = max(len(labels), 1)
    axes.set_xlim(0, 100)
    axes.set_ylim(count - 0.4, -0.6)  # first indicator at the top
    axes.set_xticks([])
    axes.set_yticks([])
    axes.spines[["top", "right"]].set_visible(False)
    positions = list(range(len(labels)))
    widths = [score if score is not None else 0.0 for score in scores]
    colours = [_bar_colour(score, pass_line) for score in scores]
    axes.barh(positions, widths, height=0.62, color=colours, zorder=2)
    _value_axis(axes, figure, vertical=False, family=family, size=9, thai_digits=thai_digits)
    name_transform = offset_copy(
        blended_transform_factory(axes.transAxes, axes.transData), fig=figure, x=-4, units="points"
    )
    score_x = 1.0 + 0.55 / (width * (0.9 - left))
    score_transform = blended_transform_factory(axes.transAxes, axes.transData)
    for position, label, score in zip(positions, labels, scores, strict=False):
        axes.text(0, position, label, transform=name_transform, ha="right", va="center", fontsize=9.5, family=family)
        axes.text(
            score_x,
            position,
            number(score, thai_digits=thai_digits),
            transform=score_transform,
            ha="right",
            va="center",
            fontsize=9,
            family=family,
        )
    if pass_line is not None:
        axes.axvline(pass_line, color=COLOUR_LINE, linestyle="--", linewidth=1.0, zorder=3)
        axes.text(
            pass_line,
            1.01,
            f"เกณฑ์ผ่าน {_pass_line_text(pass_line, thai_digits)}",
            transform=blended_transform_factory(axes.transData, axes.transAxes),
            ha="center",
            va="bottom",
            fontsize=8,
            color=COLOUR_LINE,
            family=family,
        )
    if title:
        axes.set_title(title, fontsize=11, family=family, fontweight="bold", pad=16)
    return _figure_png(figure, dpi)


def clear_chart_cache() -> None:
    """Forget the cached chart PNGs (for benchmarks and tests)."""
    _indicator_chart_png.cache_clear()
    _summary_chart_png.cache_clear()


# --- DOCX -----------------------------------------------------------------------

PORTRAIT_TEXT_WIDTH = Cm(16.5)
LANDSCAPE_TEXT_WIDTH = Cm(25.2)
SUMMARY_WIDTHS = (Cm(2.6), Cm(10.4), Cm(3.5))
TOOL_WIDTHS = (Cm(10.9), Cm(3.0), Cm(2.6))
PLAN_WIDTHS = (Cm(1.5), Cm(5.4), Cm(6.3), Cm(6.3), Cm(2.6), Cm(3.1))
PLAN_FONT_PT = 14


def _header_row(table: Any, headers: Sequence[str], *, size_pt: float | None = None) -> None:
    row = table.rows[0]
    for cell, header in zip(row.cells, headers, strict=False):
        _cell_text(cell, [(header, True)], size_pt=size_pt, align=WD_ALIGN_PARAGRAPH.CENTER)
        set_cell_shading(cell, FILL_HEADER)
        set_cell_vertical_alignment(cell, "center")
    set_repeat_table_header(row)


def _docx_charts(document: Any, view: ReportView) -> None:
    if view.indicator_charts:
        table = document.add_table(rows=0, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_table_borders(table, style="nil")
        set_cell_margins(table, top=40, bottom=80, left=40, right=40)
        for pair in view.chart_rows:
            row = table.add_row()
            set_row_cant_split(row)
            for cell, chart in zip(row.cells, pair, strict=False):
                paragraph = cell.paragraphs[0]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.add_run().add_picture(io.BytesIO(chart.png), width=Cm(7.9))
        set_table_widths(table, (Cm(8.25), Cm(8.25)))
    if view.summary_chart is not None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.add_run().add_picture(io.BytesIO(view.summary_chart.png), width=Cm(15.5))


def _docx_summary(document: Any, view: ReportView) -> None:
    document.add_heading("สรุปผลการประเมินรายตัวชี้วัด", level=1)
    table = document.add_table(rows=1, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table)
    set_cell_margins(table)
    _header_row(table, SUMMARY_HEADERS)
    for row_view in view.indicator_rows:
        row = table.add_row()
        set_row_cant_split(row)
        cells = row.cells
        _cell_text(cells[0], [(row_view.number, False)], align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell_text(cells[1], [(row_view.name, False)])
        _cell_text(cells[2], [(row_view.score, False)], align=WD_ALIGN_PARAGRAPH.CENTER)
        if row_view.below_pass:
            set_cell_shading(cells[2], FILL_BELOW)
    set_table_widths(table, SUMMARY_WIDTHS)
    if view.below_note:
        _paragraph(document, view.below_note, size_pt=14)
    document.add_paragraph()
    tools = document.add_table(rows=1, cols=3)
    tools.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(tools)
    set_cell_margins(tools)
    _header_row(tools, TOOL_HEADERS)
    for tool in view.tool_rows:
        row = tools.add_row()
        set_row_cant_split(row)
        cells = row.cells
        _cell_text(cells[0], [(f"{tool.name} ({tool.code})", False)])
        _cell_text(cells[1], [(tool.weight, False)], align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell_text(cells[2], [(tool.score, False)], align=WD_ALIGN_PARAGRAPH.CENTER)
    set_table_widths(tools, TOOL_WIDTHS)
    document.add_paragraph()
    for line in view.score_lines:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(f"{line.label}: ")
        set_run_font(run, bold=True)
        paragraph.add_run(line.value)


def _docx_notes(document: Any, view: ReportView) -> None:
    if view.warnings:
        document.add_paragraph()
        table = document.add_table(rows=1, cols=1)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_table_borders(table, size=8, color="C0504D")
        set_cell_margins(table, top=80, bottom=80, left=140, right=140)
        cell = table.rows[0].cells[0]
        set_cell_shading(cell, FILL_NOTICE)
        _cell_text(cell, [("ข้อสังเกต", True)] + [(f"• {message}", False) for message in view.warnings])
        set_table_widths(table, (PORTRAIT_TEXT_WIDTH,))
    if view.uncertain:
        document.add_paragraph()
        paragraph = _paragraph(document, "หมายเหตุ: ข้อมูลเกณฑ์การประเมินที่ยังไม่ได้ยืนยัน", bold=True, size_pt=14)
        paragraph.paragraph_format.keep_with_next = True
        for note in view.uncertain:
            _paragraph(document, f"• {note}", size_pt=14).paragraph_format.left_indent = Cm(0.5)


def _docx_analyses(document: Any, view: ReportView) -> None:
    for analysis in view.analyses:
        document.add_heading(analysis.heading, level=2)
        score = _paragraph(document, analysis.score_line)
        score.paragraph_format.keep_with_next = True
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
        set_run_font(paragraph.add_run(ANALYSIS_LEAD), bold=True)
        paragraph.add_run(" " + analysis.text)
        if analysis.related:
            _paragraph(document, analysis.related)


def _docx_plan(document: Any, view: ReportView) -> None:
    section = add_section(document, landscape=True)
    set_page_number_format(section, thai_digits=view.thai_digits)
    caption = _paragraph(document, view.plan_caption, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    caption.paragraph_format.space_after = Pt(6)
    caption.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(PLAN_HEADERS))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table)
    set_cell_margins(table)
    _header_row(table, PLAN_HEADERS, size_pt=PLAN_FONT_PT)
    size = PLAN_FONT_PT
    if not view.plan_groups:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        _cell_text(merged, [(view.plan_empty, False)], size_pt=size, align=WD_ALIGN_PARAGRAPH.CENTER)
    for group in view.plan_groups:
        first_cells = []
        for item in group.items:
            row = table.add_row()
            if item.keep_together:
                set_row_cant_split(row)
            cells = row.cells
            first_cells.append(cells[0])
            title_lines = [(item.title, True)]
            if item.o25_mark:
                title_lines.append((item.o25_mark, True))
            if item.activity:
                title_lines.append((f"- กิจกรรม: {item.activity}", False))
            _cell_text(cells[1], title_lines, size_pt=size)
            _cell_text(cells[2], [(item.analysis or DASH, False)], size_pt=size)
            _cell_text(cells[3], [(step, False) for step in item.steps] or [(DASH, False)], size_pt=size)
            _cell_text(cells[4], [(item.time_frame, False)], size_pt=size, align=WD_ALIGN_PARAGRAPH.CENTER)
            _cell_text(cells[5], [(unit, False) for unit in item.units], size_pt=size)
        merged = merge_vertically(first_cells)
        _cell_text(merged, [(group.number, False)], size_pt=size, align=WD_ALIGN_PARAGRAPH.CENTER)
    set_table_widths(table, PLAN_WIDTHS)


def _docx_from_view(view: ReportView) -> bytes:
    document = Document()
    setup_docx(document)
    core = document.core_properties
    core.title = view.title_lines[0]
    core.subject = view.org_line
    core.author = view.org_line or "Prongsai"
    core.language = "th-TH"
    add_page_number_footer(document.sections[0], thai_digits=view.thai_digits)

    for index, line in enumerate(view.title_lines):
        if line:
            size = 18 if index < 2 else 16
            _paragraph(document, line, bold=True, size_pt=size, align=WD_ALIGN_PARAGRAPH.CENTER)
    document.add_heading("ผลการประเมินรายตัวชี้วัด", level=1)
    _docx_charts(document, view)
    _docx_summary(document, view)
    _docx_notes(document, view)
    _docx_analyses(document, view)
    _docx_plan(document, view)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_report(report: Mapping[str, Any], fmt: str, *, thai_digits: bool = True) -> bytes:
    """The report as ``json``, ``docx`` or ``pdf`` bytes."""
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2).encode()
    if fmt == "docx":
        return render_docx(report, thai_digits=thai_digits)
    if fmt == "pdf":
        return render_pdf(report, thai_digits=thai_digits)
    raise ValueError(f"unknown report format {fmt!r}")


def render_docx(report: Mapping[str, Any], *, thai_digits: bool = True) -> bytes:
    """The report as a Word document (A4, Sarabun 16 pt, the plan table on landscape pages)."""
    return embed_docx_fonts(_docx_from_view(build_view(report, thai_digits=thai_digits)))


# --- PDF ------------------------------------------------------------------------


def render_pdf_html(report: Mapping[str, Any], *, thai_digits: bool = True, view: ReportView | None = None) -> str:
    """The HTML that :func:`render_pdf` lays out (every user string escaped by Django's autoescape)."""
    from django.template.loader import render_to_string

    if view is None:
        view = build_view(report, thai_digits=thai_digits)
    context = {
        "r": view,
        "plan_headers": PLAN_HEADERS,
        "summary_headers": SUMMARY_HEADERS,
        "tool_headers": TOOL_HEADERS,
        "analysis_lead": ANALYSIS_LEAD,
    }
    return render_to_string(TEMPLATE_NAME, context)


def render_pdf_document(report: Mapping[str, Any], *, thai_digits: bool = True) -> Any:
    """The laid-out WeasyPrint Document (``len(doc.pages)`` is the page count; ``doc.write_pdf()`` the bytes)."""
    html = render_pdf_html(report, thai_digits=thai_digits)
    return render_html(html, base_url=TEMPLATE_DIR)


def render_pdf(report: Mapping[str, Any], *, thai_digits: bool = True) -> bytes:
    """The report as PDF (A4, Sarabun 16 pt, the plan table on landscape pages, "หน้า ๑" footers)."""
    return bytes(render_pdf_document(report, thai_digits=thai_digits).write_pdf())
