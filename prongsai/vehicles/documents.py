"""The vehicle report as a document: the summary and the flags, the monthly logbook (แบบ ๔) and the fuel
account (บัญชีแสดงการใช้น้ำมัน) of each vehicle, from the report data (``selectors.report_data``), on core/doc;
and the same as XLSX (``core/spreadsheets``)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from prongsai.core import doc
from prongsai.core.spreadsheets import append_row, workbook_bytes
from prongsai.core.thai import format_date_short

FORMATS = ("json", "docx", "pdf", "xlsx")
CONTENT_TYPES = {
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def flag_labels() -> dict[str, str]:
    return {
        "no_approval": _("No approval"),
        "self_approved": _("Approved by the driver"),
        "overlap": _("Two trips at once"),
        "odometer_gap": _("Kilometres not logged"),
        "odometer_backwards": _("Odometer went back"),
        "overnight_away": _("Overnight away without permission"),
        "off_hours": _("Night, weekend or holiday trip without a reason"),
        "fuel_rate": _("Fuel use off the announced rate"),
        "late_entry": _("Entered late (back-dated)"),
    }


def _day(text: str | None) -> str:
    return format_date_short(date.fromisoformat(text)) if text else ""


def _num(value: Any, places: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{places}f}"


def render(data: dict[str, Any], fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2).encode()
    if fmt == "xlsx":
        return _xlsx(data)
    return doc.render(document(data), fmt)


def document(data: dict[str, Any]) -> doc.Document:
    org = data["organisation"]["name"]
    label = data["period"]["label"]
    labels = flag_labels()
    blocks: list[doc.Block] = [
        doc.Title(
            [_("Use of official vehicles"), org], notes=[_("Logbook and fuel account, %(period)s") % {"period": label}]
        ),
        doc.Heading(_("Summary")),
        doc.Table(
            widths_cm=[3.6, 2.0, 2.6, 2.4, 2.6, 2.8],
            header=[
                doc.Row(
                    [_("Vehicle"), _("Trips"), _("Distance (km)"), _("Litres"), _("km per litre"), _("Announced rate")]
                )
            ],
            rows=[
                doc.Row(
                    [
                        v["plate"],
                        _num(v["trips"]),
                        _num(v["distance_km"]),
                        _num(v["litres"]),
                        _num(v["km_per_litre"]),
                        _num(v["rate_km_per_litre"]),
                    ]
                )
                for v in data["vehicles"]
            ]
            + [
                doc.Row(
                    [
                        doc.Cell([_("Total")], bold=True),
                        _num(data["trip_count"]),
                        _num(data["distance_km"]),
                        _num(data["litres"]),
                        _num(data["km_per_litre"]),
                        "",
                    ],
                    shade=doc.FILL_TOTAL,
                )
            ],
        ),
        doc.Paragraph(
            _(
                "km per litre is computed full tank to full tank: the kilometres between two full tanks over the litres put in after the first."
            ),
            size_pt=13,
        ),
        doc.Heading(_("Flags")),
    ]
    if data["flags"]:
        blocks.append(
            doc.Table(
                widths_cm=[2.4, 2.8, 3.6, 7.2],
                header=[doc.Row([_("Date"), _("Vehicle"), _("Flag"), _("Detail")])],
                rows=[
                    doc.Row([_day(f["date"]), f["plate"], labels.get(f["code"], f["code"]), f["detail"]])
                    for f in data["flags"]
                ],
                size_pt=13,
            )
        )
        blocks.append(
            doc.Paragraph(
                _("A flag shows a risk to look into; it does not mean that anything wrong was done."), size_pt=13
            )
        )
    else:
        blocks.append(doc.Paragraph(_("No flags in this period.")))
    for vehicle in data["vehicles"]:
        blocks += [doc.SectionBreak(landscape=True), *_logbook(data, vehicle), *_fuel(vehicle)]
    return doc.Document(blocks, title=_("Use of official vehicles"), subject=label, author=org)


def _logbook(data: dict[str, Any], vehicle: dict[str, Any]) -> list[doc.Block]:
    trips = [t for t in data["trips"] if t["plate"] == vehicle["plate"]]
    labels = flag_labels()
    rows = []
    for t in trips:
        notes = []
        if t["backdated"]:
            notes.append(_("back-dated: %(reason)s") % {"reason": t["late_reason"]})
        if t["exception_reason"]:
            notes.append(t["exception_reason"])
        notes += [labels[c] for c in t["flags"] if c != "late_entry"]
        when = _day(t["date"])
        if t["date_in"] and t["date_in"] != t["date"]:
            when += " – " + _day(t["date_in"])
        rows.append(
            doc.Row(
                [
                    when,
                    t["driver"],
                    t["destination"],
                    t["purpose"],
                    t["time_out"],
                    t["time_in"] or "",
                    _num(t["odometer_out"]),
                    _num(t["odometer_in"]),
                    _num(t["distance_km"]),
                    t["approved_by"],
                    "; ".join(notes),
                ]
            )
        )
    if not rows:
        rows.append(doc.Row([doc.Cell([_("No trips in this period.")], colspan=11)]))
    return [
        doc.Title(
            [_("Vehicle logbook (form 4)"), f"{vehicle['plate']} · {vehicle['kind']}"],
            large=1,
            notes=[f"{data['organisation']['name']} · {data['period']['label']}"],
        ),
        doc.Table(
            widths_cm=[2.5, 2.8, 3.2, 3.3, 1.8, 1.8, 2.1, 2.1, 1.3, 2.5, 2.9],
            header=[
                doc.Row(
                    [
                        _("Date"),
                        _("Driver"),
                        _("Destination"),
                        _("Purpose"),
                        _("Out"),
                        _("In"),
                        _("Odometer out"),
                        _("Odometer in"),
                        _("km"),
                        _("Approved by"),
                        _("Notes"),
                    ]
                )
            ],
            rows=rows,
            size_pt=12,
            dense=True,
        ),
    ]


def _fuel(vehicle: dict[str, Any]) -> list[doc.Block]:
    slips = vehicle["fuel_slips"]
    by_end = {i["to"] + str(i["odometer_to"]): i for i in vehicle["intervals"]}
    rows = []
    previous = None
    for n, s in enumerate(slips, start=1):
        interval = by_end.get(s["date"] + str(s["odometer"])) if s["full_tank"] else None
        rows.append(
            doc.Row(
                [
                    str(n),
                    _day(s["date"]),
                    _num(s["odometer"]),
                    _num(s["odometer"] - previous) if previous is not None else "",
                    _num(s["litres"]),
                    _num(s["amount"]),
                    _("yes") if s["full_tank"] else _("no"),
                    _num(interval["distance_km"]) if interval else "",
                    _num(interval["km_per_litre"]) if interval else "",
                ]
            )
        )
        previous = s["odometer"]
    if not rows:
        rows.append(doc.Row([doc.Cell([_("No fuel slips in this period.")], colspan=9)]))
    else:
        rows.append(
            doc.Row(
                [
                    doc.Cell([_("Total")], colspan=4, bold=True),
                    _num(vehicle["litres"]),
                    _num(vehicle["amount"]),
                    "",
                    "",
                    _num(vehicle["km_per_litre"]),
                ],
                shade=doc.FILL_TOTAL,
            )
        )
    return [
        doc.Heading(_("Fuel account: %(plate)s") % {"plate": vehicle["plate"]}),
        doc.Paragraph(
            _("Fuel: %(fuel)s · announced rate %(rate)s km per litre")
            % {"fuel": vehicle["fuel"], "rate": _num(vehicle["rate_km_per_litre"])},
            size_pt=13,
        ),
        doc.Table(
            widths_cm=[1.2, 3.0, 3.0, 3.0, 2.6, 3.2, 2.2, 3.6, 3.6],
            header=[
                doc.Row(
                    [
                        _("No."),
                        _("Date filled"),
                        _("Odometer"),
                        _("km since the last slip"),
                        _("Litres"),
                        _("Amount (baht)"),
                        _("Full tank"),
                        _("km full to full"),
                        _("km per litre"),
                    ]
                )
            ],
            rows=rows,
            size_pt=12,
            dense=True,
        ),
    ]


def _xlsx(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    labels = flag_labels()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Logbook")[:31]
    append_row(
        sheet,
        [
            _("Vehicle"),
            _("Date"),
            _("Date back"),
            _("Driver"),
            _("Destination"),
            _("Purpose"),
            _("Out"),
            _("In"),
            _("Odometer out"),
            _("Odometer in"),
            _("km"),
            _("Approved by"),
            _("Reason for entering it late"),
            _("Reason for an overnight, night or weekend trip"),
        ],
    )
    for t in data["trips"]:
        append_row(
            sheet,
            [
                t["plate"],
                t["date"],
                t["date_in"] or "",
                t["driver"],
                t["destination"],
                t["purpose"],
                t["time_out"],
                t["time_in"] or "",
                t["odometer_out"],
                t["odometer_in"],
                t["distance_km"],
                t["approved_by"],
                t["late_reason"],
                t["exception_reason"],
            ],
        )
    fuel = book.create_sheet(_("Fuel")[:31])
    append_row(fuel, [_("Vehicle"), _("Date"), _("Odometer"), _("Litres"), _("Amount (baht)"), _("Full tank")])
    for v in data["vehicles"]:
        for s in v["fuel_slips"]:
            append_row(
                fuel,
                [
                    s["plate"],
                    s["date"],
                    s["odometer"],
                    s["litres"],
                    s["amount"],
                    _("yes") if s["full_tank"] else _("no"),
                ],
            )
    account = book.create_sheet(_("Full to full")[:31])
    append_row(
        account, [_("Vehicle"), _("From"), _("To"), _("km"), _("Litres"), _("km per litre"), _("Announced rate")]
    )
    for v in data["vehicles"]:
        for i in v["intervals"]:
            append_row(
                account,
                [
                    v["plate"],
                    i["from"],
                    i["to"],
                    i["distance_km"],
                    i["litres"],
                    i["km_per_litre"],
                    i["rate_km_per_litre"],
                ],
            )
    flags = book.create_sheet(_("Flags")[:31])
    append_row(flags, [_("Date"), _("Vehicle"), _("Code"), _("Flag"), _("Detail")])
    for f in data["flags"]:
        append_row(flags, [f["date"], f["plate"], f["code"], labels.get(f["code"], f["code"]), f["detail"]])
    return workbook_bytes(book)
