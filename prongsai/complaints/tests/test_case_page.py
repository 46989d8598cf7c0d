"""The recipients' case page: closing asks first, one opening is one access record; the outside channels."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from prongsai.complaints import services
from prongsai.complaints.models import Access, Case
from prongsai.complaints.tests.test_reporting import ReportingCase


class CasePageTests(ReportingCase):
    def setUp(self) -> None:
        super().setUp()
        self.case = services.file_report(
            self.org, services.ReportData("general", "public", "x"), [], today=date(2026, 3, 2)
        )[0]
        self.client.force_login(self.executive)

    def url(self, name: str = "case") -> str:
        return reverse(f"complaints:{name}", kwargs={"org_slug": "alpha", "case_number": self.case.number})

    def test_it_asks_before_closing_a_case(self) -> None:
        for state in ("acknowledged", "fact_finding"):
            self.client.post(self.url("case_step"), {"to_state": state})
        self.client.post(self.url("case_step"), {"to_state": "concluded", "outcome": "not_substantiated"})
        asked = self.client.post(self.url("case_step"), {"to_state": "closed", "message": "ขอบคุณ"})
        self.assertEqual(asked.status_code, 200)
        self.assertContains(asked, 'name="confirm" value="yes"')
        self.assertContains(asked, "ขอบคุณ", msg_prefix="the message typed is kept")
        self.case.refresh_from_db()
        self.assertEqual(self.case.state, Case.State.CONCLUDED, "not closed without the confirmation")
        done = self.client.post(self.url("case_step"), {"to_state": "closed", "message": "ขอบคุณ", "confirm": "yes"})
        self.assertEqual(done.status_code, 302)
        self.case.refresh_from_db()
        self.assertEqual(self.case.state, Case.State.CLOSED)

    def test_it_logs_one_opening_once_whatever_is_done_on_the_page(self) -> None:
        self.client.get(self.url())
        response = self.client.post(self.url("case_message"), {"body": "บันทึก", "internal": "on"}, follow=True)
        self.assertEqual(response.status_code, 200)
        self.client.post(self.url("case_step"), {"to_state": "acknowledged"}, follow=True)
        reads = Access.objects.filter(case=self.case, action=Access.Action.READ_CASE).count()
        self.assertEqual(reads, 1, "the page shown again after an action is the same opening")
        self.assertEqual(Access.objects.filter(case=self.case).count(), 3, "one read, one message, one step")
        self.client.get(self.url())
        self.assertEqual(Access.objects.filter(case=self.case, action=Access.Action.READ_CASE).count(), 2)


class OutsideChannelsTests(ReportingCase):
    def test_a_reporter_who_excludes_everyone_is_shown_the_outside_channels(self) -> None:
        status, text = self.file(excluded=[self.executive.pk, self.ethics.pk])
        self.assertEqual(status, 400)
        for channel in ("ป.ป.ช.", "1205", "ศูนย์ดำรงธรรม", "1567", "สถจ."):
            self.assertIn(channel, text)
        self.assertFalse(Case.objects.exists())
        status, text = self.file()
        self.assertNotIn("ศูนย์ดำรงธรรม", text, "not shown to everyone")
