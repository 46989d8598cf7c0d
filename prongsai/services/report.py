"""The service times report: per service (and per quarter of the fiscal year) the tickets served and not come,
the median and 90th percentile of waiting (called − taken) and service time (ended − started), the share of served
tickets within the service's standard, and the calls out of turn with their reasons.

It reads the queue's tickets (``source`` "queue", by their Bangkok ``day``) and the imported samples (``source``
"imported", by the Bangkok date taken). Waiting and service times are those of the served tickets; a ticket counts
for the service it ended at (a transfer moves it). The standard is the service's current revision's
``standard_min``; "within" means a service time of at most the standard. Minutes to one decimal; percentiles by
linear interpolation between closest ranks (numpy's default), in pure Python; the share to three decimals.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from prongsai.core.thai import BANGKOK, fiscal_quarter, fiscal_year_bounds, local_date
from prongsai.orgs.models import Organisation
from prongsai.services.feedback_selectors import feedback_scores
from prongsai.services.models import QueueEvent, Service, Ticket, TimeSample
from prongsai.services.models.feedback import QUESTIONS

REASONS = tuple(QueueEvent.Reason.values)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100) by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    h = (len(ordered) - 1) * q / 100
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of ``quarter`` (1 = Oct–Dec) of B.E. fiscal year ``year``."""
    start, _end = fiscal_year_bounds(year)
    month = start.month + 3 * (quarter - 1)
    first = date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    after = date(first.year + (first.month + 2) // 12, (first.month + 2) % 12 + 1, 1)
    return first, after - timedelta(days=1)


@dataclass
class _Tally:
    served: int = 0
    no_shows: int = 0
    transferred: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)
    out_of_order: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REASONS, 0))

    def add(self, outcome: str, taken: datetime, called: datetime | None, started: datetime | None,
            ended: datetime | None) -> None:  # fmt: skip
        if outcome == Ticket.Outcome.SERVED:
            self.served += 1
            if called is not None:
                self.waits.append((called - taken).total_seconds() / 60)
            if started is not None and ended is not None:
                self.services.append((ended - started).total_seconds() / 60)
        elif outcome == Ticket.Outcome.NO_SHOW:
            self.no_shows += 1
        elif outcome == Ticket.Outcome.TRANSFERRED:
            self.transferred += 1

    def figures(self, standard: int | None) -> dict[str, Any]:
        within = None
        if self.services and standard is not None:
            within = round(sum(1 for m in self.services if m <= standard) / len(self.services), 3)
        return {
            "served": self.served,
            "no_shows": self.no_shows,
            "transferred": self.transferred,
            "wait_median_min": _minutes(percentile(self.waits, 50)),
            "wait_p90_min": _minutes(percentile(self.waits, 90)),
            "service_median_min": _minutes(percentile(self.services, 50)),
            "service_p90_min": _minutes(percentile(self.services, 90)),
            "standard_min": standard,
            "within_standard_share": within,
            "out_of_order": {"count": sum(self.out_of_order.values()), "reasons": dict(self.out_of_order)},
        }


def _feedback(groups: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The e-Feedback of some quarters of a service: answers, and each question's mean weighted by its answers."""
    shown = [g for g in groups if not g["hidden"]]
    answers = sum(g["answers"] for g in shown)
    result: dict[str, Any] = {"answers": answers}
    for name in (*QUESTIONS, "overall"):
        result[name] = round(sum(g[name] * g["answers"] for g in shown) / answers, 2) if answers else None
    return result


def _quarters(year: int, quarter: int | None) -> list[int]:
    return [quarter] if quarter else [1, 2, 3, 4]


def report_data(org: Organisation, *, year: int, quarter: int | None = None) -> dict[str, Any]:
    """The report of B.E. fiscal ``year`` (or one ``quarter`` of it) as a JSON-ready dict."""
    quarters = _quarters(year, quarter)
    first = quarter_bounds(year, quarters[0])[0]
    last = quarter_bounds(year, quarters[-1])[1]
    whole: dict[int, _Tally] = defaultdict(_Tally)
    parts: dict[tuple[int, int], _Tally] = defaultdict(_Tally)

    def add(service_id: int, day: date, *row: Any) -> None:
        whole[service_id].add(*row)
        parts[(service_id, fiscal_quarter(day))].add(*row)

    tickets = Ticket.objects.filter(point__organisation=org, day__gte=first, day__lte=last)
    fields = ("service_id", "day", "outcome", "taken_at", "called_at", "started_at", "ended_at")
    for service_id, day, *times in tickets.values_list(*fields).iterator():
        add(service_id, day, *times)
    start = datetime.combine(first, time(), tzinfo=BANGKOK)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=BANGKOK)
    samples = TimeSample.objects.filter(organisation=org, taken_at__gte=start, taken_at__lt=end)
    for service_id, *times in samples.values_list(*(f for f in fields if f != "day")).iterator():
        add(service_id, local_date(times[1]), *times)
    calls = QueueEvent.objects.filter(ticket__in=tickets, kind=QueueEvent.Kind.CALLED).exclude(reason="")
    for service_id, day, reason in calls.values_list("ticket__service_id", "ticket__day", "reason").iterator():
        whole[service_id].out_of_order[reason] += 1
        parts[(service_id, fiscal_quarter(day))].out_of_order[reason] += 1
    feedback: dict[tuple[int, int], dict[str, Any]] = {
        (g["service_id"], g["quarter"]): g for g in feedback_scores(org, year, quarter) if g["service_id"]
    }
    services = Service.objects.filter(organisation=org).select_related("current", "unit").order_by("name", "pk")
    rows = []
    for service in services:
        if service.withdrawn and service.pk not in whole:
            continue
        standard = service.current.standard_min if service.current else None
        row = {"id": service.pk, "name": service.name, "unit": service.unit.name if service.unit else ""}
        row |= whole[service.pk].figures(standard)
        groups = {q: feedback[(service.pk, q)] for q in quarters if (service.pk, q) in feedback}
        row["feedback"] = _feedback(groups.values())
        row["quarters"] = [
            {"quarter": q}
            | parts[(service.pk, q)].figures(standard)
            | {"feedback": _feedback([groups[q]] if q in groups else [])}
            for q in quarters
        ]
        rows.append(row)
    return {
        "organisation": {"slug": org.slug, "name": org.name},
        "fiscal_year": year,
        "quarter": quarter,
        "period": {"start": first.isoformat(), "end": last.isoformat()},
        "sources": {"queue": tickets.count(), "imported": samples.count()},
        "services": rows,
    }


def totals(rows: Iterable[dict[str, Any]]) -> dict[str, int]:
    rows = list(rows)
    return {key: sum(r[key] for r in rows) for key in ("served", "no_shows", "transferred")}
