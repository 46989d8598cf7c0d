"""A stuck web audit can be cancelled, has a deadline, and never receives new requests (issue 11, §7)."""

from __future__ import annotations

import time
from datetime import timedelta
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from prongsai.disclosure import audit_links, auditor, audits
from prongsai.disclosure.models import OitAudit, OitAuditItem
from prongsai.disclosure.tests.test_auditor_limits import Trickle
from prongsai.disclosure.tests.test_audits import HTML, YEAR, AuditTestCase


class CancelTests(AuditTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.trickle = Trickle(gap=0.2, seconds=6)
        self.addCleanup(self.trickle.close)
        self.site.routes["/ok"] = (
            200,
            HTML,
            b"<html><title>ok</title><body>" + b"a page of text. " * 5 + b"</body></html>",
        )

    def stuck_audit(self) -> OitAudit:
        """An audit with one quick link and one that sends a byte every 0.2 s: it hangs on the second."""
        items = self.items()
        self.link(items["O1"], "โครงสร้าง", self.site.url("/ok"))
        self.link(items["O2"], "ข้อมูลผู้บริหาร", self.trickle.base + "/body")
        return audits.start_audit(self.org, YEAR, trigger=OitAudit.Trigger.WEB, by=self.coordinator)

    def test_a_cancelled_audit_stops_its_link_check_at_once(self) -> None:
        audit = self.stuck_audit()
        for module, name in ((audit_links, "CANCEL_POLL_SECONDS"), (auditor, "STOP_POLL")):
            patcher = mock.patch.object(module, name, 0.1)
            patcher.start()
            self.addCleanup(patcher.stop)

        def progress(done: int, total: int) -> None:  # the quick link is back: the coordinator gives up
            self.assertTrue(audits.cancel_audit(audit, by=self.coordinator))

        started = time.monotonic()
        ran = audits.run_oit_audit(audit, allow_hosts=("127.0.0.1",), timeout=5.0, progress=progress)
        self.assertLess(time.monotonic() - started, 3)
        self.assertEqual(ran.status, OitAudit.Status.FAILED)
        self.assertIn(self.coordinator.get_full_name() or self.coordinator.username, ran.error)
        self.assertFalse(OitAuditItem.objects.filter(audit=audit).exists())
        self.assertFalse(audits.cancel_audit(ran, by=self.coordinator))  # it has ended

    def test_the_coordinator_cancels_from_the_progress_page(self) -> None:
        audit = self.stuck_audit()
        OitAudit.objects.filter(pk=audit.pk).update(status=OitAudit.Status.RUNNING, started_at=timezone.now())
        kwargs = {"org_slug": self.org.slug, "year": YEAR, "audit_id": audit.pk}
        cancel = reverse("disclosure:audit_cancel", kwargs=kwargs)

        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("disclosure:audit", kwargs=kwargs))
        self.assertContains(page, f'action="{cancel}"')
        self.assertContains(page, 'data-poll-ms="1000"')  # the progress asked for every second
        self.client.force_login(self.staff)
        self.assertNotContains(self.client.get(reverse("disclosure:audit", kwargs=kwargs)), f'action="{cancel}"')
        self.assertEqual(self.client.post(cancel).status_code, 403)
        audit.refresh_from_db()
        self.assertEqual(audit.status, OitAudit.Status.RUNNING)

        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(cancel).status_code, 405)
        self.assertRedirects(self.client.post(cancel), reverse("disclosure:audit", kwargs=kwargs))
        audit.refresh_from_db()
        self.assertEqual(audit.status, OitAudit.Status.FAILED)
        self.assertTrue(self.client.get(reverse("disclosure:audit_progress", kwargs=kwargs)).json()["finished"])

    def test_a_new_request_is_not_sent_to_a_stuck_audit(self) -> None:
        self.items()
        stuck = audits.start_audit(self.org, YEAR, trigger=OitAudit.Trigger.WEB)
        long_ago = timezone.now() - audits.INTERRUPTED_AFTER - timedelta(minutes=1)
        OitAudit.objects.filter(pk=stuck.pk).update(status=OitAudit.Status.RUNNING, started_at=long_ago)
        self.assertIsNone(audits.running_audit(self.org, YEAR))
        with self.captureOnCommitCallbacks(execute=False):
            fresh = audits.start_web_audit(self.org, YEAR, by=self.coordinator)
        self.assertNotEqual(fresh.pk, stuck.pk)
        stuck.refresh_from_db()
        self.assertEqual((stuck.status, stuck.error), (OitAudit.Status.FAILED, "interrupted"))

    def test_a_recent_running_audit_still_receives_the_request(self) -> None:
        self.items()
        running = audits.start_audit(self.org, YEAR, trigger=OitAudit.Trigger.WEB)
        recently = timezone.now() - timedelta(minutes=10)
        OitAudit.objects.filter(pk=running.pk).update(status=OitAudit.Status.RUNNING, started_at=recently)
        with self.captureOnCommitCallbacks(execute=False):
            self.assertEqual(audits.start_web_audit(self.org, YEAR, by=self.coordinator).pk, running.pk)

    def test_the_link_check_has_a_deadline_well_under_the_stuck_limit(self) -> None:
        self.assertLessEqual(audit_links.AUDIT_DEADLINE + timedelta(minutes=5), audits.INTERRUPTED_AFTER)
        self.assertLess(audits.INTERRUPTED_AFTER, timedelta(hours=1))
