"""The SSRF guard: which addresses outgoing HTTP may reach, checked in the httpcore network backends.

A host is resolved once, every address is checked (:func:`is_forbidden_ip`) and the socket is opened to a
checked IP address, never to the name again, unless the host is allowed by the caller or by
``settings.OUTGOING_HTTP_ALLOWED_HOSTS``.
"""

from __future__ import annotations

import ipaddress
import socket
import typing
from collections.abc import Iterable

import anyio
import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
SocketOptions = Iterable[httpcore.SOCKET_OPTION] | None

# Non-routable ranges that are "private" in the everyday sense. Everything
# else that is not globally routable is reported as "reserved".
_PRIVATE_NETWORKS: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = (
    ipaddress.ip_network("10.0.0.0/8"),
    ipaddress.ip_network("172.16.0.0/12"),
    ipaddress.ip_network("192.168.0.0/16"),
    ipaddress.ip_network("100.64.0.0/10"),  # carrier-grade NAT (RFC 6598)
    ipaddress.ip_network("fc00::/7"),  # unique local addresses (RFC 4193)
    ipaddress.ip_network("fec0::/10"),  # deprecated site-local
)
_NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052


# --------------------------------------------------------------------------
# Errors


class BlockedAddress(httpx.ConnectError):
    """The guard refused to open a connection to a non-public address."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        self.host = host
        self.address = address
        self.reason = reason
        super().__init__(
            f"Outgoing HTTP to {host!r} refused: it resolves to {address}, "
            f"a {reason} address (allow the host in OUTGOING_HTTP_ALLOWED_HOSTS "
            "or allow_hosts if this is intended)"
        )


# --------------------------------------------------------------------------
# Address classification


def is_forbidden_ip(ip: IPAddress) -> str | None:
    """Return why ``ip`` must not be contacted, or None for public unicast.

    The reason is one of "unspecified", "loopback", "link-local",
    "multicast", "private" or "reserved".
    """
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped
        if mapped is not None:  # ::ffff:a.b.c.d is the IPv4 host a.b.c.d
            return is_forbidden_ip(mapped)
        if ip in _NAT64_WELL_KNOWN:  # 64:ff9b::a.b.c.d is translated to a.b.c.d
            return is_forbidden_ip(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour is not None or ip.teredo is not None:
            # Transition tunnels that embed IPv4 endpoints: not worth the risk.
            return "reserved"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if any(ip in net for net in _PRIVATE_NETWORKS):
        return "private"
    if ip.is_reserved or ip.is_private or not ip.is_global:
        return "reserved"
    return None


def _parse_ip(text: str) -> IPAddress:
    """Parse a numeric address from getaddrinfo, dropping any IPv6 zone id."""
    return ipaddress.ip_address(text.split("%", 1)[0])


# --------------------------------------------------------------------------
# Allowed hosts


def _normalise_host(host: str) -> str:
    """Lower-case a host name and strip IPv6 brackets."""
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host


def _settings_allowed_hosts() -> frozenset[str]:
    """Read ``settings.OUTGOING_HTTP_ALLOWED_HOSTS`` (empty when unset)."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        hosts: object = getattr(settings, "OUTGOING_HTTP_ALLOWED_HOSTS", ())
    except ImproperlyConfigured:  # used outside Django: strictest default
        return frozenset()
    if isinstance(hosts, str):
        hosts = (hosts,)
    if not isinstance(hosts, Iterable):
        return frozenset()
    return frozenset(_normalise_host(str(h)) for h in hosts)


class Guard:
    """Decides whether a host may skip the address check."""

    def __init__(self, allow_hosts: Iterable[str]) -> None:
        self._allow = frozenset(_normalise_host(h) for h in allow_hosts)

    def is_allowed(self, host: str) -> bool:
        """True when ``host`` is explicitly allowed (settings read lazily)."""
        host = _normalise_host(host)
        return host in self._allow or host in _settings_allowed_hosts()

    @staticmethod
    def check(host: str, infos: Iterable[tuple[typing.Any, ...]]) -> list[str]:
        """Return the resolved addresses, raising if any is forbidden."""
        addresses: list[str] = []
        for info in infos:
            address = str(info[4][0])
            reason = is_forbidden_ip(_parse_ip(address))
            if reason is not None:
                raise BlockedAddress(host, address, reason)
            if address not in addresses:
                addresses.append(address)
        if not addresses:
            raise httpcore.ConnectError(f"{host!r} did not resolve to any address")
        return addresses


# --------------------------------------------------------------------------
# httpcore network backends


class GuardedBackend(httpcore.NetworkBackend):
    """Sync backend: resolve, check every address, connect to a checked IP."""

    def __init__(self, guard: Guard) -> None:
        self._guard = guard
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: SocketOptions = None,
    ) -> httpcore.NetworkStream:
        """Open a TCP connection if the guard lets ``host`` through."""
        if self._guard.is_allowed(host):
            return self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host!r}: {exc}") from exc
        error: Exception | None = None
        for address in self._guard.check(host, infos):
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:  # try the next checked address
                error = exc
        assert error is not None
        raise error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: SocketOptions = None,
    ) -> httpcore.NetworkStream:
        """Unix sockets are local by definition: always refused."""
        raise BlockedAddress(path, path, "unix-socket")

    def sleep(self, seconds: float) -> None:
        """Delegate to the default backend."""
        self._inner.sleep(seconds)


class AsyncGuardedBackend(httpcore.AsyncNetworkBackend):
    """Async backend: resolve, check every address, connect to a checked IP."""

    def __init__(self, guard: Guard) -> None:
        self._guard = guard
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: SocketOptions = None,
    ) -> httpcore.AsyncNetworkStream:
        """Open a TCP connection if the guard lets ``host`` through."""
        if self._guard.is_allowed(host):
            return await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            with anyio.fail_after(timeout):
                # anyio.getaddrinfo runs the blocking resolver in a worker thread.
                infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host!r} timed out") from exc
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host!r}: {exc}") from exc
        error: Exception | None = None
        for address in self._guard.check(host, infos):
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:  # try the next checked address
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: SocketOptions = None,
    ) -> httpcore.AsyncNetworkStream:
        """Unix sockets are local by definition: always refused."""
        raise BlockedAddress(path, path, "unix-socket")

    async def sleep(self, seconds: float) -> None:
        """Delegate to the default backend."""
        await self._inner.sleep(seconds)
