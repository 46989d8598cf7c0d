"""Reminders fire on the right days under a frozen clock, by e-mail and in the app, and never twice."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from prongsai.accounts.models import Notification
from prongsai.plans import tasks
from prongsai.plans.models import ItaCalendar, OwnDeadline
from prongsai.plans.reminders import calendar_for, send_activity_reminders, send_calendar_reminders
from prongsai.plans.services import activity_update
from prongsai.plans.tests.test_activities import PlanCase


@override_settings(REMINDER_DAYS=[7, 1])
class ActivityReminderTests(PlanCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.staff.email = "staff@alpha.example"
        cls.staff.save()

    def test_it_reminds_seven_days_and_one_day_before_and_once_when_overdue(self) -> None:
        due = self.activity.due  # 2026-03-31
        sent = {}
        for day in (
            date(2026, 3, 23),
            date(2026, 3, 24),
            date(2026, 3, 25),
            date(2026, 3, 30),
            date(2026, 3, 31),
            date(2026, 4, 1),
            date(2026, 4, 2),
        ):
            sent[day] = send_activity_reminders(day)
        self.assertEqual(
            sent,
            {
                date(2026, 3, 23): 0,
                date(2026, 3, 24): 1,
                date(2026, 3, 25): 0,
                date(2026, 3, 30): 1,
                date(2026, 3, 31): 0,
                date(2026, 4, 1): 1,
                date(2026, 4, 2): 0,
            },
        )
        keys = list(
            Notification.objects.filter(user=self.staff).order_by("created_at", "id").values_list("key", flat=True)
        )
        self.assertEqual(
            keys,
            [
                f"activity:{self.activity.pk}:due-in-7:{due.isoformat()}",
                f"activity:{self.activity.pk}:due-in-1:{due.isoformat()}",
                f"activity:{self.activity.pk}:overdue:{due.isoformat()}",
            ],
        )
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(mail.outbox[0].to, ["staff@alpha.example"])
        self.assertIn("ติดตั้ง QR Logbook รถส่วนกลาง", mail.outbox[0].subject)
        self.assertIn(
            reverse("plans:activity", kwargs={"org_slug": "alpha", "activity_id": self.activity.pk}),
            mail.outbox[0].body,
        )

    def test_it_never_sends_the_same_reminder_twice(self) -> None:
        self.assertEqual(send_activity_reminders(date(2026, 3, 24)), 1)
        self.assertEqual(send_activity_reminders(date(2026, 3, 24)), 0)
        self.assertEqual(len(mail.outbox), 1)

    def test_it_stops_for_done_activities_and_asks_the_unit_head_when_nobody_is_assigned(self) -> None:
        activity_update(activity=self.activity, fields={"status": "done"}, by=None)
        self.assertEqual(send_activity_reminders(date(2026, 4, 2)), 0)
        activity_update(activity=self.activity, fields={"status": "in_progress"}, owners=[], by=None)
        send_activity_reminders(date(2026, 4, 2))
        self.assertEqual(list(Notification.objects.values_list("user__username", flat=True)), ["a-unithead"])

    def test_it_runs_as_the_daily_task_in_bangkok_time(self) -> None:
        # 2026-03-23 18:00 UTC is 24 March 01:00 in Bangkok: seven days before the due date.
        with time_machine.travel(datetime(2026, 3, 23, 18, 0, tzinfo=UTC), tick=False):
            tasks.daily_reminders()
        self.assertEqual(Notification.objects.count(), 1)
        task = tasks.daily_reminders.s()
        self.assertTrue(task.validate_datetime(datetime(2026, 3, 24, 1, 0)))  # 08:00 Bangkok in UTC

    def test_it_shows_notifications_in_the_app(self) -> None:
        send_activity_reminders(date(2026, 3, 24))
        self.client.force_login(self.staff)
        page = self.client.get(reverse("orgs:dashboard", kwargs={"org_slug": "alpha"}))
        self.assertContains(page, 'class="badge-count">1<')
        listing = self.client.get(reverse("accounts:notifications"))
        self.assertContains(listing, "ติดตั้ง QR Logbook รถส่วนกลาง")
        self.client.post(reverse("accounts:notifications"))
        self.assertFalse(Notification.objects.filter(read_at__isnull=True).exists())


@override_settings(REMINDER_DAYS=[7, 1])
class CalendarReminderTests(PlanCase):
    def test_it_derives_the_publish_deadline_fifteen_days_before_the_oit_window_closes(self) -> None:
        calendar = ItaCalendar.objects.create(
            organisation=self.org, fiscal_year=2569, oit_open=date(2026, 3, 1), oit_close=date(2026, 4, 30)
        )
        self.assertEqual(calendar.publish_by, date(2026, 4, 15))
        OwnDeadline.objects.create(calendar=calendar, title="ส่งข้อมูล O12 ให้แอดมิน", date=date(2026, 4, 10))
        self.assertEqual(
            [k for k, _, _ in calendar.deadlines()],
            [f"own:{calendar.own_deadlines.get().pk}", "publish_by", "oit_close"],
        )
        self.assertEqual(
            send_calendar_reminders(date(2026, 4, 8)), 2
        )  # publish_by in 7 days: executive and coordinator
        self.assertEqual(send_calendar_reminders(date(2026, 4, 8)), 0)
        self.assertEqual(send_calendar_reminders(date(2026, 4, 9)), 2)  # own deadline tomorrow
        recipients = set(Notification.objects.values_list("user__username", flat=True))
        self.assertEqual(recipients, {"a-executive", "a-coordinator"})

    def test_it_fills_a_new_calendar_from_the_frameworks_typical_dates(self) -> None:
        from prongsai.ita.framework import framework_load

        framework_load(fiscal_years=[2569])
        calendar = calendar_for(self.org, 2569)
        self.assertEqual((calendar.oit_open, calendar.oit_close), (date(2026, 3, 1), date(2026, 4, 30)))

    def test_it_lets_only_executives_and_the_coordinator_change_the_calendar(self) -> None:
        url = reverse("plans:calendar", kwargs={"org_slug": "alpha", "year": 2569})
        data = {"dates": "1", "oit_open": "2026-03-01", "oit_close": "2026-04-20"}
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(ItaCalendar.objects.get(organisation=self.org).publish_by, date(2026, 4, 5))
