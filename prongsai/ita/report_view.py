"""The ITA analysis report read into printable Thai strings: :func:`build_view` → :class:`ReportView`.

The *report data* dict (see ``tests/fixtures/report_sample.json`` and ``docs/ita-report-json.md``) is
read defensively: every number in the chosen digits, ``"–"`` for missing values. ``ita/documents.py``
turns the view into document blocks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from prongsai.core.documents import DASH, clean_text, data_uri, digits, number
from prongsai.core.documents import as_int as _int
from prongsai.core.documents import as_list as _list
from prongsai.core.documents import as_mapping as _mapping
from prongsai.core.thai import fiscal_year_range_text, format_date_short, parse_be_year
from prongsai.ita.charts import (
    DEFAULT_PASS_LINE,
    indicator_chart_png,
    pass_line_text,
    summary_chart_png,
    visible_length,
)

__all__ = ["ReportView", "build_view"]

TOOL_NAMES = {
    "IIT": "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน",
    "EIT": "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
    "OIT": "การเปิดเผยข้อมูลสาธารณะ",
}
TREND_WORDS = {"improving": "เพิ่มขึ้น", "declining": "ลดลง", "stable": "ใกล้เคียงเดิม"}
O25_MARK = "(มาตรการเชิงป้องกันตามข้อ O25)"

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
    return sum(max(1, -(-visible_length(text) // chars_per_line)) for text in paragraphs)


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


def build_view(
    report: Mapping[str, Any], *, thai_digits: bool = True, charts: bool = True, only_chart: str | None = None
) -> ReportView:
    """Read the report data into printable Thai strings (and, with ``charts``, render the chart PNGs: only
    ``only_chart``, "summary" or "1" … "10", when given — the web page's picture of one chart)."""

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
    pass_text = pass_line_text(pass_line, thai_digits)

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
        if charts and only_chart in (None, str(num)):  # one chart only: the web's picture of it
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
    if charts and indicators and only_chart in (None, "summary"):
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
        weight_text = f"ร้อยละ {pass_line_text(round(weight * 100, 2), thai_digits)}" if weight is not None else DASH
        view.tool_rows.append(ToolRow(code=tool, name=tool_name, weight=weight_text, score=fmt(tools.get(tool))))
    source = year_data.get("overall_source")
    overall_label = (
        "คะแนนภาพรวม (ตามที่ ป.ป.ช. ประกาศ)" if source == "reported" else "คะแนนภาพรวม (คำนวณจากคะแนนรายตัวชี้วัด)"
    )
    view.score_lines.append(ScoreLine(label=overall_label, value=points(year_data.get("overall"))))
    # The score computed from the indicators and the warnings about it (report["warnings"]) stay on the
    # staff results page and in the JSON: the published report prints the score as announced.
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

    # The plan.
    view.plan_caption = "ตารางแสดง การนำผลการวิเคราะห์ไปสู่การปรับปรุง หรือพัฒนาองค์กร หรือรักษาระดับ " + f"ของ{org_line}"
    view.plan_groups = _plan_groups(report, thai_digits)
    return view
