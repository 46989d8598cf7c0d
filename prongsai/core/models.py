"""The one change history of every module (see core/history.py for how to write and show it)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
