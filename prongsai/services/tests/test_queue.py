"""The queue's writes: numbering, the oldest first, two counters never calling one ticket, reasons for calling out
of turn, transfers keeping their place, the append-only log and the day close around 16:30 and midnight."""

from __future__ import annotations

from datetime import datetime
from unittest import mock

import time_machine
from django.core.exceptions import ValidationError

from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import BANGKOK
from prongsai.services import queue
from prongsai.services.models import QueueEvent, Ticket
from prongsai.services.queue_selectors import display_state, people_ahead
from prongsai.services.testing import point, service


def bkk(hour: int, minute: int, day: int = 2) -> datetime:
    """``hour:minute`` on 2026-03-``day`` in Bangkok, as an aware datetime."""
    return datetime(2026, 3, day, hour, minute, tzinfo=BANGKOK)


class QueueCase(PersonaTestCase):
    def setUp(self) -> None:
        self.point = point(self)
        self.birth = service(self)
        self.tax = service(self, "การชำระภาษีที่ดินและสิ่งปลูกสร้าง")
        self.one = self.point.counters.get(number=1)
        self.two = self.point.counters.get(number=2)

    def take(self, service: object, at: datetime) -> Ticket:
        with time_machine.travel(at, tick=False):
            return queue.ticket_take(point=self.point, service=service)  # type: ignore[arg-type]


class TakingTests(QueueCase):
    def test_it_numbers_per_prefix_and_day(self) -> None:
        codes = [self.take(s, bkk(9, n)).code for n, s in enumerate([self.birth, self.birth, self.tax, self.birth])]
        self.assertEqual(codes, ["A001", "A002", "B001", "A003"])
        self.assertEqual({t.day.isoformat() for t in Ticket.objects.all()}, {"2026-03-02"})
        self.assertEqual(QueueEvent.objects.filter(kind="taken", by=None).count(), 4)

    def test_it_counts_the_people_ahead_of_the_same_service(self) -> None:
        first, _, third = (self.take(s, bkk(9, n)) for n, s in enumerate([self.birth, self.tax, self.birth]))
        self.assertEqual((people_ahead(first), people_ahead(third)), (0, 1))

    def test_it_refuses_a_service_not_offered_at_the_point(self) -> None:
        other = service(self, "การขออนุญาตก่อสร้างอาคาร")
        with self.assertRaises(ValidationError):
            queue.ticket_take(point=self.point, service=other)


