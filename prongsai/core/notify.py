"""The notification layer: callers say who, what and a unique key; channels deliver.

`notify()` records the notification once per (person, key) — the database
constraint makes a second call with the same key a no-op, so a reminder task
that runs twice sends nothing twice — and then hands it to every channel in
`settings.NOTIFY_CHANNELS`. A channel is any object with `name` and
`send(notice)`; LINE push can join later as one more dotted path in the
setting, without touching callers. Messages never carry more than their
subject, text and link (callers decide what is safe to say).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from prongsai.accounts.models import Notification, User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    user: User
    key: str
    subject: str
    body: str
    url: str  # absolute path inside Prongsai, e.g. /pho-nong/staff/plan/activities/3/


class Channel(Protocol):
    name: str

    def send(self, notice: Notice) -> None: ...


class EmailChannel:
    """E-mail through Django's backend (SMTP when EMAIL_HOST is set, the console otherwise)."""

    name = "email"

    def send(self, notice: Notice) -> None:
        if not notice.user.email:
            return
        link = f"{settings.SITE_URL}{notice.url}" if notice.url else ""
        send_mail(notice.subject, f"{notice.body}\n\n{link}".strip(), None, [notice.user.email])


def channels() -> list[Channel]:
    return [import_string(path)() for path in settings.NOTIFY_CHANNELS]


def _midnight() -> datetime:
    """The start of today in the local time zone."""
    now = timezone.localtime()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def notify(*, user: User, key: str, subject: str, body: str = "", url: str = "", day_only: bool = False) -> bool:
    """Notify `user` once for `key`. Returns False when that key was already sent to that person.

    ``day_only`` records the notification at midnight of the day (complaints: the exact time would tie
    a case to a proxy's access log)."""
    created_at = _midnight() if day_only else timezone.now()
    try:
        with transaction.atomic():
            Notification.objects.create(
                user=user, key=key[:200], subject=subject[:300], body=body, url=url[:500], created_at=created_at
            )
    except IntegrityError:
        return False
    notice = Notice(user=user, key=key, subject=subject, body=body, url=url)
    for channel in channels():
        try:
            channel.send(notice)
        except Exception:  # a failing channel must not stop the others; the in-app copy exists already
            log.exception("notification channel %s failed for %s", channel.name, key)
    return True
