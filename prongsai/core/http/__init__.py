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

The guard lives in :mod:`.guard`, the transports that use it in :mod:`.transports`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import importlib.metadata
import time
import typing
from collections.abc import Iterable, Mapping, Sequence

import httpx

from prongsai.core.decoding import aread_body, read_body
from prongsai.core.http.guard import BlockedAddress, Guard, is_forbidden_ip
from prongsai.core.http.transports import AsyncGuardedTransport, GuardedTransport, UnsupportedScheme, check_scheme

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

HeaderTypes = httpx.Headers | Mapping[str, str] | Sequence[tuple[str, str]]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_ASYNC_MAX_CONNECTIONS = 32
ACCEPT_ENCODING = "gzip, deflate, br"
_READ_CHUNK = 64 * 1024


class DeadlineExceeded(httpx.TimeoutException):
    """The whole request (connect, headers and body) took longer than its total deadline."""


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
    transport = GuardedTransport(Guard(allow_hosts), httpx.Limits())
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
    transport = AsyncGuardedTransport(Guard(allow_hosts), limits)
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
    check_scheme(parsed)
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
