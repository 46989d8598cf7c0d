from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from prongsai.accounts.models import User

F = TypeVar("F", bound=Callable[..., Any])


def public(view: F) -> F:
    """Marks a view as public (no login): the cross-organisation walk expects 200 from it for everyone."""
    view.prongsai_public = True  # type: ignore[attr-defined]
    return view


def signed_in_user(request: HttpRequest) -> User:
    """The person behind a request of a login_required view."""
    assert isinstance(request.user, User)
    return request.user


@public
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: the process answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
