"""The service times report against an independent computation: a replayed day and two quarters of Poisson-ish
arrivals worked through the real queue services (calls out of turn, recalls, no-shows, transfers)."""

from __future__ import annotations

import json
import random
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import StringIO
from typing import Any

import time_machine
from django.core.management import call_command
from django.utils import translation

from prongsai.core.doc.testing import docx_text
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import BANGKOK, fiscal_quarter
from prongsai.services import queue
from prongsai.services.models import QueueEvent, Ticket
from prongsai.services.report import percentile, quarter_bounds, report_data
from prongsai.services.report_documents import render
from prongsai.services.testing import point, service

STEP = timedelta(seconds=30)
REASONS = [r for r in QueueEvent.Reason.values if r != "other"]


@dataclass
class Seen:
    """What the test itself did to one ticket (its own record, not read back from the database)."""

    service: Any
    day: date
    taken: datetime
    called: datetime | None = None
    started: datetime | None = None
    ended: datetime | None = None
    outcome: str = "waiting"
    transferred: bool = False


class Replay:
    def __init__(self, case: Any, rng: random.Random) -> None:
        self.case, self.rng = case, rng
        self.seen: dict[int, Seen] = {}
        self.out_of_order: list[tuple[int, str]] = []  # (ticket id, reason)

    def day(self, day: date, arrivals: int) -> None:
        rng, case = self.rng, self.case
        clock = datetime.combine(day, time(8, 30), tzinfo=BANGKOK)
        coming: list[tuple[datetime, Any]] = []
        at = clock
        for _n in range(arrivals):
            at += timedelta(minutes=rng.expovariate(1 / 3))  # Poisson arrivals, one every 3 minutes on average
            coming.append((at, case.tax if rng.random() < 0.35 else case.birth))
        state: dict[int, tuple[str, Ticket, datetime] | None] = {1: None, 2: None}
        counters = {1: case.one, 2: case.two}
        t = clock
        while coming or any(state.values()) or Ticket.objects.filter(day=day, outcome__in=("waiting", "transferred")):
            with time_machine.travel(t, tick=False):
                while coming and coming[0][0] <= t:
                    _at, svc = coming.pop(0)
                    ticket = queue.ticket_take(point=case.point, service=svc)
                    self.seen[ticket.pk] = Seen(svc, day, t)
                for number, counter in counters.items():
                    self.act(number, counter, state, t)
            t += STEP

    def act(self, number: int, counter: Any, state: dict[int, Any], t: datetime) -> None:
        rng = self.rng
        current = state[number]
        if current is None:
            waiting = list(queue.callable_by(counter))
            if not waiting:
                return
            if len(waiting) > 2 and rng.random() < 0.1:
                ticket, reason = waiting[rng.randrange(1, len(waiting))], rng.choice(REASONS)
                ticket = queue.ticket_call(ticket=ticket, counter=counter, by=self.case.staff, reason=reason)
                self.out_of_order.append((ticket.pk, reason))
            else:
                called = queue.ticket_call_next(counter=counter, by=self.case.staff)
                assert called is not None  # someone was waiting
                ticket = called
            seen = self.seen[ticket.pk]
            seen.called = seen.called or t
            state[number] = ("called", ticket, t + STEP * rng.randint(1, 3))
            return
        phase, ticket, due = current
        if due > t:
            return
        seen = self.seen[ticket.pk]
        if phase == "called":
            roll = rng.random()
            if roll < 0.08:
                queue.ticket_no_show(ticket=ticket, counter=counter, by=None)
                seen.outcome, state[number] = "no_show", None
            elif roll < 0.12:
                queue.ticket_recall(ticket=ticket, counter=counter, by=None)
                state[number] = ("called", ticket, t + STEP)
            else:
                queue.ticket_start(ticket=ticket, counter=counter, by=None)
                seen.started = seen.started or t
                state[number] = ("serving", ticket, t + STEP * rng.randint(4, 30))
        else:
            if not seen.transferred and rng.random() < 0.1:
                other = self.case.birth if seen.service == self.case.tax else self.case.tax
                queue.ticket_transfer(ticket=ticket, counter=counter, by=None, service=other)
                seen.service, seen.transferred = other, True
            else:
                queue.ticket_end(ticket=ticket, counter=counter, by=None)
                seen.ended, seen.outcome = t, "served"
            state[number] = None


