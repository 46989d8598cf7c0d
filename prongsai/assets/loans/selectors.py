"""Reads of loans: the lists of the staff pages and the dashboard summary."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from prongsai.accounts.models import User
from prongsai.assets.loans.access import decider_reason
from prongsai.assets.models import Asset, Loan
from prongsai.core.thai import local_today
from prongsai.orgs.models import Organisation


def _loans(org: Organisation) -> QuerySet[Loan]:
    return (
        Loan.objects.filter(organisation=org)
        .select_related("borrower", "unit", "approver", "organisation")
        .prefetch_related("items__asset__unit")
    )


def my_loans(org: Organisation, user: User) -> list[Loan]:
    return list(_loans(org).filter(borrower=user).order_by("-created_at", "-pk"))


def to_approve(org: Organisation, user: User) -> list[Loan]:
    """The requests waiting for a decision that ``user`` may take (their own never among them)."""
    waiting = _loans(org).filter(state=Loan.State.REQUESTED).exclude(borrower=user).order_by("starts_on", "pk")
    return [loan for loan in waiting if decider_reason(user, loan) is None]


def waiting_for_others(org: Organisation, user: User) -> list[Loan]:
    """Requests waiting that ``user`` may not decide (e.g. their own): shown so the page is not misleading."""
    waiting = _loans(org).filter(state=Loan.State.REQUESTED).order_by("starts_on", "pk")
    return [loan for loan in waiting if decider_reason(user, loan) is not None]


def out_now(org: Organisation) -> list[Loan]:
    return list(_loans(org).filter(state__in=[Loan.State.OUT, Loan.State.APPROVED]).order_by("due_on", "pk"))


def overdue(org: Organisation, today: date | None = None) -> list[Loan]:
    today = today or local_today()
    return list(_loans(org).filter(state=Loan.State.OUT, due_on__lt=today).order_by("due_on", "pk"))


def days_overdue(loan: Loan, today: date | None = None) -> int:
    today = today or local_today()
    return max(0, (today - loan.due_on).days) if loan.state == Loan.State.OUT else 0


def asset_by_code(org: Organisation, code: str) -> Asset | None:
    return Asset.objects.filter(organisation=org, code=code).select_related("unit").first()


def dashboard_summary(org: Organisation) -> dict[str, Any]:
    today = local_today()
    loans = Loan.objects.filter(organisation=org)
    return {
        "org": org,
        "out": loans.filter(state=Loan.State.OUT).count(),
        "overdue": loans.filter(state=Loan.State.OUT, due_on__lt=today).count(),
        "waiting": loans.filter(state=Loan.State.REQUESTED).count(),
    }
