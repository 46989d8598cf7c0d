"""Public holidays: the shipped table loads and is checked, the admin's rows win over it at once, the working
days skip both, and a year costs one query per process."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from unittest import mock

from django.db import IntegrityError, transaction
from django.test import SimpleTestCase, TestCase, override_settings

from prongsai.core import holidays
from prongsai.core.models import PublicHoliday
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import BANGKOK

# The days prongsai/vehicles/holidays.py held before the table became data.
FORMER_ANNOUNCED = {
    date(2025, 2, 12): "วันมาฆบูชา",
    date(2025, 5, 11): "วันวิสาขบูชา",
    date(2025, 5, 12): "วันหยุดชดเชยวันวิสาขบูชา",
    date(2025, 7, 10): "วันอาสาฬหบูชา",
    date(2025, 7, 11): "วันเข้าพรรษา",
    date(2026, 3, 3): "วันมาฆบูชา",
    date(2026, 5, 31): "วันวิสาขบูชา",
    date(2026, 6, 1): "วันหยุดชดเชยวันวิสาขบูชา",
    date(2026, 7, 29): "วันอาสาฬหบูชา",
    date(2026, 7, 30): "วันเข้าพรรษา",
}
FORMER_FIXED = {(1, 1), (4, 6), (4, 13), (4, 14), (4, 15), (5, 1), (5, 4), (6, 3), (7, 28), (8, 12), (10, 13)}
FORMER_FIXED |= {(10, 23), (12, 5), (12, 10), (12, 31)}

GOOD_ENTRY = "{month: 1, day: 1, name: วันขึ้นปีใหม่, source: test, confidence: likely}"


class ShippedTableTests(SimpleTestCase):
    def test_it_loads_the_shipped_file_with_every_entry_sourced(self) -> None:
        path = holidays.data_dir() / holidays.FILE_NAME
        self.assertEqual(path.parts[-3:], ("data", "holidays", "th.yaml"))
        table = holidays.load_file(path)  # raises on any bad entry
        self.assertEqual(set(table.fixed), FORMER_FIXED)
        for day, name in FORMER_ANNOUNCED.items():
            self.assertEqual(table.announced[day].name, name)
        for entry in [*table.fixed.values(), *table.announced.values()]:
            with self.subTest(entry=entry.name):
                self.assertIn(entry.confidence, holidays.CONFIDENCE_VALUES)
                self.assertTrue(entry.source.strip())
        # Nothing was checked against an announcement when the file was written: nothing may claim it was.
        self.assertNotIn("confirmed", {e.confidence for e in table.announced.values()})

    def test_a_year_has_the_fixed_days_and_only_its_own_announced_days(self) -> None:
        table = holidays.shipped_table()
        days_2026 = table.year(2026)
        self.assertEqual(days_2026[date(2026, 1, 1)], "วันขึ้นปีใหม่")
        self.assertEqual(days_2026[date(2026, 3, 3)], "วันมาฆบูชา")
        self.assertNotIn(date(2025, 2, 12), days_2026)
        self.assertEqual(len(table.year(2030)), len(table.fixed))  # no announced day yet
        self.assertEqual(holidays.shipped_name(date(2025, 7, 11)), "วันเข้าพรรษา")
        self.assertEqual(holidays.shipped_name(date(2025, 7, 12)), "")


class BadFileTests(SimpleTestCase):
    def assertRefused(self, text: str, *parts: str) -> None:
        with self.assertRaises(holidays.HolidayDataError) as refused:
            holidays.parse(text, name="th.yaml")
        for part in parts:
            self.assertIn(part, str(refused.exception))

    def test_it_names_the_bad_entry(self) -> None:
        announced = "announced:\n- {date: 2025-02-12, name: วันมาฆบูชา, source: s, confidence: likely}\n"
        self.assertRefused(
            f"fixed: [{GOOD_ENTRY}]\n{announced}- {{date: 2025-02-30, name: วันวิสาขบูชา, source: s, confidence: likely}}\n",
            "th.yaml: announced entry 2 (2025-02-30 วันวิสาขบูชา)",
            "date must be a real day",
        )
        self.assertRefused(
            f"fixed: [{GOOD_ENTRY}, {{month: 2, day: 30, name: x, source: s, confidence: likely}}]",
            "fixed entry 2 (30/2 x): no such day",
        )
        self.assertRefused(
            "fixed: [{month: 1, day: 1, nam: วันขึ้นปีใหม่, source: s, confidence: likely}]",
            "fixed entry 1 (1/1): missing name; unknown key nam",
        )
        self.assertRefused(
            "fixed: [{month: 1, day: 1, name: วันขึ้นปีใหม่, source: s, confidence: sure}]",
            "fixed entry 1 (1/1 วันขึ้นปีใหม่): confidence must be one of confirmed, likely, unverified",
        )
        self.assertRefused(
            "fixed: [{month: 1, day: 1, name: วันขึ้นปีใหม่, source: '', confidence: likely}]", "source must be a text"
        )
        self.assertRefused(f"fixed: [{GOOD_ENTRY}, {GOOD_ENTRY}]", "fixed entry 2 (1/1 วันขึ้นปีใหม่)", "already listed")
        self.assertRefused(f"fixed: [{GOOD_ENTRY}, 2025-01-02]", "fixed entry 2: not a mapping")
        self.assertRefused("fixed: [", "th.yaml: not valid YAML")
        self.assertRefused("announced: []", "needs a list “fixed”")

    def test_the_folder_comes_from_the_setting_and_a_bad_file_is_refused_when_read(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "th.yaml").write_text(
                f"fixed: [{GOOD_ENTRY}]\nannounced:\n- {{date: 2025-13-01, name: x, source: s, confidence: likely}}\n",
                encoding="utf-8",
            )
            with override_settings(HOLIDAYS_DATA_DIR=folder), self.assertRaises(holidays.HolidayDataError) as refused:
                holidays.shipped_table()
        self.assertIn("announced entry 1 (2025-13-01 x)", str(refused.exception))

    def test_a_bad_file_stops_the_start_with_the_entry_named(self) -> None:
        from prongsai.core.checks import check_holiday_file

        self.assertEqual(check_holiday_file(None), [])  # the shipped file
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "th.yaml").write_text(
                "announced: []\nfixed:\n- {month: 2, day: 30, name: x, source: s, confidence: likely}\n"
            )
            with override_settings(HOLIDAYS_DATA_DIR=folder):
                [error] = check_holiday_file(None)
        self.assertEqual(error.id, "prongsai.E005")
        self.assertIn("fixed entry 1", error.msg)

    def test_it_reads_a_good_file(self) -> None:
        table = holidays.parse(
            f"fixed: [{GOOD_ENTRY}]\nannounced:\n"
            "- {date: 2024-02-29, name: วันทดสอบ, source: s, confidence: unverified, note: leap day}\n"
        )
        self.assertEqual(table.announced[date(2024, 2, 29)].note, "leap day")
        self.assertEqual(table.year(2024), {date(2024, 1, 1): "วันขึ้นปีใหม่", date(2024, 2, 29): "วันทดสอบ"})


class WorkingDayTests(TestCase):
    def setUp(self) -> None:
        holidays.clear_cache()  # what other tests left in this process
        self.addCleanup(holidays.clear_cache)  # rolled-back rows send no signal

    def test_a_weekday_holiday_is_not_a_working_day(self) -> None:
        monday = date(2025, 10, 13)  # วันนวมินทรมหาราช, a Monday
        self.assertEqual(monday.weekday(), 0)
        self.assertEqual(holidays.holiday_name(monday), "วันนวมินทรมหาราช")
        self.assertFalse(holidays.is_working_day(monday))
        self.assertTrue(holidays.is_working_day(date(2025, 10, 14)))
        self.assertFalse(holidays.is_working_day(date(2025, 10, 11)))  # a Saturday
        self.assertEqual(holidays.holiday_name(date(2025, 10, 11)), "")
        self.assertFalse(holidays.is_working_day(date(2025, 2, 12)))  # วันมาฆบูชา (announced), a Wednesday

    def test_next_and_added_working_days_skip_holidays(self) -> None:
        # Sat 12 Apr 2025; Songkran 13–15 and its substitution day Wed 16 Apr: Thursday 17 Apr.
        self.assertEqual(holidays.next_working_day(date(2025, 4, 12)), date(2025, 4, 17))
        self.assertEqual(holidays.next_working_day(date(2025, 4, 17)), date(2025, 4, 17))
        # From Thu 10 Jul 2025 (วันอาสาฬหบูชา) and Fri 11 (วันเข้าพรรษา): the 1st is Mon 14, the 2nd Tue 15.
        self.assertEqual(holidays.add_working_days(date(2025, 7, 10), 1), date(2025, 7, 14))
        self.assertEqual(holidays.add_working_days(date(2025, 7, 10), 2), date(2025, 7, 15))
        # Across a year's end: Wed 31 Dec 2025 and Thu 1 Jan 2026 are holidays.
        self.assertEqual(holidays.add_working_days(date(2025, 12, 30), 2), date(2026, 1, 2))

    def test_a_row_adds_renames_or_takes_away_a_day_and_is_seen_at_once(self) -> None:
        self.assertTrue(holidays.is_working_day(date(2025, 6, 2)))  # the year is now kept in the cache
        added = PublicHoliday.objects.create(day=date(2025, 6, 2), name="วันหยุดพิเศษ", source="มติ ครม.")
        self.assertEqual(holidays.holiday_name(date(2025, 6, 2)), "วันหยุดพิเศษ")
        self.assertFalse(holidays.is_working_day(date(2025, 6, 2)))
        PublicHoliday.objects.create(day=date(2025, 2, 12), name="วันมาฆบูชา (แก้ไข)", source="s")
        self.assertEqual(holidays.holiday_name(date(2025, 2, 12)), "วันมาฆบูชา (แก้ไข)")
        moved = PublicHoliday.objects.create(day=date(2025, 5, 1), not_a_holiday=True, source="s")
        self.assertEqual(holidays.holiday_name(date(2025, 5, 1)), "")
        self.assertTrue(holidays.is_working_day(date(2025, 5, 1)))  # a Thursday
        moved.delete()
        added.delete()
        self.assertEqual(holidays.holiday_name(date(2025, 5, 1)), "วันแรงงานแห่งชาติ")  # the file's word again
        self.assertTrue(holidays.is_working_day(date(2025, 6, 2)))
        self.assertEqual(holidays.holiday_name(date(2024, 5, 1)), "วันแรงงานแห่งชาติ")  # other years untouched

    def test_a_year_costs_one_query_then_none_for_a_loop_over_its_trips(self) -> None:
        from prongsai.vehicles.flags import is_off_hours

        moments = [datetime(2026, 1, 1, 9, tzinfo=BANGKOK) + timedelta(hours=17 * n) for n in range(500)]
        self.assertEqual({m.year for m in moments}, {2026})
        with self.assertNumQueries(1):
            flagged = [m for m in moments if is_off_hours(m)]
        with self.assertNumQueries(0):
            for day in range(365):
                holidays.is_working_day(date(2026, 1, 1) + timedelta(days=day))
        self.assertTrue(flagged)

    def test_rows_written_without_signals_are_seen_once_the_year_is_old(self) -> None:
        self.assertEqual(holidays.holiday_name(date(2025, 6, 2)), "")
        PublicHoliday.objects.bulk_create([PublicHoliday(day=date(2025, 6, 2), name="วันหยุดพิเศษ", source="s")])
        self.assertEqual(holidays.holiday_name(date(2025, 6, 2)), "")  # kept
        with mock.patch.object(holidays, "MAX_AGE", 0.0):
            self.assertEqual(holidays.holiday_name(date(2025, 6, 2)), "วันหยุดพิเศษ")

    def test_a_holiday_row_needs_a_name_in_the_database_too(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            PublicHoliday.objects.create(day=date(2025, 6, 2), name="", source="s")


class AdminTests(PersonaTestCase):
    URL = "/admin/core/publicholiday/"

    def setUp(self) -> None:
        self.addCleanup(holidays.clear_cache)
        self.client.force_login(self.admin)

    def test_the_platform_admin_adds_a_holiday_and_the_working_days_see_it_at_once(self) -> None:
        self.assertTrue(holidays.is_working_day(date(2026, 10, 1)))  # kept in the cache
        response = self.client.post(
            f"{self.URL}add/",
            {"day": "2026-10-01", "name": "วันหยุดราชการเป็นกรณีพิเศษ", "source": "มติคณะรัฐมนตรี (ทดสอบ)"},
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        row = PublicHoliday.objects.get()
        self.assertEqual((row.day, row.added_by), (date(2026, 10, 1), self.admin))
        self.assertFalse(holidays.is_working_day(date(2026, 10, 1)))
        self.assertEqual(holidays.holiday_name(date(2026, 10, 1)), "วันหยุดราชการเป็นกรณีพิเศษ")
        page = self.client.get(f"{self.URL}{row.pk}/change/")
        self.assertContains(page, "วันหยุดราชการเป็นกรณีพิเศษ")
        self.client.post(f"{self.URL}{row.pk}/delete/", {"post": "yes"})
        self.assertFalse(PublicHoliday.objects.exists())
        self.assertTrue(holidays.is_working_day(date(2026, 10, 1)))

    def test_it_shows_the_shipped_name_and_takes_a_day_away(self) -> None:
        response = self.client.post(
            f"{self.URL}add/", {"day": "2025-05-01", "not_a_holiday": "on", "source": "ประกาศ (ทดสอบ)"}
        )
        self.assertEqual(response.status_code, 302)
        row = PublicHoliday.objects.get()
        self.assertContains(self.client.get(f"{self.URL}{row.pk}/change/"), "วันแรงงานแห่งชาติ")  # in the table
        self.assertEqual(holidays.holiday_name(date(2025, 5, 1)), "")

    def test_it_refuses_a_holiday_without_a_name_or_taking_away_a_day_the_table_lacks(self) -> None:
        response = self.client.post(f"{self.URL}add/", {"day": "2025-06-02", "name": " ", "source": "s"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["adminform"].form.errors["name"])
        response = self.client.post(f"{self.URL}add/", {"day": "2025-06-02", "not_a_holiday": "on", "source": "s"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["adminform"].form.errors["not_a_holiday"])
        self.assertFalse(PublicHoliday.objects.exists())

    def test_only_the_platform_admin_edits_holidays(self) -> None:
        self.client.force_login(self.executive)
        self.assertNotEqual(self.client.get(f"{self.URL}add/").status_code, 200)