def independent(replay: Replay, svc: Any, standard: int, quarter: int | None = None) -> dict[str, Any]:
    """The figures computed here, from the test's own record, with ``statistics``."""
    mine = [
        s for s in replay.seen.values() if s.service == svc and (quarter is None or fiscal_quarter(s.day) == quarter)
    ]
    served = [s for s in mine if s.outcome == "served"]
    waits = [(s.called - s.taken).total_seconds() / 60 for s in served]  # type: ignore[operator]
    times = [(s.ended - s.started).total_seconds() / 60 for s in served]  # type: ignore[operator]

    def q(values: list[float], n: int, k: int) -> float | None:
        if not values:
            return None
        if len(values) == 1:
            return round(values[0], 1)
        return round(statistics.quantiles(values, n=n, method="inclusive")[k], 1)

    ids = {pk for pk, s in replay.seen.items() if s in mine}
    reasons = dict.fromkeys(QueueEvent.Reason.values, 0)
    for pk, reason in replay.out_of_order:
        if pk in ids:
            reasons[reason] += 1
    return {
        "served": len(served),
        "no_shows": sum(1 for s in mine if s.outcome == "no_show"),
        "wait_median_min": q(waits, 2, 0),
        "wait_p90_min": q(waits, 10, 8),
        "service_median_min": q(times, 2, 0),
        "service_p90_min": q(times, 10, 8),
        "standard_min": standard,
        "within_standard_share": round(sum(1 for m in times if m <= standard) / len(times), 3) if times else None,
        "out_of_order": {"count": sum(reasons.values()), "reasons": reasons},
    }


KEYS = ("served", "no_shows", "wait_median_min", "wait_p90_min", "service_median_min", "service_p90_min",
        "standard_min", "within_standard_share", "out_of_order")  # fmt: skip


class PercentileTests(PersonaTestCase):
    def test_it_is_numpys_linear_method_and_statistics_inclusive_agrees(self) -> None:
        # numpy.percentile([1, 2, 3, 4], 90) == 3.7, ([15, 20, 35, 40, 50], 50) == 35, ([7], 90) == 7
        self.assertAlmostEqual(percentile([4, 1, 3, 2], 90), 3.7)  # type: ignore[arg-type]
        self.assertEqual(percentile([15, 20, 35, 40, 50], 50), 35)
        self.assertEqual(percentile([7], 90), 7)
        self.assertIsNone(percentile([], 50))
        self.assertAlmostEqual(statistics.quantiles([1, 2, 3, 4], n=10, method="inclusive")[8], 3.7)
        rng = random.Random(5)  # noqa: S311 (a seeded replay, not a secret)
        for _n in range(50):
            values = [rng.uniform(0, 60) for _i in range(rng.randint(2, 40))]
            for p in (50, 90):
                cut = statistics.quantiles(values, n=100, method="inclusive")[p - 1]
                self.assertAlmostEqual(percentile(values, p), cut)  # type: ignore[arg-type]

    def test_quarters_start_in_october(self) -> None:
        self.assertEqual(quarter_bounds(2569, 1), (date(2025, 10, 1), date(2025, 12, 31)))
        self.assertEqual(quarter_bounds(2569, 2), (date(2026, 1, 1), date(2026, 3, 31)))
        self.assertEqual(quarter_bounds(2569, 4), (date(2026, 7, 1), date(2026, 9, 30)))


