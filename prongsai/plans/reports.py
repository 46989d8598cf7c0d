"""The 6- and 12-month progress reports of an organisation's improvement plan, as DOCX and PDF.

"รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน": what the organisation
did about the measures of its plan, published as OIT item O26 from FY2569 (O43 before). It has the look
of the ITA analysis report (``prongsai.ita.documents``): the same title block, fonts, tables and footers.

- :func:`progress_report_data` reads the database into a plain *report data* dict: the measures of the
  plan grouped by indicator, each activity's status and percent *as at the end of the period*
  (rebuilt from the activity's history for a past period; today's values while the period runs), the
  evidence dated within the period (photos as ready-made JPEG thumbnails), a summary per indicator
  and the totals.
- :func:`render_docx` and :func:`render_pdf` are pure functions of that dict: no ORM, no settings. Both
  read it into a :class:`ProgressView` of ready-to-print Thai strings first, so the formats agree.

Public API: :func:`progress_report_data`, :func:`period_bounds`, :func:`oit_item_code`,
:func:`build_view`, :func:`render_docx`, :func:`render_pdf`, :func:`render_pdf_html`,
:func:`render_pdf_document`, :func:`render_report`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone, translation
from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from prongsai.core import history
from prongsai.core.documents import (
    DASH,
    add_page_number_footer,
    clean_text,
    data_uri,
    digits,
    fill_cell,
    render_html,
    set_cell_margins,
    set_cell_shading,
    set_cell_vertical_alignment,
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
from prongsai.core.fonts import embed_docx_fonts
from prongsai.core.models import Change
from prongsai.core.thai import (
    BANGKOK,
    fiscal_year_bounds,
    format_date_long,
    format_date_short,
    local_today,
)
from prongsai.ita.framework import FrameworkError, get_framework
from prongsai.ita.models import PlanRow
from prongsai.orgs.models import Organisation, Unit
from prongsai.plans.models import Activity, Evidence
from prongsai.plans.services import TRACKED

__all__ = [
    "PERIODS",
    "STATUS_LABELS",
    "ProgressView",
    "build_view",
    "oit_item_code",
    "period_bounds",
    "progress_report_data",
    "render_docx",
    "render_pdf",
    "render_pdf_document",
    "render_pdf_html",
    "render_report",
]

PERIODS = (6, 12)
TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
TEMPLATE_NAME = "plans/report_pdf.html"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "plans"

STATUSES = ("not_started", "in_progress", "done", "blocked", "cancelled")
STATUS_LABELS = {
    "not_started": "ยังไม่เริ่ม",
    "in_progress": "กำลังดำเนินการ",
    "done": "เสร็จแล้ว",
    "blocked": "ติดขัด",
    "cancelled": "ยกเลิก",
}
EVIDENCE_LABELS = {"file": "เอกสาร", "photo": "ภาพถ่าย", "link": "ลิงก์", "note": "บันทึก"}
O25_MARK = "(มาตรการเชิงป้องกันตามข้อ O25)"
NO_ACTIVITIES = "ยังไม่มีกิจกรรม"
NO_EVIDENCE = "ไม่มีหลักฐานที่ลงวันที่ในรอบนี้"
NO_MEASURES = "ยังไม่มีมาตรการในแผน"
# The summary table has two header rows: "จำนวนกิจกรรม" spans the six counts.
SUMMARY_HEADERS = ("ตัวชี้วัด", "จำนวนกิจกรรม", "ความก้าวหน้าเฉลี่ย (ร้อยละ)")
SUMMARY_COUNT_HEADERS = ("ทั้งหมด", "เสร็จแล้ว", "กำลังดำเนินการ", "ยังไม่เริ่ม", "ติดขัด", "ยกเลิก")
ACTIVITY_HEADERS = ("กิจกรรม", "ระยะเวลา", "หน่วยงาน\nผู้รับผิดชอบ", "สถานะ", "ร้อยละ")  # "\n": a line break
SUMMARY_NOTE = "ความก้าวหน้าเฉลี่ยคิดจากร้อยละความก้าวหน้าของกิจกรรมที่ไม่ได้ยกเลิก"

# Photo thumbnails fit a 5 × 3.75 cm box (4:3), three to a row of the portrait page; the pixels give
# about 240 dpi at that size.
THUMB_BOX_CM = (5.0, 3.75)
THUMB_BOX_PX = (480, 360)
THUMB_QUALITY = 85
PHOTOS_PER_ROW = 3

FILL_HEADER = "D9D9D9"  # the header grey of the ITA report
FILL_TOTAL = "F2F2F2"
TABLE_FONT_PT = 14
# Widths (cm) on the 16.5 cm of the portrait page, measured so that no header word nor
# "กำลังดำเนินการ" nor a date like "๓๐ พ.ย. ๖๘ –" is broken at 14 pt (the HTML template uses the same).
SUMMARY_WIDTHS_CM = (3.7, 1.9, 1.5, 2.5, 1.5, 1.6, 1.7, 2.1)
ACTIVITY_WIDTHS_CM = (5.1, 3.2, 2.8, 3.5, 1.9)
SUMMARY_SECOND_HEADER_CM = 2.0
SUMMARY_WIDTHS = tuple(Cm(w) for w in SUMMARY_WIDTHS_CM)
ACTIVITY_WIDTHS = tuple(Cm(w) for w in ACTIVITY_WIDTHS_CM)
PHOTO_CELL_WIDTH = Cm(5.5)


# --- periods --------------------------------------------------------------------


def period_bounds(plan_year: int, period: int) -> tuple[date, date]:
    """First and last day of the period: 6 → 1 Oct – 31 Mar of the plan year, 12 → the whole fiscal year."""
    if period not in PERIODS:
        raise ValueError(f"the period is 6 or 12 months, not {period!r}")
    first, last = fiscal_year_bounds(plan_year)
    if period == 6:
        last = date(first.year + 1, 3, 31)
    return first, last


def oit_item_code(plan_year: int) -> str:
    """The OIT item the report is published as: O26 from FY2569, O43 before."""
    return "O26" if plan_year >= 2569 else "O43"


# --- the data -------------------------------------------------------------------


def _thumbnail(evidence: Any) -> tuple[bytes, int, int] | None:
    """A JPEG that fits :data:`THUMB_BOX_PX` (white under any transparency), with its size; None if unreadable."""
    from PIL import Image, ImageOps

    if not evidence.file:
        return None
    try:
        with evidence.file.open("rb") as stream, Image.open(stream) as image:
            picture = ImageOps.exif_transpose(image)
            picture.thumbnail(THUMB_BOX_PX, Image.Resampling.LANCZOS)
            if picture.mode in ("RGBA", "LA", "P"):
                picture = picture.convert("RGBA")
                background = Image.new("RGB", picture.size, "white")
                background.paste(picture, mask=picture.getchannel("A"))
                picture = background
            elif picture.mode != "RGB":
                picture = picture.convert("RGB")
            buffer = io.BytesIO()
            picture.save(buffer, format="JPEG", quality=THUMB_QUALITY, optimize=True)
            return buffer.getvalue(), picture.width, picture.height
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def _summary(activities: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts by status and the mean percent of the activities that were not cancelled (None without any)."""
    counts: dict[str, Any] = {"activities": len(activities)} | {s: 0 for s in STATUSES}
    for activity in activities:
        counts[activity["status"]] = counts.get(activity["status"], 0) + 1
    counted = [a["percent"] for a in activities if a["status"] != "cancelled"]
    counts["percent"] = round(sum(counted) / len(counted), 2) if counted else None
    return counts