class CallingTests(QueueCase):
    def test_it_calls_the_oldest_waiting_ticket_of_the_counters_services(self) -> None:
        tax = self.take(self.tax, bkk(9, 0))
        first = self.take(self.birth, bkk(9, 1))
        self.take(self.birth, bkk(9, 2))
        with time_machine.travel(bkk(9, 5), tick=False):
            called = queue.ticket_call_next(counter=self.two, by=self.staff)  # counter 2 serves births only
            self.assertEqual(called, first)
            assert called is not None
            self.assertEqual(queue.ticket_call_next(counter=self.one, by=self.staff), tax)
        called.refresh_from_db()
        self.assertEqual((called.outcome, called.counter, called.called_at), ("called", self.two, bkk(9, 5)))
        event = QueueEvent.objects.get(ticket=first, kind="called")
        self.assertEqual((event.by, event.counter, event.reason), (self.staff, self.two, ""))

    def test_it_answers_none_when_nobody_waits_and_refuses_a_busy_counter(self) -> None:
        with time_machine.travel(bkk(9, 0), tick=False):
            self.assertIsNone(queue.ticket_call_next(counter=self.one, by=self.staff))
        self.take(self.birth, bkk(9, 1))
        self.take(self.birth, bkk(9, 2))
        with time_machine.travel(bkk(9, 3), tick=False):
            queue.ticket_call_next(counter=self.one, by=self.staff)
            with self.assertRaises(ValidationError):
                queue.ticket_call_next(counter=self.one, by=self.staff)

    def test_two_counters_reaching_for_the_same_ticket_never_both_get_it(self) -> None:
        first = self.take(self.birth, bkk(9, 0))
        second = self.take(self.birth, bkk(9, 1))
        real = queue._candidates
        got: dict[str, Ticket | None] = {}

        def stale(counter: object) -> list[int]:
            ids = real(counter)  # type: ignore[arg-type]
            if counter == self.one and "two" not in got:
                got["two"] = queue.ticket_call_next(counter=self.two, by=self.unit_head)  # counter 2 is quicker
            return ids

        with time_machine.travel(bkk(9, 5), tick=False), mock.patch.object(queue, "_candidates", stale):
            got["one"] = queue.ticket_call_next(counter=self.one, by=self.staff)
        self.assertEqual((got["two"], got["one"]), (first, second))
        self.assertEqual(QueueEvent.objects.filter(kind="called", ticket=first).count(), 1)
        self.assertEqual(Ticket.objects.get(pk=first.pk).counter, self.two)

    def test_calling_out_of_turn_needs_a_reason(self) -> None:
        self.take(self.birth, bkk(9, 0))
        later = self.take(self.birth, bkk(9, 1))
        with time_machine.travel(bkk(9, 5), tick=False):
            with self.assertRaises(ValidationError):
                queue.ticket_call(ticket=later, counter=self.one, by=self.staff)
            with self.assertRaises(ValidationError):
                queue.ticket_call(ticket=later, counter=self.one, by=self.staff, reason="other", reason_text=" ")
            queue.ticket_call(ticket=later, counter=self.one, by=self.staff, reason="elderly_disabled")
        event = QueueEvent.objects.get(ticket=later, kind="called")
        self.assertEqual((event.reason, event.by), ("elderly_disabled", self.staff))
        self.assertEqual(Ticket.objects.get(pk=later.pk).outcome, "called")

    def test_calling_the_next_in_turn_by_number_needs_no_reason(self) -> None:
        first = self.take(self.birth, bkk(9, 0))
        with time_machine.travel(bkk(9, 5), tick=False):
            queue.ticket_call(ticket=first, counter=self.one, by=self.staff)
        self.assertEqual(QueueEvent.objects.get(ticket=first, kind="called").reason, "")


class ServingTests(QueueCase):
    def test_a_ticket_goes_from_called_to_served_and_the_display_shows_it(self) -> None:
        ticket = self.take(self.birth, bkk(9, 0))
        with time_machine.travel(bkk(9, 5), tick=False):
            queue.ticket_call_next(counter=self.one, by=self.staff)
            queue.ticket_recall(ticket=ticket, counter=self.one, by=self.staff)
            state = display_state(self.point)
            self.assertEqual(state["counters"][0], {"counter": 1, "ticket": "A001"})
            self.assertEqual(state["calls"][0]["ticket"], "A001")
        with time_machine.travel(bkk(9, 6), tick=False):
            queue.ticket_start(ticket=ticket, counter=self.one, by=self.staff)
        with time_machine.travel(bkk(9, 14), tick=False):
            queue.ticket_end(ticket=ticket, counter=self.one, by=self.staff)
        ticket.refresh_from_db()
        self.assertEqual((ticket.outcome, ticket.started_at, ticket.ended_at), ("served", bkk(9, 6), bkk(9, 14)))
        kinds = list(QueueEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))
        self.assertEqual(kinds, ["taken", "called", "recalled", "started", "ended"])

    def test_a_no_show_frees_the_counter(self) -> None:
        ticket = self.take(self.birth, bkk(9, 0))
        with time_machine.travel(bkk(9, 5), tick=False):
            queue.ticket_call_next(counter=self.one, by=self.staff)
            queue.ticket_no_show(ticket=ticket, counter=self.one, by=self.staff)
            self.assertIsNone(queue.ticket_call_next(counter=self.one, by=self.staff))
        self.assertEqual(Ticket.objects.get(pk=ticket.pk).outcome, "no_show")

    def test_a_transferred_ticket_keeps_its_number_and_its_place(self) -> None:
        moved = self.take(self.birth, bkk(9, 0))
        later = self.take(self.tax, bkk(9, 1))
        with time_machine.travel(bkk(9, 5), tick=False):
            queue.ticket_call_next(counter=self.two, by=self.staff)
            queue.ticket_transfer(ticket=moved, counter=self.two, by=self.staff, service=self.tax)
            self.assertEqual(queue.ticket_call_next(counter=self.one, by=self.staff), moved)  # before B001
        moved.refresh_from_db()
        self.assertEqual((moved.code, moved.service, moved.outcome), ("A001", self.tax, "called"))
        self.assertEqual(people_ahead(later), 0)

    def test_a_ticket_transferred_to_a_counter_waits_for_that_counter_only(self) -> None:
        moved = self.take(self.birth, bkk(9, 0))
        with time_machine.travel(bkk(9, 5), tick=False):
            queue.ticket_call_next(counter=self.one, by=self.staff)
            queue.ticket_transfer(ticket=moved, counter=self.one, by=self.staff, to=self.two)
            self.assertIsNone(queue.ticket_call_next(counter=self.one, by=self.staff))
            self.assertEqual(queue.ticket_call_next(counter=self.two, by=self.staff), moved)
        self.assertEqual(QueueEvent.objects.get(ticket=moved, kind="transferred").detail, "ช่องบริการ 2")


