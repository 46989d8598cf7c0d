"""Date fields read and show Buddhist-era dates, day first, in Thai pages (core.forms.ThaiDateField)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from prongsai.core.forms import ThaiDateField, ThaiDateInput
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import parse_thai_date
from prongsai.plans.models import ItaCalendar, OwnDeadline
from prongsai.plans.reminders import calendar_for


class ParseThaiDateTests(SimpleTestCase):
    def test_it_reads_the_ways_thai_people_write_a_date(self) -> None:
        for text, expected in {
            "31/12/2568": date(2025, 12, 31),
            "3/1/2569": date(2026, 1, 3),
            "03/01/69": date(2026, 1, 3),
            "3-1-2569": date(2026, 1, 3),
            "3.1.2569": date(2026, 1, 3),
            " 03 / 01 / 2569 ": date(2026, 1, 3),
            "03/01/2026": date(2026, 1, 3),  # a CE year, still day first
            "1 ต.ค. 2568": date(2025, 10, 1),
            "1 ตค 68": date(2025, 10, 1),
            "1 ตุลาคม พ.ศ. 2568": date(2025, 10, 1),
            "๑ ตุลาคม ๒๕๖๘": date(2025, 10, 1),
            "๓๑/๑๒/๒๕๖๘": date(2025, 12, 31),
            "2025-12-31": date(2025, 12, 31),
            "2568-12-31": date(2025, 12, 31),
        }.items():
            with self.subTest(text=text):
                self.assertEqual(parse_thai_date(text), expected)

    def test_it_refuses_what_is_no_date(self) -> None:
        for text in ("31/02/2568", "13/13/2568", "1 foo 2568", "hello", "", "2568", "1/1/1800"):
            with self.subTest(text=text), self.assertRaises(ValueError):
                parse_thai_date(text)

    def test_the_field_shows_day_month_and_the_buddhist_year_in_thai_and_iso_in_english(self) -> None:
        widget = ThaiDateInput()
        with translation.override("th"):
            html = widget.render("due", date(2026, 1, 3))
            self.assertIn('value="03/01/2569"', html)
            self.assertIn('type="text"', html)
            self.assertIn('placeholder="เช่น 31/12/2568"', html)  # the format, by example
        with translation.override("en"):
            html = widget.render("due", date(2026, 1, 3))
            self.assertIn('value="2026-01-03"', html)
            self.assertIn('placeholder="e.g. 2025-12-31"', html)

    def test_the_field_says_in_thai_how_to_write_a_date(self) -> None:
        with translation.override("th"), self.assertRaises(ValidationError) as refused:
            ThaiDateField().clean("2026/31/31")
        self.assertIn("31/12/2568", str(refused.exception))
        self.assertIn("พ.ศ.", str(refused.exception))


class DateRoundTripTests(PersonaTestCase):
    def test_it_saves_a_thai_date_and_shows_it_again_as_typed_in_thai(self) -> None:
        self.client.force_login(self.coordinator)
        url = reverse("plans:calendar", kwargs={"org_slug": "alpha", "year": 2569})
        calendar_for(self.org, 2569)
        response = self.client.post(url, {"own": "1", "title": "ส่งข้อมูล O12", "date": "3 ม.ค. 2569"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(OwnDeadline.objects.get().date, date(2026, 1, 3))
        response = self.client.post(url, {"dates": "1", "oit_open": "1/4/2569", "oit_close": "๓๑/๕/๒๕๖๙"})
        self.assertEqual(response.status_code, 302)
        cal = ItaCalendar.objects.get(organisation=self.org, fiscal_year=2569)
        self.assertEqual((cal.oit_open, cal.oit_close), (date(2026, 4, 1), date(2026, 5, 31)))
        page = self.client.get(url).content.decode()
        self.assertIn('value="01/04/2569"', page)
        self.assertIn('value="31/05/2569"', page)
        self.assertNotIn('type="date"', page)

    def test_a_wrong_date_is_refused_in_thai_and_kept_as_typed(self) -> None:
        self.client.force_login(self.coordinator)
        url = reverse("plans:calendar", kwargs={"org_slug": "alpha", "year": 2569})
        calendar_for(self.org, 2569)
        response = self.client.post(url, {"own": "1", "title": "ส่งข้อมูล O12", "date": "31/02/2569"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ.")
        self.assertContains(response, 'value="31/02/2569"')
        self.assertFalse(OwnDeadline.objects.exists())


class EveryDateFieldTests(SimpleTestCase):
    def test_every_form_of_every_module_uses_the_thai_date_field(self) -> None:
        import importlib
        import inspect

        from django import forms
        from django.apps import apps

        checked = 0
        for app in apps.get_app_configs():
            if not app.name.startswith("prongsai."):
                continue
            try:
                module = importlib.import_module(f"{app.name}.forms")
            except ModuleNotFoundError:
                continue
            for _name, form in inspect.getmembers(module, inspect.isclass):
                if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                    continue
                for field_name, field in form.base_fields.items():  # type: ignore[attr-defined]
                    if isinstance(field, forms.DateField):
                        checked += 1
                        with self.subTest(form=f"{module.__name__}.{form.__name__}", field=field_name):
                            self.assertIsInstance(field, ThaiDateField)
                            self.assertIsInstance(field.widget, ThaiDateInput)
        self.assertGreater(checked, 10)
