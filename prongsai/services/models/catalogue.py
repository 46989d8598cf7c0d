"""The service catalogue (คู่มือสำหรับประชาชน): a service and its revisions, never edited and never deleted.

`Service` is the lasting record (its address, its organisation, whether it is withdrawn) and points at its
`current` revision; every save of the catalogue makes a new `ServiceRevision`, so the public page shows the
current revision with its date and staff see every earlier one. A service is withdrawn, not deleted.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.models import Organisation, Unit

NO_FEE = "ไม่มีค่าธรรมเนียม"
NONE = "ไม่มี"


class Service(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="services", on_delete=models.CASCADE
    )
    # The current revision's name and unit, kept here for the unique name, the lists and who may manage it.
    name = models.CharField(_("name"), max_length=300)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, related_name="services", on_delete=models.SET_NULL
    )
    current = models.ForeignKey(
        "ServiceRevision", verbose_name=_("current revision"), null=True, related_name="+", on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("public service")
        verbose_name_plural = _("public services")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="service_name_unique_per_org")]

    def __str__(self) -> str:
        return self.name

    @property
    def latest(self) -> ServiceRevision:
        """The current revision (every saved service has one)."""
        assert self.current is not None
        return self.current

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class ServiceRevision(models.Model):
    """One version of a service's entry in the catalogue, as published. Rows are only ever added."""

    class Source(models.TextChoices):
        WEB = "web", _("entered on the web")
        IMPORT = "import", _("imported from a file")
        DEMO = "demo", _("demo data")

    service = models.ForeignKey(
        Service, verbose_name=_("public service"), related_name="revisions", on_delete=models.PROTECT
    )
    number = models.PositiveIntegerField(_("revision"))
    name = models.CharField(_("name"), max_length=300)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, related_name="+", on_delete=models.SET_NULL)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    standard_min = models.PositiveIntegerField(_("time standard (minutes)"))
    fee = models.CharField(_("fee"), max_length=300, default=NO_FEE)
    # [{"text": str, "minutes": int, "who": str}] in order
    steps = models.JSONField(_("steps"), default=list)
    # [{"name": str, "copies": int, "office_fetches": bool}]; [] is "ไม่มี"
    documents = models.JSONField(_("required documents"), default=list)
    counter = models.CharField(_("service counter"), max_length=300, blank=True)
    eservice_url = models.URLField(_("e-Service link"), max_length=500, blank=True)
    complaint_channel = models.TextField(_("where to complain"), blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.WEB)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), null=True, related_name="+", on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["service", "-number"]
        verbose_name = _("service revision")
        verbose_name_plural = _("service revisions")
        constraints = [models.UniqueConstraint(fields=["service", "number"], name="service_revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    @property
    def steps_minutes(self) -> int:
        return sum(int(step.get("minutes") or 0) for step in self.steps)

    def content(self) -> dict[str, Any]:
        """What the revision says (for telling whether a new one changes anything)."""
        return {field: getattr(self, field) for field in CONTENT_FIELDS}


CONTENT_FIELDS = (
    "name",
    "unit_id",
    "legal_basis",
    "conditions",
    "standard_min",
    "fee",
    "steps",
    "documents",
    "counter",
    "eservice_url",
    "complaint_channel",
)


def _form_path(instance: ServiceForm, filename: str) -> str:
    return f"services/{instance.service.organisation_id}/{instance.service_id}/{filename}"


class ServiceForm(models.Model):
    """A form a citizen may download and fill in before coming (checked by core.uploads when uploaded)."""

    service = models.ForeignKey(
        Service, verbose_name=_("public service"), related_name="forms", on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_form_path, max_length=300)
    content_type = models.CharField(max_length=100)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("downloadable form")
        verbose_name_plural = _("downloadable forms")

    def __str__(self) -> str:
        return self.title
