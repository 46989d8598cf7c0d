from __future__ import annotations

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from prongsai.plans import reminders

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="1", minute="0"))  # 08:00 Asia/Bangkok
def daily_reminders() -> dict[str, int]:
    today = reminders.bangkok_today(timezone.now())
    done = {
        "activities": reminders.send_activity_reminders(today),
        "calendar": reminders.send_calendar_reminders(today),
    }
    log.info("reminders %s: %s", today, done)
    return done
