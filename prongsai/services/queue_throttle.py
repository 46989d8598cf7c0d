"""The kiosk's flood guard: at most PER_POINT tickets a minute at a point (counted from the tickets themselves,
so every web process sees the same), and PER_CLIENT a minute from one address (a keyed hash in the cache, never
the address). A tablet at the entrance takes far fewer; a script taking hundreds is refused with 429."""

from __future__ import annotations

import time
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from prongsai.core.clients import request_address
from prongsai.core.counters import cache_bump, cache_count
from prongsai.services.models import ServicePoint, Ticket

PER_POINT = 40
PER_CLIENT = 20
WINDOW = 60  # seconds


def _client_key(request: HttpRequest, point: ServicePoint) -> str:
    window = int(time.time() // WINDOW)
    digest = salted_hmac("prongsai.services.kiosk", f"{point.pk}\0{request_address(request)}").hexdigest()[:32]
    return f"services:kiosk:{window}:{digest}"


def kiosk_blocked(request: HttpRequest, point: ServicePoint) -> bool:
    since = timezone.now() - timedelta(seconds=WINDOW)
    if Ticket.objects.filter(point=point, taken_at__gte=since).count() >= PER_POINT:
        return True
    return cache_count(_client_key(request, point)) >= PER_CLIENT


def kiosk_count(request: HttpRequest, point: ServicePoint) -> None:
    cache_bump(_client_key(request, point), timeout=WINDOW * 2)
