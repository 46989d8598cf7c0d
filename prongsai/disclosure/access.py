"""Who may do what with an OIT item (reading follows the organisation's roles: every member and the supervisor).

- assign the unit and officer, link plan activities: executives and the ITA coordinator;
- add documents, new versions, withdraw, tick components, submit: the item's officer, the head of
  its unit, executives and the coordinator;
- check: the ITA coordinator; approve: an executive; publish: the coordinator or an executive;
- send back to draft (with a reason): the coordinator or an executive.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from prongsai.accounts.models import User
from prongsai.disclosure.models import OitDocument, OitItem
from prongsai.orgs.access import ORG_ADMINS, can, get_org_for_user
from prongsai.orgs.models import Role
from prongsai.plans.access import headed_unit_ids

# The workflow: action → (from states, to state, roles that may take it; None = the item's editors)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, frozenset[str] | None]] = {
    "submit": (("draft",), "submitted", None),
    "check": (("submitted",), "checked", frozenset({Role.ITA_COORDINATOR})),
    "approve": (("checked",), "approved", frozenset({Role.EXECUTIVE})),
    "publish": (("approved",), "published", frozenset(ORG_ADMINS)),
    "return": (("submitted", "checked", "approved", "published"), "draft", frozenset(ORG_ADMINS)),
}


def can_manage(user: User | AnonymousUser, item: OitItem) -> bool:
    return can(user, item.organisation, ORG_ADMINS)


def can_edit(user: User | AnonymousUser, item: OitItem) -> bool:
    """Documents and components: the officer, the head of the item's unit, executives and the coordinator."""
    if can_manage(user, item):
        return True
    if not user.is_authenticated:
        return False
    if item.officer_id == user.pk:
        return True
    return item.unit_id is not None and item.unit_id in headed_unit_ids(user, item.organisation_id)


def can_take(user: User | AnonymousUser, item: OitItem, action: str) -> bool:
    """May ``user`` take the workflow ``action`` on the item now (state and role)?"""
    if action not in TRANSITIONS:
        return False
    sources, _target, roles = TRANSITIONS[action]
    if item.state not in sources:
        return False
    if roles is None:
        return can_edit(user, item)
    return can(user, item.organisation, roles)


def actions_for(user: User | AnonymousUser, item: OitItem) -> list[str]:
    return [action for action in TRANSITIONS if can_take(user, item, action)]


def get_item_for_user(
    request: HttpRequest, org_slug: str, year: int, item_code: str, *, edit: bool = False, manage: bool = False
) -> OitItem:
    """The item of the organisation's year (404 otherwise); 403 when the user may not edit/manage it."""
    org = get_org_for_user(request, org_slug)
    item = get_object_or_404(
        OitItem.objects.select_related("organisation", "unit", "officer"),
        organisation=org,
        fiscal_year=year,
        code__iexact=item_code,
    )
    if (manage and not can_manage(request.user, item)) or (edit and not can_edit(request.user, item)):
        raise PermissionDenied
    return item


def get_document_for_editor(
    request: HttpRequest, org_slug: str, year: int, item_code: str, document_id: int
) -> OitDocument:
    item = get_item_for_user(request, org_slug, year, item_code, edit=True)
    return get_object_or_404(OitDocument.objects.select_related("item"), pk=document_id, item=item)
