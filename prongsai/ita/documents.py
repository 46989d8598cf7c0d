"""The ITA analysis report as DOCX and PDF: "การวิเคราะห์ผลการประเมิน ITA ปีงบประมาณ พ.ศ. ... เพื่อนำไปสู่การพัฒนาองค์กร".

A pure function of the *report data* dict (see ``tests/fixtures/report_sample.json``): no ORM, no
settings. The dict is read into a :class:`~prongsai.ita.report_view.ReportView` of ready-to-print Thai
strings (``ita/report_view.py``, charts from ``ita/charts.py``), which :func:`build_document` turns into
the blocks of :mod:`prongsai.core.doc`; its one DOCX and one PDF renderer lay them out.

An official document prints only what belongs in it: the score computed from the indicators, the
warnings about it and the framework's unconfirmed points stay on the staff results page (the last for
platform admins) and in the JSON.

Public API: :func:`render_report`, :func:`render_docx`, :func:`render_pdf`, :func:`build_document`,
:func:`build_view`, :func:`indicator_chart_png`, :func:`summary_chart_png`, :func:`clear_chart_cache`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from prongsai.core import doc
from prongsai.core.documents import DASH
from prongsai.ita.charts import clear_chart_cache, indicator_chart_png, summary_chart_png
from prongsai.ita.report_view import ReportView, build_view

__all__ = [
    "PLAN_HEADERS",
    "SUMMARY_HEADERS",
    "TOOL_HEADERS",
    "ReportView",
    "build_document",
    "build_view",
    "clear_chart_cache",
    "indicator_chart_png",
    "render_docx",
    "render_pdf",
    "render_report",
    "summary_chart_png",
]

ANALYSIS_LEAD = "ผลการวิเคราะห์ตัวชี้วัดที่สอดคล้อง:"
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
FILL_BELOW = "FCE4D0"

# Widths (cm) on the 16.5 cm of a portrait page and the 25.2 cm of a landscape one.
SUMMARY_WIDTHS = (2.6, 10.4, 3.5)
TOOL_WIDTHS = (10.9, 3.0, 2.6)
PLAN_WIDTHS = (1.5, 5.4, 6.3, 6.3, 2.6, 3.1)
PLAN_FONT_PT = 14
CHART_WIDTH_CM = 7.9
SUMMARY_CHART_WIDTH_CM = 15.5


def _header(headers: tuple[str, ...]) -> doc.Row:
    return doc.Row(list(headers))


def _charts(view: ReportView) -> list[doc.Block]:
    blocks: list[doc.Block] = []
    if view.indicator_charts:
        figures = [doc.Figure(chart.png, CHART_WIDTH_CM, alt=chart.alt) for chart in view.indicator_charts]
        blocks.append(doc.Figures(figures, per_row=2, column_cm=8.25))
    if view.summary_chart is not None:
        chart = view.summary_chart
        blocks.append(doc.Figure(chart.png, SUMMARY_CHART_WIDTH_CM, alt=chart.alt, space_before_pt=6))
    return blocks


def _summary(view: ReportView) -> list[doc.Block]:
    rows = [
        doc.Row(
            [
                doc.Cell([row.number], align="center"),
                row.name,
                doc.Cell([row.score], align="center", shade=FILL_BELOW if row.below_pass else None),
            ]
        )
        for row in view.indicator_rows
    ]
    blocks: list[doc.Block] = [
        doc.Heading("สรุปผลการประเมินรายตัวชี้วัด"),
        doc.Table(SUMMARY_WIDTHS, rows, header=[_header(SUMMARY_HEADERS)], size_pt=None),
    ]
    if view.below_note:
        blocks.append(doc.Paragraph(view.below_note, size_pt=14))
    tools = [
        doc.Row(
            [
                f"{tool.name} ({tool.code})",
                doc.Cell([tool.weight], align="center"),
                doc.Cell([tool.score], align="center"),
            ]
        )
        for tool in view.tool_rows
    ]
    blocks += [
        doc.Paragraph(),
        doc.Table(TOOL_WIDTHS, tools, header=[_header(TOOL_HEADERS)], size_pt=None),
        doc.Paragraph(),
    ]
    blocks += [doc.Paragraph([doc.Run(f"{line.label}: ", bold=True), line.value]) for line in view.score_lines]
    return blocks


def _analyses(view: ReportView) -> list[doc.Block]:
    blocks: list[doc.Block] = []
    for analysis in view.analyses:
        blocks += [
            doc.Heading(analysis.heading, level=2),
            doc.Paragraph(analysis.score_line, keep_with_next=True),
            doc.Paragraph(
                [doc.Run(ANALYSIS_LEAD, bold=True), " " + analysis.text], align="justify", first_line_cm=1.25
            ),
        ]
        if analysis.related:
            blocks.append(doc.Paragraph(analysis.related))
    return blocks


def _plan(view: ReportView) -> list[doc.Block]:
    rows: list[doc.Row] = []
    for group in view.plan_groups:
        for index, item in enumerate(group.items):
            title: list[Any] = [doc.Paragraph(item.title, bold=True)]
            if item.o25_mark:
                title.append(doc.Paragraph(item.o25_mark, bold=True))
            if item.activity:
                title.append(f"- กิจกรรม: {item.activity}")
            cells: list[Any] = [
                doc.Cell(title),
                item.analysis or DASH,
                doc.Cell(item.steps or [DASH]),
                doc.Cell([item.time_frame], align="center"),
                doc.Cell(item.units),
            ]
            if index == 0:
                cells.insert(0, doc.Cell([group.number], align="center", rowspan=len(group.items)))
            rows.append(doc.Row(cells, keep=item.keep_together))
    if not view.plan_groups:
        rows.append(doc.Row([doc.Cell([view.plan_empty], align="center", colspan=len(PLAN_HEADERS))]))
    return [
        doc.SectionBreak(landscape=True),
        doc.Paragraph(view.plan_caption, bold=True, align="center", space_after_pt=6, keep_with_next=True),
        doc.Table(PLAN_WIDTHS, rows, header=[_header(PLAN_HEADERS)], size_pt=PLAN_FONT_PT),
    ]


def build_document(
    report: Mapping[str, Any], *, thai_digits: bool = True, view: ReportView | None = None
) -> doc.Document:
    """The report as document blocks: title, charts, summary, analyses (portrait), the plan (landscape)."""
    if view is None:
        view = build_view(report, thai_digits=thai_digits)
    blocks: list[doc.Block] = [doc.Title(view.title_lines), doc.Heading("ผลการประเมินรายตัวชี้วัด")]
    blocks += _charts(view) + _summary(view) + _analyses(view) + _plan(view)
    return doc.Document(
        blocks,
        title=view.title_lines[0],
        subject=view.org_line,
        author=view.org_line,
        thai_digits=view.thai_digits,
    )


def render_report(report: Mapping[str, Any], fmt: str, *, thai_digits: bool = True) -> bytes:
    """The report as ``json``, ``docx`` or ``pdf`` bytes."""
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2).encode()
    if fmt in ("docx", "pdf"):
        return doc.render(build_document(report, thai_digits=thai_digits), fmt)
    raise ValueError(f"unknown report format {fmt!r}")


def render_docx(report: Mapping[str, Any], *, thai_digits: bool = True) -> bytes:
    """The report as a Word document (A4, Sarabun 16 pt, the plan table on landscape pages)."""
    return render_report(report, "docx", thai_digits=thai_digits)


def render_pdf(report: Mapping[str, Any], *, thai_digits: bool = True) -> bytes:
    """The report as PDF (A4, Sarabun 16 pt, the plan table on landscape pages, "หน้า ๑" footers)."""
    return render_report(report, "pdf", thai_digits=thai_digits)
