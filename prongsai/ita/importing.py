"""Import ITA results from CSV or XLSX on the shared importer (core/importing): every cell checked first,
then all saved at once or nothing.

Two kinds of sheet are recognised by their headers (Thai aliases accepted):

- results, one row per fiscal year: fiscal_year, indicator_1 … indicator_10,
  optional iit, eit, oit, overall, level;
- OIT items: fiscal_year, item, passed, comment.

A workbook may hold both kinds on separate sheets. Errors name the sheet (of a workbook),
row, column and value and say why, in the active language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext_lazy

from prongsai.core import importing as imp
from prongsai.core.importing import ImportFailed
from prongsai.core.thai import to_arabic_digits
from prongsai.ita.framework import get_framework

__all__ = ["MAX_ROWS", "SPEC", "ImportFailed", "ParsedImport", "parse_file"]

MAX_ROWS = 2000


class ItemCode(imp.CellType):
    """An OIT item code: O12, o 12, 12, ข้อ 12, O๑๒."""

    text_format = True

    def parse(self, value: Any, context: imp.Context) -> str:
        text = to_arabic_digits(imp.cell_text(value)).upper().replace(" ", "")
        match = re.fullmatch(r"[O0]?0*(\d{1,2})", text.removeprefix("ข้อ"))
        if not match:
            raise imp.Invalid(gettext_lazy("not an OIT item code such as O12"))
        return f"O{int(match.group(1))}"

    def describe(self) -> Any:
        return gettext_lazy("an OIT item code such as O12")

    def example(self, context: imp.Context) -> str:
        return "O1"


def _fiscal_year() -> imp.Column:
    return imp.Column(
        "fiscal_year",
        "ปีงบประมาณ",
        imp.FiscalYear(),
        required=True,
        aliases=("fiscal year", "year", "fy", "ปี", "ปีงบประมาณ พ ศ", "ปี พ ศ"),
        example="2568",
    )


def _indicator(n: int) -> imp.Column:
    aliases = (f"indicator {n}", f"indicator{n}", f"i{n}", f"ตัวชี้วัด {n}", f"ตัวชี้วัดที่{n}")
    return imp.Column(f"indicator_{n}", f"ตัวชี้วัดที่ {n}", imp.Score(), aliases=aliases)


def _tool(name: str) -> imp.Column:
    upper = name.upper()
    return imp.Column(
        name,
        f"คะแนน {upper}",
        imp.Score(),
        aliases=(name, f"แบบวัด {name}"),
        help=gettext_lazy("as the NACC reported it (optional; computed from the indicators when empty)"),
    )


RESULTS = imp.Table(
    "results",
    gettext_lazy("ITA results"),
    (
        _fiscal_year(),
        *(_indicator(n) for n in range(1, 11)),
        _tool("iit"),
        _tool("eit"),
        _tool("oit"),
        imp.Column(
            "overall",
            "คะแนนภาพรวม",
            imp.Score(),
            aliases=("ita", "total", "ภาพรวม", "คะแนนรวม", "คะแนน ita"),
            help=gettext_lazy("as the NACC reported it (optional; computed from the indicators when empty)"),
        ),
        imp.Column(
            "level",
            "ระดับผลการประเมิน",
            imp.Text(max_length=50),
            aliases=("label", "ระดับ", "ผลการประเมิน"),
            example="A",
            help=gettext_lazy("as the NACC reported it (optional)"),
        ),
    ),
    needs_one_of=tuple(f"indicator_{n}" for n in range(1, 11)),
)

ITEMS = imp.Table(
    "items",
    gettext_lazy("OIT items"),
    (
        _fiscal_year(),
        imp.Column("item", "ข้อ", ItemCode(), required=True, aliases=("code", "oit item", "รายการ", "ข้อ oit", "รหัสข้อ")),
        imp.Column(
            "passed",
            "ผ่าน/ไม่ผ่าน",
            imp.Boolean(
                true="ผ่าน",
                false="ไม่ผ่าน",
                true_words=("pass", "passed"),
                false_words=("fail", "failed"),
                reason=gettext_lazy("write ผ่าน or ไม่ผ่าน (or 1/0, yes/no)"),
            ),
            required=True,
            aliases=("pass", "result", "ผ่าน", "ผลการตรวจ", "ผ่าน ไม่ผ่าน"),
        ),
        imp.Column(
            "comment",
            "ความเห็น",
            imp.Text(),
            aliases=("comments", "note", "ข้อเสนอแนะ", "หมายเหตุ", "ความเห็นผู้ประเมิน"),
            example="ลิงก์เปิดไม่ได้",
        ),
    ),
)

SPEC = imp.ImportSpec(tables=(RESULTS, ITEMS), max_rows=MAX_ROWS, file_stem="ita-results-template")


@dataclass
class ParsedImport:
    results: dict[int, dict[str, Any]] = field(
        default_factory=dict
    )  # fy -> {"scores": {n: Decimal|None}, "reported": {...}}
    items: dict[int, dict[str, tuple[bool, str]]] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(set(self.results) | set(self.items))


def parse_file(file_name: str, content: bytes | IO[bytes]) -> ParsedImport:
    """Check every cell and every row. Raises ImportFailed with all the errors found (or the file's one)."""
    result = imp.read_file(SPEC, file_name=file_name, content=content)
    parsed = ParsedImport()
    frameworks: dict[int, Any] = {}

    def framework_for(fy: int) -> Any:
        if fy not in frameworks:
            frameworks[fy] = get_framework(fy)
        return frameworks[fy]

    for table in ("results", "items"):
        seen: set[Any] = set()
        for row in result.of(table):
            fy = row["fiscal_year"]
            if fy is not None and framework_for(fy) is None:
                row.error("fiscal_year", gettext_lazy("this installation has no ITA framework for that fiscal year"))
            if not row.ok:
                continue
            if table == "results":
                if fy in seen:
                    row.error("fiscal_year", gettext_lazy("this fiscal year appears twice"), value=str(fy))
                    continue
                seen.add(fy)
                parsed.results[fy] = {
                    "scores": {n: row[f"indicator_{n}"] for n in range(1, 11)},
                    "reported": {k: row[k] for k in ("iit", "eit", "oit", "overall")} | {"level": row["level"] or ""},
                }
                continue
            code = row["item"]
            if framework_for(fy).item(code) is None:
                row.error("item", gettext_lazy("there is no such item in this fiscal year's OIT list"), value=code)
            elif (fy, code) in seen:
                row.error("item", gettext_lazy("this item appears twice for the year"), value=code)
            else:
                seen.add((fy, code))
                parsed.items.setdefault(fy, {})[code] = (row["passed"], row["comment"] or "")
    result.check()
    return parsed
