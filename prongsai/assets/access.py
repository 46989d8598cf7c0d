"""Who may read and manage which asset of the register.

- Executives and the ITA coordinator manage every asset (``ORG_ADMINS``).
- A unit head manages the assets of the unit(s) they head, and reads the whole register.
- The ethics committee and the province's supervisor read the whole register (oversight), change nothing.
- Staff read the assets of their own unit and those they are the custodian of.
- Any member of the organisation (not the supervisor) may report damage to an asset they can see on its
  QR page: the report is recorded in the asset's history under their name.

Every getter fetches *within* the organisation, so another organisation's asset is a 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from prongsai.accounts.models import User
from prongsai.assets.models import Asset
from prongsai.orgs.access import ORG_ADMINS, ORG_MEMBERS, can, get_org_for_user, roles_for
from prongsai.orgs.models import Membership, Organisation, Role

# Roles that read the whole register.
READ_ALL = frozenset({Role.EXECUTIVE, Role.ITA_COORDINATOR, Role.UNIT_HEAD, Role.ETHICS_COMMITTEE, Role.SUPERVISOR})
# Roles that may manage at least some assets (a unit head only the unit's).
MANAGERS = frozenset({*ORG_ADMINS, Role.UNIT_HEAD})


def headed_unit_ids(user: User | AnonymousUser, org: Organisation) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, organisation=org, role=Role.UNIT_HEAD, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )


def member_unit_ids(user: User | AnonymousUser, org: Organisation) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, organisation=org, unit__isnull=False).values_list("unit_id", flat=True)
    )


def manages_all(user: User | AnonymousUser, org: Organisation) -> bool:
    return can(user, org, ORG_ADMINS)


def manageable_unit_ids(user: User | AnonymousUser, org: Organisation) -> set[int] | None:
    """The units whose assets the user manages: None for every unit, an empty set for none."""
    if manages_all(user, org):
        return None
    return headed_unit_ids(user, org)


def can_manage_some(user: User | AnonymousUser, org: Organisation) -> bool:
    units = manageable_unit_ids(user, org)
    return units is None or bool(units)


def can_manage(user: User | AnonymousUser, asset: Asset) -> bool:
    units = manageable_unit_ids(user, asset.organisation)
    return units is None or (asset.unit_id is not None and asset.unit_id in units)


def can_manage_unit(user: User | AnonymousUser, org: Organisation, unit_id: int) -> bool:
    units = manageable_unit_ids(user, org)
    return units is None or unit_id in units


def reads_all(user: User | AnonymousUser, org: Organisation) -> bool:
    return (user.is_authenticated and user.is_superuser) or bool(roles_for(user, org) & READ_ALL)


def readable(user: User | AnonymousUser, org: Organisation) -> QuerySet[Asset]:
    """The assets of ``org`` the user may read."""
    assets = Asset.objects.filter(organisation=org)
    if reads_all(user, org):
        return assets
    if not user.is_authenticated:
        return assets.none()
    return assets.filter(Q(unit_id__in=member_unit_ids(user, org)) | Q(custodian=user))


def can_read(user: User | AnonymousUser, asset: Asset) -> bool:
    if reads_all(user, asset.organisation):
        return True
    if not user.is_authenticated:
        return False
    return asset.custodian_id == user.pk or (
        asset.unit_id is not None and asset.unit_id in member_unit_ids(user, asset.organisation)
    )


def can_report_damage(user: User | AnonymousUser, asset: Asset) -> bool:
    return can(user, asset.organisation, ORG_MEMBERS) and asset.status != Asset.Status.DISPOSED


def get_asset(request: HttpRequest, org_slug: str, code: str, *, manage: bool = False) -> Asset:
    """The asset ``code`` of the organisation: 404 elsewhere, 403 when the user may not read (or manage) it."""
    org = get_org_for_user(request, org_slug)
    asset = get_object_or_404(
        Asset.objects.select_related("organisation", "unit", "custodian"), organisation=org, code=code
    )
    if not can_read(request.user, asset) or (manage and not can_manage(request.user, asset)):
        raise PermissionDenied
    return asset


def get_org_for_manager(request: HttpRequest, org_slug: str) -> Organisation:
    """The organisation, for someone who manages at least one unit's assets (403 otherwise)."""
    org = get_org_for_user(request, org_slug, roles=MANAGERS)
    if not can_manage_some(request.user, org):
        raise PermissionDenied
    return org
