"""Django's auth signals feed the audit log and the sign-in throttle (the only hook Django offers for sign-ins)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from prongsai.accounts import throttle
from prongsai.accounts.models import AuditEvent
from prongsai.accounts.services import audit_record


@receiver(user_logged_in)
def _on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditEvent.Action.LOGIN, user=user)
    throttle.record_success(user.get_username())


@receiver(user_logged_out)
def _on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=AuditEvent.Action.LOGOUT, user=user)


@receiver(user_login_failed)
def _on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    audit_record(action=AuditEvent.Action.LOGIN_FAILED, username=str(credentials.get("username", "")))
    if getattr(request, throttle.THROTTLED, None) is None:  # a try refused while waiting is not counted
        throttle.record_failure(request, credentials.get("username", ""))
