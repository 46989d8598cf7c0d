from __future__ import annotations

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from prongsai.complaints.services import send_clock_reminders
from prongsai.plans.reminders import bangkok_today

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="1", minute="15"))  # 08:15 Asia/Bangkok
def complaint_clock() -> int:
    """Day-10 and day-14 reminders of the fact-finding clock, and escalation of overdue cases."""
    today = bangkok_today(timezone.now())
    sent = send_clock_reminders(today)
    log.info("complaint clock %s: %d notification(s)", today, sent)
    return sent
