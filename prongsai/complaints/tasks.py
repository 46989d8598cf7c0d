from __future__ import annotations

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from prongsai.complaints import notices, onetime, receipts
from prongsai.complaints.clock import send_clock_reminders
from prongsai.plans.reminders import bangkok_today

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="1", minute="15"))  # 08:15 Asia/Bangkok
def complaint_clock() -> int:
    """Day-10 and day-14 reminders of the fact-finding clock, and escalation of overdue cases."""
    today = bangkok_today(timezone.now())
    sent = send_clock_reminders(today)
    log.info("complaint clock %s: %d notification(s)", today, sent)
    return sent


@db_task()
def notify_case(case_id: int, kind: str, key: str, except_user_id: int | None = None) -> None:
    """Tell a case's recipients that something is waiting (queued after the filing or message committed)."""
    notices.send(case_id, kind, key, except_user_id=except_user_id)


@db_periodic_task(crontab(minute="*/30"))
def complaint_notices() -> None:
    """Notices lost on the way (the queue was down when a case was filed); old form nonces and throttle counters."""
    today = bangkok_today(timezone.now())
    notices.resend_missing(today)
    onetime.prune(today)
    receipts.prune_counters()
