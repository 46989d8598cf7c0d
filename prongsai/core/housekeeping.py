"""Small daily maintenance steps, each a single function that returns how much it did."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from prongsai.accounts.models import AuditEvent

AUDIT_RETENTION = timedelta(days=2 * 365)


def clear_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def prune_audit_events() -> int:
    """Sign-in records are kept two years, then removed."""
    deleted, _ = AuditEvent.objects.filter(at__lt=timezone.now() - AUDIT_RETENTION).delete()
    return deleted
