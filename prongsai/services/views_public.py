"""The public catalogue (no sign-in): the services in force and one page per service, current revision and its
date only — never who saved it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from prongsai.core.publiccache import cached_public_page
from prongsai.core.uploads import safe_download_response
from prongsai.core.views import public
from prongsai.orgs.models import Organisation
from prongsai.services import documents, selectors
from prongsai.services.models import Service, ServiceForm


def _in_force(org_slug: str, service_id: int) -> Service:
    org = get_object_or_404(Organisation, slug=org_slug)
    found = selectors.catalogue(org).filter(pk=service_id).select_related("organisation").first()
    if found is None:
        raise Http404("No such service")
    return found


@public
@require_GET
@cached_public_page
def public_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=org_slug)
    return render(request, "services/public_list.html", {"org": org, "services": selectors.catalogue(org)})


@public
@require_GET
@cached_public_page
def public_service(request: HttpRequest, org_slug: str, service_id: int) -> HttpResponse:
    found = _in_force(org_slug, service_id)
    context = {
        "org": found.organisation,
        "service": found,
        "revision": found.current,
        "forms": selectors.forms_of(found),
    }
    return render(request, "services/public_service.html", context)


@public
@require_GET
def public_form(request: HttpRequest, org_slug: str, service_id: int, form_id: int) -> HttpResponse:
    found = _in_force(org_slug, service_id)
    item = get_object_or_404(ServiceForm, service=found, pk=form_id, removed_at__isnull=True)
    with item.file.open("rb") as file:
        content = file.read()
    name = item.file.name.rsplit("/", 1)[-1]
    return safe_download_response(content, filename=name, content_type=item.content_type)


@public
@require_GET
def public_sheet(request: HttpRequest, org_slug: str, service_id: int, ext: str) -> HttpResponse:
    """The printable step sheet of a service in force (PDF or DOCX)."""
    if ext not in documents.CONTENT_TYPES:
        raise Http404("No such format")
    found = _in_force(org_slug, service_id)
    content = documents.render_step_sheet(found, ext)
    return safe_download_response(
        content, filename=f"service-{found.pk}.{ext}", content_type=documents.CONTENT_TYPES[ext]
    )
