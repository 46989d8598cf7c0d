"""A module declares the columns of its file once (:class:`ImportSpec`); :func:`read_file` checks every cell.

The reading stops as soon as the row limit is passed. Every bad cell is collected (sheet, row, column,
value, reason); the module adds its own row checks through :meth:`Row.error`, then calls
:meth:`ImportResult.check`, and writes only when nothing was wrong, in one transaction.
"""

from __future__ import annotations

import io
from contextlib import closing
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from prongsai.core.importing.errors import CellError, FileError, ImportFailed, Invalid, lazy_format
from prongsai.core.importing.reading import FormulaWithoutValue, RawSheet, open_sheets
from prongsai.core.importing.types import CellType, Context, cell_text, normalise

if TYPE_CHECKING:
    from prongsai.orgs.models import Organisation

MAX_ROWS = 2000


@dataclass(frozen=True)
class Column:
    """``name`` is the English name (also a header the file may use), ``header`` the Thai header of the template."""

    name: str
    header: str
    type: CellType
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: str = ""  # as a person would type it; the type's own example when empty
    help: Any = ""  # a lazy translation for the template and the upload page

    def headers(self) -> set[str]:
        return {normalise(h) for h in (self.name, self.header, *self.aliases)}


@dataclass(frozen=True)
class Table:
    """The columns of one kind of sheet. A sheet is this table's when its header row has every required
    column and, if ``needs_one_of`` names columns, at least one of them."""

    name: str
    title: Any  # the sheet's name in the template (a lazy translation)
    columns: tuple[Column, ...]
    needs_one_of: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def match(self, header: list[Any]) -> dict[int, Column] | None:
        by_header = {h: c for c in self.columns for h in c.headers()}
        found: dict[int, Column] = {}
        for index, text in enumerate(header):
            column = by_header.get(normalise(cell_text(text)))
            if column is not None and column not in found.values():
                found[index] = column
        names = {c.name for c in found.values()}
        if any(c.required and c.name not in names for c in self.columns):
            return None
        if self.needs_one_of and not names & set(self.needs_one_of):
            return None
        return found

    def wanted(self) -> str:
        """The columns a header row must have, as a person reads them."""
        required = [f"“{c.header}”" for c in self.columns if c.required]
        text = ", ".join(required)
        if self.needs_one_of:
            some = [f"“{self.column(n).header}”" for n in self.needs_one_of]
            some = some if len(some) <= 3 else [some[0], "…", some[-1]]
            text = str(lazy_format(_("%(columns)s and at least one of %(some)s"), columns=text, some=" ".join(some)))
        return text


@dataclass(frozen=True)
class ImportSpec:
    tables: tuple[Table, ...]
    max_rows: int = MAX_ROWS  # data rows of the whole file (every sheet)
    file_stem: str = "import"  # the template's file name without the extension

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


@dataclass
class Row:
    """One data row that was read: ``values`` by column name (None for an empty optional cell)."""

    result: ImportResult
    table: Table
    sheet: str | None
    sheet_index: int
    number: int
    values: dict[str, Any]
    texts: dict[str, tuple[int, str, str]]  # column name -> (position, header in the file, cell as text)
    ok: bool = True

    def error(self, column: str, reason: Any, value: str | None = None) -> None:
        """A module's own check failed for this row, named at ``column``."""
        position, header, text = self.texts.get(column, (0, self.table.column(column).header, ""))
        self.result.errors.append(
            CellError(
                self.sheet, self.number, header, text if value is None else value, reason, (self.sheet_index, position)
            )
        )
        self.ok = False

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)


@dataclass
class ImportResult:
    file_name: str
    rows: dict[str, list[Row]] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)

    def of(self, table: str) -> list[Row]:
        return self.rows.get(table, [])

    def check(self) -> None:
        """Raise :class:`ImportFailed` with every error, in the order they appear in the file."""
        if self.errors:
            raise ImportFailed(sorted(self.errors, key=lambda e: (e.order[0], e.row, e.order[1])))


