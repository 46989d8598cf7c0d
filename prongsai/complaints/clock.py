"""The fact-finding clock: reminders on day 10 and day 14, escalation when overdue, and the retention review."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from prongsai.complaints.models import Case
from prongsai.complaints.services import policy_for, recipients
from prongsai.core.notify import notify
from prongsai.orgs.models import Membership, Organisation, Role

REMINDER_DAYS_BEFORE_DUE = (5, 1)  # day 10 and day 14 of a 15-day clock


def day_of_clock(case: Case, today: date) -> int:
    """Days since the report arrived: 0 that day, 10 at the first reminder, 14 at the second, 15 on the due day."""
    return (today - case.received_on).days


def send_clock_reminders(today: date) -> int:
    """Remind the recipients 5 days and 1 day before a case's due day; escalate overdue cases to the executives.

    Only cases not yet concluded count. Each reminder is keyed by case and day, so running this twice
    sends nothing twice. Returns how many notifications were sent.
    """
    sent = 0
    open_cases = Case.objects.filter(
        Q(state__in=[Case.State.RECEIVED, Case.State.ACKNOWLEDGED, Case.State.FACT_FINDING])
    )
    for case in open_cases.select_related("organisation"):
        url = reverse("complaints:case", kwargs={"org_slug": case.organisation.slug, "case_number": case.number})
        left = (case.due_on - today).days
        if left in REMINDER_DAYS_BEFORE_DUE:
            for user in recipients(case):
                sent += notify(
                    user=user,
                    key=f"complaints:{case.pk}:due-in-{left}",
                    subject=_("A complaint's fact-finding is due in %(days)d day(s)") % {"days": left},
                    url=url,
                    day_only=True,
                )
        elif left < 0:
            executives = recipients(case).filter(
                pk__in=Membership.objects.filter(organisation=case.organisation, role=Role.EXECUTIVE).values("user_id")
            )
            for user in executives or recipients(case):
                sent += notify(
                    user=user,
                    key=f"complaints:{case.pk}:overdue",
                    subject=_("A complaint's fact-finding is overdue"),
                    url=url,
                    day_only=True,
                )
            if case.escalated_on is None:
                Case.objects.filter(pk=case.pk).update(escalated_on=today)
    return sent


def due_for_review(org: Organisation, today: date) -> QuerySet[Case]:
    """Closed cases older than the retention period and not under legal hold: listed for a person to review.

    Nothing is ever deleted automatically; this list is where the retention policy shows up.
    """
    years = policy_for(org).retention_years
    try:
        limit = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - years, day=28)
    return Case.objects.filter(organisation=org, state=Case.State.CLOSED, legal_hold=False, closed_on__lt=limit)
