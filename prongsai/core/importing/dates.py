"""Date and date-time cells: B.E. or C.E., day first, in figures or with Thai month names, or Excel date cells."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext_lazy as _

from prongsai.core.importing.errors import Invalid
from prongsai.core.importing.types import CellType, Context, cell_text
from prongsai.core.thai import BANGKOK, BE_OFFSET, THAI_MONTHS, THAI_MONTHS_ABBR, to_arabic_digits

_MONTHS: dict[str, int] = {}
for _number, (_full, _abbr) in enumerate(zip(THAI_MONTHS, THAI_MONTHS_ABBR, strict=True), start=1):
    _MONTHS[_full] = _MONTHS[_abbr.replace(".", "")] = _number
for _number, _name in enumerate(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    start=1,
):
    _MONTHS[_name] = _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9

_ERA = re.compile(r"(พ\s*\.?\s*ศ\s*\.?|ค\s*\.?\s*ศ\s*\.?|b\.\s*e\.|a\.\s*d\.)", re.IGNORECASE)
_NUMERIC_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_NUMERIC_YMD = re.compile(r"(\d{4})[/\-](\d{1,2})[/\-](\d{1,2})")
_WORDED = re.compile(r"(\d{1,2})\s*([^\d\s,]+(?:\s*[^\d\s,]+)?)\s*,?\s*(\d{4}|\d{2})")
_TIME = re.compile(r"(?:^|\s+|T)(?:เวลา\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(?:น\.?)?$")


def _ce_year(text: str, era: str) -> int:
    year = int(text)
    if len(text) == 2:  # two digits: ๖๘ is 2568 (or 2068 when marked ค.ศ.)
        return 2000 + year if era == "ce" else 2500 + year - BE_OFFSET
    if era == "be" or year >= 2400:
        return year - BE_OFFSET
    return year


def parse_date_text(text: str) -> date:
    """``1/10/2568``, ``01-10-2025``, ``2568-10-01``, ``1 ต.ค. 2568``, ``1 ตุลาคม พ.ศ. 2568``, ``1 Oct 2025``."""
    text = to_arabic_digits(text).strip().lower()
    era = ""
    marker = _ERA.search(text)
    if marker:
        era = "be" if marker.group(0)[0] in "พb" else "ce"
        text = _ERA.sub(" ", text).strip()
    text = re.sub(r"^วันที่\s*", "", text)
    if match := _NUMERIC_YMD.fullmatch(text):
        year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    elif match := _NUMERIC_DMY.fullmatch(text):
        day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
    elif (match := _WORDED.fullmatch(text)) and match.group(2).replace(".", "").replace(" ", "") in _MONTHS:
        day, month, year = (
            int(match.group(1)),
            _MONTHS[match.group(2).replace(".", "").replace(" ", "")],
            match.group(3),
        )
    else:
        raise ValueError(text)
    ce = _ce_year(year, era)
    if not 1900 <= ce <= 2200:
        raise ValueError(text)
    return date(ce, month, day)


def _excel_date(value: datetime | date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if day.year >= 2400:  # 1/10/2568 typed into a date cell: Excel keeps the year 2568 as it is
        day = day.replace(year=day.year - BE_OFFSET)
    return day


class Date(CellType):
    """A date in B.E. or C.E., day first, in figures or with the Thai month name; or an Excel date cell."""

    text_format = True

    def parse(self, value: Any, context: Context) -> date:
        if isinstance(value, date):
            return _excel_date(value)
        try:
            return parse_date_text(cell_text(value))
        except ValueError as exc:
            raise Invalid(_("not a date such as 1/10/2568 or 1 ต.ค. 2568 (day, month, year)")) from exc

    def describe(self) -> Any:
        return _("a date, day first, B.E. or C.E.: 1/10/2568, 2568-10-01, 1 ต.ค. 2568 or an Excel date")

    def example(self, context: Context) -> str:
        return "1/10/2568"


class DateTime(CellType):
    """A date as for :class:`Date` and a time (09:30, 9.30 น.), read in Bangkok time; gives an aware datetime."""

    text_format = True

    def parse(self, value: Any, context: Context) -> datetime:
        if isinstance(value, datetime):
            return datetime.combine(_excel_date(value), value.time(), tzinfo=BANGKOK)
        if isinstance(value, date):
            return datetime.combine(_excel_date(value), time(), tzinfo=BANGKOK)
        text = to_arabic_digits(cell_text(value)).strip()
        try:
            clock = time()
            if match := _TIME.search(text):
                clock = time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))
                text = text[: match.start()].strip()
            return datetime.combine(parse_date_text(text), clock, tzinfo=BANGKOK)
        except ValueError as exc:
            raise Invalid(_("not a date and time such as 1/10/2568 09:30")) from exc

    def describe(self) -> Any:
        return _("a date and time (Bangkok time), e.g. 1/10/2568 09:30 or 2568-10-01 09:30")

    def example(self, context: Context) -> str:
        return "1/10/2568 09:30"
