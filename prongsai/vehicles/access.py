"""Who may do what with the official vehicles, and the permission-checked getters of the views."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from prongsai.orgs.access import ORG_MEMBERS, can, get_org_for_user
from prongsai.orgs.models import Organisation, Role
from prongsai.vehicles.models import Trip, UseRequest, Vehicle

# Register vehicles, their rates and the Do & Don't list; import; enter fuel slips and past trips.
MANAGERS = frozenset({Role.EXECUTIVE, Role.ITA_COORDINATOR, Role.UNIT_HEAD})
# Give the supervisor's opinion on a request (เห็นควร/ไม่เห็นควร).
SUPERVISORS = frozenset({Role.EXECUTIVE, Role.UNIT_HEAD})
# Decide a request (the authorised person: นายก/ปลัด).
DECIDERS = frozenset({Role.EXECUTIVE})
# Ask for a vehicle, start and close a trip by the QR code.
USERS = ORG_MEMBERS


def org_for(request: HttpRequest, slug: str, roles: frozenset[str] | None = None) -> Organisation:
    return get_org_for_user(request, slug, roles=roles)


def vehicle_for(request: HttpRequest, slug: str, plate: str, roles: frozenset[str] | None = None) -> Vehicle:
    org = org_for(request, slug, roles)
    vehicle = Vehicle.objects.filter(organisation=org, slug=plate).select_related("organisation", "custodian").first()
    if vehicle is None:
        raise Http404("No such vehicle")
    return vehicle


def request_for(request: HttpRequest, slug: str, request_id: int, roles: frozenset[str] | None = None) -> UseRequest:
    org = org_for(request, slug, roles)
    found = (
        UseRequest.objects.filter(organisation=org, pk=request_id)
        .select_related("vehicle", "requester", "driver", "supervisor", "approver", "organisation")
        .first()
    )
    if found is None:
        raise Http404("No such request")
    return found


def trip_for(request: HttpRequest, slug: str, trip_id: int, roles: frozenset[str] | None = None) -> Trip:
    org = org_for(request, slug, roles)
    found = Trip.objects.filter(organisation=org, pk=trip_id).select_related("vehicle", "driver").first()
    if found is None:
        raise Http404("No such trip")
    return found


def may_manage(request: HttpRequest, org: Organisation) -> bool:
    return can(request.user, org, MANAGERS)
