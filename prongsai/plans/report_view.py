"""The 6- and 12-month progress report read into printable Thai strings: :func:`build_view` → :class:`ProgressView`.

A pure function of the report data dict of :func:`prongsai.plans.reports.progress_report_data`;
``plans/report_blocks.py`` turns the view into document blocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from prongsai.core.documents import DASH, clean_text, digits
from prongsai.core.documents import as_date as _iso
from prongsai.core.documents import as_int as _int
from prongsai.core.documents import as_list as _list
from prongsai.core.documents import as_mapping as _mapping
from prongsai.core.thai import format_date_long, format_date_short

__all__ = ["STATUS_LABELS", "ProgressView", "build_view"]

TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
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
SUMMARY_NOTE = "ความก้าวหน้าเฉลี่ยคิดจากร้อยละความก้าวหน้าของกิจกรรมที่ไม่ได้ยกเลิก"
THUMB_BOX_CM = (5.0, 3.75)  # photos fit a 5 × 3.75 cm box (4:3), three to a row of the portrait page
PHOTOS_PER_ROW = 3


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


@dataclass(frozen=True)
class EvidenceItemView:
    label: str
    caption: str
    date: str
    detail: str
    quoted: bool = False
    verbatim: bool = False  # an address or a file name: printed as written, no digit change

    @property
    def line(self) -> str:
        """``"ลิงก์: ประกาศ (๖ พ.ย. ๖๘) – https://…"``; a note's text is quoted."""
        return self.lead + self.detail_text

    @property
    def lead(self) -> str:
        return f"{self.label}: {self.caption} ({self.date})" + (" – " if self.detail else "")

    @property
    def detail_text(self) -> str:
        return f"“{self.detail}”" if self.quoted and self.detail else self.detail


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
        label = EVIDENCE_LABELS.get(kind, "หลักฐาน")
        items.append(EvidenceItemView(label, caption, when, detail, quoted, verbatim=kind != "note"))
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
