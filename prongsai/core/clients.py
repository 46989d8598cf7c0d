"""Who is asking: the client's address, believing forwarded addresses only from ``TRUSTED_PROXIES``.

Behind a reverse proxy every request comes from the proxy's address; the proxy appends the address it
saw to ``X-Forwarded-For``. That header is anyone's to write, so it is read only when the request
came from a configured proxy, and then from the right (each trusted proxy appends one hop). Used by
the sign-in throttle and by the complaint channel (which keeps no address: it hashes it into a bucket).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

__all__ = ["client_address", "request_address"]


def _networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    raw = getattr(settings, "TRUSTED_PROXIES", ()) or ()
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    return [ipaddress.ip_network(part.strip(), strict=False) for part in parts if part.strip()]


def _trusted(address: str, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(remote_addr: str, forwarded_for: str) -> str:
    """The client's address: ``REMOTE_ADDR``, unless that is a trusted proxy; then the nearest untrusted hop of
    ``X-Forwarded-For`` (read from the right, as each trusted proxy appends the address it saw)."""
    networks = _networks()
    if not networks or not _trusted(remote_addr, networks):
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else remote_addr


def request_address(request: HttpRequest) -> str:
    """:func:`client_address` of a request."""
    return client_address(str(request.META.get("REMOTE_ADDR", "")), str(request.META.get("HTTP_X_FORWARDED_FOR", "")))
