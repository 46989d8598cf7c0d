"""Who may change which activity (reading follows the organisation's roles: every member and the supervisor)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from prongsai.accounts.models import User
from prongsai.ita.models import PlanRow
from prongsai.orgs.access import ORG_ADMINS, can, get_org_for_user
from prongsai.orgs.models import Membership, Role
from prongsai.plans.models import Activity, Evidence


def headed_unit_ids(user: User | AnonymousUser, org_id: int) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(
            user=user, organisation_id=org_id, role=Role.UNIT_HEAD, unit__isnull=False
        ).values_list("unit_id", flat=True)
    )


def can_manage_row(user: User | AnonymousUser, row: PlanRow) -> bool:
    """Executives and the ITA coordinator for every measure; a unit head for the measures of the unit."""
    if can(user, row.organisation, ORG_ADMINS):
        return True
    units = headed_unit_ids(user, row.organisation_id)
    return bool(units and row.units.filter(pk__in=units).exists())


def can_edit_activity(user: User | AnonymousUser, activity: Activity) -> bool:
    """Full edit: executives, the coordinator, and the head of the owner unit."""
    if can(user, activity.organisation, ORG_ADMINS):
        return True
    return activity.unit_id is not None and activity.unit_id in headed_unit_ids(user, activity.organisation_id)


def can_update_progress(user: User | AnonymousUser, activity: Activity) -> bool:
    """Status, percent and evidence: also the people the activity is assigned to."""
    if can_edit_activity(user, activity):
        return True
    return user.is_authenticated and activity.owners.filter(pk=user.pk).exists()


def get_activity_for_user(request: HttpRequest, org_slug: str, activity_id: int, *, progress: bool = False) -> Activity:
    """The activity within the organisation (404 otherwise); with progress=True, 403 unless the user may update it."""
    org = get_org_for_user(request, org_slug)
    activity = get_object_or_404(
        Activity.objects.select_related("plan_row", "unit", "organisation"), pk=activity_id, organisation=org
    )
    if progress and not can_update_progress(request.user, activity):
        raise PermissionDenied
    return activity


def get_row_for_manager(request: HttpRequest, org_slug: str, row_id: int) -> PlanRow:
    org = get_org_for_user(request, org_slug)
    row = get_object_or_404(PlanRow, pk=row_id, organisation=org)
    if not can_manage_row(request.user, row):
        raise PermissionDenied
    return row


def get_evidence_for_user(request: HttpRequest, org_slug: str, evidence_id: int) -> Evidence:
    org = get_org_for_user(request, org_slug)
    return get_object_or_404(Evidence.objects.select_related("activity"), pk=evidence_id, activity__organisation=org)
