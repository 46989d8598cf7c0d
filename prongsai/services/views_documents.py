"""The catalogue's documents for staff: the whole catalogue as PDF/DOCX and the button that attaches it to the year's
OIT service-manual item (and the catalogue's address to the E-Service item)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from prongsai.core.thai import fiscal_year, local_today
from prongsai.core.uploads import safe_download_response
from prongsai.core.views import signed_in_user
from prongsai.disclosure.feed_views import attach_response
from prongsai.disclosure.feeds import FeedUnavailable, get_feed
from prongsai.orgs.access import ORG_ADMINS
from prongsai.services import access, documents, oit


@login_required
@require_GET
def catalogue_document(request: HttpRequest, org_slug: str, ext: str) -> HttpResponse:
    if ext not in documents.CONTENT_TYPES:
        raise Http404("No such format")
    org = access.org_for(request, org_slug)
    content = documents.render_catalogue(org, ext)
    return safe_download_response(
        content, filename=f"service-catalogue-{org.slug}.{ext}", content_type=documents.CONTENT_TYPES[ext]
    )


@login_required
@require_POST
def attach_oit(request: HttpRequest, org_slug: str) -> HttpResponse:
    """This fiscal year's catalogue PDF on the service-manual item, then the catalogue's address on E-Service."""
    org = access.org_for(request, org_slug, ORG_ADMINS)
    year = fiscal_year(local_today())
    feed = get_feed(oit.KEY)
    assert feed is not None  # registered by the app
    back = reverse("services:index", kwargs={"org_slug": org.slug})
    try:
        link = oit.link_eservice(org, year, by=signed_in_user(request))
    except FeedUnavailable as exc:
        messages.warning(request, _("The catalogue's address was not linked: %(reason)s") % {"reason": exc})
    else:
        if link is not None:
            messages.info(request, _("The catalogue's public address is linked on the E-Service item."))
    return attach_response(request, org, year, feed, back=back)
