"""The improvement plan carried out: activities under each plan row and their evidence.

The history of an activity is kept in ``core.Change`` (see ``plans/apps.py``)."""

from __future__ import annotations

import uuid
from datetime import date as date_type
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.ita.models import PlanRow
from prongsai.orgs.models import Organisation, Unit


class Activity(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        BLOCKED = "blocked", _("blocked")
        CANCELLED = "cancelled", _("cancelled")

    organisation = models.ForeignKey(Organisation, related_name="activities", on_delete=models.CASCADE)
    plan_row = models.ForeignKey(
        PlanRow, verbose_name=_("measure"), related_name="activities", on_delete=models.CASCADE
    )
    title = models.CharField(_("activity"), max_length=500)
    unit = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), null=True, blank=True, related_name="activities", on_delete=models.SET_NULL
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible people"), blank=True, related_name="activities"
    )
    start = models.DateField(_("start"))
    due = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    status_reason = models.TextField(_("reason (blocked or cancelled)"), blank=True)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0, validators=[MaxValueValidator(100)])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    @property
    def plan_year(self) -> int:
        """The fiscal year the activity belongs to: the year after the results its measure answers."""
        return self.plan_row.fiscal_year + 1

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NOT_STARTED, self.Status.IN_PROGRESS, self.Status.BLOCKED)


def evidence_path(instance: Evidence, filename: str) -> str:
    # A random name: the stored path says nothing about the content and cannot be guessed.
    return f"evidence/{instance.activity.organisation_id}/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("document")
        PHOTO = "photo", _("photo")
        LINK = "link", _("link")
        NOTE = "note", _("note (e.g. an executive's order)")

    activity = models.ForeignKey(Activity, related_name="evidence", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    caption = models.CharField(_("caption"), max_length=300)
    date = models.DateField(_("date"))
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(_("web address"), max_length=1000, blank=True)
    note = models.TextField(_("note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.caption


class ItaCalendar(models.Model):
    """The ITA year of an organisation: the NACC's windows (editable) and the organisation's own deadlines."""

    # Publish the year's OIT documents at least this many days before the OIT window closes (the seed's rule).
    PUBLISH_BEFORE_CLOSE_DAYS = 15

    organisation = models.ForeignKey(Organisation, related_name="ita_calendars", on_delete=models.CASCADE)
    fiscal_year = models.PositiveIntegerField(_("fiscal year (BE)"))
    oit_open = models.DateField(_("OIT submission opens"), null=True, blank=True)
    oit_close = models.DateField(_("OIT submission closes"), null=True, blank=True)
    iit_eit_start = models.DateField(_("IIT/EIT collection starts"), null=True, blank=True)
    iit_eit_end = models.DateField(_("IIT/EIT collection ends"), null=True, blank=True)
    clarification_start = models.DateField(_("clarification starts"), null=True, blank=True)
    clarification_end = models.DateField(_("clarification ends"), null=True, blank=True)
    results = models.DateField(_("results announced"), null=True, blank=True)

    class Meta:
        verbose_name = _("ITA calendar")
        verbose_name_plural = _("ITA calendars")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="ita_calendar_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.fiscal_year}"

    @property
    def publish_by(self) -> date_type | None:
        if self.oit_close is None:
            return None
        return self.oit_close - timedelta(days=self.PUBLISH_BEFORE_CLOSE_DAYS)

    def deadlines(self) -> list[tuple[str, str, date_type]]:
        """(key, Thai-or-English label, date) of every dated deadline, the derived one included."""
        items: list[tuple[str, str, date_type]] = []
        if self.publish_by:
            items.append(("publish_by", str(_("publish the OIT documents")), self.publish_by))
        labels = {
            "oit_close": _("OIT submission closes"),
            "iit_eit_end": _("IIT/EIT collection ends"),
            "clarification_end": _("clarification ends"),
        }
        for name, label in labels.items():
            value = getattr(self, name)
            if value:
                items.append((name, str(label), value))
        items += [(f"own:{d.pk}", d.title, d.date) for d in self.own_deadlines.all()]
        return sorted(items, key=lambda i: i[2])


class OwnDeadline(models.Model):
    calendar = models.ForeignKey(ItaCalendar, related_name="own_deadlines", on_delete=models.CASCADE)
    title = models.CharField(_("deadline"), max_length=200)
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("own deadline")
        verbose_name_plural = _("own deadlines")

    def __str__(self) -> str:
        return self.title
