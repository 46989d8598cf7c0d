"""Every write of the queue. Each changes a ticket and adds its event to the append-only log in one transaction.

- ``ticket_take`` (the kiosk) numbers the ticket per point, prefix and Bangkok day, under a lock of the point's
  service row, so two kiosks never hand out the same number.
- ``ticket_call_next`` calls the OLDEST waiting ticket (by ``taken_at``) of the services the counter serves. The
  claim is a conditional UPDATE (``outcome`` still waiting), with ``select_for_update(skip_locked)`` where the
  database has it: when two counters reach for the same ticket, one gets it and the other takes the next one.
- Calling any other ticket is out of turn and needs a reason code; the log keeps it.
- ``close_days`` closes what a day left open as ``closed_unserved`` (idempotent; the periodic task calls it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.core.thai import local_date
from prongsai.orgs.models import Organisation, Unit
from prongsai.services.models import Counter, PointService, QueueEvent, Service, ServicePoint, Ticket
from prongsai.services.models.queue import OPEN, WAITING

Outcome = Ticket.Outcome
Kind = QueueEvent.Kind
Reason = QueueEvent.Reason
CLAIM_TRIES = 20


def _log(ticket: Ticket, kind: str, *, at: datetime, counter: Counter | None = None, by: User | None = None,
         reason: str = "", reason_text: str = "", detail: str = "") -> QueueEvent:  # fmt: skip
    return QueueEvent.objects.create(
        ticket=ticket, kind=kind, counter=counter, by=by, at=at, reason=reason, reason_text=reason_text, detail=detail
    )


# --------------------------------------------------------------------------
# Setting up points and counters


@transaction.atomic
def point_create(*, organisation: Organisation, name: str, unit: Unit | None = None) -> ServicePoint:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("The service point needs a name."))
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("The unit is not one of this organisation's."))
    if ServicePoint.objects.filter(organisation=organisation, name=name).exists():
        raise ValidationError(_("Another service point already has this name."))
    return ServicePoint.objects.create(organisation=organisation, name=name, unit=unit)


@transaction.atomic
def point_offer(*, point: ServicePoint, service: Service, prefix: str) -> PointService:
    """Offer ``service`` at ``point`` with the ticket letter ``prefix`` (changes the letter of an offered one)."""
    prefix = prefix.strip().upper()
    if service.organisation_id != point.organisation_id or service.withdrawn:
        raise ValidationError(_("The service is not one of this organisation's services in force."))
    if not prefix or len(prefix) > 3 or not prefix.isalpha():
        raise ValidationError(_("The ticket prefix is one to three letters."))
    if PointService.objects.filter(point=point, prefix=prefix).exclude(service=service).exists():
        raise ValidationError(_("Another service of this point already has this prefix."))
    position = PointService.objects.filter(point=point).count()
    offer, _created = PointService.objects.update_or_create(
        point=point,
        service=service,
        defaults={"prefix": prefix},
        create_defaults={"prefix": prefix, "position": position},
    )
    return offer


@transaction.atomic
def counter_save(
    *, point: ServicePoint, number: int, services: Iterable[Service], name: str = "", active: bool = True
) -> Counter:
    """Add counter ``number`` of the point, or change the services it serves."""
    if number < 1:
        raise ValidationError(_("A counter number is at least 1."))
    chosen = list(services)
    offered = set(PointService.objects.filter(point=point).values_list("service_id", flat=True))
    if not chosen or any(s.pk not in offered for s in chosen):
        raise ValidationError(_("Choose one or more of the services offered at this point."))
    counter, _created = Counter.objects.update_or_create(
        point=point, number=number, defaults={"name": name.strip()[:100], "active": active}
    )
    counter.services.set(chosen)
    return counter


# --------------------------------------------------------------------------
# The kiosk


@transaction.atomic
def ticket_take(*, point: ServicePoint, service: Service) -> Ticket:
    now = timezone.now()
    offer = PointService.objects.select_for_update().filter(point=point, service=service).first()
    if offer is None or service.withdrawn:
        raise ValidationError(_("This service is not offered here."))
    day = local_date(now)
    last = Ticket.objects.filter(point=point, day=day, prefix=offer.prefix).aggregate(n=Max("number"))["n"] or 0
    number = last + 1
    ticket = Ticket.objects.create(
        point=point, service=service, day=day, prefix=offer.prefix, number=number,
        code=f"{offer.prefix}{number:03d}", taken_at=now,
    )  # fmt: skip
    _log(ticket, Kind.TAKEN, at=now)
    return ticket


# --------------------------------------------------------------------------
# The counter


def callable_by(counter: Counter, day: date | None = None) -> QuerySet[Ticket]:
    """The waiting tickets ``counter`` may call today, oldest first (its services; not reserved for another)."""
    day = day or local_date(timezone.now())
    return (
        Ticket.objects.filter(point_id=counter.point_id, day=day, outcome__in=WAITING)
        .filter(service__in=counter.services.all())
        .filter(Q(counter__isnull=True) | Q(counter=counter))
        .order_by("taken_at", "pk")
    )


def current_of(counter: Counter) -> Ticket | None:
    return Ticket.objects.filter(counter=counter, outcome__in=(Outcome.CALLED, Outcome.SERVING)).first()


def _free(counter: Counter) -> None:
    if not counter.active:
        raise ValidationError(_("This counter is closed."))
    current = current_of(counter)
    if current is not None:
        raise ValidationError(
            _("Counter %(n)s still has ticket %(code)s: end it or mark it as not come first.")
            % {"n": counter.number, "code": current.code}
        )


def _claim(ticket_id: int, counter: Counter, now: datetime) -> bool:
    """Take a waiting ticket for ``counter``; False when another counter took it first."""
    fresh = Ticket.objects.filter(pk=ticket_id, outcome__in=WAITING).filter(
        Q(counter__isnull=True) | Q(counter=counter)
    )
    if not fresh.update(outcome=Outcome.CALLED, counter=counter):
        return False
    Ticket.objects.filter(pk=ticket_id, called_at__isnull=True).update(called_at=now)
    return True


def _candidates(counter: Counter) -> list[int]:
    rows = callable_by(counter)
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True, of=("self",))
    return list(rows.values_list("pk", flat=True)[:CLAIM_TRIES])


@transaction.atomic
def ticket_call_next(*, counter: Counter, by: User | None) -> Ticket | None:
    """Call the oldest waiting ticket of the counter's services; None when nobody waits."""
    _free(counter)
    now = timezone.now()
    for ticket_id in _candidates(counter):
        if _claim(ticket_id, counter, now):
            ticket = Ticket.objects.select_related("service").get(pk=ticket_id)
            _log(ticket, Kind.CALLED, at=now, counter=counter, by=by)
            return ticket
    return None


