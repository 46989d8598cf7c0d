"""The monthly OIT report as document blocks (:mod:`prongsai.core.doc`), from its :class:`MonthlyView`.

Page one portrait (the summary to the executives), then the tables on landscape pages, 14 pt, with
their header rows repeated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from prongsai.core import doc
from prongsai.core.documents import DASH
from prongsai.disclosure.report_view import DefectRowView, MonthlyView, build_view

__all__ = ["build_document"]

# Widths (cm): the portrait text is 16.5 cm wide, the landscape text 25.2 cm, measured so that at
# 14 pt no item code ("O๒๖"), state ("เผยแพร่แล้ว"), short date ("๓๐ พ.ย. ๖๘") nor bold header word is broken.
STATE_WIDTHS = (2.2, 3.0, 3.0, 3.0, 3.0, 2.3)
FIGURE_WIDTHS = (11.0, 5.5)
ITEM_WIDTHS = (1.5, 6.2, 4.8, 3.0, 2.7, 7.0)
DEFECT_WIDTHS = (1.5, 6.2, 5.8, 11.7)
STEP_WIDTHS = (3.1, 1.5, 5.0, 10.6, 5.0)
ACTION_WIDTHS = (1.5, 6.2, 4.4, 3.0, 10.1)
CHANGE_COLOURS = {"up": "1E7B34", "down": "B00020"}


def _centred(*lines: Any) -> doc.Cell:
    return doc.Cell([line for line in lines if line], align="center")


def _headed_table(widths: Sequence[float], headers: Sequence[str], rows: list[doc.Row]) -> doc.Table:
    return doc.Table(widths, rows, header=[doc.Row(list(headers))])


def _summary(view: MonthlyView) -> list[doc.Block]:
    blocks: list[doc.Block] = [
        doc.Title([view.title, view.period_line, view.org_line, view.year_line]),
        doc.Paragraph(view.date_line, align="right", space_before_pt=12),
        doc.Paragraph(view.addressee, space_before_pt=6),
        doc.Paragraph(view.intro, align="justify", first_line_cm=1.25, space_before_pt=6, space_after_pt=4),
    ]
    blocks += [doc.Paragraph([doc.Run(f"{label}: ", bold=True), value]) for label, value in view.audit_lines]
    if view.notices:
        blocks.append(doc.NoteBox(view.notices, code=view.command))
    counts = [doc.Cell([count], align="center") for count in view.state_counts]
    counts[-1] = doc.Cell([view.state_counts[-1]], align="center", bold=True, shade=doc.FILL_TOTAL)
    figures = [
        doc.Row([doc.Cell([label], shade=doc.FILL_TOTAL), doc.Cell([value], align="center")])
        for label, value in view.figures
    ]
    return [
        *blocks,
        doc.Heading(view.text["summary"]),
        doc.Paragraph(view.text["states"], bold=True, keep_with_next=True, space_after_pt=2),
        _headed_table(STATE_WIDTHS, view.state_headers, [doc.Row(counts)]),
        doc.Paragraph(),
        doc.Table(FIGURE_WIDTHS, figures),
    ]


def _items(view: MonthlyView) -> list[doc.Block]:
    blocks: list[doc.Block] = [doc.Heading(view.text["items"])]
    if not view.items:
        return [*blocks, doc.Paragraph(view.text["no_items"])]
    rows = []
    for item in view.items:
        change = (
            doc.Paragraph(doc.Run(item.change, color=CHANGE_COLOURS.get(item.change_class))) if item.change else None
        )
        rows.append(
            doc.Row(
                [
                    _centred(item.code),
                    item.title,
                    doc.Cell(item.responsible),
                    item.state,
                    _centred(item.health, change),
                    doc.Cell(item.defects, bullets=True),
                ]
            )
        )
    return [
        *blocks,
        _headed_table(ITEM_WIDTHS, view.headers["items"], rows),
        doc.Paragraph(view.item_note, size_pt=14, space_before_pt=2),
    ]


def _defects(rows: Sequence[DefectRowView], headers: Sequence[str]) -> doc.Table:
    lines = []
    for defect in rows:
        where: list[Any] = [defect.document] if defect.document else []
        if defect.url:
            where.append(doc.Run(defect.url, verbatim=True))  # an address is printed as written
        lines.append(doc.Row([_centred(defect.code), defect.title, defect.label, doc.Cell(where or [DASH])]))
    return _headed_table(DEFECT_WIDTHS, headers, lines)


def _changes(view: MonthlyView) -> list[doc.Block]:
    blocks: list[doc.Block] = [doc.Heading(view.text["changes"])]
    for heading, rows, empty in view.defect_sections:
        blocks.append(doc.Heading(heading, level=2))
        if rows is None:
            blocks.append(doc.Paragraph(view.defects_note))
        elif not rows:
            blocks.append(doc.Paragraph(empty))
        else:
            blocks.append(_defects(rows, view.headers["defects"]))
    blocks.append(doc.Heading(view.text["steps"], level=2))
    if not view.steps:
        return [*blocks, doc.Paragraph(view.text["no_steps"])]
    steps = [
        doc.Row([_centred(step.date), _centred(step.code), step.action, step.detail, step.by]) for step in view.steps
    ]
    return [*blocks, _headed_table(STEP_WIDTHS, view.headers["steps"], steps)]


def _actions(view: MonthlyView) -> list[doc.Block]:
    blocks: list[doc.Block] = [doc.Heading(view.text["action"])]
    if not view.groups:
        return [*blocks, doc.Paragraph(view.text["no_action"])]
    for group in view.groups:
        rows = [
            doc.Row(
                [_centred(item.code), item.title, item.officer or DASH, item.state, doc.Cell(item.todo, bullets=True)]
            )
            for item in group.items
        ]
        blocks += [doc.Heading(group.heading, level=2), _headed_table(ACTION_WIDTHS, view.headers["actions"], rows)]
    return blocks


def build_document(data: Mapping[str, Any], *, thai_digits: bool = True) -> doc.Document:
    """The report as blocks: the summary (portrait), every item, the changes and the actions (landscape)."""
    view = build_view(data, thai_digits=thai_digits)
    blocks = [*_summary(view), doc.SectionBreak(landscape=True), *_items(view), *_changes(view), *_actions(view)]
    return doc.Document(
        blocks,
        title=view.docx_title,
        subject=view.org_line,
        author=view.org_line,
        keywords="ITA, OIT",
        language=view.language,
        thai_digits=view.thai_digits,
        page_label=view.text["page"],
    )
