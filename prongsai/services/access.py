"""Who may do what with the service catalogue, and the permission-checked getters of the views.

- Every member of the organisation and the province's supervisor read the catalogue (every revision).
- Executives and the ITA coordinator manage every service (``ORG_ADMINS``).
- A unit head manages the services of the unit(s) they head: adds them, edits them, withdraws them.

Every getter fetches *within* the organisation, so another organisation's service is a 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from prongsai.accounts.models import User
from prongsai.orgs.access import ORG_ADMINS, can, get_org_for_user
from prongsai.orgs.models import Membership, Organisation, Role, Unit
from prongsai.services.models import Service

MANAGERS = frozenset({*ORG_ADMINS, Role.UNIT_HEAD})


def manageable_units(user: User | AnonymousUser, org: Organisation) -> list[Unit] | None:
    """The units whose services the user manages: None for every unit."""
    if can(user, org, ORG_ADMINS):
        return None
    if not user.is_authenticated:
        return []
    ids = Membership.objects.filter(user=user, organisation=org, role=Role.UNIT_HEAD, unit__isnull=False).values_list(
        "unit_id", flat=True
    )
    return list(Unit.objects.filter(organisation=org, pk__in=ids).order_by("position", "name"))


def may_add(user: User | AnonymousUser, org: Organisation) -> bool:
    units = manageable_units(user, org)
    return units is None or bool(units)


def may_manage(user: User | AnonymousUser, service: Service) -> bool:
    units = manageable_units(user, service.organisation)
    return units is None or (service.unit_id is not None and service.unit_id in {u.pk for u in units})


def org_for(request: HttpRequest, slug: str, roles: frozenset[str] | None = None) -> Organisation:
    return get_org_for_user(request, slug, roles=roles)


def service_for(request: HttpRequest, slug: str, service_id: int, *, manage: bool = False) -> Service:
    org = org_for(request, slug, MANAGERS if manage else None)
    service = (
        Service.objects.filter(organisation=org, pk=service_id)
        .select_related("organisation", "unit", "current", "current__unit")
        .first()
    )
    if service is None:
        raise Http404("No such service")
    if manage and not may_manage(request.user, service):
        raise PermissionDenied("Not a service of a unit you head")
    return service