def _iso(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def progress_report_data(org: Organisation, plan_year: int, period: int) -> dict[str, Any]:
    """The progress report of ``org``'s plan for fiscal year ``plan_year`` (BE) after ``period`` (6 or 12) months.

    The plan is the PlanRows of the results year ``plan_year - 1``. Statuses are as at the end of the
    period: when it is past, each activity's tracked fields are rebuilt by undoing the changes recorded
    after that day (Bangkok); activities recorded after the period end are left out unless they start
    within the period (they then show the values they were recorded with). While the period runs the
    current values are used, "as at" today. Evidence is the evidence *dated* within the period.
    """
    first, last = period_bounds(plan_year, period)
    results_year = plan_year - 1
    today = local_today()
    current = last >= today
    cut = datetime.combine(last + timedelta(days=1), time.min, tzinfo=BANGKOK)
    with translation.override("th"):
        location = org.location()

    names: dict[int, str] = {}
    for year in (results_year, plan_year):
        try:
            framework = get_framework(year)
        except FrameworkError:
            framework = None
        if framework is not None:
            names = dict(framework.indicator_names)
            break

    rows = list(
        PlanRow.objects.filter(organisation=org, fiscal_year=results_year)
        .prefetch_related("units")
        .order_by("indicator", "position", "id")
    )
    activities = list(
        Activity.objects.filter(organisation=org, plan_row__fiscal_year=results_year)
        .select_related("unit")
        .order_by("due", "id")
    )
    unit_names = dict(Unit.objects.filter(organisation=org).values_list("id", "name"))
    later: dict[int, list[Change]] = {}
    if not current:
        for change in history.changes_of_many(Activity, [a.pk for a in activities], organisation_id=org.pk).filter(
            at__gte=cut, action=Change.Action.CHANGED
        ):
            later.setdefault(change.object_id, []).append(change)

    states: dict[int, dict[str, Any]] = {}
    for activity in activities:
        state = {name: getattr(activity, name) for name in TRACKED}
        for change in later.get(activity.pk, []):  # newest first: undo back to the period end
            for name in TRACKED:
                pair = history.state_pair(change, name.removesuffix("_id"))
                if pair is not None and pair[0] is not None:
                    state[name] = pair[0]
        for name in ("start", "due"):
            state[name] = _iso(state[name]) or getattr(activity, name)
        if not current and activity.created_at >= cut and state["start"] > last:
            continue
        if state["status"] not in STATUSES:
            state["status"] = activity.status
        try:
            state["percent"] = max(0, min(100, int(state["percent"])))
        except (TypeError, ValueError):
            state["percent"] = activity.percent
        state["recorded_after_period"] = not current and activity.created_at >= cut
        states[activity.pk] = state

    evidence_by_activity: dict[int, list[dict[str, Any]]] = {}
    for evidence in Evidence.objects.filter(activity_id__in=list(states), date__gte=first, date__lte=last).order_by(
        "date", "id"
    ):
        thumb = _thumbnail(evidence) if evidence.kind == Evidence.Kind.PHOTO else None
        evidence_by_activity.setdefault(evidence.activity_id, []).append(
            {
                "kind": evidence.kind,
                "caption": evidence.caption,
                "date": evidence.date.isoformat(),
                "file_name": evidence.file_name,
                "url": evidence.url,
                "note": evidence.note,
                "thumbnail": thumb[0] if thumb else None,
                "thumbnail_size": [thumb[1], thumb[2]] if thumb else None,
            }
        )

    by_row: dict[int, list[dict[str, Any]]] = {}
    for activity in activities:
        if activity.pk not in states:
            continue
        state = states[activity.pk]
        unit_id = state["unit_id"]
        by_row.setdefault(activity.plan_row_id, []).append(
            {
                "id": activity.pk,
                "title": state["title"],
                "status": state["status"],
                "status_reason": state["status_reason"] if state["status"] in ("blocked", "cancelled") else "",
                "percent": state["percent"],
                "start": state["start"].isoformat(),
                "due": state["due"].isoformat(),
                "unit": unit_names.get(unit_id, "") if unit_id else "",
                "recorded_after_period": state["recorded_after_period"],
                "evidence": evidence_by_activity.get(activity.pk, []),
            }
        )

    indicators: dict[int, dict[str, Any]] = {}
    for row in rows:
        group = indicators.setdefault(
            row.indicator, {"number": row.indicator, "name": names.get(row.indicator, ""), "measures": []}
        )
        row_activities = sorted(by_row.get(row.pk, []), key=lambda a: (a["start"], a["due"], a["id"]))
        group["measures"].append(
            {
                "id": row.pk,
                "kind": row.kind,
                "title": row.title,
                "o25_preventive": row.o25_preventive,
                "start": row.start.isoformat(),
                "end": row.end.isoformat(),
                "units": [unit.name for unit in sorted(row.units.all(), key=lambda u: (u.position, u.name))],
                "units_note": row.units_note,
                "activities": row_activities,
            }
        )
    everything: list[dict[str, Any]] = []
    for group in indicators.values():
        group_activities = [a for measure in group["measures"] for a in measure["activities"]]
        group["summary"] = _summary(group_activities)
        everything += group_activities

    return {
        "organization": {"slug": org.slug, "name": org.name, "location_th": location},
        "plan_year": plan_year,
        "results_year": results_year,
        "period": period,
        "period_start": first.isoformat(),
        "period_end": last.isoformat(),
        "current": current,
        "as_of": (today if current else last).isoformat(),
        "oit_item": oit_item_code(plan_year),
        "generated_at": timezone.now().isoformat(),
        "indicators": [indicators[n] for n in sorted(indicators)],
        "totals": _summary(everything),
        "measure_count": len(rows),
    }


# --- the view: everything printed, as Thai strings ------------------------------


@dataclass(frozen=True)
class SummaryRowView:
    label: str
    counts: list[str]
    percent: str
    total: bool = False


@dataclass(frozen=True)
class PhotoView:
    jpeg: bytes
    width_cm: float
    height_cm: float
    caption: str
    date: str

    @property
    def data_uri(self) -> str:
        return data_uri(self.jpeg, "image/jpeg")


@dataclass(frozen=True)
class EvidenceItemView:
    label: str
    caption: str
    date: str
    detail: str
    quoted: bool = False

    @property
    def line(self) -> str:
        """``"ลิงก์: ประกาศ (๖ พ.ย. ๖๘) – https://…"``; a note's text is quoted."""
        detail = f"“{self.detail}”" if self.quoted and self.detail else self.detail
        return f"{self.label}: {self.caption} ({self.date})" + (f" – {detail}" if detail else "")


@dataclass(frozen=True)
class ActivityView:
    number: str
    title: str
    time_lines: list[str]
    unit: str
    status: str
    status_code: str
    reason: str
    percent: str
    photos: list[PhotoView]
    items: list[EvidenceItemView]

    @property
    def photo_rows(self) -> list[list[PhotoView]]:
        return [self.photos[i : i + PHOTOS_PER_ROW] for i in range(0, len(self.photos), PHOTOS_PER_ROW)]

    @property
    def has_evidence(self) -> bool:
        return bool(self.photos or self.items)


@dataclass(frozen=True)
class MeasureView:
    number: str
    title: str
    o25_mark: str
    details: list[tuple[str, str]]
    activities: list[ActivityView]

    @property
    def with_evidence(self) -> list[ActivityView]:
        return [a for a in self.activities if a.has_evidence]


@dataclass(frozen=True)
class IndicatorView:
    heading: str
    measures: list[MeasureView]


@dataclass
class ProgressView:
    """The report as printed: Thai strings with digits already in the document's style."""

    thai_digits: bool
    title_lines: list[str]
    org_line: str
    as_of_line: str
    oit_item: str
    overview: str = ""
    summary_rows: list[SummaryRowView] = field(default_factory=list)
    total_row: SummaryRowView | None = None
    summary_note: str = SUMMARY_NOTE
    indicators: list[IndicatorView] = field(default_factory=list)
    no_measures: str = NO_MEASURES
    no_activities: str = NO_ACTIVITIES
    no_evidence: str = NO_EVIDENCE


def _percent(value: Any, thai_digits: bool) -> str:
    """A whole percent, rounded half up (``"๖๗"`` for 66.67); ``"–"`` for None."""
    if value is None or isinstance(value, bool):
        return DASH
    try:
        amount = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except ArithmeticError:
        return DASH
    return digits(str(amount), thai_digits=thai_digits)


def _short(value: Any, thai_digits: bool) -> str:
    day = _iso(value) if value else None
    return format_date_short(day, thai_digits=thai_digits) if day else DASH


def _photo_size_cm(size: Any) -> tuple[float, float]:
    """The printed size of a thumbnail: as large as fits the 5 × 3.75 cm box."""
    pair = _list(size)
    width, height = (_int(pair[0]), _int(pair[1])) if len(pair) == 2 else (None, None)
    box_w, box_h = THUMB_BOX_CM
    if not width or not height or width <= 0 or height <= 0:
        return box_w, box_h
    ratio = width / height
    if ratio >= box_w / box_h:
        return box_w, round(box_w / ratio, 2)
    return round(box_h * ratio, 2), box_h


def _activity_view(number: int, raw: Mapping[str, Any], thai_digits: bool) -> ActivityView:
    def txt(value: Any) -> str:
        return clean_text(value, thai_digits=thai_digits)

    status = str(raw.get("status") or "")
    photos: list[PhotoView] = []
    items: list[EvidenceItemView] = []
    for evidence in (_mapping(e) for e in _list(raw.get("evidence"))):
        kind = str(evidence.get("kind") or "")
        caption = txt(evidence.get("caption")) or DASH
        when = _short(evidence.get("date"), thai_digits)
        thumb = evidence.get("thumbnail")
        if kind == "photo" and isinstance(thumb, bytes | bytearray) and thumb:
            width, height = _photo_size_cm(evidence.get("thumbnail_size"))
            photos.append(PhotoView(bytes(thumb), width, height, caption, when))
            continue
        if kind == "link":
            detail, quoted = clean_text(evidence.get("url")), False  # printed as written: no digit change
        elif kind == "note":
            detail, quoted = txt(evidence.get("note")), True
        else:
            detail, quoted = clean_text(evidence.get("file_name")), False
        items.append(EvidenceItemView(EVIDENCE_LABELS.get(kind, "หลักฐาน"), caption, when, detail, quoted))
    start, due = _short(raw.get("start"), thai_digits), _short(raw.get("due"), thai_digits)
    return ActivityView(
        number=digits(str(number), thai_digits=thai_digits),
        title=txt(raw.get("title")) or DASH,
        time_lines=[f"{start} –", due],
        unit=txt(raw.get("unit")) or DASH,
        status=STATUS_LABELS.get(status, DASH),
        status_code=status,
        reason=txt(raw.get("status_reason")) if status in ("blocked", "cancelled") else "",
        percent=DASH if status == "cancelled" else _percent(raw.get("percent"), thai_digits),
        photos=photos,
        items=items,
    )


def _summary_row(label: str, summary: Mapping[str, Any], thai_digits: bool, *, total: bool = False) -> SummaryRowView:
    keys = ("activities", "done", "in_progress", "not_started", "blocked", "cancelled")
    return SummaryRowView(
        label=label,
        counts=[digits(str(_int(summary.get(key)) or 0), thai_digits=thai_digits) for key in keys],
        percent=_percent(summary.get("percent"), thai_digits),
        total=total,
    )


def _overview(org_line: str, period_text: str, data: Mapping[str, Any], thai_digits: bool) -> str:
    """The opening sentence: how many measures and activities, and where they stand."""
    totals = _mapping(data.get("totals"))

    def n(key: str) -> str:
        return digits(str(_int(totals.get(key)) or 0), thai_digits=thai_digits)

    measures = digits(str(_int(data.get("measure_count")) or 0), thai_digits=thai_digits)
    text = (
        f"{org_line} ได้ดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน{period_text} "
        f"ตามแผนจำนวน {measures} มาตรการ รวม {n('activities')} กิจกรรม"
    )
    if not _int(totals.get("activities")):
        return text + " โดยยังไม่มีการบันทึกกิจกรรม"
    parts = [f"เสร็จแล้ว {n('done')} กิจกรรม", f"กำลังดำเนินการ {n('in_progress')} กิจกรรม"]
    parts.append(f"ยังไม่เริ่ม {n('not_started')} กิจกรรม")
    if _int(totals.get("blocked")):
        parts.append(f"ติดขัด {n('blocked')} กิจกรรม")
    if _int(totals.get("cancelled")):
        parts.append(f"ยกเลิก {n('cancelled')} กิจกรรม")
    percent = _percent(totals.get("percent"), thai_digits)
    return f"{text} แบ่งเป็น {' '.join(parts)} ความก้าวหน้าเฉลี่ยร้อยละ {percent}"


def build_view(data: Mapping[str, Any], *, thai_digits: bool = True) -> ProgressView:
    """Read the report data into printable Thai strings."""

    def txt(value: Any) -> str:
        return clean_text(value, thai_digits=thai_digits)

    def d(value: Any) -> str:
        return digits(str(value), thai_digits=thai_digits)

    organization = _mapping(data.get("organization"))
    org_line = " ".join(part for part in (txt(organization.get("name")), txt(organization.get("location_th"))) if part)
    plan_year = _int(data.get("plan_year"))
    period = _int(data.get("period"))
    start, end = _iso(data.get("period_start")), _iso(data.get("period_end"))
    if period == 6 and start and end:
        long_range = (
            f"{format_date_long(start, thai_digits=thai_digits)} – {format_date_long(end, thai_digits=thai_digits)}"
        )
        period_line = f"รอบ {d(6)} เดือน ({long_range})"
        period_text = f" รอบ {d(6)} เดือน ({long_range})"
    else:
        year_text = d(plan_year) if plan_year else DASH
        period_line = f"รอบ {d(12)} เดือน (ปีงบประมาณ พ.ศ. {year_text})"
        period_text = f" ประจำปีงบประมาณ พ.ศ. {year_text}"
    as_of = _iso(data.get("as_of"))
    as_of_line = f"ข้อมูล ณ วันที่ {format_date_long(as_of, thai_digits=thai_digits)}" if as_of else ""
    view = ProgressView(
        thai_digits=thai_digits,
        title_lines=[TITLE, period_line, org_line],
        org_line=org_line,
        as_of_line=as_of_line,
        oit_item=str(data.get("oit_item") or ""),
        overview=_overview(org_line, period_text, data, thai_digits),
    )
    for group in (_mapping(g) for g in _list(data.get("indicators"))):
        number = _int(group.get("number"))
        number_text = d(number) if number is not None else DASH
        name = txt(group.get("name"))
        view.summary_rows.append(
            _summary_row(f"{number_text} {name}".strip(), _mapping(group.get("summary")), thai_digits)
        )
        measures = []
        for index, measure in enumerate((_mapping(m) for m in _list(group.get("measures"))), 1):
            units = [txt(unit) for unit in _list(measure.get("units")) if txt(unit)]
            note = txt(measure.get("units_note"))
            unit_text = ", ".join(units) + (f" ({note})" if note and units else note)
            time_frame = f"{_short(measure.get('start'), thai_digits)} – {_short(measure.get('end'), thai_digits)}"
            measures.append(
                MeasureView(
                    number=f"{number_text}.{d(index)}",
                    title=txt(measure.get("title")) or DASH,
                    o25_mark=d(O25_MARK) if measure.get("o25_preventive") else "",
                    details=[("ระยะเวลาดำเนินการ", time_frame), ("หน่วยงานผู้รับผิดชอบ", unit_text or DASH)],
                    activities=[
                        _activity_view(i, _mapping(a), thai_digits)
                        for i, a in enumerate(_list(measure.get("activities")), 1)
                    ],
                )
            )
        heading = f"ตัวชี้วัดที่ {number_text} {name}".strip()
        view.indicators.append(IndicatorView(heading=heading, measures=measures))
    view.total_row = _summary_row("รวม", _mapping(data.get("totals")), thai_digits, total=True)
    return view


# --- DOCX -----------------------------------------------------------------------


def _cell_text(
    cell: Any, lines: Sequence[tuple[str, bool]], *, size_pt: float | None = TABLE_FONT_PT, align: Any = None
) -> None:
    """Table cells of this report default to the table font size."""
    fill_cell(cell, lines, size_pt=size_pt, align=align)


def _table(document: Any, headers: Sequence[str]) -> Any:
    table = document.add_table(rows=1, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table)
    set_cell_margins(table)
    row = table.rows[0]
    for cell, header in zip(row.cells, headers, strict=False):
        _cell_text(cell, [(line, True) for line in header.split("\n")], align=WD_ALIGN_PARAGRAPH.CENTER)
        set_cell_shading(cell, FILL_HEADER)
        set_cell_vertical_alignment(cell, "center")
    set_repeat_table_header(row)
    return table


def _docx_summary(document: Any, view: ProgressView) -> None:
    document.add_heading("สรุปผลการดำเนินการรายตัวชี้วัด", level=1)
    if view.overview:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.add_run(view.overview)
    table = document.add_table(rows=2, cols=len(SUMMARY_WIDTHS))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table)
    set_cell_margins(table)
    rows = [*view.summary_rows, *([view.total_row] if view.total_row else [])]
    for row_view in rows:
        row = table.add_row()
        set_row_cant_split(row)
        cells = row.cells
        label_align = WD_ALIGN_PARAGRAPH.CENTER if row_view.total else None
        _cell_text(cells[0], [(row_view.label, row_view.total)], align=label_align)
        for cell, value in zip(cells[1:], [*row_view.counts, row_view.percent], strict=False):
            _cell_text(cell, [(value, row_view.total)], align=WD_ALIGN_PARAGRAPH.CENTER)
        if row_view.total:
            for cell in cells:
                set_cell_shading(cell, FILL_TOTAL)
    set_table_widths(table, SUMMARY_WIDTHS)
    # The header: merged after the widths are set, so that a merged cell's width is the sum of its columns.
    top, second = table.rows[0], table.rows[1]
    header_cells = [
        (top.cells[0].merge(second.cells[0]), SUMMARY_HEADERS[0]),
        (top.cells[1].merge(top.cells[len(SUMMARY_COUNT_HEADERS)]), SUMMARY_HEADERS[1]),
        (top.cells[-1].merge(second.cells[-1]), SUMMARY_HEADERS[2]),
    ]
    header_cells += list(zip(second.cells[1 : 1 + len(SUMMARY_COUNT_HEADERS)], SUMMARY_COUNT_HEADERS, strict=True))
    for cell, header in header_cells:
        _cell_text(cell, [(header, True)], align=WD_ALIGN_PARAGRAPH.CENTER)
        set_cell_shading(cell, FILL_HEADER)
        set_cell_vertical_alignment(cell, "center")
    for row in (top, second):
        set_repeat_table_header(row)
    # Tall enough for the merged "ความก้าวหน้าเฉลี่ย (ร้อยละ)" (four lines): LibreOffice clips a merged
    # cell taller than its rows where the header repeats on the next page.
    second.height = Cm(SUMMARY_SECOND_HEADER_CM)
    second.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    _paragraph(document, view.summary_note, size_pt=TABLE_FONT_PT).paragraph_format.space_before = Pt(2)


