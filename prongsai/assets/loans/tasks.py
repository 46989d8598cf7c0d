"""The loans' background work: the notice of each step (after the commit) and the daily reminders."""

from __future__ import annotations

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from prongsai.assets.loans import reminders

log = logging.getLogger(__name__)


@db_task()
def loan_notice(loan_id: int, event: str) -> int:
    from prongsai.assets.models import Loan

    loan = Loan.objects.filter(pk=loan_id).select_related("organisation", "borrower").first()
    return reminders.send_loan_notice(loan, event) if loan else 0


@db_task()
def rule_notice(rule_id: int) -> int:
    from prongsai.assets.loans.rule_services import send_rule_notices
    from prongsai.assets.models import AssetRule

    rule = AssetRule.objects.filter(pk=rule_id).select_related("organisation").first()
    return send_rule_notices(rule) if rule else 0


@db_periodic_task(crontab(hour="1", minute="10"))  # 08:10 Asia/Bangkok
def daily_loan_reminders() -> int:
    from prongsai.core.thai import local_date

    today = local_date(timezone.now())
    sent = reminders.send_loan_reminders(today)
    log.info("loan reminders %s: %s sent", today, sent)
    return sent