class ReplayTests(PersonaTestCase):
    def setUp(self) -> None:
        self.point = point(self)
        self.birth, self.tax = service(self), service(self, "การชำระภาษีที่ดินและสิ่งปลูกสร้าง")
        self.one, self.two = self.point.counters.get(number=1), self.point.counters.get(number=2)

    def check(self, data: dict[str, Any], replay: Replay, quarter: int | None = None) -> None:
        rows = {r["name"]: r for r in data["services"]}
        for svc in (self.birth, self.tax):
            row = rows[svc.name]
            expected = independent(replay, svc, svc.current.standard_min)
            self.assertEqual({k: row[k] for k in KEYS}, expected, svc.name)
            for part in row["quarters"]:
                got = {k: part[k] for k in KEYS}
                self.assertEqual(got, independent(replay, svc, svc.current.standard_min, part["quarter"]))

    def test_a_replayed_day(self) -> None:
        replay = Replay(self, random.Random(13))  # noqa: S311 (a seeded replay, not a secret)
        replay.day(date(2026, 3, 2), 45)
        seen = list(replay.seen.values())
        self.assertTrue(any(s.outcome == "no_show" for s in seen) and any(s.transferred for s in seen))
        self.assertTrue(replay.out_of_order)
        data = report_data(self.org, year=2569, quarter=2)
        self.check(data, replay)
        self.assertEqual(sum(r["served"] + r["no_shows"] for r in data["services"]), len(seen))
        self.assertEqual(sum(r["out_of_order"]["count"] for r in data["services"]), len(replay.out_of_order))
        self.assertEqual(report_data(self.org, year=2569, quarter=1)["services"][0]["served"], 0)

    def test_a_year_of_two_quarters_and_the_commands_json(self) -> None:
        replay = Replay(self, random.Random(2569))  # noqa: S311 (a seeded replay, not a secret)
        for day in (date(2025, 11, 3), date(2025, 12, 24), date(2026, 2, 9)):
            replay.day(day, 25)
        data = report_data(self.org, year=2569)
        self.check(data, replay)
        quarters = {q["quarter"]: q["served"] for q in data["services"][0]["quarters"]}
        self.assertTrue(quarters[1] and quarters[2] and not quarters[3])
        out = StringIO()
        call_command("service-report", org="alpha", year="2569", format="json", output="-", stdout=out)
        self.assertEqual(json.loads(out.getvalue()), json.loads(json.dumps(data)))


class FeedbackInTheReportTests(PersonaTestCase):
    def test_each_service_carries_its_e_feedback_per_quarter_and_for_the_period(self) -> None:
        from prongsai.services.models import Feedback

        hall, birth = point(self), service(self)
        answers = [  # (day, quarter, procedure, staff, place, result)
            (date(2025, 11, 3), 1, 5, 4, 3, 5),
            (date(2025, 11, 4), 1, 3, 2, 3, 3),
            (date(2026, 2, 9), 2, 4, 4, 4, 4),
        ]
        for day, quarter, procedure, staff, place, result in answers:
            Feedback.objects.create(
                organisation=self.org, point=hall, service=birth, day=day, year=2569, quarter=quarter,
                procedure=procedure, staff=staff, place=place, result=result,
            )  # fmt: skip
        Feedback.objects.create(  # standing QR, no service: in no service's row
            organisation=self.org, point=hall, standing=True, day=date(2026, 2, 9), year=2569, quarter=2,
            procedure=1, staff=1, place=1, result=1,
        )  # fmt: skip
        row = next(s for s in report_data(self.org, year=2569)["services"] if s["name"] == birth.name)
        self.assertEqual(row["feedback"]["answers"], 3)
        self.assertEqual(row["feedback"]["staff"], round((4 + 2 + 4) / 3, 2))
        self.assertEqual(row["feedback"]["overall"], round((17 + 11 + 16) / 12, 2))
        by_quarter = {q["quarter"]: q["feedback"] for q in row["quarters"]}
        self.assertEqual((by_quarter[1]["answers"], by_quarter[1]["procedure"]), (2, 4.0))
        self.assertEqual((by_quarter[3]["answers"], by_quarter[3]["overall"]), (0, None))
        with translation.override("en"):
            text = docx_text(render(report_data(self.org, year=2569), "docx"))
        self.assertIn("e-Feedback (๑–๕, ๓ answers): procedure ๔.๐๐, staff ๓.๓๓", text)  # the documents' Thai digits
