"""e-Feedback writes: a ticket's one-time token, an answer, and the unit head's notice of a low score.

The token is the ticket's number in the database signed with the site's key (``Signer``): printed as a QR on the
ticket, it opens ``/<slug>/f/<token>/`` without sign-in. It is valid ``SERVICES_FEEDBACK_DAYS`` days (7 unless
set) after the ticket's day; the ticket's unique answer makes it one-time. Nothing about who answered is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from prongsai.core import notify
from prongsai.core.thai import fiscal_quarter, fiscal_year, local_date
from prongsai.orgs.models import Membership, Role
from prongsai.services.models import Feedback, Service, ServicePoint, Ticket
from prongsai.services.models.feedback import QUESTIONS

SALT = "prongsai.services.feedback"


def valid_days() -> int:
    return int(settings.SERVICES_FEEDBACK_DAYS)


def token_for(ticket: Ticket) -> str:
    return signing.Signer(salt=SALT).sign(str(ticket.pk)).replace(":", "-")


def ticket_for_token(org_slug: str, token: str) -> Ticket | None:
    """The ticket the token was made for, in this organisation; None for a forged or foreign token."""
    try:
        value = signing.Signer(salt=SALT).unsign(token.replace("-", ":", 1) if "-" in token else token)
    except signing.BadSignature:
        return None
    if not value.isdigit():
        return None
    return (
        Ticket.objects.filter(pk=int(value), point__organisation__slug=org_slug)
        .select_related("point", "point__organisation", "point__unit", "service", "service__unit")
        .first()
    )


def expired(ticket: Ticket, today: date | None = None) -> bool:
    today = today or local_date(timezone.now())
    return today > ticket.day + timedelta(days=valid_days())


@dataclass(frozen=True)
class Scores:
    procedure: int
    staff: int
    place: int
    result: int
    comment: str = ""

    def __post_init__(self) -> None:
        for name in QUESTIONS:
            value = getattr(self, name)
            if not isinstance(value, int) or not 1 <= value <= 5:
                raise ValueError(f"{name} must be 1 to 5")


def _record(*, point: ServicePoint, service: Service | None, ticket: Ticket | None, scores: Scores) -> Feedback:
    today = local_date(timezone.now())
    return Feedback.objects.create(
        organisation_id=point.organisation_id,
        point=point,
        service=service,
        ticket=ticket,
        standing=ticket is None,
        day=today,
        year=fiscal_year(today),
        quarter=fiscal_quarter(today),
        procedure=scores.procedure,
        staff=scores.staff,
        place=scores.place,
        result=scores.result,
        comment=scores.comment.strip()[:1000],
    )


def answer_ticket(ticket: Ticket, scores: Scores) -> Feedback | None:
    """Record the ticket's answer; None (and nothing changed) when it was answered already or has expired."""
    if expired(ticket):
        return None
    try:
        with transaction.atomic():
            found = _record(point=ticket.point, service=ticket.service, ticket=ticket, scores=scores)
    except IntegrityError:
        return None
    _tell_unit_head(found)
    return found


def answer_standing(point: ServicePoint, service: Service | None, scores: Scores) -> Feedback:
    found = _record(point=point, service=service, ticket=None, scores=scores)
    _tell_unit_head(found)
    return found


def _tell_unit_head(feedback: Feedback) -> int:
    """A low score tells the head(s) of the service's unit (else the point's) once: service, point and scores only."""
    if not feedback.low:
        return 0
    service = feedback.service
    unit_id = (service.unit_id if service is not None else None) or feedback.point.unit_id
    if unit_id is None:
        return 0
    heads = Membership.objects.filter(
        organisation_id=feedback.organisation_id, role=Role.UNIT_HEAD, unit_id=unit_id
    ).select_related("user")
    from django.utils.translation import gettext as _

    name = service.name if service is not None else _("(service not chosen)")
    subject = _("Low feedback score: %(service)s") % {"service": name}
    body = _(
        "Service point: %(point)s. Scores (1-5): procedure %(procedure)s, staff %(staff)s, "
        "place and facilities %(place)s, result received %(result)s."
    ) % {
        "point": feedback.point.name,
        "procedure": feedback.procedure,
        "staff": feedback.staff,
        "place": feedback.place,
        "result": feedback.result,
    }
    slug = feedback.point.organisation.slug
    url = reverse("services:feedback_board", kwargs={"org_slug": slug})
    sent = 0
    for user_id in sorted({m.user_id for m in heads}):
        user = next(m.user for m in heads if m.user_id == user_id)
        sent += notify.notify(
            user=user, key=f"services:feedback-low:{feedback.pk}", subject=subject, body=body, url=url, day_only=True
        )
    return sent
