from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from prongsai.core import housekeeping

log = logging.getLogger(__name__)
__all__ = ["HUEY", "daily_housekeeping"]


@db_periodic_task(crontab(hour="20", minute="15"))  # 03:15 Asia/Bangkok
def daily_housekeeping() -> dict[str, int]:
    done = {
        "sessions": housekeeping.clear_expired_sessions(),
        "audit_events": housekeeping.prune_audit_events(),
    }
    log.info("housekeeping: %s", done)
    return done
