"""The logbook on a phone: the page of the organisation's vehicles (the poster's QR code) and each vehicle's
permanent page ``/<slug>/v/<plate>/`` (the QR code in the car) to start or close a trip."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from prongsai.core.uploads import UploadRejected
from prongsai.core.views import signed_in_user
from prongsai.orgs.views import staff_context
from prongsai.vehicles import access, selectors, trip_services
from prongsai.vehicles.forms import TripCloseForm, TripStartForm
from prongsai.vehicles.models import Trip, Vehicle


@login_required
@require_GET
def logbook(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug)
    vehicles = list(Vehicle.objects.filter(organisation=org, in_service=True))
    out = {t.vehicle_id: t for t in selectors.open_trips(org)}
    rows = [{"vehicle": v, "trip": out.get(v.pk)} for v in vehicles]
    return render(request, "vehicles/logbook.html", staff_context(request, org, rows=rows))


@login_required
@require_GET
def qr(request: HttpRequest, org_slug: str, plate: str) -> HttpResponse:
    vehicle = access.vehicle_for(request, org_slug, plate)
    trip = Trip.objects.filter(vehicle=vehicle, in_at__isnull=True).select_related("driver").first()
    return _page(request, vehicle, trip)


def _page(
    request: HttpRequest,
    vehicle: Vehicle,
    trip: Trip | None,
    start: TripStartForm | None = None,
    close: TripCloseForm | None = None,
) -> HttpResponse:
    allowed = selectors.allowed_requests_for(vehicle)
    context = staff_context(
        request,
        vehicle.organisation,
        vehicle=vehicle,
        trip=trip,
        last=trip_services.last_odometer(vehicle),
        start_form=start or TripStartForm(requests=allowed),
        close_form=close or TripCloseForm(),
    )
    return render(request, "vehicles/qr.html", context)


@login_required
@require_POST
def trip_start(request: HttpRequest, org_slug: str, plate: str) -> HttpResponse:
    vehicle = access.vehicle_for(request, org_slug, plate, access.USERS)
    form = TripStartForm(request.POST, request.FILES, requests=selectors.allowed_requests_for(vehicle))
    if form.is_valid():
        try:
            trip_services.trip_start(vehicle=vehicle, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except UploadRejected as exc:
            form.add_error("photo", str(exc))
        else:
            messages.success(request, _("The trip has started. Close it here when you are back."))
            return redirect("vehicles:qr", org_slug=org_slug, plate=vehicle.slug)
    return _page(request, vehicle, None, start=form)


@login_required
@require_POST
def trip_close(request: HttpRequest, org_slug: str, plate: str) -> HttpResponse:
    vehicle = access.vehicle_for(request, org_slug, plate, access.USERS)
    trip = Trip.objects.filter(vehicle=vehicle, in_at__isnull=True).first()
    if trip is None:
        messages.error(request, _("This vehicle has no trip to close."))
        return redirect("vehicles:qr", org_slug=org_slug, plate=vehicle.slug)
    form = TripCloseForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            trip_services.trip_close(trip=trip, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except UploadRejected as exc:
            form.add_error("photo", str(exc))
        else:
            messages.success(request, _("The trip is closed. Thank you."))
            return redirect("vehicles:qr", org_slug=org_slug, plate=vehicle.slug)
    return _page(request, vehicle, trip, close=form)
