"""e-Feedback pages: the answer form without sign-in or cookie (once per ticket, not after expiry), the standing QR
and its flood guard, the public summary (groups under 5 hidden, never a comment) and the executives' board."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from unittest import mock

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from prongsai.accounts.models import Notification
from prongsai.core.quietlog import is_reporting_path
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import local_today
from prongsai.services import feedback, feedback_throttle
from prongsai.services.models import Feedback, Ticket
from prongsai.services.testing import point, service, ticket

ANSWER = {"procedure": "5", "staff": "4", "place": "3", "result": "5", "comment": "ห้องน้ำสะอาดดี"}


class FeedbackPagesCase(PersonaTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.ticket = ticket(self)
        self.url = reverse(
            "services:feedback_answer", kwargs={"org_slug": "alpha", "feedback_token": feedback.token_for(self.ticket)}
        )
        self.standing_url = reverse(
            "services:feedback_standing", kwargs={"org_slug": "alpha", "point_id": point(self).pk}
        )

    def send(self, url: str, data: dict[str, str], client: Client | None = None) -> Any:
        client = client or Client(enforce_csrf_checks=True)
        page = client.get(url)
        token = re.search(r'name="form_token" value="([^"]+)"', page.content.decode())
        assert token is not None, page.content.decode()[:500]
        return client.post(url, data | {"form_token": token.group(1)})


class AnswerTests(FeedbackPagesCase):
    def test_the_ticket_page_carries_the_feedback_qr(self) -> None:
        page = self.client.get(
            reverse("services:queue_ticket", kwargs={"org_slug": "alpha", "ticket_token": self.ticket.token})
        )
        self.assertContains(page, self.url)
        self.assertContains(page, "data:image/svg+xml;base64,", count=2)

    def test_it_answers_once_without_sign_in_or_cookie(self) -> None:
        page = self.client.get(self.url)
        self.assertContains(page, "เจ้าหน้าที่")
        self.assertEqual(page.cookies, {})
        self.assertEqual(page["Referrer-Policy"], "no-referrer")
        done = self.send(self.url, ANSWER)
        self.assertContains(done, "ขอบคุณ")
        self.assertEqual(done.cookies, {})
        self.assertEqual(Feedback.objects.filter(ticket=self.ticket).count(), 1)
        again = self.client.get(self.url)
        self.assertContains(again, "ไม่มีการเปลี่ยนแปลง")
        second = self.client.post(self.url, ANSWER | {"staff": "1"})
        self.assertEqual(second.status_code, 200)
        self.assertEqual(Feedback.objects.count(), 1)
        self.assertEqual(Feedback.objects.get().staff, 4)
        self.assertFalse(Notification.objects.exists())

    def test_a_post_without_the_form_token_or_from_another_site_records_nothing(self) -> None:
        self.assertEqual(self.client.post(self.url, ANSWER).status_code, 400)
        client = Client(headers={"Sec-Fetch-Site": "cross-site"})
        self.assertEqual(self.send(self.url, ANSWER, client).status_code, 400)
        self.assertFalse(Feedback.objects.exists())

    def test_an_expired_token_records_nothing(self) -> None:
        Ticket.objects.filter(pk=self.ticket.pk).update(day=local_today() - timedelta(days=feedback.valid_days() + 1))
        page = self.client.get(self.url)
        self.assertContains(page, "หมดเวลา")
        self.assertNotContains(page, 'name="form_token"')
        self.client.post(self.url, ANSWER)
        self.assertFalse(Feedback.objects.exists())

    def test_the_answer_pages_are_anonymous_pages_and_the_summary_is_not(self) -> None:
        self.assertTrue(is_reporting_path(self.url))
        self.assertTrue(is_reporting_path(self.standing_url))
        self.assertFalse(is_reporting_path(reverse("services:feedback_summary", kwargs={"org_slug": "alpha"})))
        self.assertFalse(is_reporting_path(reverse("services:feedback_board", kwargs={"org_slug": "alpha"})))

    def test_a_forged_token_is_a_404(self) -> None:
        url = reverse("services:feedback_answer", kwargs={"org_slug": "alpha", "feedback_token": f"{self.ticket.pk}-x"})
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_low_score_from_the_page_tells_the_unit_head_only(self) -> None:
        self.send(self.url, ANSWER | {"result": "1"})
        self.assertEqual(list(Notification.objects.values_list("user", flat=True)), [self.unit_head.pk])
        note = Notification.objects.get()
        self.assertNotIn(ANSWER["comment"], note.body + note.subject)


class StandingTests(FeedbackPagesCase):
    def test_a_standing_answer_is_marked_not_tied_to_a_visit(self) -> None:
        page = self.client.get(self.standing_url)
        self.assertContains(page, "ไม่ได้ผูกกับการรับบริการครั้งใด")
        self.send(self.standing_url, ANSWER | {"service": str(service(self).pk)})
        saved = Feedback.objects.get()
        self.assertTrue(saved.standing)
        self.assertIsNone(saved.ticket)
        self.assertEqual(saved.service, service(self))

    def test_a_flood_of_standing_answers_is_refused(self) -> None:
        with mock.patch.object(feedback_throttle, "_now", return_value=1_790_000_010.0):  # within one minute
            codes = [self.send(self.standing_url, ANSWER).status_code for _ in range(feedback_throttle.PER_CLIENT + 2)]
        self.assertEqual(codes.count(200), feedback_throttle.PER_CLIENT)
        self.assertEqual(codes[-1], 429)
        self.assertEqual(Feedback.objects.count(), feedback_throttle.PER_CLIENT)
        with mock.patch.object(feedback_throttle, "_now", return_value=1_790_000_130.0):  # two minutes later
            self.assertEqual(self.send(self.standing_url, ANSWER).status_code, 200)

    def test_the_point_is_guarded_whoever_sends(self) -> None:
        with (
            mock.patch.object(feedback_throttle, "PER_POINT", 2),
            mock.patch.object(feedback_throttle, "_now", return_value=1_790_000_010.0),
        ):
            codes = [self.send(self.standing_url, ANSWER).status_code for _ in range(3)]
        self.assertEqual(codes, [200, 200, 429])


class SummaryTests(FeedbackPagesCase):
    def test_groups_under_five_are_hidden_and_no_comment_is_shown(self) -> None:
        hall, birth, tax = point(self), service(self), service(self, "การชำระภาษีที่ดินและสิ่งปลูกสร้าง")
        for _ in range(5):
            feedback.answer_standing(hall, birth, feedback.Scores(5, 4, 4, 3, comment="ความลับของผู้ตอบ"))
        for _ in range(4):
            feedback.answer_standing(hall, tax, feedback.Scores(1, 1, 1, 1, comment="ข้อความอิสระ"))
        page = self.client.get(reverse("services:feedback_summary", kwargs={"org_slug": "alpha"}))
        self.assertContains(page, "การรับแจ้งการเกิด")
        self.assertContains(page, "4.00")  # the mean of birth's answers, shown
        self.assertContains(page, "การชำระภาษีที่ดินและสิ่งปลูกสร้าง")
        self.assertNotContains(page, "1.00")  # tax's four answers: hidden
        self.assertNotContains(page, "ความลับของผู้ตอบ")
        self.assertNotContains(page, "ข้อความอิสระ")
        other = self.client.get(reverse("services:feedback_summary", kwargs={"org_slug": "bravo"}))
        self.assertNotContains(other, "การรับแจ้งการเกิด")


class BoardTests(FeedbackPagesCase):
    def test_only_executives_and_the_coordinator_open_the_board(self) -> None:
        url = reverse("services:feedback_board", kwargs={"org_slug": "alpha"})
        json_url = reverse("services:feedback_board_json", kwargs={"org_slug": "alpha"})
        feedback.answer_standing(point(self), None, feedback.Scores(2, 3, 3, 3, comment="รอนาน"))
        expected = {
            "executive": 200,
            "ita_coordinator": 200,
            "platform_admin": 200,
            "unit_head": 403,
            "staff": 403,
            "ethics_committee": 403,
            "supervisor": 403,
            "other_org_executive": 404,
            "other_org_staff": 404,
            "other_province_supervisor": 404,
        }
        for name, user in self.personas().items():
            self.client.force_login(user)
            with self.subTest(name):
                self.assertEqual(self.client.get(url).status_code, expected[name])
                self.assertEqual(self.client.get(json_url).status_code, expected[name])
        self.client.logout()
        self.assertEqual(self.client.get(json_url).status_code, 302)

    def test_the_board_polls_a_json_of_the_latest_answers(self) -> None:
        self.client.force_login(self.executive)
        page = self.client.get(reverse("services:feedback_board", kwargs={"org_slug": "alpha"}))
        self.assertContains(page, "services/feedback-board.js")
        self.assertNotContains(page, "<script>")
        # an answer is on the board within 5 s: it polls every 4 s (the browser test polls faster)
        self.assertContains(page, 'data-poll-ms="4000"')
        self.send(self.url, ANSWER | {"staff": "2"}, Client())
        data = self.client.get(reverse("services:feedback_board_json", kwargs={"org_slug": "alpha"})).json()
        self.assertEqual(data["today"]["answers"], 1)
        self.assertEqual(data["low_today"], 1)
        self.assertEqual(data["latest"][0]["comment"], ANSWER["comment"])
        self.assertEqual(data["latest"][0]["service"], "การรับแจ้งการเกิด")
        self.assertRegex(data["latest"][0]["day_text"], r"^[๐-๙]+ [ก-๙.]+ [๐-๙]{2}$")  # a Thai date, BE
        board = self.client.get(reverse("services:feedback_board", kwargs={"org_slug": "alpha"}))
        self.assertContains(board, 'class="low"')  # the low answer stands out
        self.assertContains(board, data["latest"][0]["day_text"])
