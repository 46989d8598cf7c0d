"""The writes of the logbook (แบบ ๔) and the fuel slips: keyword-only functions in one transaction each.

The rules kept here, whoever calls (a page, the vehicle's QR page, the import, the demo): the odometer only
goes up; a trip entered more than a day after it left needs a reason and is shown as back-dated.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.core import history
from prongsai.core.models import Change
from prongsai.core.publiccache import public_pages_changed
from prongsai.core.thai import BANGKOK
from prongsai.core.uploads import MAX_UPLOAD_BYTES, Kind, clean_upload
from prongsai.vehicles.models import FuelSlip, Trip, UseRequest, Vehicle
from prongsai.vehicles.services import LATE_AFTER, _unit_of, _when

# --------------------------------------------------------------------------- the logbook (แบบ ๔)


def readings(vehicle: Vehicle) -> list[tuple[datetime, int]]:
    """Every odometer reading of the vehicle in time order: trips out and in, fuel slips (at noon)."""
    found: list[tuple[datetime, int]] = []
    for out_at, odo_out, in_at, odo_in in Trip.objects.filter(vehicle=vehicle).values_list(
        "out_at", "odometer_out", "in_at", "odometer_in"
    ):
        found.append((out_at, odo_out))
        if in_at is not None and odo_in is not None:
            found.append((in_at, odo_in))
    for day, odo in FuelSlip.objects.filter(vehicle=vehicle).values_list("date", "odometer"):
        found.append((datetime.combine(day, time(12), tzinfo=BANGKOK), odo))
    return sorted(found)


def last_odometer(vehicle: Vehicle) -> int | None:
    trips = Trip.objects.filter(vehicle=vehicle).aggregate(a=Max("odometer_out"), b=Max("odometer_in"))
    fuel = FuelSlip.objects.filter(vehicle=vehicle).aggregate(c=Max("odometer"))
    values = [v for v in (trips["a"], trips["b"], fuel["c"]) if v is not None]
    return max(values) if values else None


def _check_between(vehicle: Vehicle, start: datetime, end: datetime, odo_start: int, odo_end: int) -> None:
    """The odometer only goes up: readings before ``start`` are at most ``odo_start``, after ``end`` at least ``odo_end``."""
    for moment, value in readings(vehicle):
        if moment <= start and value > odo_start:
            raise ValidationError(
                _("The odometer cannot go down: it read %(value)s km on %(when)s, more than %(given)s km.")
                % {"value": f"{value:,}", "when": _when(moment), "given": f"{odo_start:,}"}
            )
        if moment >= end and value < odo_end:
            raise ValidationError(
                _("The odometer cannot go down: it read %(value)s km later, on %(when)s, less than %(given)s km.")
                % {"value": f"{value:,}", "when": _when(moment), "given": f"{odo_end:,}"}
            )


def _photo(upload: Any) -> ContentFile[bytes] | None:
    if not upload:
        return None
    clean = clean_upload(upload, allowed=[Kind.JPEG, Kind.PNG], max_bytes=MAX_UPLOAD_BYTES)
    return ContentFile(clean.content, name=clean.name)


def _check_request(request: UseRequest | None, vehicle: Vehicle) -> None:
    if request is not None and (request.vehicle_id != vehicle.pk or request.state != UseRequest.State.ALLOWED):
        raise ValidationError(_("The permission must be an allowed request for this vehicle."))


@transaction.atomic
def trip_start(
    *,
    vehicle: Vehicle,
    by: User,
    destination: str,
    odometer_out: int,
    purpose: str = "",
    driver: User | None = None,
    request: UseRequest | None = None,
    photo: Any = None,
    exception_reason: str = "",
) -> Trip:
    """Start a trip now (the QR page): the vehicle has no open trip and the odometer is not below its last reading."""
    Vehicle.objects.select_for_update().filter(pk=vehicle.pk).first()
    open_trip = Trip.objects.filter(vehicle=vehicle, in_at__isnull=True).first()
    if open_trip is not None:
        raise ValidationError(
            _("%(plate)s is already out on the trip to %(place)s since %(when)s: close that trip first.")
            % {"plate": vehicle.plate, "place": open_trip.destination, "when": _when(open_trip.out_at)}
        )
    last = last_odometer(vehicle)
    if last is not None and odometer_out < last:
        raise ValidationError(
            _("The odometer cannot go down: the last reading of %(plate)s is %(last)s km.")
            % {"plate": vehicle.plate, "last": f"{last:,}"}
        )
    _check_request(request, vehicle)
    driver = driver or by
    trip = Trip(
        organisation=vehicle.organisation,
        vehicle=vehicle,
        request=request,
        driver=driver,
        unit=request.unit if request else _unit_of(vehicle.organisation, driver),
        driver_name=driver.get_full_name() or driver.username,
        destination=destination or (request.destination if request else ""),
        purpose=purpose or (request.purpose if request else ""),
        out_at=timezone.now(),
        odometer_out=odometer_out,
        exception_reason=exception_reason,
        source=Trip.Source.QR,
        entered_by=by,
    )
    picture = _photo(photo)
    if picture is not None:
        trip.photo_out.save(picture.name or "odometer.jpg", picture, save=False)
    trip.save()
    history.record_created(trip, actor=by)
    public_pages_changed(vehicle.organisation_id)
    return trip


@transaction.atomic
def trip_close(
    *,
    trip: Trip,
    by: User,
    odometer_in: int,
    photo: Any = None,
    exception_reason: str = "",
    in_at: datetime | None = None,
) -> Trip:
    trip = Trip.objects.select_for_update().select_related("vehicle").get(pk=trip.pk)
    if trip.in_at is not None:
        raise ValidationError(_("This trip is already closed."))
    if odometer_in < trip.odometer_out:
        raise ValidationError(
            _("The odometer cannot go down: the trip left at %(out)s km.") % {"out": f"{trip.odometer_out:,}"}
        )
    before = history.snapshot(trip, ("in_at", "odometer_in", "exception_reason"))
    trip.in_at = in_at or timezone.now()
    if trip.in_at <= trip.out_at:
        raise ValidationError(_("The return must be after the departure."))
    trip.odometer_in = odometer_in
    if exception_reason.strip():
        trip.exception_reason = exception_reason.strip()
    picture = _photo(photo)
    if picture is not None:
        trip.photo_in.save(picture.name or "odometer.jpg", picture, save=False)
    trip.save()
    after = history.snapshot(trip, before.keys())
    history.record(trip, action=Change.Action.STEP, event="close", changes=history.diff(before, after), actor=by)
    public_pages_changed(trip.organisation_id)
    return trip


@transaction.atomic
def trip_record(
    *,
    vehicle: Vehicle,
    by: User,
    out_at: datetime,
    in_at: datetime,
    odometer_out: int,
    odometer_in: int,
    destination: str,
    purpose: str = "",
    driver: User | None = None,
    driver_name: str = "",
    request: UseRequest | None = None,
    approved_by: User | None = None,
    late_reason: str = "",
    exception_reason: str = "",
) -> Trip:
    """A whole trip written in afterwards. More than a day after it left, it needs ``late_reason`` and is back-dated."""
    Vehicle.objects.select_for_update().filter(pk=vehicle.pk).first()
    now = timezone.now()
    if in_at <= out_at:
        raise ValidationError(_("The return must be after the departure."))
    if in_at > now + timedelta(minutes=5):
        raise ValidationError(_("The return cannot be in the future: start the trip from the vehicle's QR page."))
    if odometer_in < odometer_out:
        raise ValidationError(_("The odometer in cannot be lower than the odometer out."))
    late = now - out_at > LATE_AFTER
    if late and not late_reason.strip():
        raise ValidationError(
            _("The trip left more than a day ago: say why it is entered late (it will be shown as back-dated).")
        )
    clash = (
        Trip.objects.filter(vehicle=vehicle, out_at__lt=in_at)
        .filter(Q(in_at__gt=out_at) | Q(in_at__isnull=True))
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _("%(plate)s was on the trip to %(place)s at that time (from %(when)s).")
            % {"plate": vehicle.plate, "place": clash.destination, "when": _when(clash.out_at)}
        )
    _check_between(vehicle, out_at, in_at, odometer_out, odometer_in)
    _check_request(request, vehicle)
    if driver is not None and not driver_name:
        driver_name = driver.get_full_name() or driver.username
    trip = Trip.objects.create(
        organisation=vehicle.organisation,
        vehicle=vehicle,
        request=request,
        driver=driver,
        unit=_unit_of(vehicle.organisation, driver),
        driver_name=driver_name,
        approved_by=approved_by,
        destination=destination,
        purpose=purpose,
        out_at=out_at,
        in_at=in_at,
        odometer_out=odometer_out,
        odometer_in=odometer_in,
        late_reason=late_reason.strip() if late else "",
        exception_reason=exception_reason.strip(),
        source=Trip.Source.WEB,
        entered_by=by,
    )
    history.record_created(trip, actor=by)
    public_pages_changed(vehicle.organisation_id)
    return trip


# --------------------------------------------------------------------------- fuel


@transaction.atomic
def fuel_add(
    *, vehicle: Vehicle, by: User | None, date: Any, litres: Decimal, amount: Decimal, odometer: int, full_tank: bool
) -> FuelSlip:
    if litres <= 0:
        raise ValidationError(_("The litres must be more than zero."))
    earlier = FuelSlip.objects.filter(vehicle=vehicle, date__lte=date).aggregate(m=Max("odometer"))["m"]
    if earlier is not None and odometer < earlier:
        raise ValidationError(
            _("The odometer cannot go down: an earlier slip reads %(value)s km.") % {"value": f"{earlier:,}"}
        )
    later = FuelSlip.objects.filter(vehicle=vehicle, date__gt=date, odometer__lt=odometer).first()
    if later is not None:
        raise ValidationError(
            _("The odometer cannot go down: the slip of %(day)s reads %(value)s km.")
            % {"day": later.date.isoformat(), "value": f"{later.odometer:,}"}
        )
    slip = FuelSlip.objects.create(
        organisation=vehicle.organisation,
        vehicle=vehicle,
        date=date,
        litres=litres,
        amount=amount,
        odometer=odometer,
        full_tank=full_tank,
        entered_by=by,
    )
    history.record(
        vehicle,
        action=Change.Action.ADDED,
        event="fuel",
        part=slip,
        changes={n: [None, v] for n, v in history.snapshot(slip).items()},
        actor=by,
    )
    return slip
