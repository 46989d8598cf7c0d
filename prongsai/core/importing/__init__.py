"""One importer for every table a person uploads (CSV or XLSX), declared once per module.

A module declares its columns::

    from prongsai.core import importing as imp

    SPEC = imp.ImportSpec(
        tables=(
            imp.Table(
                "activities",
                gettext_lazy("Activities"),
                (
                    imp.Column("title", "กิจกรรม", imp.Text(max_length=300), required=True),
                    imp.Column("unit", "สำนัก/กอง", imp.OrgUnit(), required=True),
                    imp.Column("start", "วันเริ่มต้น", imp.Date()),
                    imp.Column("budget", "งบประมาณ", imp.Money()),
                    imp.Column("people", "ผู้รับผิดชอบ", imp.ListOf(imp.Member())),
                ),
            ),
        ),
        file_stem="activities",
    )

and then reads, checks its own rules, and writes in one transaction::

    result = imp.read_file(SPEC, file_name=name, content=file, organisation=org)
    for row in result.of("activities"):
        if row.ok and row["start"] and row["start"].year < 2000:
            row.error("start", gettext_lazy("too early"))
    result.check()  # ImportFailed with every bad cell, nothing written
    with transaction.atomic(): ...

The same spec gives the downloadable template (:func:`template_xlsx`, :func:`template_csv`) and the upload
page (:mod:`prongsai.core.importing.web` and the include ``core/import.html``).
"""

from prongsai.core.importing.dates import Date, DateTime, parse_date_text
from prongsai.core.importing.errors import CellError, FileError, ImportFailed, Invalid, lazy_format
from prongsai.core.importing.reading import FormulaWithoutValue
from prongsai.core.importing.references import ListOf, Member, OrgUnit
from prongsai.core.importing.spec import MAX_ROWS, Column, ImportResult, ImportSpec, Row, Table, read_file
from prongsai.core.importing.template import template_csv, template_xlsx
from prongsai.core.importing.types import (
    Boolean,
    CellType,
    Choice,
    Context,
    FiscalYear,
    Integer,
    Money,
    Number,
    Score,
    Text,
    cell_text,
    normalise,
)

__all__ = [
    "MAX_ROWS",
    "Boolean",
    "CellError",
    "CellType",
    "Choice",
    "Column",
    "Context",
    "Date",
    "DateTime",
    "FileError",
    "FiscalYear",
    "FormulaWithoutValue",
    "ImportFailed",
    "ImportResult",
    "ImportSpec",
    "Integer",
    "Invalid",
    "ListOf",
    "Member",
    "Money",
    "Number",
    "OrgUnit",
    "Row",
    "Score",
    "Table",
    "Text",
    "cell_text",
    "lazy_format",
    "normalise",
    "parse_date_text",
    "read_file",
    "template_csv",
    "template_xlsx",
]
