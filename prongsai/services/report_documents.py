"""The service times report as a document (core/doc: DOCX and PDF) and as XLSX (core/spreadsheets), from
``report.report_data``."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from prongsai.core import doc
from prongsai.core.spreadsheets import append_row, workbook_bytes
from prongsai.services.models import QueueEvent

FORMATS = ("json", "docx", "pdf", "xlsx")
CONTENT_TYPES = {
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _num(value: Any, places: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{places}f}"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def period_label(data: dict[str, Any]) -> str:
    year = _("fiscal year %(year)s") % {"year": data["fiscal_year"]}
    if data["quarter"]:
        return _("quarter %(quarter)s of %(year)s") % {"quarter": data["quarter"], "year": year}
    return year


def _reasons(figures: dict[str, Any]) -> str:
    labels = dict(QueueEvent.Reason.choices)
    found = figures["out_of_order"]["reasons"]
    return ", ".join(f"{labels[r]} {n}" for r, n in found.items() if n) or "–"


HEADERS = (
    N_("Service"),
    N_("Served"),
    N_("No-shows"),
    N_("Wait median"),
    N_("Wait P90"),
    N_("Service median"),
    N_("Service P90"),
    N_("Standard"),
    N_("Within standard"),
    N_("Out of turn"),
)


def _headers() -> list[str]:
    return [_(h) for h in HEADERS]


def _cells(name: str, f: dict[str, Any]) -> list[str]:
    return [
        name, _num(f["served"]), _num(f["no_shows"]), _num(f["wait_median_min"]), _num(f["wait_p90_min"]),
        _num(f["service_median_min"]), _num(f["service_p90_min"]), _num(f["standard_min"]),
        _share(f["within_standard_share"]), _num(f["out_of_order"]["count"]),
    ]  # fmt: skip


def _satisfaction(feedback: dict[str, Any]) -> str:
    if not feedback["answers"]:
        return _("e-Feedback: no answers in the period.")
    return _(
        "e-Feedback (1–5, %(answers)s answers): procedure %(procedure)s, staff %(staff)s, place %(place)s, "
        "result %(result)s; overall %(overall)s."
    ) % {k: _num(v, 2) if k != "answers" else _num(v) for k, v in feedback.items()}


def render(data: dict[str, Any], fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2).encode()
    if fmt == "xlsx":
        return _xlsx(data)
    return doc.render(document(data), fmt)


WIDTHS = [2.7, 1.6, 1.3, 1.55, 1.55, 1.55, 1.55, 1.4, 1.8, 1.2]


def document(data: dict[str, Any]) -> doc.Document:
    org, label = data["organisation"]["name"], period_label(data)
    blocks: list[doc.Block] = [
        doc.Title([_("Service times against the standard"), org], notes=[label]),
        doc.Table(
            widths_cm=WIDTHS,
            header=[doc.Row(_headers())],
            rows=[doc.Row(_cells(s["name"], s)) for s in data["services"]]
            or [doc.Row([doc.Cell([_("No services.")], colspan=len(WIDTHS))])],
            size_pt=11,
            dense=True,
        ),
        doc.Paragraph(
            _(
                "Times in minutes. Waiting is from taking the ticket to the first call, service time from the start to the end of the "
                "service, of the tickets served; percentiles by linear interpolation between closest ranks. Within "
                "the standard: the share of served tickets whose service time is at most the standard."
            ),
            size_pt=12,
        ),
    ]
    for service in data["services"]:
        blocks += [
            doc.Heading(service["name"]),
            doc.Table(
                widths_cm=WIDTHS,
                header=[doc.Row([_("Quarter"), *_headers()[1:]])],
                rows=[doc.Row(_cells(str(q["quarter"]), q)) for q in service["quarters"]],
                size_pt=11,
                dense=True,
            ),
            doc.Paragraph(_("Called out of turn: %(reasons)s") % {"reasons": _reasons(service)}, size_pt=12),
            doc.Paragraph(_satisfaction(service["feedback"]), size_pt=12),
        ]
    return doc.Document(blocks, title=_("Service times against the standard"), subject=label, author=org)


def _xlsx(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Services")[:31]
    reasons = list(QueueEvent.Reason.choices)
    append_row(sheet, [_("Quarter"), *_headers(), *[str(label) for _v, label in reasons]])
    for service in data["services"]:
        for part, figures in [("", service), *[(q["quarter"], q) for q in service["quarters"]]]:
            append_row(
                sheet,
                [
                    part or _("all"),
                    service["name"],
                    figures["served"],
                    figures["no_shows"],
                    figures["wait_median_min"],
                    figures["wait_p90_min"],
                    figures["service_median_min"],
                    figures["service_p90_min"],
                    figures["standard_min"],
                    figures["within_standard_share"],
                    figures["out_of_order"]["count"],
                    *[figures["out_of_order"]["reasons"][v] for v, _l in reasons],
                ],
            )
    return workbook_bytes(book)