def read_file(
    spec: ImportSpec,
    *,
    file_name: str,
    content: bytes | IO[bytes],
    organisation: Organisation | None = None,
) -> ImportResult:
    """Read and check every cell. Whole-file problems raise :class:`ImportFailed` at once; cell errors are
    collected in ``result.errors`` (call ``result.check()`` after the module's own row checks)."""
    stream = io.BytesIO(content) if isinstance(content, bytes | bytearray) else content
    context = Context(organisation=organisation)
    result = ImportResult(file_name)
    count = 0
    matched = 0
    first_header: tuple[str | None, int] | None = None
    with closing(open_sheets(file_name, stream)) as sheets:  # type: ignore[type-var]
        for sheet_index, sheet in enumerate(sheets):
            with closing(sheet.rows):  # type: ignore[type-var]
                first = next(sheet.rows, None)
                if first is None:
                    continue
                header_number, header = first
                first_header = first_header or (sheet.name, header_number)
                for table in spec.tables:
                    columns = table.match(header)
                    if columns is not None:
                        break
                else:
                    continue
                matched += 1
                rows = result.rows.setdefault(table.name, [])
                for number, cells in sheet.rows:
                    count += 1
                    if count > spec.max_rows:
                        raise _whole(
                            file_name,
                            lazy_format(
                                _("the file has more than %(count)s rows: split it into smaller files"),
                                count=spec.max_rows,
                            ),
                        )
                    rows.append(_read_row(result, context, table, sheet, sheet_index, number, cells, header, columns))
    if not matched:
        if first_header is None:
            raise _whole(file_name, _("the file has no header row (it holds no text)"))
        wanted = _Wanted(spec.tables)
        if first_header[0] is None:
            reason = lazy_format(
                _("the header row (row %(row)s) does not have the columns %(columns)s"),
                row=first_header[1],
                columns=wanted,
            )
        else:
            reason = lazy_format(_("no sheet has the columns %(columns)s"), columns=wanted)
        raise _whole(file_name, reason)
    if not count:
        raise _whole(file_name, _("the file has a header row but no rows of data"))
    return result


def _whole(file_name: str, reason: Any) -> ImportFailed:
    return ImportFailed([FileError(file_name, reason)])


def _read_row(
    result: ImportResult,
    context: Context,
    table: Table,
    sheet: RawSheet,
    sheet_index: int,
    number: int,
    cells: list[Any],
    header: list[Any],
    columns: dict[int, Column],
) -> Row:
    row = Row(result, table, sheet.name, sheet_index, number, {}, {})
    for position, column in columns.items():
        value = cells[position] if position < len(cells) else None
        label = cell_text(header[position]) or f"#{position + 1}"
        text = cell_text(value)
        row.texts[column.name] = (position, label, text)

        def fail(reason: Any, *, position: int = position, label: str = label, text: str = text) -> None:
            result.errors.append(CellError(sheet.name, number, label, text, reason, (sheet_index, position)))
            row.ok = False

        if isinstance(value, FormulaWithoutValue):
            fail(
                lazy_format(
                    _(
                        "cell %(cell)s holds a formula whose result was not saved: open the file in Excel or "
                        "LibreOffice, let it calculate, save it and import it again"
                    ),
                    cell=value.cell,
                )
            )
        elif column.type.is_empty(value):
            row.values[column.name] = None
            if column.required:
                fail(_("this column must be filled in"))
        else:
            try:
                row.values[column.name] = column.type.parse(value, context)
            except Invalid as exc:
                fail(exc.reason)
    return row


class _Wanted:
    """The columns of every table, joined by "or", in the language active when the message is shown."""

    def __init__(self, tables: tuple[Table, ...]) -> None:
        self.tables = tables

    def __str__(self) -> str:
        texts = [t.wanted() for t in self.tables]
        text = texts[0]
        for more in texts[1:]:
            text = str(lazy_format(_("%(first)s, or %(second)s"), first=text, second=more))
        return text
