"""Loan notices and reminders: single steps that find who is to be told and notify once per key.

- A new request goes to the people who may decide it; the decision goes to the borrower.
- N days before the due day (``settings.REMINDER_DAYS``, the plan reminders' days) the borrower is
  reminded; on every day a loan is overdue the borrower and the person who approved it are told again
  (one notice a day: the day is in the key). Called by the daily task in ``tasks.py`` and by tests
  under a frozen clock; running twice sends nothing twice (``core.notify`` keeps one per key).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.assets.loans.access import decider_reason
from prongsai.assets.models import Loan
from prongsai.core.notify import notify
from prongsai.core.thai import format_date_long
from prongsai.orgs.models import Membership, Role


def loan_url(loan: Loan) -> str:
    return reverse("assets:loan", kwargs={"org_slug": loan.organisation.slug, "loan_id": loan.pk})


def deciders(loan: Loan) -> list[User]:
    """Everyone who may decide the loan: the executives and the head of its assets' unit, not the borrower."""
    candidates = Membership.objects.filter(
        organisation=loan.organisation, role__in=[Role.EXECUTIVE, Role.UNIT_HEAD]
    ).values("user_id")
    users = User.objects.filter(pk__in=candidates, is_active=True).order_by("pk")
    return [user for user in users if decider_reason(user, loan) is None]


def _items(loan: Loan) -> str:
    return ", ".join(str(item) for item in loan.items.all())


def send_loan_notice(loan: Loan, event: str) -> int:
    """The notice of one step of a loan (``requested``, ``approved``, ``refused``). Returns how many were sent."""
    sent = 0
    url = loan_url(loan)
    if event == "requested":
        for user in deciders(loan):
            with translation.override(user.language):
                sent += notify(
                    user=user,
                    key=f"loan:{loan.pk}:requested",
                    subject=_("Loan request %(ref)s to decide") % {"ref": loan.reference},
                    body=_("%(name)s asks to borrow %(items)s from %(start)s to %(end)s for: %(purpose)s")
                    % {
                        "name": loan.borrower.display_name(),
                        "items": _items(loan),
                        "start": format_date_long(loan.starts_on, thai_digits=False),
                        "end": format_date_long(loan.due_on, thai_digits=False),
                        "purpose": loan.purpose,
                    },
                    url=url,
                )
    elif event in ("approved", "refused"):
        user = loan.borrower
        with translation.override(user.language):
            if event == "approved":
                subject = _("Your loan %(ref)s was approved") % {"ref": loan.reference}
                body = _("Collect the assets from the custodian; they are due back on %(end)s.") % {
                    "end": format_date_long(loan.due_on, thai_digits=False)
                }
            else:
                subject = _("Your loan %(ref)s was not approved") % {"ref": loan.reference}
                body = _("Reason: %(reason)s") % {"reason": loan.decision_note}
            sent += notify(user=user, key=f"loan:{loan.pk}:{event}", subject=subject, body=body, url=url)
    return sent


def send_loan_reminders(today: date) -> int:
    """Before the due day (REMINDER_DAYS) to the borrower; each day overdue to the borrower and the approver."""
    sent = 0
    days = sorted(set(settings.REMINDER_DAYS))
    due_dates = [date.fromordinal(today.toordinal() + d) for d in days if d > 0]
    loans = (
        Loan.objects.filter(state=Loan.State.OUT)
        .filter(Q(due_on__in=due_dates) | Q(due_on__lt=today))
        .select_related("organisation", "borrower", "approver")
        .prefetch_related("items__asset")
        .order_by("pk")
    )
    for loan in loans:
        left = (loan.due_on - today).days
        url = loan_url(loan)
        if left >= 0:
            user = loan.borrower
            with translation.override(user.language):
                sent += notify(
                    user=user,
                    key=f"loan:{loan.pk}:due-in-{left}:{loan.due_on.isoformat()}",
                    subject=_("Loan %(ref)s is due back in %(days)s day(s)") % {"ref": loan.reference, "days": left},
                    body=_("Return %(items)s by %(end)s, in usable condition.")
                    % {"items": _items(loan), "end": format_date_long(loan.due_on, thai_digits=False)},
                    url=url,
                )
            continue
        people = [loan.borrower] + ([loan.approver] if loan.approver and loan.approver != loan.borrower else [])
        for user in people:
            with translation.override(user.language):
                sent += notify(
                    user=user,
                    key=f"loan:{loan.pk}:overdue:{today.isoformat()}",
                    subject=_("Overdue %(days)s day(s): loan %(ref)s") % {"days": -left, "ref": loan.reference},
                    body=_("%(name)s was to return %(items)s by %(end)s and has not returned them yet.")
                    % {
                        "name": loan.borrower.display_name(),
                        "items": _items(loan),
                        "end": format_date_long(loan.due_on, thai_digits=False),
                    },
                    url=url,
                )
    return sent
