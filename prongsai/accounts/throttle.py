"""Sign-in throttling: per username with a growing delay, and per address, separately (issue 11, §7).

django-axes locked a (username, address) pair: ten addresses gave forty more guesses, and behind a proxy
five wrong passwords locked the account for everyone for fifteen minutes. Here the two are counted apart,
in the database (shared by every worker):

- a username may fail USERNAME_FREE_FAILURES times; after that each further try waits a delay that
  doubles with every failure (1, 2, 4 … minutes, at most USERNAME_MAX_DELAY), from whatever address.
  A guesser gets a few dozen tries a day, however many addresses it has; a person who mistyped waits a
  minute, not a quarter of an hour. A success clears the count; a day without failures forgets it;
- an address may fail ADDRESS_FAILURES times (for any usernames) within ADDRESS_WINDOW; then it waits
  ADDRESS_LOCK.

Tries refused while waiting are not counted (retrying does not lengthen the wait) and the password is
not even checked. :class:`LoginThrottleBackend` (Django's ModelBackend with the throttle) refuses them for
every sign-in form, the admin's included; the failures are counted from Django's ``user_login_failed``
signal (accounts.receivers). Usernames and addresses are stored as keyed hashes only.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from prongsai.accounts.models import LoginThrottle, User
from prongsai.core.clients import request_address

__all__ = [
    "LoginThrottleBackend",
    "record_failure",
    "record_success",
    "refused_until",
]

USERNAME_FREE_FAILURES = 5
USERNAME_FIRST_DELAY = timedelta(minutes=1)
USERNAME_MAX_DELAY = timedelta(hours=1)
USERNAME_FORGET_AFTER = timedelta(hours=24)
ADDRESS_FAILURES = 20
ADDRESS_WINDOW = timedelta(minutes=15)
ADDRESS_LOCK = timedelta(minutes=15)
THROTTLED = "prongsai_login_throttled_until"  # request attribute: the try was refused, until then

Scope = LoginThrottle.Scope


def _key(scope: str, value: str) -> str:
    return salted_hmac(f"prongsai.accounts.throttle.{scope}", value, algorithm="sha256").hexdigest()


def _username(value: object) -> str:
    return str(value or "").strip().casefold()


def client_address(request: HttpRequest | None) -> str:
    """The address the sign-in came from (the socket's peer; a trusted proxy's header when one is set up)."""
    if request is None:
        return ""
    return request_address(request)


def _keys(request: HttpRequest | None, username: object) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = [(Scope.USERNAME, _key(Scope.USERNAME, _username(username)))]
    address = client_address(request)
    if address:
        keys.append((Scope.ADDRESS, _key(Scope.ADDRESS, address)))
    return keys


def refused_until(request: HttpRequest | None, username: object) -> datetime | None:
    """When the username and the address may try again, or None if they may now."""
    now = timezone.now()
    rows = LoginThrottle.objects.none()
    for scope, key in _keys(request, username):
        rows |= LoginThrottle.objects.filter(scope=scope, key=key, locked_until__gt=now)
    return max((row.locked_until for row in rows if row.locked_until), default=None)


def _username_delay(failures: int) -> timedelta | None:
    if failures < USERNAME_FREE_FAILURES:
        return None
    doublings = min(failures - USERNAME_FREE_FAILURES, 20)
    return min(USERNAME_FIRST_DELAY * 2**doublings, USERNAME_MAX_DELAY)


def _row(scope: str, key: str, now: datetime) -> LoginThrottle:
    defaults = {"first_failure_at": now, "last_failure_at": now}
    try:
        with transaction.atomic():
            row, _created = LoginThrottle.objects.select_for_update().get_or_create(
                scope=scope, key=key, defaults=defaults
            )
    except IntegrityError:  # created by another worker at the same instant
        row = LoginThrottle.objects.select_for_update().get(scope=scope, key=key)
    return row


def record_failure(request: HttpRequest | None, username: object) -> None:
    """Count a wrong password (or unknown username) for the username and for the address."""
    now = timezone.now()
    with transaction.atomic():
        for scope, key in _keys(request, username):
            row = _row(scope, key, now)
            if scope == Scope.USERNAME:
                if now - row.last_failure_at > USERNAME_FORGET_AFTER:
                    row.failures, row.first_failure_at = 0, now
                row.failures += 1
                delay = _username_delay(row.failures)
                row.locked_until = now + delay if delay else None
            else:
                if now - row.first_failure_at > ADDRESS_WINDOW:
                    row.failures, row.first_failure_at = 0, now
                row.failures += 1
                row.locked_until = now + ADDRESS_LOCK if row.failures >= ADDRESS_FAILURES else None
            row.last_failure_at = now
            row.save()


def record_success(username: object) -> None:
    """A successful sign-in clears the username's count (the address keeps its own)."""
    LoginThrottle.objects.filter(scope=Scope.USERNAME, key=_key(Scope.USERNAME, _username(username))).delete()


class LoginThrottleBackend(ModelBackend):
    """Django's ModelBackend that refuses a sign-in while its username or address must wait, before any
    password is checked (PermissionDenied stops Django's authenticate() at once)."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        until = refused_until(request, username if username is not None else kwargs.get(self._username_field()))
        if until is not None:
            if request is not None:
                setattr(request, THROTTLED, until)
            raise PermissionDenied("sign-in throttled")
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return str(get_user_model().USERNAME_FIELD)
