"""Reading a CSV or XLSX file row by row, so that a file far over the row limit is never read whole.

:func:`open_sheets` yields :class:`RawSheet` objects whose ``rows`` is a generator of
``(row number as the person sees it, cells)`` for the non-empty rows only. A CSV is one sheet named
``None``. Whole-file problems are raised as :class:`ImportFailed` with one :class:`FileError`.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from prongsai.core import archives
from prongsai.core.importing.errors import FileError, ImportFailed, lazy_format

SAMPLE_BYTES = 64 * 1024  # read first to choose the encoding and the CSV dialect
MAX_LINE_CHARS = 100_000  # a longer line is not a table
MAX_XLSX_UNPACKED = 100 * 1024 * 1024  # what the workbook says it unpacks to (Python's zipfile holds it to that)
MAX_XLSX_ENTRIES = 2000


@dataclass(frozen=True)
class FormulaWithoutValue:
    """An XLSX cell holding a formula whose result was never saved (e.g. written by a program, not Excel)."""

    cell: str  # "B4"
    formula: str

    def __str__(self) -> str:
        return self.formula


@dataclass
class RawSheet:
    name: str | None  # None for a CSV file
    rows: Iterator[tuple[int, list[Any]]]


def _refuse(file_name: str, reason: Any) -> ImportFailed:
    return ImportFailed([FileError(file_name, reason)])


def _has_content(cells: list[Any]) -> bool:
    return any(not (v is None or (isinstance(v, str) and not v.strip())) for v in cells)


def open_sheets(file_name: str, stream: IO[bytes]) -> Iterator[RawSheet]:
    """The sheets of the file, read lazily. The kind of file is told from its content, then its name."""
    stream.seek(0)
    head = stream.read(SAMPLE_BYTES)
    stream.seek(0)
    lower = file_name.lower()
    if not head.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise _refuse(file_name, _("the file is empty"))
    if head.startswith(b"PK\x03\x04") and lower.endswith((".xlsx", ".xlsm")):
        return _xlsx_sheets(file_name, stream)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(file_name, _("this is an old Excel .xls file: save it as .xlsx or CSV and import that"))
    if lower.endswith((".xlsx", ".xlsm")):
        raise _refuse(file_name, _("the file is not a readable XLSX workbook"))
    if lower.endswith((".csv", ".txt", ".tsv")) and not head.startswith((b"PK\x03\x04", b"%PDF")):
        return _one(RawSheet(None, _csv_rows(file_name, stream, head)))
    raise _refuse(file_name, _("only CSV and XLSX files can be imported"))


def _one(sheet: RawSheet) -> Iterator[RawSheet]:
    yield sheet


# --- CSV ----------------------------------------------------------------------------------------


def _encoding(file_name: str, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode text"
    if b"\x00" in head:
        raise _refuse(file_name, _("the file is not a CSV text file"))
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < SAMPLE_BYTES)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    try:
        head.decode("cp874")  # Thai Windows (TIS-620 and Microsoft's additions): Excel's CSV on a Thai PC
    except UnicodeDecodeError as exc:
        raise _refuse(file_name, _("the file is not UTF-8 or Thai Windows text")) from exc
    return "cp874"


def _lines(file_name: str, text: IO[str]) -> Iterator[str]:
    try:
        while line := text.readline(MAX_LINE_CHARS + 1):
            if len(line) > MAX_LINE_CHARS:
                raise _refuse(
                    file_name, lazy_format(_("a line is longer than %(count)s characters"), count=MAX_LINE_CHARS)
                )
            yield line
    except UnicodeDecodeError as exc:
        raise _refuse(file_name, _("the file is not UTF-8 or Thai Windows text")) from exc


def _csv_rows(file_name: str, stream: IO[bytes], head: bytes) -> Iterator[tuple[int, list[Any]]]:
    encoding = _encoding(file_name, head)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    lines = _lines(file_name, text)
    sample = list(itertools.islice(lines, 200))
    try:
        dialect: Any = csv.Sniffer().sniff("".join(sample)[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(itertools.chain(sample, lines), dialect)
    start = 1
    try:
        for record in reader:
            if _has_content(record):
                yield start, record
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _refuse(
            file_name, lazy_format(_("line %(line)s cannot be read as CSV: %(error)s"), line=start, error=exc)
        ) from exc
    finally:
        text.detach()


# --- XLSX ---------------------------------------------------------------------------------------


def _xlsx_sheets(file_name: str, stream: IO[bytes]) -> Iterator[RawSheet]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_XLSX_ENTRIES or sum(e.file_size for e in entries) > MAX_XLSX_UNPACKED:
                raise _refuse(file_name, _("the workbook would unpack to too much data"))
            # Every part unpacked in chunks and counted before openpyxl reads any in one go, trusting its size.
            archives.check_archive(archive, archives.Budget())
        stream.seek(0)
        book = load_workbook(stream, read_only=True, data_only=True)
    except ImportFailed:
        raise
    except (archives.ArchiveTooLarge, archives.BudgetExceeded) as exc:
        raise _refuse(file_name, _("the workbook would unpack to too much data")) from exc
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a damaged file
        raise _refuse(file_name, _("the file is not a readable XLSX workbook")) from exc
    try:
        for sheet in book.worksheets:
            yield RawSheet(sheet.title, _xlsx_rows(file_name, book, sheet))
    finally:
        book.close()


def _xlsx_rows(file_name: str, book: Any, sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    """Rows of a read-only worksheet, with :class:`FormulaWithoutValue` where a formula has no saved result.

    openpyxl's ``data_only`` reading gives ``None`` both for an empty cell and for a formula without a
    cached value, so the worksheet XML is parsed here with openpyxl's own parser, told apart per cell.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            formula = element.find(FORMULA_TAG)
            if formula is not None and cell["value"] is None:
                saved = element.find(VALUE_TAG)
                if saved is None or (not saved.text and element.get("t") != "str"):
                    where = f"{get_column_letter(cell['column'])}{cell['row']}"
                    cell["value"] = FormulaWithoutValue(where, "=" + (formula.text or "…"))
            return cell

    try:
        with sheet._get_source() as source:
            parser = Parser(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for number, cells in parser.parse():
                if not cells:
                    continue
                row: list[Any] = [None] * max(c["column"] for c in cells)
                for c in cells:
                    row[c["column"] - 1] = c["value"]
                if _has_content(row):
                    yield number, row
    except ImportFailed:
        raise
    except Exception as exc:
        raise _refuse(file_name, _("the file is not a readable XLSX workbook")) from exc
