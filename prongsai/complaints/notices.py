"""What the recipients are told about a case, sent by the background worker, never by the reporter's request.

A filing or a message enqueues ``tasks.notify_case`` once its transaction has committed; the
reporter's answer depends only on the committed case, so a failing queue, database or channel
never costs a reporter the receipt. ``resend_missing`` (every half hour) sends the "new case"
notice of any recent case whose notice was lost. Notices say only that something is waiting,
with a link: never the category, text or anything of the reporter, and their time is the day
(see ``core.notify``'s ``day_only``).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from prongsai.accounts.models import Notification
from prongsai.complaints.models import Case
from prongsai.core.notify import notify

log = logging.getLogger(__name__)

SUBJECTS = {
    "new": _("A new complaint is waiting"),
    "reporter": _("The reporter of a complaint wrote"),
    "message": _("A complaint case has a new message"),
}


def send(case_id: int, kind: str, key: str, *, except_user_id: int | None = None) -> int:
    """Notify the case's recipients (but ``except_user_id``) once for ``key``; returns how many were sent."""
    from prongsai.complaints.services import recipients

    case = Case.objects.select_related("organisation").filter(pk=case_id).first()
    if case is None:
        return 0
    url = reverse("complaints:case", kwargs={"org_slug": case.organisation.slug, "case_number": case.number})
    sent = 0
    users = recipients(case)
    if except_user_id is not None:
        users = users.exclude(pk=except_user_id)
    for user in users:
        sent += notify(
            user=user, key=f"complaints:{case.pk}:{key}", subject=str(SUBJECTS[kind]), url=url, day_only=True
        )
    return sent


def after_commit(case_id: int, kind: str, key: str, *, except_user_id: int | None = None) -> None:
    """Queue the notice once the current transaction has committed; a failure to queue is logged, not raised."""

    def enqueue() -> None:
        from prongsai.complaints.tasks import notify_case

        try:
            notify_case(case_id, kind, key, except_user_id)
        except Exception:  # the queue is down: resend_missing catches the new-case notice later
            log.exception("could not queue a complaint notice")

    transaction.on_commit(enqueue, robust=True)


def resend_missing(today: date) -> int:
    """The "new case" notice of cases received since yesterday that no recipient got (a lost queue entry)."""
    recent = Case.objects.filter(received_on__gte=today - timedelta(days=1), state=Case.State.RECEIVED)
    sent = 0
    for case_id in recent.values_list("pk", flat=True):
        if not Notification.objects.filter(key=f"complaints:{case_id}:new").exists():
            sent += send(case_id, "new", "new")
    return sent
