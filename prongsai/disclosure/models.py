"""The OIT disclosure centre: each item of a year, its documents (with versions), its workflow and its audits.

An organisation's OIT items for a fiscal year are rows created from the year's
framework (`ita.framework`): the framework says what the item is (title,
components, data window); the row says who is responsible, where the
evidence is and how far the item has come. Its history (workflow steps with their comments, changes
of owners, documents added and withdrawn) is kept in ``core.Change`` (see ``disclosure/apps.py``). Documents are uploaded files served
from permanent URLs (`/<slug>/oit/<year>/<item>/<name>`, the newest published
version; older versions keep their own URLs) or external links.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.models import Organisation, Unit


class OitItem(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted by the unit")
        CHECKED = "checked", _("checked by the ITA coordinator")
        APPROVED = "approved", _("approved by the executive")
        PUBLISHED = "published", _("published")

    organisation = models.ForeignKey(Organisation, related_name="oit_items", on_delete=models.CASCADE)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    code = models.CharField(_("item"), max_length=8)  # "O1" … as the framework names it
    position = models.PositiveSmallIntegerField(default=0)  # the NACC order of the year
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        null=True,
        blank=True,
        related_name="oit_items",
        on_delete=models.SET_NULL,
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    note = models.TextField(_("note"), blank=True)
    # Plan activities whose work this item discloses (issue 4): reports and disclosure share one record.
    activities = models.ManyToManyField(
        "plans.Activity", verbose_name=_("plan activities"), blank=True, related_name="oit_items"
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["organisation", "fiscal_year", "position", "id"]
        verbose_name = _("OIT item")
        verbose_name_plural = _("OIT items")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year", "code"], name="oit_item_unique_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.fiscal_year})"

    @property
    def slug(self) -> str:
        """The item in URLs: "o1", "o25"."""
        return self.code.lower()


class OitDocument(models.Model):
    """One piece of evidence of an item: an uploaded document (with versions) or an external link."""

    class Kind(models.TextChoices):
        FILE = "file", _("document hosted by Prongsai")
        LINK = "link", _("external link")

    item = models.ForeignKey(OitItem, related_name="documents", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    # The file's name in its permanent URL, unique within the item: "structure-2568.pdf".
    name = models.CharField(_("name in the address"), max_length=120, blank=True)
    url = models.URLField(_("web address"), max_length=1000, blank=True)
    period_start = models.DateField(_("data from"), null=True, blank=True)
    period_end = models.DateField(_("data until"), null=True, blank=True)
    # Indexes (0-based) of the framework's components this document covers.
    components = models.JSONField(_("components covered"), default=list, blank=True)
    # The plan's evidence this document was taken from, when it was (one record for report and disclosure).
    plan_evidence = models.ForeignKey(
        "plans.Evidence", null=True, blank=True, related_name="oit_documents", on_delete=models.SET_NULL
    )
    # "<feed key>:<format>" when Prongsai writes the document itself (disclosure/feeds.py); "" for uploads.
    feed = models.CharField(_("written by Prongsai as"), max_length=60, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    # A link is public from the item's first publication after it was added (files: per version).
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["item", "position", "id"]
        verbose_name = _("OIT document")
        verbose_name_plural = _("OIT documents")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "name"], condition=~models.Q(name=""), name="oit_document_name_unique_in_item"
            )
        ]

    def __str__(self) -> str:
        return self.title


def version_path(instance: OitDocumentVersion, filename: str) -> str:
    # A random stored name; the readable name lives in the URL, not on the disk.
    org_id = instance.document.item.organisation_id
    return f"oit/{org_id}/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class OitDocumentVersion(models.Model):
    """An uploaded version of a document. Versions are never replaced; the newest published one is served."""

    document = models.ForeignKey(OitDocument, related_name="versions", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    # Read from a PDF when it is uploaded: its title and the start of its text, for the period check.
    text_sample = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="oit_document_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class OitAudit(models.Model):
    """One run of the auditor over every evidence link of an organisation's items of a year."""

    class Trigger(models.TextChoices):
        WEB = "web", _("started from the web")
        MONTHLY = "monthly", _("monthly audit")
        COMMAND = "command", _("command line")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    organisation = models.ForeignKey(Organisation, related_name="oit_audits", on_delete=models.CASCADE)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    trigger = models.CharField(_("started by"), max_length=10, choices=Trigger.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    links_total = models.PositiveIntegerField(default=0)
    links_done = models.PositiveIntegerField(default=0)
    health = models.PositiveSmallIntegerField(_("health"), null=True, blank=True)  # mean of the items, 0–100
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("OIT audit")
        verbose_name_plural = _("OIT audits")

    def __str__(self) -> str:
        return f"{self.organisation} {self.fiscal_year} {self.created_at:%Y-%m-%d %H:%M}"


class OitAuditItem(models.Model):
    """The result of one item in one audit: its health, its defects, and who was responsible then."""

    audit = models.ForeignKey(OitAudit, related_name="items", on_delete=models.CASCADE)
    item = models.ForeignKey(OitItem, null=True, related_name="audit_results", on_delete=models.SET_NULL)
    code = models.CharField(max_length=8)
    position = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(max_length=12)
    unit_name = models.CharField(max_length=200, blank=True)
    officer_name = models.CharField(max_length=200, blank=True)
    health = models.PositiveSmallIntegerField(_("health"))
    # Every check of the health score: {"reachable": true, "public": false, …}
    checks = models.JSONField(default=dict)
    # [{"category": "http_error", "url": "…", "document": "title", "detail": "…"}]
    defects = models.JSONField(default=list)

    class Meta:
        ordering = ["audit", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["audit", "code"], name="oit_audit_item_unique")]

    def __str__(self) -> str:
        return f"{self.audit_id} {self.code} {self.health}"
