"""Mystery-shopper rounds (ผู้รับบริการนิรนาม): a round, a checklist per service visited, and the findings.

A finding may be made into an activity of the organisation's improvement plan (``plans.Activity``); the finding
keeps the link. The history of a round, its checklists and findings is kept in ``core.Change``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.models import Organisation, Unit
from prongsai.services.models.catalogue import Service


class MysteryRound(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="mystery_rounds", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    led_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("led by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("mystery-shopper round")
        verbose_name_plural = _("mystery-shopper rounds")

    def __str__(self) -> str:
        return self.title


class MysteryVisit(models.Model):
    """The checklist of one service visited in a round. ``standard_min`` is the catalogue's standard that day."""

    round = models.ForeignKey(MysteryRound, verbose_name=_("round"), related_name="visits", on_delete=models.CASCADE)
    service = models.ForeignKey(Service, verbose_name=_("public service"), related_name="+", on_delete=models.PROTECT)
    visited_on = models.DateField(_("visited on"))
    greeted = models.BooleanField(_("greeted on arrival"), default=False)
    waiting_min = models.PositiveIntegerField(_("waiting (minutes)"))
    extra_documents = models.BooleanField(_("documents asked beyond the catalogue's list"), default=False)
    extra_documents_which = models.CharField(_("which documents"), max_length=500, blank=True)
    fee_as_listed = models.BooleanField(_("fee charged as listed"), default=True)
    fee_charged = models.PositiveIntegerField(_("amount charged (baht)"), null=True, blank=True)
    total_min = models.PositiveIntegerField(_("total time (minutes)"))
    standard_min = models.PositiveIntegerField(_("time standard (minutes)"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["visited_on", "pk"]
        verbose_name = _("service checklist")
        verbose_name_plural = _("service checklists")

    def __str__(self) -> str:
        return f"{self.service.name} ({self.visited_on:%d/%m/%Y})"

    @property
    def over_standard(self) -> bool:
        return self.total_min > self.standard_min

    @property
    def minutes_over(self) -> int:
        return max(0, self.total_min - self.standard_min)


class MysteryFinding(models.Model):
    class Severity(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    round = models.ForeignKey(MysteryRound, verbose_name=_("round"), related_name="findings", on_delete=models.CASCADE)
    service = models.ForeignKey(
        Service, verbose_name=_("public service"), null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    text = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("plan activity"),
        null=True,
        blank=True,
        related_name="mystery_findings",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:80]
