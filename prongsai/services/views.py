"""The catalogue's staff pages: the list, a service with every revision, add, edit (a new revision), withdraw,
the downloadable forms, the import and the XLSX export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.core.importing.web import import_page as import_page_response
from prongsai.core.importing.web import template_response
from prongsai.core.uploads import MAX_UPLOAD_BYTES, Kind, UploadRejected, clean_upload, safe_download_response
from prongsai.core.views import signed_in_user
from prongsai.orgs.access import ORG_ADMINS, can
from prongsai.orgs.views import staff_context
from prongsai.services import access, documents, selectors, services
from prongsai.services.forms import FileForm, ServiceEntryForm, WithdrawForm
from prongsai.services.importing import SPEC, catalogue_xlsx, services_import
from prongsai.services.models import ServiceForm

FORM_KINDS = frozenset({Kind.PDF, Kind.DOCX, Kind.XLSX})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def index(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug)
    withdrawn = request.GET.get("withdrawn") == "1"
    context = staff_context(
        request,
        org,
        services=selectors.catalogue(org, withdrawn=withdrawn),
        withdrawn=withdrawn,
        may_add=access.may_add(request.user, org),
        may_attach=can(request.user, org, ORG_ADMINS),
    )
    return render(request, "services/index.html", context)


def _errors(form: ServiceEntryForm, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
@require_http_methods(["GET", "POST"])
def service_new(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug, access.MANAGERS)
    units = access.manageable_units(request.user, org)
    if units == []:
        raise PermissionDenied("Heads no unit")
    form = ServiceEntryForm(request.POST or None, org=org, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(
                organisation=org, content=form.content(), by=signed_in_user(request), note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The service is in the catalogue."))
            return redirect("services:service", org_slug=org.slug, service_id=service.pk)
    return render(request, "services/service_form.html", staff_context(request, org, form=form, service=None))


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, org_slug: str, service_id: int) -> HttpResponse:
    service = access.service_for(request, org_slug, service_id, manage=True)
    org = service.organisation
    units = access.manageable_units(request.user, org)
    initial = ServiceEntryForm.initial_from(service.current) if service.current else {}
    form = ServiceEntryForm(request.POST or None, org=org, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.service_revise(
                service=service, content=form.content(), by=signed_in_user(request), note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            if made is None:
                messages.info(request, _("Nothing changed: no new revision."))
            else:
                messages.success(request, _("Saved as revision %(number)s.") % {"number": made.number})
            return redirect("services:service", org_slug=org.slug, service_id=service.pk)
    return render(request, "services/service_form.html", staff_context(request, org, form=form, service=service))


@login_required
@require_GET
def service(request: HttpRequest, org_slug: str, service_id: int) -> HttpResponse:
    found = access.service_for(request, org_slug, service_id)
    org = found.organisation
    context = staff_context(
        request,
        org,
        service=found,
        revision=found.current,
        revisions=selectors.revisions_of(found),
        forms=selectors.forms_of(found),
        may_manage=access.may_manage(request.user, found),
        withdraw_form=WithdrawForm(),
        file_form=FileForm(),
    )
    return render(request, "services/service.html", context)


@login_required
@require_GET
def sheet(request: HttpRequest, org_slug: str, service_id: int, ext: str) -> HttpResponse:
    """The printable step sheet of the current revision (PDF or DOCX), also of a withdrawn service."""
    if ext not in documents.CONTENT_TYPES:
        raise Http404("No such format")
    found = access.service_for(request, org_slug, service_id)
    content = documents.render_step_sheet(found, ext)
    return safe_download_response(
        content, filename=f"service-{found.pk}.{ext}", content_type=documents.CONTENT_TYPES[ext]
    )


@login_required
@require_GET
def revision(request: HttpRequest, org_slug: str, service_id: int, revision_number: int) -> HttpResponse:
    found = access.service_for(request, org_slug, service_id)
    shown = get_object_or_404(found.revisions.select_related("unit", "created_by"), number=revision_number)
    context = staff_context(request, found.organisation, service=found, revision=shown)
    return render(request, "services/revision.html", context)


@login_required
@require_POST
def service_withdraw(request: HttpRequest, org_slug: str, service_id: int) -> HttpResponse:
    found = access.service_for(request, org_slug, service_id, manage=True)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the service is withdrawn."))
    else:
        try:
            services.service_withdraw(service=found, by=signed_in_user(request), reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The service is withdrawn; its revisions are kept."))
    return redirect("services:service", org_slug=org_slug, service_id=found.pk)


@login_required
@require_POST
def form_add(request: HttpRequest, org_slug: str, service_id: int) -> HttpResponse:
    found = access.service_for(request, org_slug, service_id, manage=True)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Give the form a title and choose its file."))
        return redirect("services:service", org_slug=org_slug, service_id=found.pk)
    try:
        clean = clean_upload(
            form.cleaned_data["file"], allowed=FORM_KINDS, max_bytes=MAX_UPLOAD_BYTES, strip_document_metadata=True
        )
        services.form_add(service=found, title=form.cleaned_data["title"], upload=clean, by=signed_in_user(request))
    except UploadRejected as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The form can be downloaded from the service's public page."))
    return redirect("services:service", org_slug=org_slug, service_id=found.pk)


@login_required
@require_POST
def form_remove(request: HttpRequest, org_slug: str, service_id: int, form_id: int) -> HttpResponse:
    found = access.service_for(request, org_slug, service_id, manage=True)
    item = get_object_or_404(ServiceForm, service=found, pk=form_id, removed_at__isnull=True)
    services.form_remove(form=item)
    return redirect("services:service", org_slug=org_slug, service_id=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug, access.MANAGERS)
    units = access.manageable_units(request.user, org)

    def run(file_name: str, content: UploadedFile) -> str:
        done = services_import(org=org, file_name=file_name, content=content, user=signed_in_user(request), units=units)
        return _("Imported: %(created)s new service(s), %(revised)s new revision(s), %(unchanged)s unchanged.") % {
            "created": done.created,
            "revised": done.revised,
            "unchanged": done.unchanged,
        }

    return import_page_response(
        request,
        SPEC,
        run=run,
        success_url=reverse("services:index", kwargs={"org_slug": org.slug}),
        template="services/import.html",
        template_url=reverse("services:import_template", kwargs={"org_slug": org.slug, "template_fmt": "xlsx"}),
        template_csv_url=reverse("services:import_template", kwargs={"org_slug": org.slug, "template_fmt": "csv"}),
        organisation=org,
        context=lambda page: staff_context(request, org, **page),
    )


@login_required
@require_GET
def import_template(request: HttpRequest, org_slug: str, template_fmt: str) -> HttpResponse:
    org = access.org_for(request, org_slug, access.MANAGERS)
    return template_response(SPEC, fmt=template_fmt, organisation=org)


@login_required
@require_GET
def export(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug)
    return safe_download_response(catalogue_xlsx(org), filename=f"services-{org.slug}.xlsx", content_type=XLSX)
