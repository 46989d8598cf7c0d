"""The improvement plan carried out: activities under each plan row, their history and evidence."""

from __future__ import annotations

import uuid

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


class ActivityChange(models.Model):
    """Every change of an activity: who, when, what (field → [before, after])."""

    activity = models.ForeignKey(Activity, related_name="changes", on_delete=models.CASCADE)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changes = models.JSONField(_("changes"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("activity change")
        verbose_name_plural = _("activity changes")

    def __str__(self) -> str:
        return f"{self.activity_id} {self.at:%Y-%m-%d %H:%M}"


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