class LogTests(QueueCase):
    def test_the_log_is_never_changed_nor_deleted(self) -> None:
        event = self.take(self.birth, bkk(9, 0)).events.get()
        event.kind = "ended"
        with self.assertRaises(ValidationError):
            event.save()
        with self.assertRaises(ValidationError):
            event.delete()
        with self.assertRaises(ValidationError):
            QueueEvent.objects.filter(pk=event.pk).update(kind="ended")
        with self.assertRaises(ValidationError):
            QueueEvent.objects.all().delete()
        self.assertEqual(QueueEvent.objects.get(pk=event.pk).kind, "taken")


class DayCloseTests(QueueCase):
    def test_tickets_taken_either_side_of_16_30_belong_to_the_day_and_stay_open_until_midnight(self) -> None:
        before, after = self.take(self.birth, bkk(16, 29)), self.take(self.birth, bkk(16, 31))
        self.assertEqual((before.code, after.code), ("A001", "A002"))
        self.assertEqual(before.day, after.day)
        self.assertEqual(queue.close_days(bkk(16, 35)), 0)
        with time_machine.travel(bkk(16, 40), tick=False):
            self.assertEqual(queue.ticket_call_next(counter=self.one, by=self.staff), before)

    def test_midnight_starts_a_new_day_and_closes_the_last_one_once(self) -> None:
        late = self.take(self.birth, bkk(23, 59))
        with time_machine.travel(bkk(23, 59, day=2), tick=False):
            queue.ticket_call_next(counter=self.one, by=self.staff)
        early = self.take(self.birth, bkk(0, 1, day=3))  # 17:01 UTC on the 2nd: the Bangkok date decides
        self.assertEqual((late.day.day, early.day.day, early.code), (2, 3, "A001"))
        self.assertEqual(queue.close_days(bkk(0, 5, day=3)), 1)
        self.assertEqual(queue.close_days(bkk(1, 5, day=3)), 0, "idempotent")
        late.refresh_from_db()
        early.refresh_from_db()
        self.assertEqual((late.outcome, early.outcome), ("closed_unserved", "waiting"))
        self.assertEqual(QueueEvent.objects.filter(ticket=late, kind="closed").count(), 1)
        with time_machine.travel(bkk(0, 10, day=3), tick=False):
            self.assertIsNone(queue.current_of(self.one))
            self.assertEqual(queue.ticket_call_next(counter=self.one, by=self.staff), early)

    def test_the_periodic_task_closes_the_days_gone_by(self) -> None:
        from prongsai.services.tasks import queue_day_close

        self.take(self.birth, bkk(15, 0))
        with time_machine.travel(bkk(0, 5, day=3), tick=False):
            self.assertEqual(queue_day_close.call_local(), 1)
            self.assertEqual(queue_day_close.call_local(), 0)
