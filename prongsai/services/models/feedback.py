"""e-Feedback: one answer of four questions on a 5-point scale, from a ticket's one-time token or a point's standing QR.

An answer keeps the day only (no time, no address, no device, no person): with the ticket's time it could point at
whoever stood at the counter then. ``ticket`` is unique, so a ticket answers once; an answer from the standing QR has
no ticket and is marked ``standing`` (not tied to a service event). The comment is never shown on a public page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.models import Organisation
from prongsai.services.models.catalogue import Service
from prongsai.services.models.queue import ServicePoint, Ticket

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

QUESTIONS = ("procedure", "staff", "place", "result")
LOW = 2  # an answer at or below this on any question tells the unit head at once


def _score(label: StrOrPromise) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, validators=[MinValueValidator(1), MaxValueValidator(5)])


class Feedback(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="service_feedback", on_delete=models.CASCADE
    )
    point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), related_name="feedback", on_delete=models.PROTECT
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("public service"),
        null=True,
        blank=True,
        related_name="feedback",
        on_delete=models.PROTECT,
    )
    ticket = models.OneToOneField(Ticket, null=True, blank=True, related_name="feedback", on_delete=models.PROTECT)
    standing = models.BooleanField(_("from the standing QR (not tied to a service event)"), default=False)
    day = models.DateField(_("day"))  # the Asia/Bangkok date of the answer; never a time
    year = models.PositiveSmallIntegerField(_("fiscal year"))  # Buddhist era, from October
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    procedure = _score(_("procedure"))
    staff = _score(_("the staff who served"))
    place = _score(_("place and facilities"))
    result = _score(_("result received"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("service feedback")
        verbose_name_plural = _("service feedback")
        indexes = [models.Index(fields=["organisation", "year", "quarter"], name="feedback_quarter")]

    def __str__(self) -> str:
        return f"{self.point_id} {self.day}"

    @property
    def low(self) -> bool:
        return min(getattr(self, name) for name in QUESTIONS) <= LOW
