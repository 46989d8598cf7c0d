"""The queue: service points (a counter hall), their counters, the tickets of a day and the append-only event log.

A ticket's ``day`` is the Asia/Bangkok date it was taken on; its number counts per point, service prefix and day
(A001, A002 …). Every change of a ticket is also written to ``QueueEvent``, which is never updated nor deleted:
it is the evidence of who called whom, when, and why out of turn (against "การเลือกปฏิบัติ").
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.models import Organisation, Unit
from prongsai.services.models.catalogue import Service


def _follow_token() -> str:
    return secrets.token_urlsafe(16)


class ServicePoint(models.Model):
    """Where people queue: e.g. the counter hall of a unit."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="service_points", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, related_name="service_points", on_delete=models.SET_NULL
    )
    services: models.ManyToManyField[Service, PointService] = models.ManyToManyField(
        Service, through="PointService", related_name="points", blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="service_point_name_unique")]

    def __str__(self) -> str:
        return self.name


class PointService(models.Model):
    """A service offered at a point, with the letter its tickets carry (A001 …)."""

    point = models.ForeignKey(ServicePoint, related_name="offers", on_delete=models.CASCADE)
    service = models.ForeignKey(Service, verbose_name=_("public service"), related_name="+", on_delete=models.PROTECT)
    prefix = models.CharField(_("ticket prefix"), max_length=3)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "prefix", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["point", "service"], name="point_service_unique"),
            models.UniqueConstraint(fields=["point", "prefix"], name="point_prefix_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.service}"


class Counter(models.Model):
    """A counter (ช่องบริการ) of a point; the public pages show only its number."""

    point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), related_name="counters", on_delete=models.CASCADE
    )
    number = models.PositiveIntegerField(_("counter number"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    services = models.ManyToManyField(Service, verbose_name=_("services"), related_name="+", blank=True)
    active = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["point", "number"]
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [models.UniqueConstraint(fields=["point", "number"], name="counter_number_unique")]

    def __str__(self) -> str:
        return f"{self.point} {self.number}"


class Ticket(models.Model):
    class Outcome(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CALLED = "called", _("called")
        SERVING = "serving", _("being served")
        SERVED = "served", _("served")
        NO_SHOW = "no_show", _("did not come")
        TRANSFERRED = "transferred", _("transferred, waiting")
        CLOSED_UNSERVED = "closed_unserved", _("closed at the end of the day, not served")

    point = models.ForeignKey(ServicePoint, related_name="tickets", on_delete=models.PROTECT)
    service = models.ForeignKey(
        Service, verbose_name=_("public service"), related_name="tickets", on_delete=models.PROTECT
    )
    day = models.DateField(_("day"))  # the Asia/Bangkok date of taking
    prefix = models.CharField(max_length=3)
    number = models.PositiveIntegerField()
    code = models.CharField(_("ticket number"), max_length=10)
    taken_at = models.DateTimeField(_("taken"))
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    started_at = models.DateTimeField(_("service started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("service ended"), null=True, blank=True)
    # The counter calling or serving it; while waiting after a transfer, the counter it waits for (or none).
    counter = models.ForeignKey(Counter, null=True, blank=True, related_name="tickets", on_delete=models.PROTECT)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.WAITING)
    token = models.CharField(max_length=32, unique=True, default=_follow_token)

    class Meta:
        ordering = ["taken_at", "pk"]
        verbose_name = _("queue ticket")
        verbose_name_plural = _("queue tickets")
        constraints = [
            models.UniqueConstraint(fields=["point", "day", "prefix", "number"], name="ticket_number_unique")
        ]
        indexes = [models.Index(fields=["point", "day", "outcome", "taken_at"], name="ticket_waiting")]

    def __str__(self) -> str:
        return self.code


WAITING = (Ticket.Outcome.WAITING, Ticket.Outcome.TRANSFERRED)
OPEN = (*WAITING, Ticket.Outcome.CALLED, Ticket.Outcome.SERVING)


class QueueEventQuerySet(models.QuerySet["QueueEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise ValidationError(_("The queue log is append-only: an event is never changed."))

    def delete(self) -> Any:
        raise ValidationError(_("The queue log is append-only: an event is never deleted."))


class QueueEvent(models.Model):
    """One thing that happened to a ticket. Only ever added: save refuses an update, delete refuses always."""

    class Kind(models.TextChoices):
        TAKEN = "taken", _("ticket taken")
        CALLED = "called", _("called")
        RECALLED = "recalled", _("called again")
        NO_SHOW = "no_show", _("did not come")
        TRANSFERRED = "transferred", _("transferred")
        STARTED = "started", _("service started")
        ENDED = "ended", _("service ended")
        CLOSED = "closed", _("closed unserved at the end of the day")

    class Reason(models.TextChoices):
        URGENT = "urgent", _("urgent")
        ELDERLY_DISABLED = "elderly_disabled", _("elderly or disabled person")
        APPOINTMENT = "appointment", _("appointment")
        OTHER = "other", _("other")

    ticket = models.ForeignKey(Ticket, related_name="events", on_delete=models.PROTECT)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    counter = models.ForeignKey(Counter, null=True, blank=True, related_name="+", on_delete=models.PROTECT)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, related_name="+", on_delete=models.PROTECT
    )  # none: the kiosk or the day close
    at = models.DateTimeField(_("when"))
    reason = models.CharField(_("reason for calling out of turn"), max_length=20, choices=Reason.choices, blank=True)
    reason_text = models.CharField(_("details"), max_length=300, blank=True)
    detail = models.CharField(max_length=200, blank=True)  # e.g. the service or counter transferred to

    objects = QueueEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("queue event")
        verbose_name_plural = _("queue events")
        indexes = [models.Index(fields=["counter", "kind", "at"], name="queue_event_counter")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise ValidationError(_("The queue log is append-only: an event is never changed."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("The queue log is append-only: an event is never deleted."))
