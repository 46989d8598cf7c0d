"""The vehicles staff pages: the register, a vehicle (rates, logbook, fuel), past trips, fuel slips, the import,
the report, the Do & Don't list and its poster; the public monthly use page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.core.history_text import history
from prongsai.core.importing.web import import_page as import_page_response
from prongsai.core.importing.web import template_response
from prongsai.core.publiccache import cached_public_page
from prongsai.core.thai import fiscal_year, local_today
from prongsai.core.uploads import safe_download_response
from prongsai.core.views import public, signed_in_user
from prongsai.orgs.access import can, roles_for
from prongsai.orgs.models import Organisation
from prongsai.orgs.views import staff_context
from prongsai.vehicles import access, documents, poster, selectors, services, trip_services
from prongsai.vehicles.forms import FuelForm, RateForm, ReportForm, RuleForm, TripRecordForm, VehicleForm
from prongsai.vehicles.importing import SPEC, vehicles_import
from prongsai.vehicles.models import UseRule, Vehicle


def _errors(form: object, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)  # type: ignore[attr-defined]


@login_required
@require_GET
def index(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug)
    user = signed_in_user(request)
    vehicles = list(Vehicle.objects.filter(organisation=org).select_related("custodian"))
    data = selectors.report_data(org, selectors.this_month())
    context = staff_context(
        request,
        org,
        vehicles=vehicles,
        open_trips=selectors.open_trips(org),
        waiting=selectors.waiting_for(org, user, roles_for(user, org)),
        mine=org.vehicle_requests.filter(requester=user).select_related("vehicle")[:10],
        flags=data["flags"],
        labels=documents.flag_labels(),
        month=data["period"]["label"],
        may_manage=access.may_manage(request, org),
    )
    return render(request, "vehicles/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def vehicle_new(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug, access.MANAGERS)
    form = VehicleForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        drivers = data.pop("drivers")
        try:
            vehicle = services.vehicle_create(organisation=org, by=signed_in_user(request), drivers=drivers, **data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return redirect("vehicles:vehicle", org_slug=org.slug, plate=vehicle.slug)
    return render(request, "vehicles/vehicle_form.html", staff_context(request, org, form=form, vehicle=None))


@login_required
@require_http_methods(["GET", "POST"])
def vehicle_edit(request: HttpRequest, org_slug: str, plate: str) -> HttpResponse:
    vehicle = access.vehicle_for(request, org_slug, plate, access.MANAGERS)
    org = vehicle.organisation
    form = VehicleForm(request.POST or None, instance=Vehicle.objects.get(pk=vehicle.pk), org=org)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        drivers = data.pop("drivers")
        try:
            vehicle = services.vehicle_update(vehicle=vehicle, by=signed_in_user(request), drivers=drivers, **data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return redirect("vehicles:vehicle", org_slug=org.slug, plate=vehicle.slug)
    return render(request, "vehicles/vehicle_form.html", staff_context(request, org, form=form, vehicle=vehicle))


@login_required
@require_GET
def vehicle(request: HttpRequest, org_slug: str, plate: str) -> HttpResponse:
    found = access.vehicle_for(request, org_slug, plate)
    org = found.organisation
    today = local_today()
    data = selectors.report_data(org, selectors.Period.month(today.year, today.month), vehicle=found)
    context = staff_context(
        request,
        org,
        vehicle=found,
        rates=found.rates.all(),
        trips=found.trips.select_related("driver", "approved_by", "request")[:30],
        slips=found.fuel_slips.order_by("-date", "-odometer")[:20],
        summary=data["vehicles"][0] if data["vehicles"] else None,
        qr_url=poster.vehicle_url(org, found.slug),
        may_manage=access.may_manage(request, org),
        rate_form=RateForm(),
        history=history(found, limit=30),
    )
    return render(request, "vehicles/vehicle.html", context)


@login_required
@require_GET
def vehicle_qr(request: HttpRequest, org_slug: str, plate: str) -> HttpResponse:
    """The QR code of the vehicle's permanent logbook address, as a PNG to print and stick in the car."""
    found = access.vehicle_for(request, org_slug, plate)
    png = poster.qr_png(poster.vehicle_url(found.organisation, found.slug), scale=12)
    return safe_download_response(png, filename=f"qr-{found.pk}.png", content_type="image/png")


