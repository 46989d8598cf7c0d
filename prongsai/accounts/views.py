from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from prongsai.accounts import throttle
from prongsai.accounts.services import user_set_language
from prongsai.core.views import public
from prongsai.orgs.access import organisations_for


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        """A try refused by the throttle (accounts.throttle) says so, with 429 and the minutes to wait."""
        until = getattr(self.request, throttle.THROTTLED, None)
        if until is None:
            return super().form_invalid(form)
        minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
        response = render(self.request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
        response["Retry-After"] = str(minutes * 60)
        return response


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """After sign-in: straight to the dashboard when the person has one organisation."""
    orgs = list(organisations_for(request.user)[:2])
    if len(orgs) == 1:
        return redirect("orgs:dashboard", org_slug=orgs[0].slug)
    return redirect("home")


@public
@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: kept on the account when signed in (POST), else in a cookie.

    Visitors switch with a plain link (GET), so that public pages need no form and set no CSRF cookie;
    a GET only ever sets the language cookie, never the account.
    """
    data = request.POST if request.method == "POST" else request.GET
    language = data.get("language", "")
    target = data.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.method == "POST" and request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
        httponly=True,
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first; POST marks them all read."""
    from django.shortcuts import render
    from django.utils import timezone

    items = request.user.notifications.all()  # type: ignore[union-attr]
    if request.method == "POST":
        items.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("accounts:notifications")
    return render(request, "accounts/notifications.html", {"items": items[:100]})
