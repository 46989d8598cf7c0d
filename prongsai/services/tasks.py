"""The queue's periodic work: closing the days gone by."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from prongsai.services.queue import close_days

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="5"))  # hourly, at :05 — the first run after midnight in Bangkok closes the day
def queue_day_close() -> int:
    """Tickets of an earlier day never served are closed as such (idempotent: a second run closes nothing)."""
    closed = close_days()
    if closed:
        log.info("queue day close: %d ticket(s) closed unserved", closed)
    return closed
