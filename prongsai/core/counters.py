"""Counters in the cache (the flood guards' windows): a missing key counts 0, and a bump never loses a count when
the key expires between its creation and its increment."""

from __future__ import annotations

from django.core.cache import cache


def cache_count(key: str) -> int:
    return int(cache.get(key) or 0)


def cache_bump(key: str, *, timeout: int) -> None:
    """Add one to the counter ``key``, made with ``timeout`` seconds to live if it is not there."""
    cache.add(key, 0, timeout=timeout)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
