"""Every write of a loan: request, decision, hand-over, return, cancellation (each in one transaction).

Each step is one entry in the loan's change history; a damaged return also changes the asset's status
in the register, with an entry in the asset's own history. Refusals are ``ValidationError`` (bad input:
unknown codes, dates, an asset that cannot be lent or is lent already, naming the clashing loan) or
:class:`~prongsai.assets.loans.access.NotAllowed` (the wrong person: the borrower deciding their own loan).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.assets.loans.access import NotAllowed, decider_reason, keeper_reason
from prongsai.assets.models import Asset, Loan, LoanItem
from prongsai.assets.models.loans import OPEN_STATES
from prongsai.core import history
from prongsai.core.models import Change
from prongsai.core.thai import fiscal_year, format_date_medium, local_today
from prongsai.orgs.models import Organisation, Unit

# An asset in one of these states cannot be lent (ระเบียบฯ ข้อ 207: lend only what is usable).
UNLENDABLE = (Asset.Status.LOST, Asset.Status.DISPOSED, Asset.Status.DAMAGED)
MAX_ITEMS = 30
_CODE_SPLIT = re.compile(r"[\s,;]+")


def split_codes(text: str) -> list[str]:
    """The asset codes typed in a box (one a line, or separated by commas or spaces), once each, in order."""
    seen: dict[str, None] = {}
    for code in _CODE_SPLIT.split(text or ""):
        if code.strip():
            seen.setdefault(code.strip(), None)
    return list(seen)


def _period(loan: Loan) -> str:
    start, end = (
        format_date_medium(loan.starts_on, thai_digits=False),
        format_date_medium(loan.due_on, thai_digits=False),
    )
    return f"{start} – {end}"


def clashes(
    assets: Iterable[Asset], starts_on: date, due_on: date, *, today: date, exclude: Loan | None = None
) -> list[str]:
    """Why each asset cannot be lent from ``starts_on`` to ``due_on``: its open loans over those days.

    A loan asked for or approved holds its asset over its own days; a loan out holds it until it comes
    back (an overdue loan holds it up to today at least).
    """
    assets = list(assets)
    items = (
        LoanItem.objects.filter(asset__in=assets, loan__state__in=OPEN_STATES, loan__starts_on__lte=due_on)
        .select_related("loan", "asset")
        .order_by("asset__code", "loan__starts_on")
    )
    if exclude is not None:
        items = items.exclude(loan=exclude)
    found = []
    for item in items:
        loan = item.loan
        end = max(loan.due_on, today) if loan.state == Loan.State.OUT else loan.due_on
        if end < starts_on:
            continue
        found.append(
            _("%(asset)s is already asked for or lent over these days: loan %(loan)s (%(period)s, %(state)s).")
            % {
                "asset": str(item.asset),
                "loan": loan.reference,
                "period": _period(loan),
                "state": loan.get_state_display(),
            }
        )
    return found


def unlendable(assets: Iterable[Asset]) -> list[str]:
    return [
        _("%(asset)s cannot be lent: its status is “%(status)s”.")
        % {"asset": str(asset), "status": asset.get_status_display()}
        for asset in assets
        if asset.status in UNLENDABLE
    ]


def _assets_for(org: Organisation, codes: list[str]) -> list[Asset]:
    if not codes:
        raise ValidationError({"codes": _("Give the number of at least one asset.")})
    if len(codes) > MAX_ITEMS:
        raise ValidationError({"codes": _("At most %(n)s assets on one loan form.") % {"n": MAX_ITEMS}})
    found = {a.code: a for a in Asset.objects.select_for_update().filter(organisation=org, code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise ValidationError(
            {"codes": _("No asset with the number %(codes)s in the register.") % {"codes": ", ".join(missing)}}
        )
    return [found[code] for code in codes]


def _next_number(org: Organisation, year: int) -> int:
    top = Loan.objects.filter(organisation=org, fiscal_year=year).aggregate(m=Max("number"))["m"]
    return (top or 0) + 1


STATE_FIELDS = ("state", "condition_out", "return_condition")
STEP_FIELDS = {
    "approve": ("state",),
    "refuse": ("state",),
    "cancel": ("state",),
    "hand_over": ("state", "condition_out"),
    "return": ("state", "return_condition"),
}


def _step(
    loan: Loan, event: str, before: Mapping[str, object], *, by: User | None, note: str, at: datetime | None
) -> None:
    """One entry for a step: the state (and the condition) it changed; the actor, time and note say the rest."""
    fields = STEP_FIELDS[event]
    changes = history.diff({k: before.get(k) for k in fields}, history.snapshot(loan, fields))
    history.record(loan, action=Change.Action.STEP, event=event, changes=changes, actor=by, note=note, at=at)


def _notify(loan: Loan, event: str) -> None:
    from prongsai.assets.loans.tasks import loan_notice

    transaction.on_commit(lambda: loan_notice(loan.pk, event))


@transaction.atomic
def loan_request(
    *,
    org: Organisation,
    borrower: User,
    codes: list[str],
    purpose: str,
    place: str,
    starts_on: date,
    due_on: date,
    position: str = "",
    unit: Unit | None = None,
    notes: Mapping[str, str] | None = None,
    today: date | None = None,
    at: datetime | None = None,
) -> Loan:
    """Ask to borrow the assets ``codes`` (every refusal at once, each naming the asset and the clashing loan)."""
    today = today or local_today()
    errors: dict[str, list[str]] = {}
    if due_on < starts_on:
        errors.setdefault("due_on", []).append(_("The return date is before the first day of the loan."))
    if starts_on < today:
        errors.setdefault("starts_on", []).append(_("A loan cannot start before today."))
    if not purpose.strip():
        errors.setdefault("purpose", []).append(_("Say what the assets are for."))
    if not place.strip():
        errors.setdefault("place", []).append(_("Say where the assets will be used."))
    if unit is not None and unit.organisation_id != org.pk:
        raise ValidationError({"unit": _("Choose a unit of this organisation.")})
    assets = _assets_for(org, codes)
    problems = unlendable(assets)
    if not errors:
        problems += clashes(assets, starts_on, due_on, today=today)
    if problems:
        errors.setdefault("codes", []).extend(problems)
    if errors:
        raise ValidationError(errors)
    year = fiscal_year(today)
    loan = Loan.objects.create(
        organisation=org,
        fiscal_year=year,
        number=_next_number(org, year),
        borrower=borrower,
        position=position.strip(),
        unit=unit,
        purpose=purpose.strip(),
        place=place.strip(),
        starts_on=starts_on,
        due_on=due_on,
    )
    if at is not None:  # a loan entered for a past day (the demo): auto_now_add would say today
        loan.created_at = at
        Loan.objects.filter(pk=loan.pk).update(created_at=at)
    items = [LoanItem(loan=loan, asset=asset, note=(notes or {}).get(asset.code, "")[:300]) for asset in assets]
    LoanItem.objects.bulk_create(items)
    rows = [history.created(loan, actor=borrower, at=at)]
    for item in items:
        rows.append(
            history.entry(
                loan,
                action=Change.Action.ADDED,
                part=item,
                changes={"note": [None, item.note]} if item.note else {},
                actor=borrower,
                at=at,
            )
        )
    history.record_many(rows)
    _notify(loan, "requested")
    return loan


def _locked(loan: Loan) -> Loan:
    """The loan re-read under a row lock, so that two people pressing at once take one step."""
    fresh = Loan.objects.select_for_update().get(pk=loan.pk)
    loan.state = fresh.state
    return loan


@transaction.atomic
def loan_decide(
    *, loan: Loan, by: User, approve: bool, note: str = "", today: date | None = None, at: datetime | None = None
) -> Loan:
    """Approve or refuse (with a reason) a loan asked for; never by its borrower."""
    _locked(loan)
    reason = decider_reason(by, loan)
    if reason:
        raise NotAllowed(reason)
    if loan.state != Loan.State.REQUESTED:
        raise ValidationError(
            _("This loan request has been decided already (%(state)s).") % {"state": loan.get_state_display()}
        )
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": _("Give the reason for refusing.")})
    if approve:
        assets = [item.asset for item in loan.items.all()]
        problems = unlendable(assets)
        if problems:
            raise ValidationError(problems)
    before = history.snapshot(loan, STATE_FIELDS)
    loan.state = Loan.State.APPROVED if approve else Loan.State.REFUSED
    loan.approver = by
    loan.decided_at = at or timezone.now()
    loan.decision_note = note
    loan.save()
    _step(loan, "approve" if approve else "refuse", before, by=by, note=note, at=at)
    _notify(loan, "approved" if approve else "refused")
    return loan


@transaction.atomic
def loan_cancel(*, loan: Loan, by: User, note: str = "", at: datetime | None = None) -> Loan:
    _locked(loan)
    if by.pk != loan.borrower_id:
        raise NotAllowed(_("Only the borrower can cancel the loan request."))
    if loan.state not in (Loan.State.REQUESTED, Loan.State.APPROVED):
        raise ValidationError(_("Only a loan that has not been handed over can be cancelled."))
    before = history.snapshot(loan, STATE_FIELDS)
    loan.state = Loan.State.CANCELLED
    loan.save()
    _step(loan, "cancel", before, by=by, note=note.strip(), at=at)
    return loan


@transaction.atomic
def loan_hand_over(
    *, loan: Loan, by: User, condition_out: str, today: date | None = None, at: datetime | None = None
) -> Loan:
    """Record that the assets went out: who handed them over, when, and their condition."""
    today = today or local_today()
    _locked(loan)
    reason = keeper_reason(by, loan)
    if reason:
        raise NotAllowed(reason)
    if loan.state != Loan.State.APPROVED:
        raise ValidationError(_("Only an approved loan can be handed over."))
    assets = list(Asset.objects.select_for_update().filter(loan_items__loan=loan))
    out_elsewhere = LoanItem.objects.filter(asset__in=assets, loan__state=Loan.State.OUT).exclude(loan=loan)
    problems = unlendable(assets) + [
        _("%(asset)s has not come back from loan %(loan)s yet.") % {"asset": str(i.asset), "loan": i.loan.reference}
        for i in out_elsewhere.select_related("asset", "loan")
    ]
    if problems:
        raise ValidationError(problems)
    before = history.snapshot(loan, STATE_FIELDS)
    loan.state = Loan.State.OUT
    loan.handed_by = by
    loan.handed_at = at or timezone.now()
    loan.condition_out = condition_out.strip() or _("usable")
    loan.save()
    _step(loan, "hand_over", before, by=by, note="", at=at)
    _notify(loan, "handed_over")
    return loan


def _asset_damaged(asset: Asset, loan: Loan, note: str, *, by: User, at: datetime | None) -> None:
    """The register's record of a damaged return: the status goes to “damaged”, kept in the asset's history."""
    before = history.snapshot(asset, ("status",))
    asset.status = Asset.Status.DAMAGED
    asset.save(update_fields=["status", "updated_at"])
    changes = history.diff(before, history.snapshot(asset, ("status",)))
    if changes:
        text = _("Returned damaged from loan %(loan)s: %(note)s") % {"loan": loan.reference, "note": note}
        history.record(asset, action=Change.Action.CHANGED, changes=changes, actor=by, note=text, at=at)


@transaction.atomic
def loan_return(
    *,
    loan: Loan,
    by: User,
    conditions: Mapping[int, tuple[str, str]],
    note: str = "",
    at: datetime | None = None,
) -> Loan:
    """Record the return: per asset (by item id) its condition (usable/damaged) and a note (required when damaged)."""
    _locked(loan)
    reason = keeper_reason(by, loan)
    if reason:
        raise NotAllowed(reason)
    if loan.state != Loan.State.OUT:
        raise ValidationError(_("Only a loan that is out can be returned."))
    items = list(loan.items.select_related("asset"))
    errors = []
    for item in items:
        condition, item_note = conditions.get(item.pk, ("", ""))
        if condition not in Loan.Condition.values:
            errors.append(_("Say in what condition %(asset)s came back.") % {"asset": str(item)})
        elif condition == Loan.Condition.DAMAGED and not item_note.strip():
            errors.append(_("Describe the damage of %(asset)s.") % {"asset": str(item)})
    if errors:
        raise ValidationError(errors)
    for item in items:
        condition, item_note = conditions[item.pk]
        before = history.snapshot(item)
        item.condition_back, item.return_note = condition, item_note.strip()[:300]
        item.save(update_fields=["condition_back", "return_note"])
        changes = history.diff(before, history.snapshot(item))
        if condition == Loan.Condition.DAMAGED:
            history.record(loan, action=Change.Action.CHANGED, part=item, changes=changes, actor=by, at=at)
            _asset_damaged(item.asset, loan, item.return_note, by=by, at=at)
    damaged = any(item.condition_back == Loan.Condition.DAMAGED for item in items)
    before = history.snapshot(loan, STATE_FIELDS)
    loan.state = Loan.State.RETURNED
    loan.received_by = by
    loan.returned_at = at or timezone.now()
    loan.return_condition = Loan.Condition.DAMAGED if damaged else Loan.Condition.USABLE
    loan.return_note = note.strip()
    loan.save()
    _step(loan, "return", before, by=by, note=loan.return_note, at=at)
    _notify(loan, "returned")
    return loan
