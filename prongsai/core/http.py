"""The one door for outgoing HTTP in Prongsai.

Every outgoing request goes through :func:`client`, :func:`async_client`,
:func:`fetch` or :func:`afetch`. They refuse, at TCP connect time, to reach
loopback, private, link-local, multicast, reserved or unspecified addresses
(the usual SSRF targets, e.g. the cloud metadata service at 169.254.169.254),
unless the URL host is explicitly allowed via the ``allow_hosts`` argument or
the Django setting ``OUTGOING_HTTP_ALLOWED_HOSTS``.

Because the check lives in the httpcore network backend, it also covers
redirects (each hop opens its own connection) and DNS rebinding (the name is
resolved once, every address is checked, and the socket is opened to the
checked IP address, never to the name again). TLS SNI and the ``Host`` header
keep the original host name: httpcore passes ``server_hostname`` to
``start_tls`` from the request origin, not from the address we connect to.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import importlib.metadata
import ipaddress
import socket
import time
import typing
from collections.abc import Iterable, Mapping, Sequence

import anyio
import httpcore
import httpx

from prongsai.core.decoding import aread_body, read_body

__all__ = [
    "BlockedAddress",
    "DeadlineExceeded",
    "FetchResult",
    "UnsupportedScheme",
    "afetch",
    "async_client",
    "client",
    "fetch",
    "is_forbidden_ip",
    "total_deadline",
    "user_agent",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
SocketOptions = Iterable[httpcore.SOCKET_OPTION] | None
HeaderTypes = httpx.Headers | Mapping[str, str] | Sequence[tuple[str, str]]

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_ASYNC_MAX_CONNECTIONS = 32
ACCEPT_ENCODING = "gzip, deflate, br"
_READ_CHUNK = 64 * 1024

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


class UnsupportedScheme(ValueError):
    """The URL scheme is not http or https."""


class DeadlineExceeded(httpx.TimeoutException):
    """The whole request (connect, headers and body) took longer than its total deadline."""


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


class _Guard:
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


class _GuardedBackend(httpcore.NetworkBackend):
    """Sync backend: resolve, check every address, connect to a checked IP."""

    def __init__(self, guard: _Guard) -> None:
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


class _AsyncGuardedBackend(httpcore.AsyncNetworkBackend):
    """Async backend: resolve, check every address, connect to a checked IP."""

    def __init__(self, guard: _Guard) -> None:
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


# --------------------------------------------------------------------------
# httpx transports
#
# httpx 0.28.1 (pinned) has no public hook for an httpcore network backend, so
# we subclass its transports and swap the connection pool they build for one
# created with our backend and the same ssl context and limits. Subclassing
# (rather than writing a BaseTransport) keeps httpx's own request/response
# conversion and httpcore->httpx exception mapping; only `_pool` is touched.


def _check_scheme(url: httpx.URL) -> None:
    """Raise UnsupportedScheme unless ``url`` is http(s)."""
    if url.scheme not in ALLOWED_SCHEMES:
        raise UnsupportedScheme(f"Only http and https URLs may be fetched, not {url.scheme or 'no'} scheme: {url}")


def _pool_options(ssl_context: typing.Any, limits: httpx.Limits) -> dict[str, typing.Any]:
    """The connection-pool settings httpx would have used, for our replacement pools."""
    return {
        "ssl_context": ssl_context,
        "max_connections": limits.max_connections,
        "max_keepalive_connections": limits.max_keepalive_connections,
        "keepalive_expiry": limits.keepalive_expiry,
    }


class _GuardedTransport(httpx.HTTPTransport):
    """httpx sync transport whose pool connects through the guard."""

    def __init__(self, guard: _Guard, limits: httpx.Limits) -> None:
        ssl_context = httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        self._pool = httpcore.ConnectionPool(
            **_pool_options(ssl_context, limits), network_backend=_GuardedBackend(guard)
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Refuse non-http(s) URLs (also on redirects), then send."""
        _check_scheme(request.url)
        return super().handle_request(request)


SHARD_CONNECTIONS = 8


