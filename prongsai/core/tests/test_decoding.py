"""Content-Encoding decoding bounded by decoded bytes (prongsai.core.decoding), and fetch() using it."""

from __future__ import annotations

import gzip
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest

from prongsai.core.decoding import BoundedDecoder, DecodingError
from prongsai.core.http import ACCEPT_ENCODING, client, fetch

MB = 1024 * 1024
TEXT = "รายงานผลการดำเนินงาน annual report ".encode() * 2000


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


ENCODED = {
    "identity": TEXT,
    "gzip": gzip.compress(TEXT),
    "deflate": zlib.compress(TEXT),
    "br": brotli.compress(TEXT),
    "gzip, br": brotli.compress(gzip.compress(TEXT)),
}


def decode_in_chunks(encoding: str, data: bytes, max_bytes: int, chunk: int = 1000) -> tuple[bytes, bool]:
    decoder = BoundedDecoder(encoding, max_bytes)
    out = b"".join(decoder.feed(data[i : i + chunk]) for i in range(0, len(data), chunk))
    return out, decoder.truncated


@pytest.mark.parametrize("encoding", list(ENCODED))
def test_it_decodes_each_encoding_in_chunks(encoding: str) -> None:
    assert decode_in_chunks(encoding, ENCODED[encoding], 10 * MB) == (TEXT, False)


def test_it_decodes_deflate_sent_without_its_zlib_header() -> None:
    assert decode_in_chunks("deflate", raw_deflate(TEXT), 10 * MB) == (TEXT, False)


@pytest.mark.parametrize("encoding", list(ENCODED))
def test_it_stops_at_the_cap(encoding: str) -> None:
    assert decode_in_chunks(encoding, ENCODED[encoding], 1000) == (TEXT[:1000], True)


def test_it_refuses_a_damaged_gzip_body() -> None:
    with pytest.raises(DecodingError):
        BoundedDecoder("gzip", MB).feed(b"not gzip at all")


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_it_never_inflates_a_bomb_past_the_cap(encoding: str) -> None:
    zeros = bytes(64 * MB)
    bomb = brotli.compress(zeros, quality=1) if encoding == "br" else zlib.compress(zeros, 1)
    tracemalloc.start()
    try:
        out, truncated = BoundedDecoder("br" if encoding == "br" else "deflate", MB).feed(bomb), True
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (len(out), truncated) == (MB, True)
    assert peak < 8 * MB


@pytest.fixture(scope="module")
def bomb_server() -> Iterator[str]:
    body = brotli.compress(bytes(64 * MB), quality=1)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Encoding", "br")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_fetch_keeps_max_bytes_of_a_brotli_bomb(bomb_server: str) -> None:
    tracemalloc.start()
    try:
        result = fetch(bomb_server, max_bytes=MB, allow_hosts=["127.0.0.1"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (len(result.content), result.truncated) == (MB, True)
    assert peak < 8 * MB


def test_clients_ask_only_for_encodings_decoded_with_a_limit() -> None:
    assert ACCEPT_ENCODING == "gzip, deflate, br"
    with client() as http:
        assert http.headers["accept-encoding"] == ACCEPT_ENCODING
