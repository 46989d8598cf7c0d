"""Content-Encoding decoders that stop at a number of DECODED bytes (gzip, deflate, br).

httpx decodes each raw chunk in one call: a 1,635-byte brotli answer inflated to 4.1 GB in memory before a
byte cap could look at it. Here every decoding call is told how much output it may produce
(``zlib``'s ``max_length``, brotli's ``output_buffer_limit``), so memory stays within the cap whatever the
server sends. Read the raw body (``response.iter_raw()`` / ``aiter_raw()``) and feed it to a
:class:`BoundedDecoder`; :func:`read_body` and :func:`aread_body` do both.

Unknown encodings (zstd and anything else we do not advertise) are passed through as raw bytes, as httpx
itself does: still counted against the cap.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable, Iterable
from typing import Protocol

import httpx

__all__ = ["BoundedDecoder", "DecodingError", "aread_body", "read_body"]


class DecodingError(httpx.DecodingError):
    """The body is not valid for its Content-Encoding."""


class _Stage(Protocol):
    def decode(self, data: bytes, limit: int) -> bytes:
        """At most about ``limit`` bytes of output for ``data``; more output pending is kept inside."""


class _Identity:
    def decode(self, data: bytes, limit: int) -> bytes:
        return data


class _Zlib:
    """gzip (``wbits=16+15``) or deflate (zlib-wrapped, falling back to raw deflate as browsers do)."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._first = True
        self._object = zlib.decompressobj(16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS)

    def decode(self, data: bytes, limit: int) -> bytes:
        if self._object.eof:
            return b""
        pending = self._object.unconsumed_tail + data
        try:
            out = self._object.decompress(pending, max(1, limit))
        except zlib.error as exc:
            if self._gzip or not self._first:
                raise DecodingError(str(exc)) from exc
            self._object = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent as a raw deflate stream
            self._first = False
            return self.decode(data, limit)
        self._first = False
        return out


class _Brotli:
    def __init__(self) -> None:
        import brotli

        self._error = brotli.error
        self._object = brotli.Decompressor()
        self._blocked = False  # the last call stopped at its output limit: only empty input until it drains

    def decode(self, data: bytes, limit: int) -> bytes:
        try:
            if self._blocked and data:
                out = self._object.process(b"", output_buffer_limit=max(1, limit))
                if self._object.can_accept_more_data():
                    out += self._object.process(data, output_buffer_limit=max(1, limit))
            else:
                out = self._object.process(data, output_buffer_limit=max(1, limit))
        except self._error as exc:
            raise DecodingError(str(exc)) from exc
        self._blocked = not self._object.can_accept_more_data()
        return out


def _stage(encoding: str) -> _Stage:
    if encoding in ("gzip", "x-gzip"):
        return _Zlib(gzip=True)
    if encoding == "deflate":
        return _Zlib(gzip=False)
    if encoding == "br":
        return _Brotli()
    return _Identity()


class BoundedDecoder:
    """Decode a body given in raw chunks, keeping at most ``max_bytes`` of decoded output.

    ``feed()`` returns what may be kept of each chunk; once the cap is passed ``truncated`` is True and
    everything after is dropped undecoded. Several encodings (``gzip, br``) are undone in reverse order,
    each bounded.
    """

    def __init__(self, content_encoding: str, max_bytes: int) -> None:
        if max_bytes < 0:
            raise ValueError("max_bytes must be >= 0")
        names = [name.strip().lower() for name in content_encoding.split(",") if name.strip()]
        self._stages = [_stage(name) for name in reversed(names)]
        self.max_bytes = max_bytes
        self.size = 0
        self.truncated = False

    @property
    def full(self) -> bool:
        """True once nothing more will be kept."""
        return self.truncated

    def feed(self, raw: bytes) -> bytes:
        """The decoded bytes of ``raw`` that fit under the cap."""
        if self.truncated:
            return b""
        room = self.max_bytes - self.size
        data = raw
        for stage in self._stages:
            data = stage.decode(data, room + 1)  # one byte more than fits: tells "there is more"
        if len(data) > room:
            data = data[:room]
            self.truncated = True
        self.size += len(data)
        return data


def _encoding(response: httpx.Response) -> str:
    return response.headers.get("content-encoding", "")


def read_body(response: httpx.Response, max_bytes: int, *, chunk: int = 64 * 1024) -> tuple[bytes, bool]:
    """``(at most max_bytes decoded bytes, truncated)`` of a streamed sync response."""
    return _collect(response.iter_raw(chunk), BoundedDecoder(_encoding(response), max_bytes))


async def aread_body(response: httpx.Response, max_bytes: int, *, chunk: int = 64 * 1024) -> tuple[bytes, bool]:
    """``(at most max_bytes decoded bytes, truncated)`` of a streamed async response."""
    decoder = BoundedDecoder(_encoding(response), max_bytes)
    parts: list[bytes] = []
    raw: AsyncIterable[bytes] = response.aiter_raw(chunk)
    async for piece in raw:
        parts.append(decoder.feed(piece))
        if decoder.full:
            break
    return b"".join(parts), decoder.truncated


def _collect(raw: Iterable[bytes], decoder: BoundedDecoder) -> tuple[bytes, bool]:
    parts: list[bytes] = []
    for piece in raw:
        parts.append(decoder.feed(piece))
        if decoder.full:
            break
    return b"".join(parts), decoder.truncated
