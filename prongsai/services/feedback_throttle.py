"""The standing QR's flood guard, as the kiosk's (queue_throttle.py): at most PER_POINT answers a minute at a point,
counted in the cache (the rows keep no time), and
PER_CLIENT a minute from one client's opaque bucket (the anonymity middleware's, never the address)."""

from __future__ import annotations

import time

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from prongsai.core.counters import cache_bump, cache_count
from prongsai.services.models import ServicePoint

PER_POINT = 30
PER_CLIENT = 3
WINDOW = 60  # seconds


def _now() -> float:
    return time.time()


def _keys(request: HttpRequest, point: ServicePoint) -> tuple[str, str]:
    window = int(_now() // WINDOW)
    bucket = str(getattr(request, "anonymous_bucket", "") or "")
    digest = salted_hmac("prongsai.services.feedback", f"{point.pk}\0{bucket}").hexdigest()[:32]
    return f"services:feedback:{window}:p{point.pk}", f"services:feedback:{window}:{digest}"


def standing_blocked(request: HttpRequest, point: ServicePoint) -> bool:
    point_key, client_key = _keys(request, point)
    return cache_count(point_key) >= PER_POINT or cache_count(client_key) >= PER_CLIENT


def standing_count(request: HttpRequest, point: ServicePoint) -> None:
    for key in _keys(request, point):
        cache_bump(key, timeout=WINDOW * 2)
