"""The register as XLSX: the import's columns under their Thai headers, so an exported file imports back as it is."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from prongsai.assets.models import Asset
from prongsai.assets.register.importing import COLUMNS, FIELD_OF
from prongsai.core.spreadsheets import append_row, workbook_bytes
from prongsai.core.thai import format_date_input


def _person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def cell_value(asset: Asset, column: str) -> Any:
    field = FIELD_OF[column]
    value = getattr(asset, field)
    if value is None:
        return None
    if field == "acquired_on":
        return format_date_input(value)  # 1/10/2565 in Thai (พ.ศ.), as the import reads it
    if field == "cost":
        return float(value)
    if field in ("method", "status"):
        return str(getattr(asset, f"get_{field}_display")()) if value else None
    if field == "unit":
        return value.name
    if field == "custodian":
        return _person(value)
    return value or None


def register_xlsx(assets: Iterable[Asset], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    append_row(sheet, [c.header for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    money = next(i for i, c in enumerate(COLUMNS, 1) if c.name == "cost")
    for asset in assets:
        append_row(sheet, [cell_value(asset, c.name) for c in COLUMNS])
        sheet.cell(row=sheet.max_row, column=money).number_format = "#,##0.00"
    widths = {"code": 16, "name": 40, "category": 22, "unit": 18, "room": 18, "custodian": 22}
    for index, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = widths.get(column.name, 14)
    sheet.freeze_panes = "A2"
    return workbook_bytes(book)
