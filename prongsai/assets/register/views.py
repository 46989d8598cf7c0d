"""Staff pages of the register: the list, an asset with its one history, create and edit, photos, disposal,
damage reports, moves and the custodians of each unit. Roles: see ``assets/access.py``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.assets import access
from prongsai.assets.models import Asset, Custodian
from prongsai.assets.register import selectors, services
from prongsai.assets.register.forms import (
    AssetForm,
    CustodianForm,
    DamageForm,
    DisposalForm,
    EndCustodianForm,
    MoveForm,
    PhotoForm,
)
from prongsai.core import history_text
from prongsai.core.forms import date_input_text
from prongsai.core.thai import local_today
from prongsai.core.views import signed_in_user
from prongsai.orgs.access import ORG_MEMBERS, can, get_org_for_user
from prongsai.orgs.models import Organisation
from prongsai.orgs.views import staff_context

PAGE_SIZE = 100


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _managed_units(request: HttpRequest, org: Organisation) -> Any:
    ids = access.manageable_unit_ids(request.user, org)
    units = org.units.all()
    return units if ids is None else units.filter(pk__in=ids)


def loan_url(org: Organisation, code: str) -> str:
    """The loans part's "borrow this asset" page, when that part is installed."""
    try:
        return reverse("assets:loan_new", kwargs={"org_slug": org.slug, "code": code})
    except NoReverseMatch:
        return ""


def actions_for(request: HttpRequest, asset: Asset) -> dict[str, Any]:
    """The actions the signed-in person may take on the asset (the detail page and the QR page)."""
    user = request.user
    manage = access.can_manage(user, asset)
    live = asset.status != Asset.Status.DISPOSED
    return {
        "can_manage": manage and live,
        "can_dispose": manage and live,
        "can_move": manage and live,
        "can_report_damage": access.can_report_damage(user, asset),
        "loan_url": loan_url(asset.organisation, asset.code)
        if live and access.can_read(user, asset) and can(user, asset.organisation, ORG_MEMBERS)
        else "",
    }


