"""The daily stock-check reminder (imported by AssetsConfig.ready so huey registers it)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from prongsai.core.thai import local_today

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="1", minute="10"))  # 08:10 Asia/Bangkok
def stockcheck_reminders() -> int:
    from prongsai.assets.stockcheck.reminders import send_round_reminders

    sent = send_round_reminders(local_today())
    log.info("stock-check reminders: %s", sent)
    return sent
