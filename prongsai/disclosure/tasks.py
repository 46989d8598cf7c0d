"""Background work of the disclosure centre: audits started from the web, and the monthly audit."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.utils import timezone
from huey.contrib.djhuey import db_periodic_task, db_task

from prongsai.core.thai import BANGKOK, local_date
from prongsai.disclosure import audits
from prongsai.disclosure.models import OitAudit

log = logging.getLogger(__name__)


@db_task()
def run_audit_task(audit_id: int) -> int | None:
    """Run a queued audit (started by audits.start_web_audit); returns its health."""
    audit = OitAudit.objects.select_related("organisation").filter(pk=audit_id).first()
    if audit is None or audit.status != OitAudit.Status.QUEUED:
        log.info("OIT audit %s is gone or no longer queued; nothing to do", audit_id)
        return None
    audits.run_oit_audit(audit)
    return audit.health


def first_of_month_bangkok(timestamp: datetime) -> bool:
    """06:00 Asia/Bangkok on the 1st of the month (= 23:00 UTC on the last day of the month before).

    Huey checks periodic tasks every minute with a naive UTC timestamp; a crontab cannot say "the
    last day of the month", so the test is written in Bangkok time.
    """
    aware = timestamp.replace(tzinfo=UTC) if timestamp.tzinfo is None else timestamp
    local = aware.astimezone(BANGKOK)
    return local.day == 1 and local.hour == 6 and local.minute == 0


@db_periodic_task(first_of_month_bangkok)  # 06:00 Asia/Bangkok on the 1st
def monthly_audits() -> int:
    """Audit every organisation's current and previous fiscal year and notify the coordinators and executives."""
    today = local_date(timezone.now())
    done = audits.run_monthly_audits(today)
    log.info("monthly OIT audits %s: %s done", today, len(done))
    return len(done)
