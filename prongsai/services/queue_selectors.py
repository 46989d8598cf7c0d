"""Reads of the queue: who is ahead of a ticket, what a counter may call, what the TV shows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from prongsai.core.thai import local_date
from prongsai.services.models import Counter, PointService, QueueEvent, ServicePoint, Ticket
from prongsai.services.models.queue import WAITING

Outcome = Ticket.Outcome


def people_ahead(ticket: Ticket) -> int:
    """Waiting tickets of the same service, point and day taken before this one (0 once it is called)."""
    if ticket.outcome not in WAITING:
        return 0
    return (
        Ticket.objects.filter(
            point_id=ticket.point_id, day=ticket.day, service_id=ticket.service_id, outcome__in=WAITING
        )
        .filter(Q(taken_at__lt=ticket.taken_at) | Q(taken_at=ticket.taken_at, pk__lt=ticket.pk))
        .count()
    )


def waiting_by_service(point: ServicePoint) -> list[dict[str, Any]]:
    """Per service offered at the point: its prefix, name and how many wait today."""
    today = local_date(timezone.now())
    counts = dict(
        Ticket.objects.filter(point=point, day=today, outcome__in=WAITING)
        .values_list("service_id")
        .annotate(n=Count("pk"))
        .values_list("service_id", "n")
    )
    offers = PointService.objects.filter(point=point).select_related("service")
    return [{"offer": o, "service": o.service, "waiting": counts.get(o.service_id, 0)} for o in offers]


def display_state(point: ServicePoint) -> dict[str, Any]:
    """What the TV shows: per open counter its number and the ticket it calls or serves (no names), and the last
    call or recall (its id grows with every call, so the page knows when to announce)."""
    today = local_date(timezone.now())
    current = {
        t.counter_id: t.code
        for t in Ticket.objects.filter(point=point, day=today, outcome__in=(Outcome.CALLED, Outcome.SERVING))
    }
    counters = [
        {"counter": c.number, "ticket": current.get(c.pk, "")}
        for c in Counter.objects.filter(point=point, active=True).order_by("number")
    ]
    calls = (
        QueueEvent.objects.filter(ticket__point=point, ticket__day=today, kind__in=("called", "recalled"))
        .select_related("ticket", "counter")
        .order_by("-pk")[:5]
    )
    recent = [{"id": e.pk, "ticket": e.ticket.code, "counter": e.counter.number if e.counter else None} for e in calls]
    waiting = Ticket.objects.filter(point=point, day=today, outcome__in=WAITING).count()
    return {"counters": counters, "calls": recent, "last_call": recent[0]["id"] if recent else 0, "waiting": waiting}


def log_of_day(point: ServicePoint, day: date) -> list[QueueEvent]:
    return list(
        QueueEvent.objects.filter(ticket__point=point, ticket__day=day)
        .select_related("ticket", "counter", "by")
        .order_by("at", "pk")
    )
