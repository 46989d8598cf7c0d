"""How the link auditor judges what it got: the categories, the content checks of a response, and exceptions."""

from __future__ import annotations

import dataclasses
import re
import socket
import ssl
import traceback
from collections.abc import Callable, Mapping

from prongsai.disclosure.auditor_pages import ParsedPage, is_access_wall_url

__all__ = [
    "CATEGORIES",
    "DEFAULT_CLASSIFIERS",
    "Classifier",
    "Fetched",
    "LinkResult",
    "classify_exception",
]

CATEGORIES = (
    "ok",
    "http_error",
    "dns_error",
    "connection_error",
    "timeout",
    "tls_error",
    "redirect_loop",
    "too_many_redirects",
    "access_wall",
    "soft_404",
    "empty",
    "blocked",
    "unsupported",
)
MIN_VISIBLE_CHARS = 20
MIN_PDF_BYTES = 200


@dataclasses.dataclass
class LinkResult:
    """What happened to one distinct URL."""

    url: str
    found_on: list[str]
    category: str
    http_status: int | None
    final_url: str | None
    elapsed_ms: int
    detail: str

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict with the fields in declaration order."""
        return dataclasses.asdict(self)


# --------------------------------------------------------------------------
# Classification of a response


def _content_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _is_html(headers: Mapping[str, str]) -> bool:
    return _content_type(headers) in {"text/html", "application/xhtml+xml"}


def _is_pdf(headers: Mapping[str, str], body: bytes | None) -> bool:
    return _content_type(headers) == "application/pdf" or (body is not None and body.startswith(b"%PDF"))


@dataclasses.dataclass(frozen=True)
class Fetched:
    """The final (non-redirect) response for a URL, as the classifiers see it.

    ``body`` is None when it was not read (HEAD was enough); ``page`` is set for HTML bodies.
    """

    url: str
    final_url: str
    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes | None
    truncated: bool
    page: ParsedPage | None
    redirects: int


Classifier = Callable[[Fetched], "tuple[str, str] | None"]

_WALL_MARKERS = re.compile(
    r"sign[ -]?in|log[ -]?in|request access|you need (?:access|permission)|access denied|"
    r"ขออนุญาตเข้าถึง|เข้าสู่ระบบ|ลงชื่อเข้าใช้|ขอสิทธิ์เข้าถึง",
    re.IGNORECASE,
)
_WALL_BODY_MARKERS = re.compile(r"request access|you need (?:access|permission)|ขออนุญาตเข้าถึง|ขอสิทธิ์เข้าถึง", re.IGNORECASE)
_NOT_FOUND = re.compile(
    r"\b404\b|not found|page (?:does not|doesn't|could not be found)|no longer available|"
    r"ไม่พบหน้า|ไม่พบเพจ|ไม่พบไฟล์|ไม่พบเอกสาร|หน้าที่คุณต้องการ.*ไม่พบ",
    re.IGNORECASE,
)
_SHORT_PAGE = 1000  # body-wide phrase checks only on pages this short (visible characters)


def classify_access_wall(fetched: Fetched) -> tuple[str, str] | None:
    """A sign-in / permission page instead of the document."""
    if is_access_wall_url(fetched.final_url):
        return "access_wall", f"ends at a sign-in or permission page: {fetched.final_url}"
    page = fetched.page
    if page is None or not (200 <= fetched.status < 300 or fetched.status in {401, 403}):
        return None
    if page.has_password:
        return "access_wall", "the page asks for a password (sign-in form)"
    heading = f"{page.title} {page.headings}"
    match = _WALL_MARKERS.search(heading)
    if match is None and len(page.text) < _SHORT_PAGE:
        match = _WALL_BODY_MARKERS.search(page.text)
    if match:
        return "access_wall", f"sign-in or access request page ({match.group(0)!r})"
    return None


def classify_http_error(fetched: Fetched) -> tuple[str, str] | None:
    """Any final status outside 2xx."""
    if 200 <= fetched.status < 300:
        return None
    return "http_error", f"HTTP {fetched.status} {fetched.reason}".strip()


def classify_soft_404(fetched: Fetched) -> tuple[str, str] | None:
    """A 200 HTML page that says the page was not found."""
    page = fetched.page
    if page is None:
        return None
    match = _NOT_FOUND.search(f"{page.title} {page.headings}")
    if match is None and len(page.text) < _SHORT_PAGE:
        match = _NOT_FOUND.search(page.text)
    if match:
        return "soft_404", f"HTTP {fetched.status} but the page says {match.group(0)!r}"
    return None


def classify_empty(fetched: Fetched) -> tuple[str, str] | None:
    """0 bytes, HTML with (almost) no visible text, or a PDF without a page."""
    body = fetched.body
    if body is None:
        if fetched.headers.get("content-length", "").strip() == "0":
            return "empty", "0 bytes (Content-Length: 0)"
        return None
    if not body:
        return "empty", "0 bytes"
    if fetched.truncated:
        return None
    page = fetched.page
    if page is not None and len(page.text) < MIN_VISIBLE_CHARS and page.embeds == 0:
        return "empty", f"HTML with only {len(page.text)} characters of visible text"
    if _is_pdf(fetched.headers, body) and len(body) < MIN_PDF_BYTES and b"/Page" not in body:
        return "empty", f"PDF of {len(body)} bytes without a page"
    return None


DEFAULT_CLASSIFIERS: tuple[Classifier, ...] = (
    classify_access_wall,
    classify_http_error,
    classify_soft_404,
    classify_empty,
)


# --------------------------------------------------------------------------
# Classification of an exception


def _raised_while_resolving(exc: BaseException) -> bool:
    """True when the exception came out of name resolution (getaddrinfo)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    for _ in range(10):  # bounded walk down the cause chain
        if current is None or id(current) in seen:
            break
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return True
        text = str(current).lower()
        if any(
            marker in text
            for marker in ("cannot resolve", "name or service not known", "nodename nor servname", "name resolution")
        ):
            return True
        if any("getaddrinfo" in frame.name for frame in traceback.extract_tb(current.__traceback__, limit=50)):
            return True
        current = current.__cause__ or current.__context__
    return False


def _mentions_tls(exc: BaseException) -> bool:
    current: BaseException | None = exc
    for _ in range(10):
        if current is None:
            break
        if isinstance(current, ssl.SSLError):
            return True
        text = str(current)
        if "SSL" in text or "TLS" in text or "CERTIFICATE" in text.upper():
            return True
        current = current.__cause__ or current.__context__
    return False


def classify_exception(exc: BaseException) -> tuple[str, str]:
    """Map a fetch failure to ``(category, detail)``."""
    import httpx  # only in a process that audits

    from prongsai.core.http import BlockedAddress, UnsupportedScheme

    message = str(exc) or type(exc).__name__
    if isinstance(exc, BlockedAddress):
        return "blocked", message
    if isinstance(exc, UnsupportedScheme | httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "unsupported", message
    if isinstance(exc, httpx.TimeoutException):
        return "timeout", f"no answer in time ({type(exc).__name__})"
    if _raised_while_resolving(exc):
        return "dns_error", f"name resolution failed: {message}"
    if _mentions_tls(exc):
        return "tls_error", message
    if isinstance(exc, httpx.TransportError):
        return "connection_error", f"{type(exc).__name__}: {message}"
    return "connection_error", f"{type(exc).__name__}: {message}"
