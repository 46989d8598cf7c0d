"""httpx transports whose connection pools connect through the guard; the async one split into shards."""

from __future__ import annotations

import typing

import httpcore
import httpx

from prongsai.core.http.guard import AsyncGuardedBackend, Guard, GuardedBackend

ALLOWED_SCHEMES = frozenset({"http", "https"})


class UnsupportedScheme(ValueError):
    """The URL scheme is not http or https."""


# httpx 0.28.1 (pinned) has no public hook for an httpcore network backend, so
# we subclass its transports and swap the connection pool they build for one
# created with our backend and the same ssl context and limits. Subclassing
# (rather than writing a BaseTransport) keeps httpx's own request/response
# conversion and httpcore->httpx exception mapping; only `_pool` is touched.


def check_scheme(url: httpx.URL) -> None:
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


class GuardedTransport(httpx.HTTPTransport):
    """httpx sync transport whose pool connects through the guard."""

    def __init__(self, guard: Guard, limits: httpx.Limits) -> None:
        ssl_context = httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        self._pool = httpcore.ConnectionPool(
            **_pool_options(ssl_context, limits), network_backend=GuardedBackend(guard)
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Refuse non-http(s) URLs (also on redirects), then send."""
        check_scheme(request.url)
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


class AsyncGuardedTransport(httpx.AsyncHTTPTransport):
    """httpx async transport whose (sharded) pool connects through the guard."""

    def __init__(self, guard: Guard, limits: httpx.Limits) -> None:
        ssl_context = httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=ssl_context, trust_env=False, limits=limits)
        backend = AsyncGuardedBackend(guard)

        def shard(connections: int, keepalive: int) -> httpcore.AsyncConnectionPool:
            options = _pool_options(ssl_context, limits) | {
                "max_connections": connections,
                "max_keepalive_connections": keepalive,
            }
            return httpcore.AsyncConnectionPool(**options, network_backend=backend)

        self._pool = _ShardedAsyncPool(shard, limits)  # type: ignore[assignment]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Refuse non-http(s) URLs (also on redirects), then send."""
        check_scheme(request.url)
        return await super().handle_async_request(request)
