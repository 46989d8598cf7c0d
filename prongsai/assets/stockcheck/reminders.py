"""Reminders of a round's report due day: single steps, once per person and key (core/notify).

N days before the due day (``settings.REMINDER_DAYS``, working days or not) and once when overdue, to
the committee and the organisation's executives, for every round whose report is not signed yet.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.assets.models import CountRound
from prongsai.core.notify import notify
from prongsai.core.thai import format_date_long
from prongsai.orgs.models import Membership, Role


def _recipients(round_: CountRound) -> list[User]:
    ids = set(round_.committee.values_list("user_id", flat=True))
    ids |= set(
        Membership.objects.filter(organisation_id=round_.organisation_id, role=Role.EXECUTIVE).values_list(
            "user_id", flat=True
        )
    )
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


def send_round_reminders(today: date) -> int:
    """Notify before the due day and when overdue; returns how many notifications were new."""
    days = sorted(set(settings.REMINDER_DAYS))
    due_dates = [today + timedelta(days=d) for d in days]
    rounds = (
        CountRound.objects.filter(state=CountRound.State.COUNTING)
        .filter(Q(due_on__in=due_dates) | Q(due_on__lt=today))
        .select_related("organisation", "unit")
    )
    sent = 0
    for round_ in rounds:
        left = (round_.due_on - today).days
        url = reverse("assets:stockcheck_round", kwargs={"org_slug": round_.organisation.slug, "round_id": round_.pk})
        for user in _recipients(round_):
            with translation.override(user.language):
                if left < 0:
                    key = f"stockcheck:{round_.pk}:overdue:{round_.due_on.isoformat()}"
                    subject = _("Overdue: the report of %(round)s") % {"round": round_}
                    body = _("The committee's report was due on %(due)s and is not signed yet.") % {
                        "due": format_date_long(round_.due_on)
                    }
                else:
                    key = f"stockcheck:{round_.pk}:due-in-{left}:{round_.due_on.isoformat()}"
                    subject = _("Due in %(days)s day(s): the report of %(round)s") % {"days": left, "round": round_}
                    body = _("The committee's report is due on %(due)s.") % {"due": format_date_long(round_.due_on)}
                sent += notify(user=user, key=key, subject=subject, body=body, url=url)
    return sent
