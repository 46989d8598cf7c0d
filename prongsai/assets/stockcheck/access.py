"""Who may do what in the stock check.

Everyone of the organisation (the provincial supervisor too) sees the rounds and their results. The
executives and the ITA coordinator open rounds, name the committee and the supplies officers, decide
proposed moves and record the signed report. The committee members of a round and those managers count.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from prongsai.accounts.models import User
from prongsai.assets.models import CountRound
from prongsai.orgs.access import ORG_ADMINS, can, get_org_for_user
from prongsai.orgs.models import Organisation

MANAGERS = ORG_ADMINS


def can_manage(user: User | AnonymousUser, org: Organisation) -> bool:
    return can(user, org, MANAGERS)


def can_count(user: User | AnonymousUser, round_: CountRound) -> bool:
    if can_manage(user, round_.organisation):
        return True
    return bool(user.is_authenticated and round_.committee.filter(user_id=user.pk).exists())


def get_org(request: HttpRequest, slug: str, *, manage: bool = False) -> Organisation:
    return get_org_for_user(request, slug, roles=MANAGERS if manage else None)


def get_round(
    request: HttpRequest, slug: str, round_id: int, *, manage: bool = False, count: bool = False
) -> CountRound:
    """The round of the organisation (404 otherwise), checked for managing (403) or counting (403)."""
    org = get_org(request, slug, manage=manage)
    round_ = get_object_or_404(CountRound.objects.select_related("unit", "organisation"), pk=round_id, organisation=org)
    if count and not can_count(request.user, round_):
        raise PermissionDenied
    return round_
