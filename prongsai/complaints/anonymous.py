"""What keeps the reporting pages anonymous: a middleware and a cookie-free form check.

`AnonymousReportingMiddleware` runs first for every request under `/<slug>/complaints/`
(the public reporting pages; staff pages live under `/<slug>/staff/complaints/`). It turns
the client's address (behind a proxy of `TRUSTED_PROXIES`, the address that proxy saw) and
the organisation of the path into an opaque throttle bucket (`receipts.client_bucket`), then removes
the address, forwarding headers, user agent, referrer and every cookie but the language
from the request, so no later code, log or error report can see them; on the way out it
drops any cookie a view tried to set and adds `Referrer-Policy: no-referrer`,
`Cache-Control: no-store` and `X-Robots-Tag: noindex`.

Django's CSRF check needs a cookie and rejects the `Origin: null` that browsers send with a
POST from a `no-referrer` page, so these forms carry their own guard instead: a signed,
expiring token made for the page (`form_token`) whose nonce files one report only (`onetime.py`), and a refusal of any POST that the browser
marks as coming from another site (`Sec-Fetch-Site`). The reporter's later actions also need
the case token, which only the reporter's own page holds.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from prongsai.complaints import receipts
from prongsai.core.quietlog import is_reporting_path

STRIPPED = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_USER_AGENT",
    "HTTP_REFERER",
    "HTTP_COOKIE",
    "HTTP_SEC_CH_UA",
    "HTTP_SEC_CH_UA_MOBILE",
    "HTTP_SEC_CH_UA_PLATFORM",
)
FORM_SALT = "prongsai.complaints.form"
FORM_MAX_AGE = 4 * 60 * 60  # a report may take a while to write
CASE_SALT = "prongsai.complaints.case"
CASE_MAX_AGE = 30 * 60  # the reporter's view of a case, as GlobaLeaks' session


def is_anonymous_path(path: str) -> bool:
    return is_reporting_path(path)


class AnonymousReportingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_anonymous_path(request.path_info):
            return self.get_response(request)
        address = receipts.client_address(
            request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", "")
        )
        slug = request.path_info.split("/", 2)[1]
        request.anonymous_bucket = receipts.client_bucket(slug, address)  # type: ignore[attr-defined]
        del address
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        for name in STRIPPED:
            request.META.pop(name, None)
        request.COOKIES = {settings.LANGUAGE_COOKIE_NAME: language} if language else {}
        request.META["REMOTE_ADDR"] = "0.0.0.0"  # noqa: S104 (a placeholder, not a bind address)
        request.anonymous_reporting = True  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.cookies.clear()
        response.headers.pop("Set-Cookie", None)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response


def form_token(purpose: str) -> str:
    """A signed, expiring token for one form of the reporting pages (no cookie involved)."""
    return form_token_with_challenge(purpose)[0]


def form_token_with_challenge(purpose: str) -> tuple[str, str]:
    """A form token and its one-time nonce (the challenge of a proof of work, when one is asked for)."""
    nonce = secrets.token_hex(16)
    return signing.dumps({"p": purpose, "n": nonce}, salt=FORM_SALT), nonce


def check_form_token(request: HttpRequest, purpose: str) -> str | None:
    """The token's nonce when the POST carries a valid token for ``purpose`` from this site, else None."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in {"same-origin", "none"}:
        return None
    try:
        data = signing.loads(request.POST.get("form_token", ""), salt=FORM_SALT, max_age=FORM_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != purpose:
        return None
    return str(data.get("n", ""))


def case_token(case_id: int) -> str:
    """The reporter's key to one case for the next half hour, carried in the page's forms, never in a cookie."""
    return signing.dumps({"c": case_id}, salt=CASE_SALT)


def case_from_token(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=CASE_SALT, max_age=CASE_MAX_AGE)
    except signing.BadSignature:
        return None
    return int(data["c"]) if isinstance(data, dict) and isinstance(data.get("c"), int) else None
