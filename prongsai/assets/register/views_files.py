"""Files of the register: the import page and its template, the XLSX export, label sheets, photos and disposal documents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from prongsai.assets import access
from prongsai.assets.models import Asset, AssetPhoto
from prongsai.assets.register import selectors
from prongsai.assets.register.forms import LabelsForm
from prongsai.core.importing.web import XLSX_TYPE, import_page, template_response
from prongsai.core.thai import local_today
from prongsai.core.views import signed_in_user
from prongsai.orgs.access import ORG_ADMINS, get_org_for_user
from prongsai.orgs.views import staff_context


@login_required
@require_http_methods(["GET", "POST"])
def asset_import(request: HttpRequest, org_slug: str) -> HttpResponse:
    from prongsai.assets.register.importing import SPEC
    from prongsai.assets.register.importing import asset_import as run_import

    org = get_org_for_user(request, org_slug, roles=ORG_ADMINS)

    def run(file_name: str, content: UploadedFile) -> str:
        summary = run_import(organisation=org, file_name=file_name, content=content, by=signed_in_user(request))
        return _("Imported: %(created)s new asset(s), %(updated)s updated, %(unchanged)s unchanged.") % {
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
        }

    return import_page(
        request,
        SPEC,
        run=run,
        success_url=reverse("assets:list", kwargs={"org_slug": org.slug}),
        template="assets/register/import.html",
        template_url=reverse("assets:import_template", kwargs={"org_slug": org.slug, "template_format": "xlsx"}),
        template_csv_url=reverse("assets:import_template", kwargs={"org_slug": org.slug, "template_format": "csv"}),
        organisation=org,
        context=lambda page: staff_context(request, org, **page),
    )


@login_required
@require_GET
def import_template(request: HttpRequest, org_slug: str, template_format: str) -> HttpResponse:
    from prongsai.assets.register.importing import SPEC

    org = get_org_for_user(request, org_slug, roles=ORG_ADMINS)
    return template_response(SPEC, fmt=template_format, organisation=org)


@login_required
@require_GET
def export(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The register as XLSX: what the person may read, with the list's filters."""
    from prongsai.assets.register.export import register_xlsx
    from prongsai.core.uploads import safe_download_response

    org = get_org_for_user(request, org_slug)
    assets = selectors.filtered(access.readable(request.user, org), selectors.Filters.from_query(request.GET))
    content = register_xlsx(assets, title=_("Asset register"))
    return safe_download_response(
        content, filename=f"asset-register-{org.slug}-{local_today().isoformat()}.xlsx", content_type=XLSX_TYPE
    )


@login_required
@require_http_methods(["GET", "POST"])
def labels(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Choose the label stock, the unit or the numbers, and download the sheets as PDF."""
    from prongsai.assets.register.labels import DEFAULT_STOCK, labels_for, labels_pdf
    from prongsai.core.uploads import safe_download_response

    org = access.get_org_for_manager(request, org_slug)
    ids = access.manageable_unit_ids(request.user, org)
    units = org.units.all() if ids is None else org.units.filter(pk__in=ids)
    form = LabelsForm(
        request.POST or None,
        units=units,
        initial={"stock": DEFAULT_STOCK, "codes": request.GET.get("codes", "")[:2000]},
    )
    missing: list[str] = []
    if request.method == "POST" and form.is_valid():
        assets = Asset.objects.filter(organisation=org).exclude(status=Asset.Status.DISPOSED)
        if ids is not None:
            assets = assets.filter(unit_id__in=ids)
        if form.cleaned_data.get("unit"):
            assets = assets.filter(unit=form.cleaned_data["unit"])
        codes = form.code_list()
        if codes:
            assets = assets.filter(code__in=codes)
            found = set(assets.values_list("code", flat=True))
            missing = [c for c in codes if c not in found]
        if missing:
            form.add_error(
                "codes",
                _("Not in the register (or not yours to label): %(codes)s") % {"codes": ", ".join(missing[:20])},
            )
        else:
            order = {code: i for i, code in enumerate(codes)}
            ordered = sorted(assets, key=lambda a: order[a.code]) if codes else list(assets.order_by("code"))
            pdf = labels_pdf(org.name, labels_for(ordered, org), stock=form.cleaned_data["stock"])
            return safe_download_response(pdf, filename=f"asset-labels-{org.slug}.pdf", content_type="application/pdf")
    return render(request, "assets/register/labels.html", staff_context(request, org, form=form))


@login_required
@require_GET
def photo(request: HttpRequest, org_slug: str, code: str, photo_id: int) -> HttpResponse:
    from prongsai.core.uploads import safe_download_response

    asset = access.get_asset(request, org_slug, code)
    item = get_object_or_404(AssetPhoto, pk=photo_id, asset=asset)
    with item.file.open("rb") as handle:
        content = handle.read()
    content_type = "image/png" if item.file.name.lower().endswith(".png") else "image/jpeg"
    return safe_download_response(
        content, filename=item.file.name.rsplit("/", 1)[-1], content_type=content_type, inline_images=True
    )


@login_required
@require_GET
def disposal_document(request: HttpRequest, org_slug: str, disposal_id: int) -> HttpResponse:
    from prongsai.assets.models import Disposal
    from prongsai.core.uploads import safe_download_response, sniff

    org = get_org_for_user(request, org_slug)
    disposal = get_object_or_404(Disposal.objects.select_related("asset"), pk=disposal_id, asset__organisation=org)
    asset = access.get_asset(request, org_slug, disposal.asset.code)
    if not disposal.document:
        raise Http404("No document")
    with disposal.document.open("rb") as handle:
        content = handle.read()
    kind = sniff(content)
    del asset
    return safe_download_response(
        content,
        filename=disposal.document.name.rsplit("/", 1)[-1],
        content_type=kind.content_type if kind else "application/octet-stream",
    )
