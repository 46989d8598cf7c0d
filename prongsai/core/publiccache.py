"""What the public pages show, rendered once per organisation, page and language, until something changes.

The public pages (the OIT year page and its permanent document addresses, the public progress page,
the complaint board) are read far more often than they change, by visitors who carry no cookies.
:func:`cached_public_page` keeps their answer in the cache (per process by default, shared through
Redis when ``REDIS_URL`` is set) under a key that holds the organisation's ``public_revision``.
Every write that changes what those pages show calls :func:`public_pages_changed` inside its
transaction, which moves the revision on: the next request reads the new revision (one indexed
query) and renders afresh, in every process at once, with nothing to purge.

Only anonymous GETs are cached: a request that carries any cookie but the language cookie (a
session, a CSRF or messages cookie) gets the page rendered for it, as before. Answers that set a
cookie, are not 200, or are larger than ``MAX_BODY`` are never kept.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from prongsai.core.thai import local_today

MAX_BODY = 512 * 1024  # a page or a small document; larger files are read from storage each time
TIMEOUT = 24 * 3600  # a safety net only: the revision in the key is what makes a page current
_KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Cache-Control",
    "ETag",
    "Content-Language",
    "X-Content-Type-Options",
)

View = Callable[..., HttpResponse]


def public_pages_changed(org_id: int) -> None:
    """Call inside the transaction of any write that changes an organisation's public pages."""
    from prongsai.orgs.models import Organisation

    Organisation.objects.filter(pk=org_id).update(public_revision=F("public_revision") + 1)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET":
        return False
    return not (set(request.COOKIES) - {settings.LANGUAGE_COOKIE_NAME})


def _known_params(request: HttpRequest, params: tuple[str, ...]) -> bool:
    return set(request.GET) <= set(params) and all(len(v) <= 20 for v in request.GET.values())


def _revision(org_slug: str) -> tuple[int, int] | None:
    """``(id, public_revision)`` of the organisation, or None: one indexed query on every cached answer.

    Plain SQL: the ORM's compiling of the same query (its default ordering, ``first()``) cost some 0.3 ms
    of CPU per request, more than the rest of a cached answer (benchmarks/public_pages.py).
    """
    from prongsai.orgs.models import Organisation

    with connection.cursor() as cursor:
        cursor.execute(_REVISION_SQL.format(table=connection.ops.quote_name(Organisation._meta.db_table)), [org_slug])
        row = cursor.fetchone()
    return (int(row[0]), int(row[1])) if row else None


_REVISION_SQL = "SELECT id, public_revision FROM {table} WHERE slug = %s"


def _language_of(request: HttpRequest) -> str:
    """The language an anonymous request is answered in (as core.middleware.UserLanguageMiddleware picks it)."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@functools.cache
def code_stamp() -> str:
    """What the installed code is: a digest of the modification times of the package's templates and modules.
    In the keys, so that pages kept in a shared cache (Redis) are not served again by a new release."""
    package = Path(__file__).resolve().parent.parent
    times = sorted(
        (str(path.relative_to(package)), path.stat().st_mtime_ns)
        for pattern in ("**/*.py", "**/templates/**/*.html")
        for path in package.glob(pattern)
    )
    return hashlib.sha256(repr(times).encode()).hexdigest()[:12]


def _key(request: HttpRequest, language: str) -> str:
    """The cache key of a page: the code, its language and a digest of its path and query (Thai paths
    percent-encoded run past the 250 characters memcached and Django's key check allow)."""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-page:{code_stamp()}:{language}|{digest}"


def _kept_answer(request: HttpRequest, language: str) -> HttpResponse | None:
    """The kept answer to this request if it is still current: same revision of its organisation (and day)."""
    kept = cache.get(_key(request, language))
    if kept is None:
        return None
    org_id, revision, day, status, content, headers = kept
    if _revision(request.path.split("/", 2)[1]) != (org_id, revision):
        return None
    if day is not None and day != local_today().isoformat():
        return None
    response = HttpResponse(content, status=status)
    for header, value in headers:
        response[header] = value
    response.headers.setdefault("Content-Language", language)
    patch_vary_headers(response, ("Cookie",))  # a signed-in person sees the page with their menu
    return response


class PublicPageCacheMiddleware:
    """Answers a kept public page before sessions, CSRF, authentication and messages run.

    Only what :func:`cached_public_page` kept is answered here, to the requests it would have answered from
    the cache (a GET with no cookie but the language's); anything else goes down the chain as before. The
    security headers are added by the middlewares outside this one (settings.MIDDLEWARE).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _cacheable_request(request) and request.path.count("/") >= 2:
            response = _kept_answer(request, _language_of(request))
            if response is not None:
                return response
        return self.get_response(request)


def cached_public_page(view: View | None = None, *, daily: bool = False, params: tuple[str, ...] = ()) -> Any:
    """Decorate a public view taking ``org_slug``.

    ``daily=True`` for pages whose figures follow the date; ``params`` names the query parameters the
    page reads (a request with any other, or a long value, is answered without the cache, so that
    made-up addresses cannot fill it). The answer is kept under the request's path and language with the
    organisation's revision (and the day); :class:`PublicPageCacheMiddleware` answers from it.
    """

    def decorate(func: View) -> View:
        @functools.wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if args or not _cacheable_request(request) or not _known_params(request, params):
                return func(request, *args, **kwargs)
            language = get_language() or settings.LANGUAGE_CODE
            kept = _kept_answer(request, language)
            if kept is not None:
                return kept
            revision = _revision(str(kwargs.get("org_slug", "")))
            response = func(request, *args, **kwargs)
            if (
                revision is not None
                and response.status_code == 200
                and not response.streaming
                and not response.cookies
                and len(response.content) <= MAX_BODY
            ):
                headers = [(h, response[h]) for h in _KEPT_HEADERS if h in response]
                day = local_today().isoformat() if daily else None
                entry = (*revision, day, response.status_code, response.content, headers)
                cache.set(_key(request, language), entry, TIMEOUT)
            patch_vary_headers(response, ("Cookie",))  # a signed-in person sees the page with their menu
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