class _CountedStream:
    """A response body stream that tells its shard when it is closed."""

    def __init__(self, stream: typing.Any, closed: typing.Callable[[], None]) -> None:
        self._stream = stream
        self._closed = closed
        self._open = True

    async def __aiter__(self) -> typing.AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            if self._open:
                self._open = False
                self._closed()


class _ShardedAsyncPool:
    """Several small httpcore pools in place of one large one.

    httpcore's pool looks at every connection for every waiting request, and counts the idle
    connections again for each idle one, whenever a request starts or ends: quadratic in the
    pool's size. At 32 connections that bookkeeping cost the link auditor more CPU than the
    requests did. Shards of at most SHARD_CONNECTIONS keep it small; a request goes to the shard
    with the fewest responses open, so the limits add up to the limits asked for.
    """

    def __init__(self, make: typing.Callable[[int, int], httpcore.AsyncConnectionPool], limits: httpx.Limits) -> None:
        total = limits.max_connections or SHARD_CONNECTIONS
        keepalive = limits.max_keepalive_connections if limits.max_keepalive_connections is not None else total
        count = -(-total // SHARD_CONNECTIONS)
        self._shards = [
            make(total // count + (i < total % count), keepalive // count + (i < keepalive % count))
            for i in range(count)
        ]
        self._open = [0] * count

    async def handle_async_request(self, request: httpcore.Request) -> httpcore.Response:
        index = min(range(len(self._shards)), key=self._open.__getitem__)
        self._open[index] += 1

        def closed() -> None:
            self._open[index] -= 1

        try:
            response = await self._shards[index].handle_async_request(request)
        except BaseException:
            closed()
            raise
        response.stream = _CountedStream(response.stream, closed)
        return response

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()

    async def __aenter__(self) -> _ShardedAsyncPool:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class _AsyncGuardedTransport(httpx.AsyncHTTPTransport):
    """httpx async transport whose (sharded) pool connects through the guard."""

    def __init__(self, guard: _Guard, limits: httpx.Limits) -> None:
        ssl_context = httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        backend = _AsyncGuardedBackend(guard)

        def shard(connections: int, keepalive: int) -> httpcore.AsyncConnectionPool:
            options = _pool_options(ssl_context, limits) | {
                "max_connections": connections,
                "max_keepalive_connections": keepalive,
            }
            return httpcore.AsyncConnectionPool(**options, network_backend=backend)

        self._pool = _ShardedAsyncPool(shard, limits)  # type: ignore[assignment]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Refuse non-http(s) URLs (also on redirects), then send."""
        _check_scheme(request.url)
        return await super().handle_async_request(request)


# --------------------------------------------------------------------------
# Clients


def user_agent() -> str:
    """The User-Agent sent with every outgoing request."""
    try:
        version = importlib.metadata.version("prongsai")
    except importlib.metadata.PackageNotFoundError:
        version = "dev"
    return f"Prongsai/{version} (+https://github.com/prongsai; integrity-and-transparency workbench)"


def _client_options(
    timeout: float,
    follow_redirects: bool,
    max_redirects: int,
    headers: HeaderTypes | None,
) -> dict[str, typing.Any]:
    """Keyword arguments shared by the sync and async clients."""
    # Only the encodings core.decoding can undo with an output limit (httpx would add zstd when installed).
    merged = httpx.Headers({"User-Agent": user_agent(), "Accept-Encoding": ACCEPT_ENCODING})
    if headers is not None:
        merged.update(headers)
    return {
        "timeout": httpx.Timeout(connect=timeout, read=timeout, write=timeout, pool=timeout),
        "follow_redirects": follow_redirects,
        "max_redirects": max_redirects,
        "headers": merged,
        "trust_env": False,  # no proxies, certificates or netrc from the environment
    }


def client(
    *,
    timeout: float = DEFAULT_TIMEOUT,
    allow_hosts: Iterable[str] = (),
    follow_redirects: bool = False,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    headers: HeaderTypes | None = None,
) -> httpx.Client:
    """A guarded ``httpx.Client``; use it as a context manager."""
    transport = _GuardedTransport(_Guard(allow_hosts), httpx.Limits())
    return httpx.Client(
        transport=transport,
        **_client_options(timeout, follow_redirects, max_redirects, headers),
    )


def async_client(
    *,
    timeout: float = DEFAULT_TIMEOUT,
    allow_hosts: Iterable[str] = (),
    follow_redirects: bool = False,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    headers: HeaderTypes | None = None,
    max_connections: int = DEFAULT_ASYNC_MAX_CONNECTIONS,
) -> httpx.AsyncClient:
    """A guarded ``httpx.AsyncClient``; use it as an async context manager."""
    limits = httpx.Limits(
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
    )
    transport = _AsyncGuardedTransport(_Guard(allow_hosts), limits)
    return httpx.AsyncClient(
        transport=transport,
        **_client_options(timeout, follow_redirects, max_redirects, headers),
    )


# --------------------------------------------------------------------------
# Fetching with a body-size cap


@dataclasses.dataclass(frozen=True)
class FetchResult:
    """Outcome of :func:`fetch` / :func:`afetch`; header names are lower-case."""

    url: str
    final_url: str
    status_code: int
    headers: dict[str, str]
    content: bytes
    truncated: bool
    elapsed_ms: int


def _result(url: str, response: httpx.Response, body: tuple[bytes, bool], started: float) -> FetchResult:
    """Build the FetchResult."""
    return FetchResult(
        url=url,
        final_url=str(response.url),
        status_code=response.status_code,
        headers=dict(response.headers),
        content=body[0],
        truncated=body[1],
        elapsed_ms=int((time.monotonic() - started) * 1000),
    )


def _validated_url(url: str | httpx.URL) -> httpx.URL:
    """Parse ``url`` and make sure it is http(s)."""
    parsed = httpx.URL(url)
    _check_scheme(parsed)
    return parsed


def fetch(
    url: str | httpx.URL,
    *,
    method: str = "GET",
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    allow_hosts: Iterable[str] = (),
    follow_redirects: bool = True,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    headers: HeaderTypes | None = None,
) -> FetchResult:
    """Fetch ``url``, keeping at most ``max_bytes`` of decoded body (decoding stops there: no bombs).

    ``timeout`` applies to each phase (connect, each read, write, pool), not to
    the whole transfer; use :func:`afetch` with ``deadline`` for a total limit.
    """
    if max_bytes < 0:
        raise ValueError("max_bytes must be >= 0")
    parsed = _validated_url(url)
    started = time.monotonic()
    with (
        client(
            timeout=timeout,
            allow_hosts=allow_hosts,
            follow_redirects=follow_redirects,
            max_redirects=max_redirects,
            headers=headers,
        ) as http,
        http.stream(method, parsed) as response,
    ):
        return _result(str(url), response, read_body(response, max_bytes, chunk=_READ_CHUNK), started)


async def afetch(
    client: httpx.AsyncClient,
    url: str | httpx.URL,
    *,
    method: str = "GET",
    max_bytes: int = DEFAULT_MAX_BYTES,
    deadline: float | None = None,
) -> FetchResult:
    """Fetch ``url`` with an :func:`async_client`, keeping at most ``max_bytes`` of decoded body.

    ``deadline`` (seconds) bounds the whole request, headers and body included: a server that sends one
    byte every few seconds never trips the per-read timeout, but it does trip this
    (:class:`DeadlineExceeded`).
    """
    if max_bytes < 0:
        raise ValueError("max_bytes must be >= 0")
    parsed = _validated_url(url)
    started = time.monotonic()
    async with total_deadline(deadline, str(parsed)), client.stream(method, parsed) as response:
        return _result(str(url), response, await aread_body(response, max_bytes, chunk=_READ_CHUNK), started)


@contextlib.asynccontextmanager
async def total_deadline(seconds: float | None, what: str = "the request") -> typing.AsyncIterator[None]:
    """``asyncio.timeout`` that raises :class:`DeadlineExceeded` (an httpx timeout) instead of TimeoutError."""
    if seconds is None:
        yield
        return
    try:
        async with asyncio.timeout(seconds):
            yield
    except TimeoutError as exc:
        raise DeadlineExceeded(f"{what} took longer than {seconds:g} s in all") from exc