@transaction.atomic
def ticket_call(
    *, ticket: Ticket, counter: Counter, by: User | None, reason: str = "", reason_text: str = ""
) -> Ticket:
    """Call this ticket. Unless it is the one next in turn, a reason code is required (and "other" needs a text)."""
    _free(counter)
    if ticket.point_id != counter.point_id or not callable_by(counter).filter(pk=ticket.pk).exists():
        raise ValidationError(_("This ticket is not waiting for this counter."))
    in_turn = callable_by(counter).values_list("pk", flat=True).first() == ticket.pk
    reason_text = reason_text.strip()[:300]
    if not in_turn:
        if reason not in Reason.values:
            raise ValidationError(_("Calling out of turn needs a reason."))
        if reason == Reason.OTHER and not reason_text:
            raise ValidationError(_("Say what the other reason is."))
    now = timezone.now()
    if not _claim(ticket.pk, counter, now):
        raise ValidationError(_("Another counter has just called this ticket."))
    ticket.refresh_from_db()
    _log(ticket, Kind.CALLED, at=now, counter=counter, by=by, reason="" if in_turn else reason,
         reason_text="" if in_turn else reason_text)  # fmt: skip
    return ticket


def _current(ticket: Ticket, counter: Counter, outcomes: tuple[str, ...]) -> Ticket:
    fresh = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if fresh.counter_id != counter.pk or fresh.outcome not in outcomes:
        raise ValidationError(_("This ticket is not at this counter any more."))
    return fresh


