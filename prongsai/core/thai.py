"""Thai date helpers: Buddhist Era years, Thai digits, month names, fiscal years.

All dates are read in Asia/Bangkok. Functions taking a ``date`` also accept an
aware ``datetime``, which is converted to Bangkok time first; a naive
``datetime`` is refused with ``ValueError`` rather than guessed.

The Thai government fiscal year runs 1 October – 30 September and is named by
the Buddhist Era year it ends in: 1 Oct 2025 – 30 Sep 2026 is fiscal year 2569.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = [
    "BANGKOK",
    "BE_OFFSET",
    "THAI_MONTHS",
    "THAI_MONTHS_ABBR",
    "be_year",
    "ce_year",
    "fiscal_half",
    "fiscal_quarter",
    "fiscal_year",
    "fiscal_year_bounds",
    "fiscal_year_range_text",
    "format_date_long",
    "format_date_short",
    "format_datetime",
    "local_date",
    "local_today",
    "parse_be_year",
    "to_arabic_digits",
    "to_thai_digits",
]

BANGKOK = ZoneInfo("Asia/Bangkok")

BE_OFFSET = 543
"""Buddhist Era year minus Common Era year."""

FISCAL_YEAR_START_MONTH = 10
"""The fiscal year starts on 1 October."""

THAI_MONTHS: tuple[str, ...] = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
"""Full Thai month names, January first (index = month - 1)."""

THAI_MONTHS_ABBR: tuple[str, ...] = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
"""Abbreviated Thai month names, January first (index = month - 1)."""

_ARABIC_DIGITS = "0123456789"
_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans(_ARABIC_DIGITS, _THAI_DIGITS)
_TO_ARABIC = str.maketrans(_THAI_DIGITS, _ARABIC_DIGITS)

# parse_be_year: values in this range are already BE years ...
_BE_MIN, _BE_MAX = 2400, 2700
# ... and values strictly between these bounds are CE years.
_CE_LOWER, _CE_UPPER = 1900, 2400


# --- digits -----------------------------------------------------------------


def to_thai_digits(text: str | int | float) -> str:
    """Replace Arabic digits 0-9 with Thai digits ๐-๙; leave everything else."""
    return str(text).translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐-๙ with Arabic digits 0-9; leave everything else."""
    return text.translate(_TO_ARABIC)


def _digits(text: str, thai_digits: bool) -> str:
    return to_thai_digits(text) if thai_digits else text


# --- years and local dates ----------------------------------------------------


def local_date(d: date | datetime) -> date:
    """The Bangkok calendar date of ``d``; a naive datetime raises ValueError."""
    if isinstance(d, datetime):
        return _to_bangkok(d).date()
    return d


