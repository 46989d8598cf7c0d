"""Who may do what with a loan and the asset-use rule.

- Anyone acting in the organisation (every role but the read-only supervisor) may ask to borrow.
- A loan is decided by an executive, or by the head of the unit that every one of its assets belongs
  to, and never by the borrower: the decision is refused with a Thai message, whatever the role.
- Handing over and receiving back: the person who decided, an executive, the head of the assets'
  unit or the custodian of the assets; never the borrower.
- The borrower may cancel a request that has not been handed over yet.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.assets.models import Asset, Custodian, Loan
from prongsai.core.thai import local_today
from prongsai.orgs.access import ORG_MEMBERS, get_org_for_user, roles_for
from prongsai.orgs.models import Membership, Organisation, Role

EXECUTIVES = frozenset({Role.EXECUTIVE})
DECIDERS = frozenset({Role.EXECUTIVE, Role.UNIT_HEAD})
RULE_WRITERS = frozenset({Role.EXECUTIVE, Role.ITA_COORDINATOR})
RULE_PUBLISHERS = EXECUTIVES


class NotAllowed(Exception):
    """A step this person may not take on this loan; the message says why, in the reader's language."""


def headed_units(user: User, org: Organisation) -> set[int]:
    return set(
        Membership.objects.filter(user=user, organisation=org, role=Role.UNIT_HEAD, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )


def _asset_units(loan: Loan) -> set[int | None]:
    return {item.asset.unit_id for item in loan.items.all()}


def decider_reason(user: User, loan: Loan) -> str | None:
    """Why ``user`` may not decide ``loan`` (None when they may)."""
    if user.pk == loan.borrower_id:
        return _(
            "You cannot approve or refuse your own loan request: it must be decided by the head of the assets' "
            "unit or an executive."
        )
    org = loan.organisation
    if Role.EXECUTIVE in roles_for(user, org):
        return None
    units = _asset_units(loan)
    heads = headed_units(user, org)
    if heads and None not in units and units <= heads:
        return None
    return _("Only an executive or the head of the unit the assets belong to can decide this loan request.")


def custodians_of(assets: list[Asset], org: Organisation) -> set[int]:
    """The people answerable for these assets today: each asset's custodian and its unit's appointed ones."""
    today = local_today()
    people = {a.custodian_id for a in assets if a.custodian_id}
    units = {a.unit_id for a in assets if a.unit_id}
    appointed = Custodian.objects.filter(organisation=org, unit_id__in=units, starts_on__lte=today).exclude(
        ends_on__lt=today
    )
    return people | set(appointed.values_list("user_id", flat=True))


def keeper_reason(user: User, loan: Loan) -> str | None:
    """Why ``user`` may not hand the assets over or take them back (None when they may)."""
    if user.pk == loan.borrower_id:
        return _("The borrower cannot hand the assets over to themselves or sign for their return.")
    org = loan.organisation
    if Role.EXECUTIVE in roles_for(user, org) or user.pk == loan.approver_id:
        return None
    assets = [item.asset for item in loan.items.all()]
    units = {a.unit_id for a in assets}
    heads = headed_units(user, org)
    if heads and None not in units and units <= heads:
        return None
    if user.pk in custodians_of(assets, org):
        return None
    return _(
        "Only the person who approved the loan, an executive, the head of the assets' unit or their custodian "
        "can hand the assets over or receive them back."
    )


def may_decide(user: User, loan: Loan) -> bool:
    return loan.state == Loan.State.REQUESTED and decider_reason(user, loan) is None


def may_keep(user: User, loan: Loan) -> bool:
    return loan.state in (Loan.State.APPROVED, Loan.State.OUT) and keeper_reason(user, loan) is None


def may_cancel(user: User, loan: Loan) -> bool:
    return loan.state in (Loan.State.REQUESTED, Loan.State.APPROVED) and user.pk == loan.borrower_id


def get_loan_for_user(request: HttpRequest, slug: str, loan_id: int, *, act: bool = False) -> Loan:
    """A loan of the organisation (404 otherwise); ``act``: the person must be able to act there (403)."""
    org = get_org_for_user(request, slug, roles=ORG_MEMBERS if act else None)
    loan = (
        Loan.objects.filter(pk=loan_id, organisation=org)
        .select_related("organisation", "borrower", "unit", "approver", "handed_by", "received_by")
        .prefetch_related("items__asset__unit")
        .first()
    )
    if loan is None:
        raise Http404("No such loan")
    return loan


def require(reason: str | None) -> None:
    if reason is not None:
        raise PermissionDenied(reason)
