"""Working days of the annual stock check (ระเบียบกระทรวงการคลังฯ 2560 ข้อ 213).

The project keeps no table of public holidays, so a working day here is Monday to Friday: the committee's
start (the first working day of October) and the 30-working-day report deadline skip weekends only. A
holiday that falls on a weekday is counted as a working day; the round's dates can be corrected by hand.
"""

from __future__ import annotations

from datetime import date, timedelta

from prongsai.core.thai import ce_year

REPORT_WORKING_DAYS = 30


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day counting ``start`` (a working day) as the first."""
    day = next_working_day(start)
    counted = 1
    while counted < count:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def annual_dates(fiscal_year: int) -> tuple[date, date, date]:
    """(as-of date, start, report due) of the annual check of BE fiscal year ``fiscal_year``.

    2568 → as of 30 Sep 2025, starts on the first working day of October 2025, due on its 30th working day.
    """
    year = ce_year(fiscal_year)
    as_of = date(year, 9, 30)
    start = next_working_day(date(year, 10, 1))
    return as_of, start, add_working_days(start, REPORT_WORKING_DAYS)


def quarter_dates(fiscal_year: int, quarter: int) -> tuple[date, date, date]:
    """(as-of date = the quarter's last day, start = its first working day, due = 30 working days after it ends)."""
    year = ce_year(fiscal_year)
    bounds = {
        1: (date(year - 1, 10, 1), date(year - 1, 12, 31)),
        2: (date(year, 1, 1), date(year, 3, 31)),
        3: (date(year, 4, 1), date(year, 6, 30)),
        4: (date(year, 7, 1), date(year, 9, 30)),
    }
    first, as_of = bounds[quarter]
    return as_of, next_working_day(first), add_working_days(as_of + timedelta(days=1), REPORT_WORKING_DAYS)