def _to_bangkok(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(
            f"naive datetime {dt.isoformat()} has no time zone; "
            "pass an aware datetime (e.g. django.utils.timezone.now()) or a date"
        )
    return dt.astimezone(BANGKOK)


def be_year(d: date | datetime) -> int:
    """The Buddhist Era year of ``d`` (CE + 543), read in Bangkok."""
    return local_date(d).year + BE_OFFSET


def ce_year(be: int) -> int:
    """The Common Era year of Buddhist Era year ``be``."""
    return be - BE_OFFSET


def local_today() -> date:
    """Today's date in Bangkok (through Django's clock, so tests can freeze it)."""
    from django.utils import timezone

    return timezone.now().astimezone(BANGKOK).date()


def parse_be_year(value: str | int) -> int:
    """Read a BE year from ``"2568"``, ``"๒๕๖๘"`` or ``2568``; CE years are converted.

    Values 2400-2700 are BE years; values 1901-2399 are CE years (+543).
    Anything else raises ValueError.
    """
    if isinstance(value, bool):
        raise ValueError(f"not a year: {value!r}")
    if isinstance(value, int):
        year = value
    elif isinstance(value, str):
        text = to_arabic_digits(value.strip())
        if not (text.isascii() and text.isdigit()):
            raise ValueError(f"not a year: {value!r} (expected digits such as 2568 or ๒๕๖๘)")
        year = int(text)
    else:
        raise ValueError(f"not a year: {value!r}")
    if _BE_MIN <= year <= _BE_MAX:
        return year
    if _CE_LOWER < year < _CE_UPPER:
        return year + BE_OFFSET
    raise ValueError(
        f"year out of range: {value!r} (expected a BE year {_BE_MIN}-{_BE_MAX} "
        f"or a CE year {_CE_LOWER + 1}-{_CE_UPPER - 1})"
    )


# --- formatting ---------------------------------------------------------------


def format_date_long(d: date | datetime, *, thai_digits: bool = True) -> str:
    """``"๑ ตุลาคม ๒๕๖๘"``: day, full month name, BE year."""
    day = local_date(d)
    text = f"{day.day} {THAI_MONTHS[day.month - 1]} {day.year + BE_OFFSET}"
    return _digits(text, thai_digits)


def format_date_short(d: date | datetime, *, thai_digits: bool = True) -> str:
    """``"๑ ต.ค. ๖๘"``: day, abbreviated month, two-digit BE year."""
    day = local_date(d)
    text = f"{day.day} {THAI_MONTHS_ABBR[day.month - 1]} {(day.year + BE_OFFSET) % 100:02d}"
    return _digits(text, thai_digits)


def format_datetime(dt: datetime, *, thai_digits: bool = True) -> str:
    """``"๑ ตุลาคม ๒๕๖๘ เวลา ๐๙.๓๐ น."``: Bangkok date and time, official style."""
    local = _to_bangkok(dt)
    text = f"{format_date_long(local.date(), thai_digits=False)} เวลา {local:%H.%M} น."
    return _digits(text, thai_digits)


def format_date_medium(d: date | datetime, *, thai_digits: bool = True) -> str:
    """``"๑ พ.ย. ๒๕๖๘"``: day, abbreviated month, four-digit BE year (histories, lists)."""
    day = local_date(d)
    return _digits(f"{day.day} {THAI_MONTHS_ABBR[day.month - 1]} {day.year + BE_OFFSET}", thai_digits)


def format_datetime_medium(dt: datetime, *, thai_digits: bool = True) -> str:
    """``"๑ พ.ย. ๒๕๖๘ ๐๙:๓๐ น."``: Bangkok date and time, short form."""
    local = _to_bangkok(dt)
    return _digits(f"{format_date_medium(local.date(), thai_digits=False)} {local:%H:%M} น.", thai_digits)


# --- fiscal year --------------------------------------------------------------


def fiscal_year(d: date | datetime) -> int:
    """The BE fiscal year of ``d`` (1 Oct - 30 Sep, named by the year it ends in)."""
    day = local_date(d)
    be = day.year + BE_OFFSET
    return be + 1 if day.month >= FISCAL_YEAR_START_MONTH else be


def fiscal_year_bounds(fy_be: int) -> tuple[date, date]:
    """First and last day of BE fiscal year ``fy_be``: 2569 → 1 Oct 2025, 30 Sep 2026."""
    end_ce = ce_year(fy_be)
    return date(end_ce - 1, FISCAL_YEAR_START_MONTH, 1), date(end_ce, 9, 30)


def fiscal_year_range_text(fy_be: int, *, thai_digits: bool = True) -> str:
    """``"๑ ต.ค. ๖๘ – ๓๐ ก.ย. ๖๙"`` for 2569: the time frame used in plan tables."""
    start, end = fiscal_year_bounds(fy_be)
    return f"{format_date_short(start, thai_digits=thai_digits)} – {format_date_short(end, thai_digits=thai_digits)}"


def _fiscal_month_index(d: date | datetime) -> int:
    """0 for October … 11 for September."""
    return (local_date(d).month - FISCAL_YEAR_START_MONTH) % 12


def fiscal_half(d: date | datetime) -> int:
    """1 for October-March, 2 for April-September."""
    return _fiscal_month_index(d) // 6 + 1


def fiscal_quarter(d: date | datetime) -> int:
    """1 for Oct-Dec, 2 for Jan-Mar, 3 for Apr-Jun, 4 for Jul-Sep."""
    return _fiscal_month_index(d) // 3 + 1


# --- reading dates typed by people ------------------------------------------------

_MONTH_NUMBERS = {name: i for i, name in enumerate(THAI_MONTHS, 1)} | {
    abbr.replace(".", ""): i for i, abbr in enumerate(THAI_MONTHS_ABBR, 1)
}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDED_DATE = re.compile(r"^(\d{1,2})\s*([^\d\s]+(?:\s*[^\d\s]+)*?)\s*(?:พ\.?\s*ศ\.?)?\s*(\d{2}|\d{4})$")


def _typed_year(text: str) -> int:
    """A typed year as CE: two digits are a short BE year (68 → 2568), four digits BE or CE."""
    if len(text) == 2:
        return 2500 + int(text) - BE_OFFSET
    return parse_be_year(text) - BE_OFFSET


def parse_thai_date(value: str) -> date:
    """Read a date as Thai people type it: ``31/12/2568`` (day first, BE year; ``31/12/68``, ``31-12-2568``,
    a CE year such as ``31/12/2025`` too), ``31 ธ.ค. 2568`` / ``31 ธันวาคม พ.ศ. 2568`` (Thai or Arabic digits),
    or ISO ``2025-12-31``. Raises ValueError for anything else, or a day that does not exist."""
    text = " ".join(to_arabic_digits(value).split())
    if m := _ISO_DATE.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        year = parse_be_year(year) - BE_OFFSET
    elif m := _NUMERIC_DATE.match(text):
        day, month, year = int(m[1]), int(m[2]), _typed_year(m[3])
    elif m := _WORDED_DATE.match(text):
        month_name = m[2].replace(".", "").replace(" ", "")
        if month_name not in _MONTH_NUMBERS:
            raise ValueError(f"not a Thai month: {m[2]!r}")
        day, month, year = int(m[1]), _MONTH_NUMBERS[month_name], _typed_year(m[3])
    else:
        raise ValueError(f"not a date: {value!r}")
    return date(year, month, day)  # ValueError for 31/02/2568


def format_date_input(d: date) -> str:
    """``"03/01/2569"``: how a date field shows a date in Thai (day/month/BE year, the way it is typed)."""
    return f"{d.day:02d}/{d.month:02d}/{d.year + BE_OFFSET}"