@login_required
@require_POST
def rate_add(request: HttpRequest, org_slug: str, plate: str) -> HttpResponse:
    found = access.vehicle_for(request, org_slug, plate, access.MANAGERS)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.rate_set(vehicle=found, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The announced rate is saved."))
    else:
        messages.error(request, _("Check the fiscal year and the rate."))
    return redirect("vehicles:vehicle", org_slug=org_slug, plate=found.slug)


@login_required
@require_http_methods(["GET", "POST"])
def fuel_new(request: HttpRequest, org_slug: str, plate: str) -> HttpResponse:
    found = access.vehicle_for(request, org_slug, plate, access.USERS)
    org = found.organisation
    form = FuelForm(request.POST or None, initial={"date": local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            trip_services.fuel_add(vehicle=found, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The fuel slip is saved."))
            return redirect("vehicles:vehicle", org_slug=org.slug, plate=found.slug)
    return render(request, "vehicles/fuel_form.html", staff_context(request, org, form=form, vehicle=found))


@login_required
@require_http_methods(["GET", "POST"])
def trip_new(request: HttpRequest, org_slug: str, plate: str) -> HttpResponse:
    """A whole trip written in afterwards; more than a day late it needs a reason and is shown back-dated."""
    found = access.vehicle_for(request, org_slug, plate, access.USERS)
    org = found.organisation
    form = TripRecordForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        try:
            trip_services.trip_record(vehicle=found, by=signed_in_user(request), **form.trip_fields())
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The trip is in the logbook."))
            return redirect("vehicles:vehicle", org_slug=org.slug, plate=found.slug)
    return render(request, "vehicles/trip_form.html", staff_context(request, org, form=form, vehicle=found))


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug, access.MANAGERS)

    def run(file_name: str, content: UploadedFile) -> str:
        done = vehicles_import(org=org, file_name=file_name, content=content, user=signed_in_user(request))
        return _("Imported %(vehicles)s vehicle(s), %(trips)s trip(s) and %(fuel)s fuel slip(s).") % {
            "vehicles": done.vehicles,
            "trips": done.trips,
            "fuel": done.fuel,
        }

    return import_page_response(
        request,
        SPEC,
        run=run,
        success_url=reverse("vehicles:index", kwargs={"org_slug": org.slug}),
        template="vehicles/import.html",
        template_url=reverse("vehicles:import_template", kwargs={"org_slug": org.slug, "template_fmt": "xlsx"}),
        template_csv_url=reverse("vehicles:import_template", kwargs={"org_slug": org.slug, "template_fmt": "csv"}),
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
def report(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The report form; with a month or a year, the report itself as a download."""
    org = access.org_for(request, org_slug)
    form = ReportForm(request.GET or None, initial={"year": fiscal_year(local_today())})
    if request.GET and form.is_valid():
        month, year, fmt = form.cleaned_data["month"], form.cleaned_data["year"], form.cleaned_data["fmt"]
        plate = request.GET.get("vehicle", "")
        vehicle = Vehicle.objects.filter(organisation=org, slug=plate).first() if plate else None
        try:
            period = selectors.period_from(month or None, None if month else year)
        except ValueError:
            form.add_error("month", _("Give a month such as 2569-01, or a fiscal year."))
        else:
            content = documents.render(selectors.report_data(org, period, vehicle=vehicle), fmt)
            name = f"vehicles-{period.start:%Y-%m}" + ("" if month else f"-fy{year}")
            return safe_download_response(content, filename=f"{name}.{fmt}", content_type=documents.CONTENT_TYPES[fmt])
    vehicles = Vehicle.objects.filter(organisation=org)
    return render(request, "vehicles/report.html", staff_context(request, org, form=form, vehicles=vehicles))


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug)
    may_edit = can(request.user, org, access.MANAGERS)
    services.rules_ensure_defaults(organisation=org)
    form = RuleForm(request.POST or None)
    if request.method == "POST":
        if not may_edit:
            raise Http404("No such page")
        if form.is_valid():
            services.rule_add(organisation=org, **form.cleaned_data)
            return redirect("vehicles:rules", org_slug=org.slug)
    context = staff_context(request, org, rules=UseRule.objects.filter(organisation=org), form=form, may_edit=may_edit)
    return render(request, "vehicles/rules.html", context)


@login_required
@require_POST
def rule_remove(request: HttpRequest, org_slug: str, rule_id: int) -> HttpResponse:
    org = access.org_for(request, org_slug, access.MANAGERS)
    services.rule_remove(rule=get_object_or_404(UseRule, organisation=org, pk=rule_id))
    return redirect("vehicles:rules", org_slug=org.slug)


@login_required
@require_GET
def poster_pdf(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug)
    return safe_download_response(poster.poster_pdf(org), filename="do-and-dont.pdf", content_type="application/pdf")


@public
@require_GET
@cached_public_page(daily=True, params=("year",))
def public_use(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Vehicle use per month of the fiscal year (km and trips of all vehicles together): no names."""
    org = get_object_or_404(Organisation, slug=org_slug)
    today = local_today()
    year = fiscal_year(today)
    try:
        year = int(request.GET.get("year", year))
    except ValueError:
        raise Http404("No such year") from None
    if not 2500 <= year <= fiscal_year(today):
        raise Http404("No such year")
    months = selectors.monthly_use(org, year)
    context = {
        "org": org,
        "year": year,
        "months": months,
        "vehicles": Vehicle.objects.filter(organisation=org, in_service=True).count(),
        "total_km": sum(m["km"] for m in months),
        "total_trips": sum(m["trips"] for m in months),
        "rules": selectors.rules_of(org),
    }
    return render(request, "vehicles/public.html", context)
