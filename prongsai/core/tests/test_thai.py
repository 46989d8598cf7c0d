"""Tests for the Thai date helpers (prongsai.core.thai). No database needed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from prongsai.core import thai

OCT_1_2025 = date(2025, 10, 1)
ICT = timezone(timedelta(hours=7))


# --- digits -----------------------------------------------------------------


def test_it_converts_every_arabic_digit_to_thai() -> None:
    assert thai.to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"


def test_it_converts_every_thai_digit_to_arabic() -> None:
    assert thai.to_arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"


def test_it_leaves_non_digits_unchanged() -> None:
    assert thai.to_thai_digits("ข้อ 12/3 (a-b) ๔") == "ข้อ ๑๒/๓ (a-b) ๔"
    assert thai.to_arabic_digits("ข้อ ๑๒/๓ (a-b) 4") == "ข้อ 12/3 (a-b) 4"


def test_it_accepts_int_and_float_for_thai_digits() -> None:
    assert thai.to_thai_digits(2568) == "๒๕๖๘"
    assert thai.to_thai_digits(-7) == "-๗"
    assert thai.to_thai_digits(12.5) == "๑๒.๕"


def test_it_round_trips_digits() -> None:
    text = "ปีงบประมาณ 2569 งบ 1,234,567.89 บาท ข้อ 0"
    assert thai.to_thai_digits(text) != text
    assert thai.to_arabic_digits(thai.to_thai_digits(text)) == text
    thai_text = "๑ ต.ค. ๖๘ – ๓๐ ก.ย. ๖๙"
    assert thai.to_thai_digits(thai.to_arabic_digits(thai_text)) == thai_text


def test_it_leaves_other_scripts_digits_alone() -> None:
    # Arabic-Indic digits are neither Thai nor ASCII: untouched both ways.
    assert thai.to_thai_digits("٣") == "٣"
    assert thai.to_arabic_digits("٣") == "٣"


# --- years --------------------------------------------------------------------


def test_it_gives_the_buddhist_era_year() -> None:
    assert thai.be_year(OCT_1_2025) == 2568
    assert thai.be_year(date(2024, 1, 1)) == 2567


def test_it_gives_the_common_era_year() -> None:
    assert thai.ce_year(2568) == 2025
    assert thai.ce_year(thai.be_year(date(1999, 12, 31))) == 1999


def test_it_reads_the_be_year_of_an_aware_datetime_in_bangkok() -> None:
    # 31 Dec 2024 18:00 UTC is already 1 Jan 2025 in Bangkok.
    assert thai.be_year(datetime(2024, 12, 31, 18, 0, tzinfo=UTC)) == 2568


def test_it_has_twelve_month_names_in_order() -> None:
    assert len(thai.THAI_MONTHS) == 12
    assert thai.THAI_MONTHS[0] == "มกราคม"
    assert thai.THAI_MONTHS[1] == "กุมภาพันธ์"
    assert thai.THAI_MONTHS[9] == "ตุลาคม"
    assert thai.THAI_MONTHS[11] == "ธันวาคม"
    assert thai.THAI_MONTHS_ABBR == (
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    )  # fmt: skip
    assert len(set(thai.THAI_MONTHS)) == 12


def test_it_uses_the_bangkok_zone() -> None:
    assert ZoneInfo("Asia/Bangkok") == thai.BANGKOK
    assert thai.BANGKOK.utcoffset(datetime(2025, 1, 1)) == timedelta(hours=7)


# --- parse_be_year --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2568", 2568),
        ("๒๕๖๘", 2568),
        (" 2568 ", 2568),
        (2568, 2568),
        (2025, 2568),
        ("2025", 2568),
        ("๒๐๒๕", 2568),
        (1901, 2444),
        (2399, 2942),
        (2400, 2400),
        (2700, 2700),
    ],
)
def test_it_parses_be_years(value: str | int, expected: int) -> None:
    assert thai.parse_be_year(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "  ", "abc", "25.68", "-2568", "+2568", "2568x", "พ.ศ.", "٢٥٦٨", 1900, 0, -2568, 2701, 99999],
)
def test_it_refuses_bad_years(value: str | int) -> None:
    with pytest.raises(ValueError, match="year"):
        thai.parse_be_year(value)


def test_it_refuses_a_boolean_year() -> None:
    with pytest.raises(ValueError, match="not a year"):
        thai.parse_be_year(True)


def test_it_names_the_bad_value_in_the_error() -> None:
    with pytest.raises(ValueError, match="3000"):
        thai.parse_be_year("3000")


# --- formatting ---------------------------------------------------------------


def test_it_formats_a_long_date_in_thai_digits() -> None:
    assert thai.format_date_long(OCT_1_2025) == "๑ ตุลาคม ๒๕๖๘"


def test_it_formats_a_long_date_in_arabic_digits() -> None:
    assert thai.format_date_long(OCT_1_2025, thai_digits=False) == "1 ตุลาคม 2568"


def test_it_formats_a_leap_day() -> None:
    assert thai.format_date_long(date(2024, 2, 29)) == "๒๙ กุมภาพันธ์ ๒๕๖๗"
    assert thai.format_date_short(date(2024, 2, 29)) == "๒๙ ก.พ. ๖๗"


def test_it_formats_every_month() -> None:
    for month in range(1, 13):
        d = date(2025, month, 15)
        assert thai.format_date_long(d, thai_digits=False) == f"15 {thai.THAI_MONTHS[month - 1]} 2568"
        assert thai.format_date_short(d, thai_digits=False) == f"15 {thai.THAI_MONTHS_ABBR[month - 1]} 68"


def test_it_formats_a_short_date_in_thai_digits() -> None:
    assert thai.format_date_short(OCT_1_2025) == "๑ ต.ค. ๖๘"


def test_it_formats_a_short_date_in_arabic_digits() -> None:
    assert thai.format_date_short(OCT_1_2025, thai_digits=False) == "1 ต.ค. 68"


def test_it_keeps_two_digits_of_a_short_year() -> None:
    # BE 2600 (CE 2057) -> "00", BE 2607 -> "07": never one digit.
    assert thai.format_date_short(date(2057, 3, 4), thai_digits=False) == "4 มี.ค. 00"
    assert thai.format_date_short(date(2064, 3, 4)) == "๔ มี.ค. ๐๗"


def test_it_keeps_two_digit_days() -> None:
    assert thai.format_date_long(date(2025, 12, 31)) == "๓๑ ธันวาคม ๒๕๖๘"
    assert thai.format_date_short(date(2025, 12, 31), thai_digits=False) == "31 ธ.ค. 68"


def test_it_converts_an_aware_datetime_to_bangkok_before_formatting() -> None:
    utc_evening = datetime(2025, 9, 30, 18, 0, tzinfo=UTC)
    assert thai.format_date_short(utc_evening) == "๑ ต.ค. ๖๘"
    assert thai.format_date_long(utc_evening) == "๑ ตุลาคม ๒๕๖๘"


def test_it_does_not_use_the_datetimes_own_calendar_day() -> None:
    # 30 Sep 20:00 in New York (UTC-4) is 1 Oct 07:00 in Bangkok.
    new_york = ZoneInfo("America/New_York")
    assert thai.format_date_short(datetime(2025, 9, 30, 20, 0, tzinfo=new_york)) == "๑ ต.ค. ๖๘"
    # 1 Oct 06:59 in Bangkok is still 30 Sep at UTC: the Bangkok day wins.
    assert thai.format_date_short(datetime(2025, 9, 30, 23, 59, tzinfo=UTC), thai_digits=False) == "1 ต.ค. 68"


def test_it_refuses_a_naive_datetime_when_formatting() -> None:
    naive = datetime(2025, 10, 1, 9, 30)
    with pytest.raises(ValueError, match="naive"):
        thai.format_date_long(naive)
    with pytest.raises(ValueError, match="naive"):
        thai.format_date_short(naive)
    with pytest.raises(ValueError, match="naive"):
        thai.format_datetime(naive)


def test_it_formats_a_datetime_in_official_style() -> None:
    dt = datetime(2025, 10, 1, 9, 30, tzinfo=thai.BANGKOK)
    assert thai.format_datetime(dt) == "๑ ตุลาคม ๒๕๖๘ เวลา ๐๙.๓๐ น."
    assert thai.format_datetime(dt, thai_digits=False) == "1 ตุลาคม 2568 เวลา 09.30 น."


def test_it_converts_a_datetime_to_bangkok_before_formatting_the_time() -> None:
    assert thai.format_datetime(datetime(2025, 10, 1, 2, 30, tzinfo=UTC)) == "๑ ตุลาคม ๒๕๖๘ เวลา ๐๙.๓๐ น."
    # Across midnight: 30 Sep 17:05 UTC is 1 Oct 00:05 in Bangkok.
    assert (
        thai.format_datetime(datetime(2025, 9, 30, 17, 5, tzinfo=UTC), thai_digits=False)
        == "1 ตุลาคม 2568 เวลา 00.05 น."
    )


def test_it_formats_afternoon_hours_on_a_24_hour_clock() -> None:
    dt = datetime(2025, 10, 1, 16, 45, 59, tzinfo=ICT)
    assert thai.format_datetime(dt, thai_digits=False) == "1 ตุลาคม 2568 เวลา 16.45 น."


# --- fiscal year --------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 9, 30), 2568),
        (date(2025, 10, 1), 2569),
        (date(2025, 12, 31), 2569),
        (date(2026, 1, 1), 2569),
        (date(2026, 9, 30), 2569),
        (date(2026, 10, 1), 2570),
        (date(2024, 2, 29), 2567),
    ],
)
def test_it_gives_the_fiscal_year(d: date, expected: int) -> None:
    assert thai.fiscal_year(d) == expected


def test_it_reads_the_fiscal_year_at_bangkok_midnight() -> None:
    # Bangkok midnight of 1 Oct 2025 is 30 Sep 17:00 UTC.
    assert thai.fiscal_year(datetime(2025, 9, 30, 16, 59, 59, tzinfo=UTC)) == 2568
    assert thai.fiscal_year(datetime(2025, 9, 30, 17, 0, tzinfo=UTC)) == 2569
    assert thai.fiscal_year(datetime(2025, 10, 1, 0, 0, tzinfo=thai.BANGKOK)) == 2569
    assert thai.fiscal_year(datetime(2025, 9, 30, 23, 59, 59, tzinfo=thai.BANGKOK)) == 2568


def test_it_refuses_a_naive_datetime_for_the_fiscal_year() -> None:
    with pytest.raises(ValueError, match="naive"):
        thai.fiscal_year(datetime(2025, 10, 1))


def test_it_gives_fiscal_year_bounds() -> None:
    assert thai.fiscal_year_bounds(2569) == (date(2025, 10, 1), date(2026, 9, 30))
    assert thai.fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))


def test_it_keeps_fiscal_year_and_bounds_consistent() -> None:
    for fy in (2566, 2567, 2568, 2569, 2570):
        start, end = thai.fiscal_year_bounds(fy)
        assert thai.fiscal_year(start) == fy
        assert thai.fiscal_year(end) == fy
        assert thai.fiscal_year(start - timedelta(days=1)) == fy - 1
        assert thai.fiscal_year(end + timedelta(days=1)) == fy + 1


def test_it_writes_the_fiscal_year_range() -> None:
    assert thai.fiscal_year_range_text(2569) == "๑ ต.ค. ๖๘ – ๓๐ ก.ย. ๖๙"
    assert thai.fiscal_year_range_text(2569, thai_digits=False) == "1 ต.ค. 68 – 30 ก.ย. 69"
    assert thai.fiscal_year_range_text(2570, thai_digits=False) == "1 ต.ค. 69 – 30 ก.ย. 70"


def test_it_uses_an_en_dash_with_spaces_in_the_range() -> None:
    text = thai.fiscal_year_range_text(2569, thai_digits=False)
    assert " \u2013 " in text
    assert "-" not in text


@pytest.mark.parametrize(
    ("month", "half", "quarter"),
    [
        (10, 1, 1),
        (11, 1, 1),
        (12, 1, 1),
        (1, 1, 2),
        (2, 1, 2),
        (3, 1, 2),
        (4, 2, 3),
        (5, 2, 3),
        (6, 2, 3),
        (7, 2, 4),
        (8, 2, 4),
        (9, 2, 4),
    ],
)
def test_it_gives_fiscal_half_and_quarter(month: int, half: int, quarter: int) -> None:
    d = date(2026, month, 1)
    assert thai.fiscal_half(d) == half
    assert thai.fiscal_quarter(d) == quarter


def test_it_gives_quarter_boundaries_on_the_last_and_first_days() -> None:
    assert thai.fiscal_quarter(date(2025, 12, 31)) == 1
    assert thai.fiscal_quarter(date(2026, 1, 1)) == 2
    assert thai.fiscal_quarter(date(2026, 3, 31)) == 2
    assert thai.fiscal_half(date(2026, 3, 31)) == 1
    assert thai.fiscal_quarter(date(2026, 4, 1)) == 3
    assert thai.fiscal_half(date(2026, 4, 1)) == 2
    assert thai.fiscal_quarter(date(2026, 9, 30)) == 4
    assert thai.fiscal_quarter(date(2026, 10, 1)) == 1


def test_it_reads_half_and_quarter_in_bangkok() -> None:
    # 31 Mar 17:00 UTC is 1 Apr 00:00 in Bangkok: second half, third quarter.
    assert thai.fiscal_half(datetime(2026, 3, 31, 17, 0, tzinfo=UTC)) == 2
    assert thai.fiscal_quarter(datetime(2026, 3, 31, 17, 0, tzinfo=UTC)) == 3
    assert thai.fiscal_quarter(datetime(2026, 3, 31, 16, 59, tzinfo=UTC)) == 2
    with pytest.raises(ValueError, match="naive"):
        thai.fiscal_quarter(datetime(2026, 4, 1))
    with pytest.raises(ValueError, match="naive"):
        thai.fiscal_half(datetime(2026, 4, 1))


# --- today ----------------------------------------------------------------------


def test_it_gives_today_in_bangkok_from_djangos_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.utils import timezone as dj_timezone

    monkeypatch.setattr(dj_timezone, "now", lambda: datetime(2025, 9, 30, 17, 0, tzinfo=UTC))
    assert thai.local_today() == date(2025, 10, 1)
    monkeypatch.setattr(dj_timezone, "now", lambda: datetime(2025, 9, 30, 16, 59, 59, tzinfo=UTC))
    assert thai.local_today() == date(2025, 9, 30)


def test_it_gives_today_with_the_real_clock() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_TZ=True, TIME_ZONE="Asia/Bangkok")
    before = datetime.now(thai.BANGKOK).date()
    today = thai.local_today()
    after = datetime.now(thai.BANGKOK).date()
    assert today in {before, after}
