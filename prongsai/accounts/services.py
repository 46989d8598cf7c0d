"""Writes of the accounts app."""

from __future__ import annotations

from django.conf import settings

from prongsai.accounts.models import AuditEvent, User


def audit_record(*, action: str, user: User | None = None, username: str = "") -> AuditEvent:
    return AuditEvent.objects.create(
        action=action, user=user, username=(username or (user.username if user else ""))[:150]
    )


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")
    user.language = language
    user.save(update_fields=["language"])