def _docx_photos(document: Any, photos: Sequence[Sequence[PhotoView]]) -> None:
    """Photos three to a row, bottom-aligned, with a row of captions and dates under each row of pictures."""
    table = document.add_table(rows=0, cols=PHOTOS_PER_ROW)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table, style="nil")
    set_cell_margins(table, top=0, bottom=0, left=60, right=60)
    for photo_row in photos:
        pictures, captions = table.add_row(), table.add_row()
        for row in (pictures, captions):
            set_row_cant_split(row)
        for cell, photo in zip(pictures.cells, photo_row, strict=False):
            set_cell_vertical_alignment(cell, "bottom")
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_before = Pt(6)
            paragraph.paragraph_format.keep_with_next = True  # the captions stay with their pictures
            paragraph.add_run().add_picture(
                io.BytesIO(photo.jpeg), width=Cm(photo.width_cm), height=Cm(photo.height_cm)
            )
        for cell, photo in zip(captions.cells, photo_row, strict=False):
            _cell_text(cell, [(photo.caption, False)], align=WD_ALIGN_PARAGRAPH.CENTER)
            when = cell.add_paragraph()
            when.alignment = WD_ALIGN_PARAGRAPH.CENTER
            when.paragraph_format.space_after = Pt(4)
            set_run_font(when.add_run(photo.date), size_pt=TABLE_FONT_PT, color="404040")
    set_table_widths(table, (PHOTO_CELL_WIDTH,) * PHOTOS_PER_ROW)


