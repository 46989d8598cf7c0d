"""Receipts, the one-time receipt page, and the throttle on guessing receipts.

A receipt is 16 random digits, shown once as 4-4-4-4 (GlobaLeaks' choice: it looks like
a phone number, so it is easy to keep). Only its scrypt hash is stored, salted per
organisation, so the hash is also the lookup key.

The throttle keeps who tried nowhere. The middleware turns the client's address (the
proxy's client when the request came through a proxy of ``TRUSTED_PROXIES``) and the
organisation of the path into a bucket name with HMAC under a key of the current window
(``THROTTLE_WINDOW``). The window key is derived from a seed that exists only in the
memory of the web processes: ``prongsai/gunicorn_conf.py`` makes a random one in
gunicorn's master before it forks the workers, so every worker agrees and nothing is
written anywhere; a process started otherwise (``runserver``, tests) derives it from
``SECRET_KEY``. The trade-off: whoever holds the seed (or ``SECRET_KEY`` in the fallback)
and a copy of the live counters could test candidate addresses against them; the counters
are removed two windows after they were made, and restarting gunicorn forgets the seed.

Counters live where every web process sees them: in Redis when ``REDIS_URL`` is set,
otherwise in the database (``ThrottleCount``), never in a per-process cache.

A client that enters ``FAILURES_PER_CLIENT`` wrong receipts for one organisation waits for
the next window; nobody else does. When the whole organisation sees more than
``FLOOD_FAILURES_PER_ORGANISATION`` wrong receipts in a window (guessing spread over many
addresses), every receipt check there needs a proof of work (``POW_BITS`` leading zero bits
of SHA-256, a fraction of a second in the browser): guesses get slow, real reporters still
get in.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from prongsai.complaints.models import ThrottleCount
from prongsai.core import clients
from prongsai.core.counters import cache_bump, cache_count

RECEIPT_DIGITS = 16
# scrypt at N=2^14, r=8: about 16 MiB and tens of milliseconds a try; 10^16 receipts stay out of reach.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}
THROTTLE_WINDOW = 15 * 60  # seconds
FAILURES_PER_CLIENT = 10  # wrong receipts a client may enter per organisation and window
FLOOD_FAILURES_PER_ORGANISATION = 100  # beyond this, receipt checks of the organisation need a proof of work
POW_BITS = 18  # about 260,000 SHA-256 on average
REPORTS_PER_CLIENT = 5  # new reports a client may file per organisation and window
SUBMISSIONS_PER_CLIENT = 15  # report forms a client may send (filed or refused) per organisation and window
SEED_VARIABLE = "PRONGSAI_THROTTLE_SEED"  # set in gunicorn's master only (see gunicorn_conf.py)


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
# Who is asking: the client address, through trusted proxies only


client_address = clients.client_address  # kept here for the complaint pages' readers


# --------------------------------------------------------------------------
# Buckets and counters


def _window() -> int:
    return int(time.time() // THROTTLE_WINDOW)


def _seed() -> bytes:
    seed = os.environ.get(SEED_VARIABLE, "")
    if seed:
        return seed.encode()
    return hashlib.sha256(b"prongsai complaint throttle\0" + settings.SECRET_KEY.encode()).digest()


def _window_key(window: int) -> bytes:
    return hmac.new(_seed(), f"window:{window}".encode(), hashlib.sha256).digest()


def client_bucket(org_slug: str, address: str) -> str:
    """An opaque counter name for this client at this organisation in this window (no address kept)."""
    window = _window()
    digest = hmac.new(_window_key(window), f"{org_slug}\0{address}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{window}:{digest}"


def _split(name: str) -> tuple[str, int]:
    """``("fail:<digest>", window)`` from ``"fail:<window>:<digest>"``; an organisation counter carries the window."""
    what, window, rest = name.split(":", 2)
    return f"{what}:{rest}", int(window)


def _count(name: str) -> int:
    if settings.REDIS_URL:
        return cache_count(f"complaints:throttle:{name}")
    key, window = _split(name)
    return int(ThrottleCount.objects.filter(name=key, window=window).values_list("count", flat=True).first() or 0)


def _bump(name: str) -> None:
    if settings.REDIS_URL:
        cache_bump(f"complaints:throttle:{name}", timeout=THROTTLE_WINDOW * 2)
        return
    key, window = _split(name)
    if ThrottleCount.objects.filter(name=key, window=window).update(count=F("count") + 1):
        return
    prune_counters()
    try:
        with transaction.atomic():
            ThrottleCount.objects.create(name=key, window=window, count=1)
    except IntegrityError:  # another process made it first
        ThrottleCount.objects.filter(name=key, window=window).update(count=F("count") + 1)


def prune_counters() -> int:
    """Remove the database counters of windows gone by (Redis expires its own)."""
    deleted, _ = ThrottleCount.objects.filter(window__lt=_window() - 1).delete()
    return deleted


def _org_name(org_pk: int, what: str) -> str:
    return f"{what}:{_window()}:org-{org_pk}"


def receipt_attempts_blocked(bucket: str) -> bool:
    """This client entered too many wrong receipts for this organisation in this window."""
    return _count(f"fail:{bucket}") >= FAILURES_PER_CLIENT


def proof_of_work_required(org_pk: int) -> bool:
    """Guessing is spread over many clients: every receipt check of the organisation needs a proof of work."""
    return _count(_org_name(org_pk, "orgfail")) >= FLOOD_FAILURES_PER_ORGANISATION


def record_failed_receipt(org_pk: int, bucket: str) -> None:
    _bump(f"fail:{bucket}")
    _bump(_org_name(org_pk, "orgfail"))


def reports_blocked(bucket: str) -> bool:
    return _count(f"report:{bucket}") >= REPORTS_PER_CLIENT or _count(f"sent:{bucket}") >= SUBMISSIONS_PER_CLIENT


def record_submission(bucket: str) -> None:
    """Every report form sent counts, refused or not (a refused upload costs the server as much)."""
    _bump(f"sent:{bucket}")


def record_report(bucket: str) -> None:
    _bump(f"report:{bucket}")


# --------------------------------------------------------------------------
# Proof of work


def proof_of_work_ok(challenge: str, solution: str, bits: int = POW_BITS) -> bool:
    """SHA-256 of ``challenge:solution`` starts with ``bits`` zero bits."""
    if not challenge or not solution or len(solution) > 32:
        return False
    digest = hashlib.sha256(f"{challenge}:{solution}".encode()).digest()
    return int.from_bytes(digest, "big") >> (256 - bits) == 0


def solve_proof_of_work(challenge: str, bits: int = POW_BITS) -> str:
    """What the page's script does (for tests and for the benchmark)."""
    counter = 0
    while not proof_of_work_ok(challenge, str(counter), bits):
        counter += 1
    return str(counter)
