"""Reads of the service catalogue."""

from __future__ import annotations

from django.db.models import QuerySet

from prongsai.orgs.models import Organisation
from prongsai.services.models import Service, ServiceForm, ServiceRevision


def catalogue(org: Organisation, *, withdrawn: bool = False) -> QuerySet[Service]:
    """The services in force (or the withdrawn ones), each with its current revision."""
    found = Service.objects.filter(organisation=org, withdrawn_at__isnull=not withdrawn, current__isnull=False)
    return found.select_related("current", "current__unit", "unit").order_by("unit__position", "name")


def revisions_of(service: Service) -> QuerySet[ServiceRevision]:
    return service.revisions.select_related("created_by", "unit").order_by("-number")


def forms_of(service: Service) -> QuerySet[ServiceForm]:
    return service.forms.filter(removed_at__isnull=True)
