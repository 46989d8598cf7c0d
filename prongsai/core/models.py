"""The one change history of every module (see core/history.py), and the platform admin's public holidays."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.core import holidays  # imports no model: its queries import PublicHoliday when they run


class Change(models.Model):
    """One thing that happened to a record: who, when, what, from which value to which.

    ``content_type``/``object_id`` name the record whose history this is (an activity, an OIT item).
    ``part_type``/``part_repr`` name a part of it the entry is about, when it is one (a document
    added to an item, evidence added to an activity); its fields are then the part's fields.
    ``changes`` holds raw values as JSON, ``{field: [before, after]}``: dates in ISO form, foreign
    keys and people as primary keys, choices as their stored value. ``core.history`` turns them into
    sentences in the reader's language when shown.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")
        STEP = "step", _("workflow step")
        ADDED = "added", _("part added")
        REMOVED = "removed", _("part removed")

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), related_name="+", on_delete=models.CASCADE
    )
    content_type = models.ForeignKey(ContentType, related_name="+", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # The module's own name of what happened ("submit", "link_added"); required for a workflow step.
    event = models.CharField(_("event"), max_length=40, blank=True)
    part_type = models.ForeignKey(ContentType, null=True, blank=True, related_name="+", on_delete=models.CASCADE)
    part_repr = models.CharField(_("part"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="core_change_object_at"),
            models.Index(fields=["organisation", "at"], name="core_change_org_at"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class PublicHoliday(models.Model):
    """The platform admin's word on one day, over the shipped file data/holidays/th.yaml (see core/holidays.py).

    A row names a holiday announced after the file was shipped, or renames a day of the file; with
    ``not_a_holiday`` it takes a day of the file away (the government moved it). Deleting the row gives the
    file's word back.
    """

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("As announced; empty when the day is not a holiday.")
    )
    not_a_holiday = models.BooleanField(
        _("not a holiday"),
        default=False,
        help_text=_("The shipped table lists this day but it is not a holiday (e.g. the government moved it)."),
    )
    source = models.TextField(
        _("source"), help_text=_("The announcement or cabinet resolution that says so, and any note.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(not_a_holiday=True) | ~models.Q(name=""), name="core_publicholiday_named"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {_('not a holiday') if self.not_a_holiday else self.name}"

    def clean(self) -> None:
        self.name = self.name.strip()
        if self.not_a_holiday:
            if self.day and not holidays.shipped_name(self.day):
                raise ValidationError(
                    {"not_a_holiday": _("The shipped table has no holiday on this day: there is nothing to take away.")}
                )
            self.name = ""
        elif not self.name:
            raise ValidationError({"name": _("Give the holiday's name, or tick “not a holiday”.")})


def _holidays_changed(**kwargs: object) -> None:
    holidays.clear_cache()
    transaction.on_commit(holidays.clear_cache)  # and again once committed, for a read made in between


# Not logic: a saved or deleted row empties this process's holiday cache (core/holidays.py).
post_save.connect(_holidays_changed, sender=PublicHoliday, dispatch_uid="core.publicholiday.saved")
post_delete.connect(_holidays_changed, sender=PublicHoliday, dispatch_uid="core.publicholiday.deleted")