@transaction.atomic
def ticket_recall(*, ticket: Ticket, counter: Counter, by: User | None) -> Ticket:
    fresh = _current(ticket, counter, (Outcome.CALLED,))
    _log(fresh, Kind.RECALLED, at=timezone.now(), counter=counter, by=by)
    return fresh


@transaction.atomic
def ticket_no_show(*, ticket: Ticket, counter: Counter, by: User | None) -> Ticket:
    fresh = _current(ticket, counter, (Outcome.CALLED,))
    fresh.outcome = Outcome.NO_SHOW
    fresh.save(update_fields=["outcome"])
    _log(fresh, Kind.NO_SHOW, at=timezone.now(), counter=counter, by=by)
    return fresh


@transaction.atomic
def ticket_start(*, ticket: Ticket, counter: Counter, by: User | None) -> Ticket:
    fresh = _current(ticket, counter, (Outcome.CALLED,))
    now = timezone.now()
    fresh.outcome = Outcome.SERVING
    fresh.started_at = fresh.started_at or now
    fresh.save(update_fields=["outcome", "started_at"])
    _log(fresh, Kind.STARTED, at=now, counter=counter, by=by)
    return fresh


@transaction.atomic
def ticket_end(*, ticket: Ticket, counter: Counter, by: User | None) -> Ticket:
    fresh = _current(ticket, counter, (Outcome.CALLED, Outcome.SERVING))
    now = timezone.now()
    fresh.outcome, fresh.ended_at = Outcome.SERVED, now
    fresh.started_at = fresh.started_at or now
    fresh.save(update_fields=["outcome", "started_at", "ended_at"])
    _log(fresh, Kind.ENDED, at=now, counter=counter, by=by)
    return fresh


@transaction.atomic
def ticket_transfer(
    *, ticket: Ticket, counter: Counter, by: User | None, service: Service | None = None, to: Counter | None = None
) -> Ticket:
    """Send the ticket to another service (any counter serving it) or to one counter; it keeps its number and its
    place by ``taken_at``, so it is called before everyone who came after it."""
    fresh = _current(ticket, counter, (Outcome.CALLED, Outcome.SERVING))
    target = service or fresh.service
    if service is None and to is None:
        raise ValidationError(_("Choose the service or the counter to transfer to."))
    if not PointService.objects.filter(point_id=fresh.point_id, service=target).exists():
        raise ValidationError(_("This service is not offered here."))
    if to is not None:
        if to.point_id != fresh.point_id or to.pk == counter.pk:
            raise ValidationError(_("Choose another counter of this point."))
        if not to.services.filter(pk=target.pk).exists():
            raise ValidationError(_("That counter does not serve this service."))
    fresh.service, fresh.counter, fresh.outcome = target, to, Outcome.TRANSFERRED
    fresh.save(update_fields=["service", "counter", "outcome"])
    with translation.override("th"):  # the log reads the same whatever the language of the page
        where = target.name if to is None else _("counter %(n)s") % {"n": to.number}
    _log(fresh, Kind.TRANSFERRED, at=timezone.now(), counter=counter, by=by, detail=where[:200])
    return fresh


# --------------------------------------------------------------------------
# The day close


def close_days(now: datetime | None = None) -> int:
    """Close as ``closed_unserved`` every ticket of an earlier Bangkok day still open; returns how many.

    A day runs to midnight in Bangkok, not to the office's 16:30: those who took a ticket before closing time are
    still served after it. Running it again finds nothing to close.
    """
    now = now or timezone.now()
    today = local_date(now)
    closed = 0
    while True:
        with transaction.atomic():
            batch = list(Ticket.objects.filter(day__lt=today, outcome__in=OPEN).order_by("pk")[:500])
            if not batch:
                return closed
            for ticket in batch:
                if Ticket.objects.filter(pk=ticket.pk, outcome__in=OPEN).update(outcome=Outcome.CLOSED_UNSERVED):
                    _log(ticket, Kind.CLOSED, at=now, counter=ticket.counter)
                    closed += 1
