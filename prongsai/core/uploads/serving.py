"""Stored files served back as attachments that a browser will not render as a page of this site."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import overload
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse

from prongsai.core.uploads.kinds import IMAGE_CONTENT_TYPES
from prongsai.core.uploads.names import clean_name, fit_name, split_suffix

DEFAULT_CACHE_CONTROL = "private, no-store"

# Types a browser would run or render as a document of this origin: always served as bytes.
_ACTIVE_CONTENT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "text/xsl",
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
        "text/ecmascript",
        "application/ecmascript",
        "multipart/x-mixed-replace",
    }
)
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")


def _served_type(content_type: str) -> str:
    """``content_type`` without parameters, or ``application/octet-stream`` for anything active or malformed."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if not _MEDIA_TYPE.fullmatch(media_type) or media_type in _ACTIVE_CONTENT_TYPES or media_type.endswith("+xml"):
        return "application/octet-stream"
    return media_type


def _content_disposition(filename: str, *, inline: bool) -> str:
    """``attachment; filename="fallback.pdf"; filename*=UTF-8''%E0%B8...`` (RFC 6266 / RFC 5987)."""
    stem, suffix = split_suffix(clean_name(filename))
    extension = f".{suffix}" if suffix else ""
    name = fit_name(stem, extension, "download")
    ascii_stem = re.sub(r" {2,}", " ", "".join(c for c in stem if c.isascii())).strip(" .")
    fallback = fit_name(ascii_stem, extension, "download")
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@overload
def safe_download_response(
    content: bytes,
    *,
    filename: str,
    content_type: str,
    inline_images: bool = ...,
    cache_control: str = ...,
) -> HttpResponse: ...


@overload
def safe_download_response(
    content: Iterable[bytes],
    *,
    filename: str,
    content_type: str,
    inline_images: bool = ...,
    cache_control: str = ...,
) -> StreamingHttpResponse: ...


def safe_download_response(
    content: bytes | Iterable[bytes],
    *,
    filename: str,
    content_type: str,
    inline_images: bool = False,
    cache_control: str = DEFAULT_CACHE_CONTROL,
) -> HttpResponse | StreamingHttpResponse:
    """Serve a stored file so that no browser treats it as a page of this site.

    Always an attachment (JPEG and PNG may be ``inline`` with ``inline_images``), the name in UTF-8 with an
    ASCII fallback, ``nosniff``, a sandboxing CSP, ``private, no-store`` unless ``cache_control`` says
    otherwise; HTML, SVG, XML and scripts go out as ``application/octet-stream``. Bytes give an
    ``HttpResponse``, an iterable of chunks a ``StreamingHttpResponse``.
    """
    served_type = _served_type(content_type)
    response: HttpResponse | StreamingHttpResponse
    if isinstance(content, bytes | bytearray | memoryview):
        body = bytes(content)
        response = HttpResponse(body, content_type=served_type)
        response["Content-Length"] = str(len(body))
    else:
        response = StreamingHttpResponse(content, content_type=served_type)
    response["Content-Disposition"] = _content_disposition(
        filename, inline=inline_images and served_type in IMAGE_CONTENT_TYPES
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = cache_control
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
