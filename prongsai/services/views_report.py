"""The service times report's staff download and the import of sampled times.

Every member reads the report (``…/staff/services/report.<ext>?year=2569&quarter=2``; the current fiscal year by
default). Executives, the ITA coordinator and the head of a service's unit import its sampled times.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from prongsai.core.importing.web import import_page, template_response
from prongsai.core.thai import fiscal_year, local_today, parse_be_year
from prongsai.core.uploads import safe_download_response
from prongsai.core.views import signed_in_user
from prongsai.orgs.views import staff_context
from prongsai.services import access
from prongsai.services.report import report_data
from prongsai.services.times_import import SPEC, times_import


@login_required
@require_GET
def report(request: HttpRequest, org_slug: str, ext: str) -> HttpResponse:
    from prongsai.services.report_documents import CONTENT_TYPES, render  # the document libraries: only here

    if ext not in CONTENT_TYPES:
        raise Http404("No such format")
    org = access.org_for(request, org_slug)
    try:
        year = parse_be_year(request.GET.get("year") or str(fiscal_year(local_today())))
        quarter = int(request.GET.get("quarter") or 0) or None
    except ValueError as exc:
        raise Http404("No such period") from exc
    if quarter not in (None, 1, 2, 3, 4):
        raise Http404("No such quarter")
    content = render(report_data(org, year=year, quarter=quarter), ext)
    name = f"service-times-{org.slug}-{year}" + (f"-q{quarter}" if quarter else "")
    return safe_download_response(content, filename=f"{name}.{ext}", content_type=CONTENT_TYPES[ext])


@login_required
@require_http_methods(["GET", "POST"])
def times_import_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug, access.MANAGERS)
    units = access.manageable_units(request.user, org)

    def run(file_name: str, content: UploadedFile) -> str:
        done = times_import(org=org, file_name=file_name, content=content, user=signed_in_user(request), units=units)
        return _("Imported %(count)s sampled service time(s).") % {"count": done.count}

    return import_page(
        request,
        SPEC,
        run=run,
        success_url=reverse("services:index", kwargs={"org_slug": org.slug}),
        template="services/times_import.html",
        template_url=reverse("services:times_template", kwargs={"org_slug": org.slug, "template_fmt": "xlsx"}),
        template_csv_url=reverse("services:times_template", kwargs={"org_slug": org.slug, "template_fmt": "csv"}),
        organisation=org,
        context=lambda page: staff_context(request, org, **page),
    )


@login_required
@require_GET
def times_template(request: HttpRequest, org_slug: str, template_fmt: str) -> HttpResponse:
    org = access.org_for(request, org_slug, access.MANAGERS)
    return template_response(SPEC, fmt=template_fmt, organisation=org)
