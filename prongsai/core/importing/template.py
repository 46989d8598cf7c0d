"""The downloadable template of an :class:`ImportSpec`: an XLSX with the Thai headers (each with a note on
what to write), one sheet per table, and an instructions sheet with an example row; or a CSV header line."""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from prongsai.core.importing.spec import Column, ImportSpec, Table
from prongsai.core.importing.types import Context
from prongsai.core.spreadsheets import workbook_bytes

if TYPE_CHECKING:
    from prongsai.orgs.models import Organisation

TEMPLATE_ROWS = 500  # rows given the drop-down lists and text formats


def example_value(column: Column, context: Context) -> str:
    return column.example or column.type.example(context)


def column_note(column: Column, context: Context) -> str:
    lines = [
        f"{column.header} ({column.name})",
        str(column.type.describe()),
        _("required") if column.required else _("optional"),
    ]
    if column.help:
        lines.append(str(column.help))
    example = example_value(column, context)
    if example:
        lines.append(_("Example: %(example)s") % {"example": example})
    return "\n".join(lines)


def _sheet_title(title: Any) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31] or "Sheet"


def _put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write a cell; text is always text, never a formula (an organisation's unit could be named "=…")."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _data_sheet(book: Any, table: Table, context: Context) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book.create_sheet(_sheet_title(table.title))
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(table.columns, start=1):
        cell = _put(sheet, 1, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        note = Comment(column_note(column, context), "Prongsai")
        note.width, note.height = 320, 160
        cell.comment = note
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        if column.type.text_format:
            sheet.column_dimensions[letter].number_format = "@"
        choices = column.type.choices(context)
        listed = ",".join(choices)
        if choices and len(listed) < 250 and not any(c in listed for c in '"') and all("," not in c for c in choices):
            validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"


def _instructions(book: Any, spec: ImportSpec, context: Context) -> None:
    from openpyxl.styles import Font

    sheet = book.create_sheet(_sheet_title(_("Instructions")))
    names = ", ".join(f"“{_sheet_title(t.title)}”" for t in spec.tables)
    _put(sheet, 1, 1, _("How to fill in this file")).font = Font(bold=True, size=14)
    _put(
        sheet,
        2,
        1,
        _(
            "Write one row per record on the sheet %(sheets)s under its header row, and keep the headers as they "
            "are. Nothing is imported unless every cell is right; the errors name the sheet, row and column."
        )
        % {"sheets": names},
    )
    _put(sheet, 3, 1, _("This sheet is not imported."))
    headings = [_("Sheet"), _("Column"), _("English name"), _("Required"), _("What to write"), _("Example")]
    row = 5
    for index, text in enumerate(headings, start=1):
        _put(sheet, row, index, text).font = Font(bold=True)
    for table in spec.tables:
        for column in table.columns:
            row += 1
            values = [
                _sheet_title(table.title),
                column.header,
                column.name,
                _("required") if column.required else _("optional"),
                " ".join(str(part) for part in (column.type.describe(), column.help) if part),
                example_value(column, context),
            ]
            for index, value in enumerate(values, start=1):
                _put(sheet, row, index, value)
    for table in spec.tables:
        row += 2
        _put(sheet, row, 1, _("An example row of the sheet “%(sheet)s”:") % {"sheet": _sheet_title(table.title)})
        for index, column in enumerate(table.columns, start=1):
            _put(sheet, row + 1, index, column.header).font = Font(bold=True)
            _put(sheet, row + 2, index, example_value(column, context))
        row += 2
    for letter, width in zip("ABCDEF", (18, 22, 18, 12, 60, 18), strict=True):
        sheet.column_dimensions[letter].width = width


def template_xlsx(spec: ImportSpec, *, organisation: Organisation | None = None) -> bytes:
    """The XLSX template, with notes in the active language (headers are always the Thai ones)."""
    from openpyxl import Workbook

    context = Context(organisation=organisation)
    book = Workbook()
    book.remove(book.active)
    for table in spec.tables:
        _data_sheet(book, table, context)
    _instructions(book, spec, context)
    return workbook_bytes(book)  # every text cell as text, never a formula


def template_csv(spec: ImportSpec, *, table: str | None = None) -> bytes:
    """The header line of one table (the first unless named) as UTF-8 CSV with a BOM, which Excel opens in Thai."""
    chosen = spec.table(table) if table else spec.tables[0]
    buffer = io.StringIO()
    csv.writer(buffer).writerow([c.header for c in chosen.columns])
    return buffer.getvalue().encode("utf-8-sig")
