"""Who may do what in the stock check.

Everyone of the organisation (the provincial supervisor too) sees the rounds and their results. The
executives and the ITA coordinator open rounds, name the committee and the supplies officers, decide
proposed moves and record the signed report. A unit head does the same for the quarterly rounds of the
unit they head (the seed's count of each unit's equipment every quarter), and for no other round. The
committee members of a round and those who manage it count.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from prongsai.accounts.models import User
from prongsai.assets.access import headed_unit_ids
from prongsai.assets.models import CountRound
from prongsai.orgs.access import ORG_ADMINS, can, get_org_for_user
from prongsai.orgs.models import Organisation

MANAGERS = ORG_ADMINS


def can_manage(user: User | AnonymousUser, org: Organisation) -> bool:
    return can(user, org, MANAGERS)


def can_open_some(user: User | AnonymousUser, org: Organisation) -> bool:
    """Whether the user may open any round: a manager, or the head of a unit (its quarterly rounds)."""
    return can_manage(user, org) or bool(headed_unit_ids(user, org))


def can_open(user: User | AnonymousUser, org: Organisation, kind: str, unit_id: int | None) -> bool:
    if can_manage(user, org):
        return True
    return kind == CountRound.Kind.QUARTERLY and unit_id is not None and unit_id in headed_unit_ids(user, org)


def can_manage_round(user: User | AnonymousUser, round_: CountRound) -> bool:
    return can_open(user, round_.organisation, round_.kind, round_.unit_id)


def can_count(user: User | AnonymousUser, round_: CountRound) -> bool:
    if can_manage_round(user, round_):
        return True
    return bool(user.is_authenticated and round_.committee.filter(user_id=user.pk).exists())


def get_org(request: HttpRequest, slug: str, *, manage: bool = False) -> Organisation:
    return get_org_for_user(request, slug, roles=MANAGERS if manage else None)


def get_round(
    request: HttpRequest, slug: str, round_id: int, *, manage: bool = False, count: bool = False
) -> CountRound:
    """The round of the organisation (404 otherwise), checked for managing (403) or counting (403)."""
    org = get_org(request, slug)
    round_ = get_object_or_404(CountRound.objects.select_related("unit", "organisation"), pk=round_id, organisation=org)
    if manage and not can_manage_round(request.user, round_):
        raise PermissionDenied
    if count and not can_count(request.user, round_):
        raise PermissionDenied
    return round_
