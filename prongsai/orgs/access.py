"""Tenancy: who may see and do what in which organisation.

Every staff view starts with `get_org_for_user` (or a module's getter built on
it). It answers 404 when the person has nothing to do with the organisation, so
another organisation's pages and objects look as if they did not exist, and 403
when the person belongs there but the role may not do this.
"""

from __future__ import annotations

from collections.abc import Collection

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from prongsai.accounts.models import User
from prongsai.orgs.models import Membership, Organisation, Role

# Roles that may change an organisation's profile, units and people.
ORG_ADMINS = frozenset({Role.EXECUTIVE, Role.ITA_COORDINATOR})
# Roles that act inside an organisation (everyone but the read-only supervisor).
ORG_MEMBERS = frozenset(set(Role) - {Role.SUPERVISOR})
READ_ONLY_ROLES = frozenset({Role.SUPERVISOR})


def roles_for(user: User | AnonymousUser, org: Organisation) -> frozenset[str]:
    """The roles `user` holds in `org`, including supervision over its province."""
    if not user.is_authenticated:
        return frozenset()
    cache: dict[int, frozenset[str]] = getattr(user, "_prongsai_roles", None) or {}
    if org.pk in cache:
        return cache[org.pk]
    filters = Q(organisation=org)
    if org.province:
        filters |= Q(role=Role.SUPERVISOR, province=org.province)
    roles = frozenset(Membership.objects.filter(filters, user=user).values_list("role", flat=True))
    cache[org.pk] = roles
    user.__dict__["_prongsai_roles"] = cache  # memoised on the request's user object
    return roles


def organisations_for(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """Every organisation the user may open: member, supervisor of its province, or platform admin."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    provinces = Membership.objects.filter(user=user, role=Role.SUPERVISOR).values("province")
    return Organisation.objects.filter(Q(memberships__user=user) | Q(province__in=provinces)).distinct()


def can(user: User | AnonymousUser, org: Organisation, roles: Collection[str]) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return bool(roles_for(user, org) & set(roles))


def get_org_for_user(request: HttpRequest, slug: str, *, roles: Collection[str] | None = None) -> Organisation:
    """The organisation `slug` if the signed-in user may open it (404) and act with `roles` (403).

    `roles=None` means any role, including the read-only supervisor.
    """
    org = get_object_or_404(Organisation, slug=slug)
    user = request.user
    if user.is_authenticated and user.is_superuser:
        return org
    held = roles_for(user, org)
    if not held:
        raise Http404("No such organisation")
    if roles is not None and not held & set(roles):
        raise PermissionDenied
    return org
