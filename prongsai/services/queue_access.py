"""Who may do what with the queue, and the permission-checked getters of its views.

- Every member of the organisation (not the read-only supervisor) works a counter.
- Executives and the ITA coordinator set up every point; a unit head sets up the points of the unit they head.
- The kiosk, the display and a ticket's follow page need no sign-in and show counter numbers only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from prongsai.orgs.access import ORG_MEMBERS
from prongsai.orgs.models import Organisation
from prongsai.services.access import MANAGERS, manageable_units, org_for
from prongsai.services.models import Counter, ServicePoint


def may_set_up(request: HttpRequest, org: Organisation, point: ServicePoint | None = None) -> bool:
    units = manageable_units(request.user, org)
    if units is None:
        return True
    if point is None:
        return bool(units)
    return point.unit_id is not None and point.unit_id in {u.pk for u in units}


def point_for(request: HttpRequest, slug: str, point_id: int, *, set_up: bool = False) -> ServicePoint:
    org = org_for(request, slug, MANAGERS if set_up else None)
    point = ServicePoint.objects.filter(organisation=org, pk=point_id).select_related("organisation", "unit").first()
    if point is None:
        raise Http404("No such service point")
    if set_up and not may_set_up(request, org, point):
        raise PermissionDenied("Not a point of a unit you head")
    return point


def counter_for(request: HttpRequest, slug: str, point_id: int, number: int) -> Counter:
    """A counter of the organisation, for a member who works it (the supervisor only reads: 403)."""
    org = org_for(request, slug)
    org_for(request, slug, ORG_MEMBERS)
    point = get_object_or_404(ServicePoint, organisation=org, pk=point_id)
    return get_object_or_404(Counter.objects.select_related("point", "point__organisation"), point=point, number=number)


def public_point(slug: str, point_id: int) -> ServicePoint:
    return get_object_or_404(ServicePoint.objects.select_related("organisation"), organisation__slug=slug, pk=point_id)