def _docx_measure(document: Any, measure: MeasureView, view: ProgressView) -> None:
    title = _paragraph(document, f"{measure.number} {measure.title}", bold=True, keep_with_next=True)
    title.paragraph_format.space_before = Pt(8)
    title.paragraph_format.left_indent = Cm(0.9)
    title.paragraph_format.first_line_indent = Cm(-0.9)
    if measure.o25_mark:
        _paragraph(document, measure.o25_mark, bold=True, keep_with_next=True).paragraph_format.left_indent = Cm(0.9)
    paragraph = title
    for label, value in measure.details:
        paragraph = _paragraph(document, keep_with_next=True)
        paragraph.paragraph_format.left_indent = Cm(0.9)
        set_run_font(paragraph.add_run(f"{label}: "), bold=True)
        paragraph.add_run(value)
    if not measure.activities:
        paragraph = _paragraph(document, view.no_activities)
        paragraph.paragraph_format.left_indent = Cm(0.9)
        return
    paragraph.paragraph_format.space_after = Pt(4)
    table = _table(document, ACTIVITY_HEADERS)
    for activity in measure.activities:
        row = table.add_row()
        set_row_cant_split(row)
        cells = row.cells
        _cell_text(cells[0], [(f"{activity.number}. {activity.title}", False)])
        _cell_text(cells[1], [(line, False) for line in activity.time_lines], align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell_text(cells[2], [(activity.unit, False)])
        status_lines = [(activity.status, False)] + ([(f"({activity.reason})", False)] if activity.reason else [])
        _cell_text(cells[3], status_lines)
        _cell_text(cells[4], [(activity.percent, False)], align=WD_ALIGN_PARAGRAPH.CENTER)
    set_table_widths(table, ACTIVITY_WIDTHS)
    heading = _paragraph(document, "หลักฐานการดำเนินการ", bold=True, keep_with_next=True)
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.left_indent = Cm(0.9)
    if not measure.with_evidence:
        _paragraph(document, view.no_evidence).paragraph_format.left_indent = Cm(0.9)
        return
    for activity in measure.with_evidence:
        label = _paragraph(document, f"กิจกรรมที่ {activity.number} {activity.title}", keep_with_next=True)
        label.paragraph_format.left_indent = Cm(0.9)
        label.paragraph_format.space_before = Pt(2)
        if activity.photos:
            _docx_photos(document, activity.photo_rows)
        for item in activity.items:
            paragraph = _paragraph(document, f"• {item.line}")
            paragraph.paragraph_format.left_indent = Cm(1.5)
            paragraph.paragraph_format.first_line_indent = Cm(-0.5)


def _docx_from_view(view: ProgressView) -> bytes:
    document = Document()
    setup_docx(document)
    core = document.core_properties
    core.title = f"{view.title_lines[0]} {view.title_lines[1]}"
    core.subject = view.org_line
    core.author = view.org_line or "Prongsai"
    core.keywords = f"ITA, OIT {view.oit_item}".strip(", ")
    core.language = "th-TH"
    add_page_number_footer(document.sections[0], thai_digits=view.thai_digits)

    for index, line in enumerate(view.title_lines):
        if line:
            _paragraph(document, line, bold=True, size_pt=18 if index < 2 else 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    if view.as_of_line:
        _paragraph(document, view.as_of_line, align=WD_ALIGN_PARAGRAPH.CENTER)
    _docx_summary(document, view)
    document.add_heading("ผลการดำเนินการรายมาตรการ", level=1)
    if not view.indicators:
        _paragraph(document, view.no_measures)
    for indicator in view.indicators:
        document.add_heading(indicator.heading, level=2)
        for measure in indicator.measures:
            _docx_measure(document, measure, view)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_docx(data: Mapping[str, Any], *, thai_digits: bool = True) -> bytes:
    """The report as a Word document (A4 portrait, Sarabun 16 pt, tables 14 pt, "หน้า ๑" footers)."""
    return embed_docx_fonts(_docx_from_view(build_view(data, thai_digits=thai_digits)))


# --- PDF ------------------------------------------------------------------------


def render_pdf_html(data: Mapping[str, Any], *, thai_digits: bool = True) -> str:
    """The HTML that :func:`render_pdf` lays out (every user string escaped by Django's autoescape)."""
    from django.template.loader import render_to_string

    view = build_view(data, thai_digits=thai_digits)
    context = {
        "r": view,
        "summary_headers": SUMMARY_HEADERS,
        "summary_count_headers": SUMMARY_COUNT_HEADERS,
        "summary_widths": SUMMARY_WIDTHS_CM,
        "activity_widths": ACTIVITY_WIDTHS_CM,
        "activity_headers": ACTIVITY_HEADERS,
    }
    return render_to_string(TEMPLATE_NAME, context)


def render_pdf_document(data: Mapping[str, Any], *, thai_digits: bool = True) -> Any:
    """The laid-out WeasyPrint Document (``len(doc.pages)`` is the page count; ``doc.write_pdf()`` the bytes)."""
    return render_html(render_pdf_html(data, thai_digits=thai_digits), base_url=TEMPLATE_DIR)


def render_pdf(data: Mapping[str, Any], *, thai_digits: bool = True) -> bytes:
    """The report as PDF (A4 portrait, Sarabun 16 pt, tables 14 pt, "หน้า ๑" footers)."""
    return bytes(render_pdf_document(data, thai_digits=thai_digits).write_pdf())


def render_report(data: Mapping[str, Any], fmt: str, *, thai_digits: bool = True) -> bytes:
    """The report as ``docx`` or ``pdf`` bytes."""
    if fmt == "docx":
        return render_docx(data, thai_digits=thai_digits)
    if fmt == "pdf":
        return render_pdf(data, thai_digits=thai_digits)
    raise ValueError(f"unknown report format {fmt!r}")
