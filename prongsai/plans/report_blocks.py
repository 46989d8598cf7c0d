"""The 6- and 12-month progress report as document blocks (:mod:`prongsai.core.doc`), from its :class:`ProgressView`.

A4 portrait, Sarabun 16 pt, tables 14 pt with their header rows repeated, photos three to a row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prongsai.core import doc
from prongsai.plans.report_view import PHOTOS_PER_ROW, ActivityView, MeasureView, ProgressView, build_view

__all__ = ["build_document"]

# The summary table has two header rows: "จำนวนกิจกรรม" spans the six counts.
SUMMARY_HEADERS = ("ตัวชี้วัด", "จำนวนกิจกรรม", "ความก้าวหน้าเฉลี่ย (ร้อยละ)")
SUMMARY_COUNT_HEADERS = ("ทั้งหมด", "เสร็จแล้ว", "กำลังดำเนินการ", "ยังไม่เริ่ม", "ติดขัด", "ยกเลิก")
ACTIVITY_HEADERS = ("กิจกรรม", "ระยะเวลา", "หน่วยงาน\nผู้รับผิดชอบ", "สถานะ", "ร้อยละ")  # "\n": a line break
TABLE_FONT_PT = 14
# Widths (cm) on the 16.5 cm of the portrait page, measured so that no header word nor
# "กำลังดำเนินการ" nor a date like "๓๐ พ.ย. ๖๘ –" is broken at 14 pt.
SUMMARY_WIDTHS = (3.7, 1.9, 1.5, 2.5, 1.5, 1.6, 1.7, 2.1)
ACTIVITY_WIDTHS = (5.1, 3.2, 2.8, 3.5, 1.9)
# Tall enough for the merged "ความก้าวหน้าเฉลี่ย (ร้อยละ)" (four lines): LibreOffice clips a merged
# cell taller than its rows where the header repeats on the next page.
SUMMARY_SECOND_HEADER_CM = 2.0
PHOTO_COLUMN_CM = 5.5
PHOTO_FRAME_CM = 3.75
INDENT_CM = 0.9


def _summary(view: ProgressView) -> list[doc.Block]:
    blocks: list[doc.Block] = [doc.Heading("สรุปผลการดำเนินการรายตัวชี้วัด")]
    if view.overview:
        blocks.append(doc.Paragraph(view.overview, align="justify", first_line_cm=1.25, space_after_pt=6))
    header = [
        doc.Row(
            [
                doc.Cell([SUMMARY_HEADERS[0]], rowspan=2),
                doc.Cell([SUMMARY_HEADERS[1]], colspan=len(SUMMARY_COUNT_HEADERS)),
                doc.Cell([SUMMARY_HEADERS[2]], rowspan=2),
            ]
        ),
        doc.Row(list(SUMMARY_COUNT_HEADERS), min_height_cm=SUMMARY_SECOND_HEADER_CM),
    ]
    rows = [
        doc.Row(
            [
                doc.Cell([row.label], align="center" if row.total else None),
                *(doc.Cell([value], align="center") for value in [*row.counts, row.percent]),
            ],
            bold=row.total,
            shade=doc.FILL_TOTAL if row.total else None,
        )
        for row in [*view.summary_rows, *([view.total_row] if view.total_row else [])]
    ]
    return [
        *blocks,
        doc.Table(SUMMARY_WIDTHS, rows, header=header, size_pt=TABLE_FONT_PT),
        doc.Paragraph(view.summary_note, size_pt=TABLE_FONT_PT, space_before_pt=2),
    ]


def _indented(text: doc.Text, **options: Any) -> doc.Paragraph:
    return doc.Paragraph(text, indent_cm=INDENT_CM, **options)


def _activities(measure: MeasureView) -> doc.Table:
    rows = [
        doc.Row(
            [
                f"{activity.number}. {activity.title}",
                doc.Cell(activity.time_lines, align="center"),
                activity.unit,
                doc.Cell([activity.status] + ([f"({activity.reason})"] if activity.reason else [])),
                doc.Cell([activity.percent], align="center"),
            ]
        )
        for activity in measure.activities
    ]
    header = [doc.Row([doc.Cell(tuple(text.split("\n"))) for text in ACTIVITY_HEADERS])]
    return doc.Table(ACTIVITY_WIDTHS, rows, header=header, size_pt=TABLE_FONT_PT)


def _evidence(activity: ActivityView) -> list[doc.Block]:
    blocks: list[doc.Block] = [
        _indented(f"กิจกรรมที่ {activity.number} {activity.title}", keep_with_next=True, space_before_pt=2)
    ]
    if activity.photos:
        figures = [
            doc.Figure(
                photo.jpeg,
                photo.width_cm,
                photo.height_cm,
                alt=photo.caption,
                content_type="image/jpeg",
                caption=[photo.caption],
                note=photo.date,
            )
            for photo in activity.photos
        ]
        blocks.append(doc.Figures(figures, PHOTOS_PER_ROW, PHOTO_COLUMN_CM, frame_height_cm=PHOTO_FRAME_CM))
    if activity.items:
        items: list[doc.Text] = [
            [doc.Run(item.lead), doc.Run(item.detail_text, verbatim=item.verbatim)] for item in activity.items
        ]
        blocks.append(doc.BulletList(items, indent_cm=1.0))
    return blocks


def _measure(measure: MeasureView, view: ProgressView) -> list[doc.Block]:
    blocks: list[doc.Block] = [
        _indented(
            f"{measure.number} {measure.title}",
            bold=True,
            keep_with_next=True,
            space_before_pt=8,
            first_line_cm=-INDENT_CM,
        )
    ]
    if measure.o25_mark:
        blocks.append(_indented(measure.o25_mark, bold=True, keep_with_next=True))
    for index, (label, value) in enumerate(measure.details):
        last = index == len(measure.details) - 1 and bool(measure.activities)
        blocks.append(
            _indented(
                [doc.Run(f"{label}: ", bold=True), value], keep_with_next=True, space_after_pt=4 if last else None
            )
        )
    if not measure.activities:
        return [*blocks, _indented(view.no_activities)]
    blocks += [
        _activities(measure),
        _indented("หลักฐานการดำเนินการ", bold=True, keep_with_next=True, space_before_pt=6),
    ]
    if not measure.with_evidence:
        return [*blocks, _indented(view.no_evidence)]
    for activity in measure.with_evidence:
        blocks += _evidence(activity)
    return blocks


def build_document(data: Mapping[str, Any], *, thai_digits: bool = True) -> doc.Document:
    """The report as blocks: the title, the summary per indicator, then each measure with its activities."""
    view = build_view(data, thai_digits=thai_digits)
    blocks: list[doc.Block] = [doc.Title(view.title_lines, notes=[view.as_of_line] if view.as_of_line else [])]
    blocks += _summary(view)
    blocks.append(doc.Heading("ผลการดำเนินการรายมาตรการ"))
    if not view.indicators:
        blocks.append(doc.Paragraph(view.no_measures))
    for indicator in view.indicators:
        blocks.append(doc.Heading(indicator.heading, level=2))
        for measure in indicator.measures:
            blocks += _measure(measure, view)
    return doc.Document(
        blocks,
        title=f"{view.title_lines[0]} {view.title_lines[1]}",
        subject=view.org_line,
        author=view.org_line,
        keywords=f"ITA, OIT {view.oit_item}".strip(", "),
        thai_digits=view.thai_digits,
    )
