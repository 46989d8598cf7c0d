"""e-Feedback writes and reads: one answer per ticket token, expiry, the unit head's notice of a low score, and the
scores per service and quarter that the service report reads."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from prongsai.accounts.models import Notification
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import fiscal_quarter, fiscal_year, local_today
from prongsai.services import feedback, feedback_selectors
from prongsai.services.models import Feedback, Ticket
from prongsai.services.testing import point, service, ticket

GOOD = feedback.Scores(procedure=5, staff=4, place=4, result=5, comment="ขอบคุณครับ")
LOW = feedback.Scores(procedure=4, staff=2, place=4, result=4)


class TokenTests(PersonaTestCase):
    def test_a_token_finds_its_ticket_in_its_organisation_only(self) -> None:
        found = ticket(self)
        token = feedback.token_for(found)
        self.assertEqual(feedback.ticket_for_token("alpha", token), found)
        self.assertIsNone(feedback.ticket_for_token("bravo", token))
        self.assertIsNone(feedback.ticket_for_token("alpha", token[:-2] + "xx"))
        self.assertIsNone(feedback.ticket_for_token("alpha", f"{found.pk}"))

    def test_a_second_answer_changes_nothing(self) -> None:
        found = ticket(self)
        self.assertIsNotNone(feedback.answer_ticket(found, GOOD))
        self.assertIsNone(feedback.answer_ticket(found, LOW))
        self.assertEqual(Feedback.objects.count(), 1)
        self.assertEqual(Feedback.objects.get().staff, 4)
        self.assertFalse(Notification.objects.exists())

    @override_settings(SERVICES_FEEDBACK_DAYS=7)
    def test_an_expired_token_records_nothing(self) -> None:
        found = ticket(self)
        Ticket.objects.filter(pk=found.pk).update(day=local_today() - timedelta(days=8))
        found.refresh_from_db()
        self.assertTrue(feedback.expired(found))
        self.assertIsNone(feedback.answer_ticket(found, LOW))
        self.assertEqual(Feedback.objects.count(), 0)
        Ticket.objects.filter(pk=found.pk).update(day=local_today() - timedelta(days=7))
        found.refresh_from_db()
        self.assertIsNotNone(feedback.answer_ticket(found, GOOD))

    def test_scores_outside_one_to_five_are_refused(self) -> None:
        with self.assertRaises(ValueError):
            feedback.Scores(procedure=0, staff=3, place=3, result=3)

    def test_an_answer_keeps_the_day_and_quarter_not_who(self) -> None:
        saved = feedback.answer_ticket(ticket(self), GOOD)
        assert saved is not None
        self.assertEqual(saved.day, local_today())
        self.assertEqual((saved.year, saved.quarter), (fiscal_year(saved.day), fiscal_quarter(saved.day)))
        names = {f.name for f in Feedback._meta.get_fields()}
        self.assertFalse(names & {"ip", "address", "user", "user_agent", "created_at", "at"})


class LowScoreTests(PersonaTestCase):
    def test_a_low_score_tells_the_unit_head_once_and_nobody_else(self) -> None:
        saved = feedback.answer_ticket(ticket(self), LOW)
        assert saved is not None
        notes = list(Notification.objects.all())
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes[0].user, self.unit_head)
        self.assertIn("การรับแจ้งการเกิด", notes[0].subject)
        self.assertIn(point(self).name, notes[0].body)
        sent_at = timezone.localtime(notes[0].created_at)
        self.assertEqual((sent_at.hour, sent_at.minute, sent_at.second), (0, 0, 0))  # the day only
        self.assertEqual(feedback._tell_unit_head(saved), 0)  # the same answer again: the key is used
        self.assertEqual(Notification.objects.count(), 1)

    def test_no_notice_for_good_scores(self) -> None:
        feedback.answer_ticket(ticket(self), GOOD)
        self.assertFalse(Notification.objects.exists())

    def test_a_low_standing_answer_tells_the_head_of_the_points_unit(self) -> None:
        feedback.answer_standing(point(self), None, LOW)
        self.assertEqual(list(Notification.objects.values_list("user", flat=True)), [self.unit_head.pk])


class ScoresTests(PersonaTestCase):
    def test_scores_per_service_and_quarter(self) -> None:
        hall = point(self)
        birth = service(self)
        for n in (5, 4, 3):
            feedback.answer_standing(hall, birth, feedback.Scores(procedure=n, staff=n, place=n, result=n))
        today = local_today()
        rows = feedback_selectors.feedback_scores(self.org, fiscal_year(today))
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["service_id"], birth.pk)
        self.assertEqual(rows[0]["answers"], 3)
        self.assertEqual(rows[0]["standing"], 3)
        self.assertEqual(rows[0]["procedure"], 4.0)
        self.assertEqual(rows[0]["overall"], 4.0)
        self.assertEqual(rows[0]["quarter"], fiscal_quarter(today))
        other_quarter = fiscal_quarter(today) % 4 + 1
        self.assertEqual(feedback_selectors.feedback_scores(self.org, fiscal_year(today), other_quarter), [])
        self.assertEqual(feedback_selectors.feedback_scores(self.other_org, fiscal_year(today)), [])
        hidden = feedback_selectors.feedback_scores(self.org, fiscal_year(today), minimum=5)
        self.assertTrue(hidden[0]["hidden"])
        self.assertNotIn("procedure", hidden[0])
