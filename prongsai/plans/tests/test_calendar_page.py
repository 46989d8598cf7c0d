"""The ITA calendar page counts days left in whole days, in Thai, past deadlines included."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from django.urls import reverse
from django.utils import translation

from prongsai.core.templatetags.thai_dates import days_left
from prongsai.core.testing import PersonaTestCase
from prongsai.plans.models import OwnDeadline
from prongsai.plans.reminders import calendar_for


class CalendarPageTests(PersonaTestCase):
    @time_machine.travel(datetime(2026, 4, 20, 3, 0, tzinfo=UTC), tick=False)
    def test_it_shows_past_deadlines_as_days_ago_not_zero_minutes(self) -> None:
        cal = calendar_for(self.org, 2569)
        OwnDeadline.objects.create(calendar=cal, title="ส่งข้อมูล O12", date=date(2026, 4, 10))
        OwnDeadline.objects.create(calendar=cal, title="ส่งข้อมูล O13", date=date(2026, 4, 23))
        OwnDeadline.objects.create(calendar=cal, title="ส่งข้อมูล O14", date=date(2026, 4, 20))
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("plans:calendar", kwargs={"org_slug": "alpha", "year": 2569}))
        self.assertContains(response, "เลยมาแล้ว 10 วัน")
        self.assertContains(response, "อีก 3 วัน")
        self.assertContains(response, "วันนี้")
        self.assertNotContains(response, "นาที")
        self.assertNotContains(response, "minute")

    def test_it_counts_whole_days(self) -> None:
        with translation.override("en"):
            self.assertEqual(days_left(date(2026, 1, 2), date(2026, 1, 1)), "in 1 day")
            self.assertEqual(days_left(date(2025, 12, 30), date(2026, 1, 1)), "2 days ago")
        self.assertEqual(days_left(None, date(2026, 1, 1)), "—")
