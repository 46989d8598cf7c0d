"""The lists of a round as XLSX: the reconciliation, the assets remaining, and the damaged/lost list."""

from __future__ import annotations

from prongsai.assets.models import CountRound
from prongsai.assets.stockcheck.documents import CONDITION_TH, STATE_TH
from prongsai.assets.stockcheck.reconcile import Reconciliation
from prongsai.core.spreadsheets import workbook_bytes
from prongsai.core.thai import format_date_short


def render_xlsx(round_: CountRound, result: Reconciliation) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "ผลการตรวจนับ"
    sheet.append([str(round_)])
    sheet.append(["เลขครุภัณฑ์", "รายการ", "ผล", "ห้องตามทะเบียน", "ห้องที่พบ", "สภาพ"])
    for item in result.items:
        sheet.append(
            [
                item.code,
                item.data.name if item.data else "",
                STATE_TH[item.state],
                item.room_registered or "",
                item.room_found or "",
                CONDITION_TH.get(item.condition or "", ""),
            ]
        )
    remaining = book.create_sheet("ครุภัณฑ์คงเหลือ")
    remaining.append(["ที่", "เลขครุภัณฑ์", "รายการ", "จำนวน", "ราคาทุน", "สภาพ"])
    present = [i for i in result.items if i.state in ("found", "elsewhere", "damaged", "not_needed")]
    for n, item in enumerate(present, 1):
        cost = item.data.cost if item.data else None
        remaining.append(
            [
                n,
                item.code,
                item.data.name if item.data else "",
                1,
                float(cost) if cost is not None else None,
                CONDITION_TH.get(item.condition or "usable", ""),
            ]
        )
    damaged = book.create_sheet("ชำรุด สูญไป ไม่ใช้")
    damaged.append(
        [
            "ที่",
            "เลขครุภัณฑ์",
            "รายการ",
            "จำนวน",
            "ชำรุด",
            "เสื่อม",
            "สูญไป",
            "ไม่ใช้",
            "ใช้อยู่",
            "วันที่ได้มา",
            "ราคาตามทะเบียน",
            "ผู้ใช้งาน",
            "ชำรุดอย่างไร",
        ]
    )
    listed = [i for i in result.items if i.in_scope and i.state in ("damaged", "missing", "not_needed")]
    for n, item in enumerate(listed, 1):
        data = item.data
        damaged.append(
            [
                n,
                item.code,
                data.name if data else "",
                1,
                "/" if item.state == "damaged" and item.condition == "damaged" else "",
                "/" if item.state == "damaged" and item.condition == "deteriorated" else "",
                "/" if item.state == "missing" else "",
                "/" if item.state == "not_needed" else "",
                "",
                format_date_short(data.acquired_on, thai_digits=False) if data and data.acquired_on else "",
                float(data.cost) if data and data.cost is not None else None,
                data.custodian if data else "",
                item.note,
            ]
        )
    for ws in book.worksheets:
        for cell in ws[1 if ws is not sheet else 2]:
            cell.font = Font(bold=True)
        ws.column_dimensions["B"].width = 16
        ws.column_dimensions["C"].width = 36
    return workbook_bytes(book)
