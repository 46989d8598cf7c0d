"""The one button that attaches a document Prongsai writes to its OIT item (see feeds.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.core.views import signed_in_user
from prongsai.disclosure import feeds
from prongsai.ita.framework import get_framework
from prongsai.orgs.access import can, get_org_for_user
from prongsai.orgs.models import Organisation


def _back(request: HttpRequest, org: Organisation, year: int, default: str | None) -> str:
    """The page the button was on (``next``, within the organisation), else ``default`` or the OIT pages."""
    wanted = request.POST.get("next", "")
    if wanted.startswith(f"/{org.slug}/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    if default:
        return default
    if get_framework(year) is None:
        return reverse("disclosure:index", kwargs={"org_slug": org.slug})
    return reverse("disclosure:year", kwargs={"org_slug": org.slug, "year": year})


def attach_response(
    request: HttpRequest, org: Organisation, year: int, feed: feeds.Feed, *, back: str | None = None
) -> HttpResponse:
    """Attach ``feed``'s documents to its item of OIT year ``year`` and say what happened (or why not)."""
    try:
        attached = feeds.feed_attach(org=org, year=year, feed=feed, by=signed_in_user(request))
    except feeds.FeedUnavailable as exc:
        messages.error(request, _("Nothing was attached: %(reason)s") % {"reason": exc})
        return redirect(_back(request, org, year, back))
    item = attached.item
    messages.success(
        request,
        _(
            "%(what)s (%(source)s) is attached to OIT item %(code)s of %(year)s: %(versions)s. "
            "The item is now “%(state)s”: it is checked, approved and published again."
        )
        % {
            "what": feed.label,
            "source": feed.source_year(year),
            "code": item.code,
            "year": year,
            "versions": feeds.version_summary(attached),
            "state": item.get_state_display(),
        },
    )
    return redirect("disclosure:item", org_slug=org.slug, year=year, item_code=item.slug)


@login_required
@require_POST
def feed_attach(request: HttpRequest, org_slug: str, year: int, feed: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    found = feeds.get_feed(feed)
    if found is None:
        raise Http404("No such feed")
    if not can(request.user, org, found.roles):
        raise PermissionDenied
    return attach_response(request, org, year, found)
