"""Working days of the annual stock check (ระเบียบกระทรวงการคลังฯ 2560 ข้อ 213).

A working day is Monday to Friday and not a public holiday (``core.holidays``: the shipped table
data/holidays/th.yaml and the platform admin's corrections): the committee starts on the first working day of
October and reports by its 30th working day. A round's dates are worked out when it opens; a holiday announced
later moves the dates of rounds opened after it, and the dates of an open round can be corrected by hand.
"""

from __future__ import annotations

from datetime import date, timedelta

from prongsai.core.holidays import add_working_days, next_working_day
from prongsai.core.thai import ce_year

REPORT_WORKING_DAYS = 30


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
