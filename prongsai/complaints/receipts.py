"""Receipts and the throttle on guessing them.

A receipt is 16 random digits, shown once as 4-4-4-4 (GlobaLeaks' choice: it looks like
a phone number, so it is easy to keep). Only its scrypt hash is stored, salted per
organisation, so the hash is also the lookup key.

Guessing is throttled without keeping who tried: the client's address is turned into a
counter name with HMAC under a random key that lives only in the cache and is replaced
every window (`THROTTLE_WINDOW`); when the window's key expires the counters can no longer
be tied to anyone. Nothing is written to the database. A second, per-organisation budget
stops guessing spread over many addresses.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

from django.core.cache import cache

from prongsai.orgs.models import Organisation

RECEIPT_DIGITS = 16
# scrypt at N=2^14, r=8: about 16 MiB and tens of milliseconds a try; 10^16 receipts stay out of reach.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}
THROTTLE_WINDOW = 15 * 60  # seconds
FAILURES_PER_CLIENT = 10  # wrong receipts a client may enter per window
FAILURES_PER_ORGANISATION = 200  # and all clients together, per organisation
REPORTS_PER_CLIENT = 5  # new reports a client may file per window


def new_receipt() -> str:
    """16 digits, the first not 0 (so it keeps its length when written as a number)."""
    return str(secrets.choice("123456789")) + "".join(secrets.choice("0123456789") for _ in range(RECEIPT_DIGITS - 1))


def display(receipt: str) -> str:
    return " ".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))


def normalise(text: str) -> str | None:
    """The digits of a typed receipt (spaces, dashes and Thai digits allowed), or None when it cannot be one."""
    digits = text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    digits = re.sub(r"[\s\-–.]", "", digits)
    return digits if re.fullmatch(rf"\d{{{RECEIPT_DIGITS}}}", digits) else None


def receipt_hash(salt: bytes, receipt: str) -> bytes:
    return hashlib.scrypt(receipt.encode(), salt=bytes(salt), **SCRYPT)


# --------------------------------------------------------------------------
# Throttle


def _window() -> int:
    return int(time.time() // THROTTLE_WINDOW)


def _window_key(window: int) -> bytes:
    """This window's random HMAC key, shared by the web processes through the cache, never stored elsewhere."""
    name = f"complaints:throttle-key:{window}"
    key = cache.get(name)
    if key is None:
        cache.add(name, secrets.token_bytes(32), timeout=THROTTLE_WINDOW * 2)
        key = cache.get(name)
    return bytes(key)


def client_bucket(address: str) -> str:
    """An opaque counter name for this client in this window (the address itself is not kept)."""
    window = _window()
    digest = hmac.new(_window_key(window), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{window}:{digest}"


def _count(name: str) -> int:
    return int(cache.get(name) or 0)


def _bump(name: str) -> None:
    cache.add(name, 0, timeout=THROTTLE_WINDOW * 2)
    try:
        cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=THROTTLE_WINDOW * 2)


def _org_name(org: Organisation, what: str) -> str:
    return f"complaints:{what}:org:{org.pk}:{_window()}"


def receipt_attempts_blocked(org: Organisation, bucket: str) -> bool:
    return (
        _count(f"complaints:fail:{bucket}") >= FAILURES_PER_CLIENT
        or _count(_org_name(org, "fail")) >= FAILURES_PER_ORGANISATION
    )


def record_failed_receipt(org: Organisation, bucket: str) -> None:
    _bump(f"complaints:fail:{bucket}")
    _bump(_org_name(org, "fail"))


def reports_blocked(bucket: str) -> bool:
    return _count(f"complaints:report:{bucket}") >= REPORTS_PER_CLIENT


def record_report(bucket: str) -> None:
    _bump(f"complaints:report:{bucket}")
