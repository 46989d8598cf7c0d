"""Import ITA results from CSV or XLSX: every cell checked first, then all saved at once or nothing.

Two kinds of sheet are recognised by their headers (Thai aliases accepted):

- results, one row per fiscal year: fiscal_year, indicator_1 … indicator_10,
  optional iit, eit, oit, overall, level;
- OIT items: fiscal_year, item, passed, comment.

A workbook may hold both kinds on separate sheets. Errors name the sheet,
row, column and value and say why, in the active language.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prongsai.core.thai import to_arabic_digits
from prongsai.ita.framework import get_framework

MAX_ROWS = 2000


def _norm(text: str) -> str:
    text = to_arabic_digits(str(text or "")).strip().lower()
    return re.sub(r"[\s_\-.:]+", " ", text).strip()


# header (normalised) -> field name
_ALIASES: dict[str, str] = {}
for _field, _names in {
    "fiscal_year": ["fiscal year", "year", "fy", "ปีงบประมาณ", "ปี", "ปีงบประมาณ พ ศ", "ปี พ ศ"],
    "iit": ["iit", "แบบวัด iit", "คะแนน iit"],
    "eit": ["eit", "แบบวัด eit", "คะแนน eit"],
    "oit": ["oit", "แบบวัด oit", "คะแนน oit"],
    "overall": ["overall", "ita", "total", "คะแนนภาพรวม", "ภาพรวม", "คะแนนรวม", "คะแนน ita"],
    "level": ["level", "label", "ระดับ", "ระดับผลการประเมิน", "ผลการประเมิน"],
    "item": ["item", "code", "oit item", "ข้อ", "รายการ", "ข้อ oit", "รหัสข้อ"],
    "passed": ["passed", "pass", "result", "ผ่าน", "ผลการตรวจ", "ผ่าน/ไม่ผ่าน", "ผ่าน ไม่ผ่าน"],
    "comment": ["comment", "comments", "note", "ความเห็น", "ข้อเสนอแนะ", "หมายเหตุ", "ความเห็นผู้ประเมิน"],
}.items():
    for _name in _names:
        _ALIASES[_norm(_name)] = _field
for _n in range(1, 11):
    for _pattern in (f"indicator {_n}", f"indicator{_n}", f"i{_n}", f"ตัวชี้วัดที่ {_n}", f"ตัวชี้วัด {_n}", f"ตัวชี้วัดที่{_n}"):
        _ALIASES[_norm(_pattern)] = f"indicator_{_n}"

_TRUE = {"1", "true", "yes", "y", "pass", "passed", "ผ่าน", "✓", "✔", "มี"}
_FALSE = {"0", "false", "no", "n", "fail", "failed", "ไม่ผ่าน", "✗", "✘", "x", "ไม่มี"}


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    value: str
    reason: Any  # a lazy translation, rendered in the language active when the message is shown

    def message(self) -> str:
        where = _("sheet “%(sheet)s”, row %(row)s, column “%(column)s”") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
        }
        return _("%(where)s: value “%(value)s” — %(reason)s") % {
            "where": where,
            "value": self.value,
            "reason": self.reason,
        }


class ImportFailed(Exception):
    def __init__(self, errors: list[CellError]) -> None:
        super().__init__("\n".join(e.message() for e in errors))
        self.errors = errors


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the user sees it, cells)


@dataclass
class ParsedImport:
    results: dict[int, dict[str, Any]] = field(
        default_factory=dict
    )  # fy -> {"scores": {n: Decimal|None}, "reported": {...}}
    items: dict[int, dict[str, tuple[bool, str]]] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(set(self.results) | set(self.items))


def read_sheets(file_name: str, content: bytes) -> list[Sheet]:
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(content)
    if lower.endswith((".csv", ".txt")):
        return [_read_csv(file_name, content)]
    raise ImportFailed(
        [CellError(file_name, 0, "-", file_name, gettext_lazy("only CSV and XLSX files can be imported"))]
    )


def _read_csv(name: str, content: bytes) -> Sheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp874")  # Thai Windows (Excel "CSV" on a Thai PC)
        except UnicodeDecodeError as exc:
            raise ImportFailed(
                [CellError(name, 0, "-", "", gettext_lazy("the file is not UTF-8 or Thai Windows text"))]
            ) from exc
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = list(csv.reader(io.StringIO(text), dialect))
    header = lines[0] if lines else []
    rows = [(number, line) for number, line in enumerate(lines[1:], start=2) if any(c.strip() for c in line)]
    return Sheet(name, header, rows)


def _read_xlsx(content: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFailed(
            [CellError("-", 0, "-", "", gettext_lazy("the file is not a readable XLSX workbook"))]
        ) from exc
    sheets = []
    for ws in book.worksheets:
        values = list(ws.iter_rows(values_only=True, max_row=MAX_ROWS + 1))
        if not values:
            continue
        header = ["" if v is None else str(v) for v in values[0]]
        rows = [
            (number, list(row))
            for number, row in enumerate(values[1:], start=2)
            if any(v not in (None, "") for v in row)
        ]
        sheets.append(Sheet(ws.title, header, rows))
    book.close()
    return sheets


def _column_label(sheet: Sheet, index: int) -> str:
    header = sheet.header[index] if index < len(sheet.header) else ""
    return header or f"#{index + 1}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _score(value: Any) -> Decimal | None:
    """A score 0–100 with at most two decimals; None for an empty cell. Raises ValueError with the reason."""
    text = to_arabic_digits(_text(value)).replace(" ", "")
    if text in ("", "-", "–"):
        return None
    if isinstance(value, float):
        number = Decimal(str(round(value, 6)))
    else:
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(gettext_lazy("not a number")) from exc
    if not number.is_finite():
        raise ValueError(gettext_lazy("not a number"))
    if number < 0 or number > 100:
        raise ValueError(gettext_lazy("a score must be between 0 and 100"))
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(gettext_lazy("a score has at most two decimals"))
    return number.quantize(Decimal("0.01"))


def _fiscal_year(value: Any) -> int:
    from prongsai.core.thai import parse_be_year

    text = _text(value)
    try:
        return parse_be_year(text)
    except ValueError as exc:
        raise ValueError(gettext_lazy("not a fiscal year such as 2568")) from exc


def _item_code(value: Any) -> str:
    text = to_arabic_digits(_text(value)).upper().replace(" ", "")
    match = re.fullmatch(r"[O0]?0*(\d{1,2})", text.removeprefix("ข้อ"))
    if not match:
        raise ValueError(gettext_lazy("not an OIT item code such as O12"))
    return f"O{int(match.group(1))}"


def _passed(value: Any) -> bool:
    text = _norm(_text(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(gettext_lazy("write ผ่าน or ไม่ผ่าน (or 1/0, yes/no)"))


def parse(sheets: list[Sheet]) -> ParsedImport:
    """Check every cell of every sheet. Raises ImportFailed with all the errors found."""
    errors: list[CellError] = []
    parsed = ParsedImport()
    frameworks: dict[int, Any] = {}

    def framework_for(fy: int) -> Any:
        if fy not in frameworks:
            frameworks[fy] = get_framework(fy)
        return frameworks[fy]

    recognised = 0
    for sheet in sheets:
        fields = [_ALIASES.get(_norm(h)) for h in sheet.header]
        if "fiscal_year" not in fields:
            continue
        is_results = any(f and f.startswith("indicator_") for f in fields)
        is_items = "item" in fields and "passed" in fields
        if not (is_results or is_items):
            continue
        recognised += 1
        if len(sheet.rows) > MAX_ROWS:
            errors.append(CellError(sheet.name, MAX_ROWS + 1, "-", "", gettext_lazy("too many rows")))
            continue
        seen: set[Any] = set()
        for row_number, cells in sheet.rows:
            record: dict[str, Any] = {}
            row_ok = True
            for index, name in enumerate(fields):
                if name is None:
                    continue
                value = cells[index] if index < len(cells) else None
                try:
                    if name == "fiscal_year":
                        record[name] = _fiscal_year(value)
                        if framework_for(record[name]) is None:
                            raise ValueError(
                                gettext_lazy("this installation has no ITA framework for that fiscal year")
                            )
                    elif name.startswith("indicator_") or name in ("iit", "eit", "oit", "overall"):
                        record[name] = _score(value)
                    elif name == "item":
                        record[name] = _item_code(value)
                    elif name == "passed":
                        record[name] = _passed(value)
                    else:
                        record[name] = _text(value)
                except ValueError as exc:
                    errors.append(
                        CellError(sheet.name, row_number, _column_label(sheet, index), _text(value), exc.args[0])
                    )
                    row_ok = False
            if not row_ok:
                continue
            fy = record["fiscal_year"]
            if is_results:
                if fy in seen:
                    errors.append(
                        CellError(
                            sheet.name,
                            row_number,
                            _column_label(sheet, fields.index("fiscal_year")),
                            str(fy),
                            gettext_lazy("this fiscal year appears twice"),
                        )
                    )
                    continue
                seen.add(fy)
                parsed.results[fy] = {
                    "scores": {n: record.get(f"indicator_{n}") for n in range(1, 11)},
                    "reported": {k: record.get(k) for k in ("iit", "eit", "oit", "overall")}
                    | {"level": record.get("level", "")},
                }
            else:
                code = record["item"]
                fw = framework_for(fy)
                if fw.item(code) is None:
                    errors.append(
                        CellError(
                            sheet.name,
                            row_number,
                            _column_label(sheet, fields.index("item")),
                            code,
                            gettext_lazy("there is no such item in this fiscal year's OIT list"),
                        )
                    )
                    continue
                if (fy, code) in seen:
                    errors.append(
                        CellError(
                            sheet.name,
                            row_number,
                            _column_label(sheet, fields.index("item")),
                            code,
                            gettext_lazy("this item appears twice for the year"),
                        )
                    )
                    continue
                seen.add((fy, code))
                parsed.items.setdefault(fy, {})[code] = (record["passed"], record.get("comment", ""))
    if not recognised and not errors:
        errors.append(
            CellError(
                sheets[0].name if sheets else "-",
                1,
                "-",
                ", ".join(sheets[0].header) if sheets else "",
                gettext_lazy(
                    "no sheet has the columns fiscal_year and indicator_1 … indicator_10, or fiscal_year, item and passed"
                ),
            )
        )
    if errors:
        raise ImportFailed(errors)
    return parsed