@login_required
@require_GET
def asset_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    filters = selectors.Filters.from_query(request.GET)
    assets = selectors.filtered(access.readable(request.user, org), filters)
    page = Paginator(assets, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = staff_context(
        request,
        org,
        page=page,
        rows=selectors.with_answerable(page.object_list, org),
        filters=filters,
        units=org.units.all(),
        statuses=Asset.Status.choices,
        categories=selectors.categories(org),
        query=query.urlencode(),
        can_manage_some=access.can_manage_some(request.user, org),
        can_import=access.manages_all(request.user, org),
        reads_all=access.reads_all(request.user, org),
    )
    return render(request, "assets/register/list.html", context)


@login_required
@require_GET
def asset_detail(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    from prongsai.assets.register.qr import asset_url, qr_svg
    from prongsai.core.documents import data_uri

    asset = access.get_asset(request, org_slug, code)
    org = asset.organisation
    disposal = getattr(asset, "disposal", None) if asset.status == Asset.Status.DISPOSED else None
    url = asset_url(org, asset.code)
    context = staff_context(
        request,
        org,
        asset=asset,
        answerable=selectors.answerable(asset),
        photos=asset.photos.all(),
        disposal=disposal,
        history=history_text.history(asset, limit=100),
        public_url=url,
        qr=data_uri(qr_svg(url), "image/svg+xml"),
        **actions_for(request, asset),
    )
    return render(request, "assets/register/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def asset_new(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.get_org_for_manager(request, org_slug)
    units = _managed_units(request, org)
    form = AssetForm(request.POST or None, organisation=org, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            asset = services.asset_create(organisation=org, fields=form.cleaned_data, by=signed_in_user(request))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The asset was added to the register."))
            return redirect("assets:detail", org_slug=org.slug, code=asset.code)
    return render(request, "assets/register/form.html", staff_context(request, org, form=form, asset=None))


@login_required
@require_http_methods(["GET", "POST"])
def asset_edit(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    asset = access.get_asset(request, org_slug, code, manage=True)
    org = asset.organisation
    if asset.status == Asset.Status.DISPOSED:
        raise PermissionDenied
    code = asset.code  # the form writes the typed number onto the instance, valid or not
    form = AssetForm(request.POST or None, instance=asset, organisation=org, units=_managed_units(request, org))
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_update(asset=asset, fields=form.cleaned_data, by=signed_in_user(request))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The asset was saved."))
            return redirect("assets:detail", org_slug=org.slug, code=asset.code)
    return render(request, "assets/register/form.html", staff_context(request, org, form=form, asset=asset, code=code))


@login_required
@require_http_methods(["GET", "POST"])
def photo_add(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    asset = access.get_asset(request, org_slug, code, manage=True)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.asset_photo_add(
            asset=asset,
            photo=form.cleaned_data["photo"],
            caption=form.cleaned_data["caption"],
            by=signed_in_user(request),
        )
        messages.success(request, _("The photo was added."))
        return redirect("assets:detail", org_slug=asset.organisation.slug, code=asset.code)
    return render(
        request, "assets/register/photo_form.html", staff_context(request, asset.organisation, form=form, asset=asset)
    )


@login_required
@require_http_methods(["GET", "POST"])
def dispose(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    asset = access.get_asset(request, org_slug, code, manage=True)
    if asset.status == Asset.Status.DISPOSED:
        raise PermissionDenied
    form = DisposalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.asset_dispose(
                asset=asset,
                method=d["method"],
                disposed_on=d["disposed_on"],
                reason=d["reason"],
                reference=d.get("reference") or "",
                document=d.get("document_file"),
                proceeds=d.get("proceeds"),
                by=signed_in_user(request),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The disposal was recorded; the asset stays in the register as disposed of."))
            return redirect("assets:detail", org_slug=asset.organisation.slug, code=asset.code)
    return render(
        request, "assets/register/dispose.html", staff_context(request, asset.organisation, form=form, asset=asset)
    )


def _back_to(request: HttpRequest, asset: Asset) -> HttpResponse:
    if request.POST.get("from") == "scan":
        return redirect("assets:scan", org_slug=asset.organisation.slug, code=asset.code)
    return redirect("assets:detail", org_slug=asset.organisation.slug, code=asset.code)


@login_required
@require_http_methods(["GET", "POST"])
def report_damage(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    asset = get_object_or_404(Asset.objects.select_related("organisation", "unit"), organisation=org, code=code)
    if not access.can_report_damage(request.user, asset):
        raise PermissionDenied
    form = DamageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.asset_report_damage(
            asset=asset, what=form.cleaned_data["what"], status=form.cleaned_data["status"], by=signed_in_user(request)
        )
        messages.success(request, _("Thank you: the report was recorded in the asset's history."))
        if not access.can_read(request.user, asset):
            return redirect("assets:scan", org_slug=org.slug, code=asset.code)
        return _back_to(request, asset)
    return render(request, "assets/register/damage.html", staff_context(request, org, form=form, asset=asset))


@login_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    asset = access.get_asset(request, org_slug, code, manage=True)
    org = asset.organisation
    if asset.status == Asset.Status.DISPOSED:
        raise PermissionDenied
    units = _managed_units(request, org) if access.manages_all(request.user, org) else None
    form = MoveForm(request.POST or None, units=units, initial={"room": asset.room, "unit": asset.unit})
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_move(
                asset=asset,
                room=form.cleaned_data["room"],
                unit=form.cleaned_data.get("unit"),
                note=form.cleaned_data.get("note") or "",
                by=signed_in_user(request),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The move was recorded."))
            return _back_to(request, asset)
    return render(request, "assets/register/move.html", staff_context(request, org, form=form, asset=asset))


@login_required
@require_http_methods(["GET", "POST"])
def custodians(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    units = _managed_units(request, org)
    may_appoint = access.can_manage_some(request.user, org)
    form = CustodianForm(request.POST or None, organisation=org, units=units) if may_appoint else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.custodian_appoint(
                    organisation=org,
                    unit=d["unit"],
                    user=d["user"],
                    starts_on=d["starts_on"],
                    ends_on=d.get("ends_on"),
                    order_reference=d.get("order_reference") or "",
                    by=signed_in_user(request),
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The custodian was appointed."))
                return redirect("assets:custodians", org_slug=org.slug)
    current = {c.pk for c in selectors.current_custodians(org)}
    appointments = Custodian.objects.filter(organisation=org).select_related("unit", "user")
    manageable = access.manageable_unit_ids(request.user, org)
    rows = [
        {
            "c": c,
            "current": c.pk in current,
            "can_end": (manageable is None or c.unit_id in manageable) and c.ends_on is None,
        }
        for c in appointments
    ]
    context = staff_context(
        request,
        org,
        rows=rows,
        form=form,
        today_text=date_input_text(local_today()),
        summary=selectors.summary(org),
    )
    return render(request, "assets/register/custodians.html", context)


@login_required
@require_POST
def custodian_end(request: HttpRequest, org_slug: str, custodian_id: int) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    custodian = get_object_or_404(
        Custodian.objects.select_related("unit", "organisation"), pk=custodian_id, organisation=org
    )
    if not access.can_manage_unit(request.user, org, custodian.unit_id):
        raise PermissionDenied
    form = EndCustodianForm(request.POST)
    if form.is_valid():
        try:
            services.custodian_end(
                custodian=custodian, ends_on=form.cleaned_data["ends_on"], by=signed_in_user(request)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The appointment was ended."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("assets:custodians", org_slug=org.slug)
