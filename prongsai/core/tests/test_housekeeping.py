from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import TestCase

from prongsai.accounts.models import AuditEvent
from prongsai.core import housekeeping, tasks


class HousekeepingTests(TestCase):
    def test_it_clears_expired_sessions_only(self) -> None:
        with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
            old = SessionStore()
            old.set_expiry(60)
            old.save()
        fresh = SessionStore()
        fresh.save()
        self.assertEqual(housekeeping.clear_expired_sessions(), 1)
        self.assertEqual(list(Session.objects.values_list("session_key", flat=True)), [fresh.session_key])

    def test_it_prunes_audit_events_older_than_two_years(self) -> None:
        with time_machine.travel(datetime(2023, 1, 1, tzinfo=UTC), tick=False):
            AuditEvent.objects.create(action="login", username="old")
        with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
            AuditEvent.objects.create(action="login", username="recent")
            self.assertEqual(housekeeping.prune_audit_events(), 1)
        self.assertEqual(list(AuditEvent.objects.values_list("username", flat=True)), ["recent"])

    def test_it_runs_as_a_daily_periodic_task_through_huey(self) -> None:
        SessionStore(session_key=None).create()
        Session.objects.update(expire_date=datetime(2020, 1, 1, tzinfo=UTC))
        # Huey is in immediate mode in tests: calling the task runs it and returns its result.
        tasks.daily_housekeeping()
        self.assertEqual(Session.objects.count(), 0)

    def test_it_is_scheduled_at_quarter_past_three_in_bangkok(self) -> None:
        task = tasks.daily_housekeeping.s()
        bangkok_0315_in_utc = datetime(2026, 3, 1, 20, 15)
        self.assertTrue(task.validate_datetime(bangkok_0315_in_utc))
        self.assertFalse(task.validate_datetime(bangkok_0315_in_utc + timedelta(hours=1)))
        self.assertIn(tasks.daily_housekeeping.task_class, tasks.HUEY._registry._periodic_tasks)
