"""Service times recorded by hand (paper, or a queue machine's export) and imported from a file.

They are a model of their own, not ``Ticket`` rows: a ticket is numbered by a point of this system and its
``QueueEvent`` log is the evidence of what happened at a counter here; a sampled time was seen by someone else,
names no point, and carries no reasons for calls out of turn. The report reads both, each marked by its source.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.models import Organisation
from prongsai.services.models.catalogue import Service


class TimeSample(models.Model):
    class Outcome(models.TextChoices):
        SERVED = "served", _("served")
        NO_SHOW = "no_show", _("did not come")
        TRANSFERRED = "transferred", _("transferred")

    organisation = models.ForeignKey(Organisation, related_name="+", on_delete=models.CASCADE)
    service = models.ForeignKey(
        Service, verbose_name=_("public service"), related_name="time_samples", on_delete=models.PROTECT
    )
    ticket = models.CharField(_("ticket number"), max_length=20)
    taken_at = models.DateTimeField(_("taken"))
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    started_at = models.DateTimeField(_("service started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("service ended"), null=True, blank=True)
    counter = models.CharField(_("counter"), max_length=50, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    file_name = models.CharField(max_length=200)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["taken_at", "pk"]
        verbose_name = _("sampled service time")
        verbose_name_plural = _("sampled service times")
        constraints = [
            models.UniqueConstraint(fields=["service", "ticket", "taken_at"], name="time_sample_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket} {self.taken_at:%Y-%m-%d %H:%M}"
