"""Reads of the vehicles module: the report data (the monthly logbook, the fuel account, the flags), the
dashboard numbers and the public monthly use."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.core.thai import BANGKOK, THAI_MONTHS, be_year, fiscal_year, fiscal_year_bounds, local_today
from prongsai.orgs.models import Organisation
from prongsai.vehicles import flags as flagging
from prongsai.vehicles.models import ConsumptionRate, FuelSlip, Trip, UseRequest, Vehicle

TRIP_LOOKBACK = timedelta(days=62)  # the trips before the period that the first trips are compared with
FUEL_LOOKBACK = timedelta(days=180)  # the full tank that opens the first interval of the period


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = date(year, month, 1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return cls(start, end, f"{THAI_MONTHS[month - 1]} {be_year(start)}")

    @classmethod
    def fiscal(cls, fy: int) -> Period:
        start, end = fiscal_year_bounds(fy)
        return cls(start, end, _("fiscal year %(year)s") % {"year": fy})

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _bounds(period: Period) -> tuple[datetime, datetime]:
    start = datetime.combine(period.start, time.min, tzinfo=BANGKOK)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=BANGKOK)
    return start, end


def _dec(value: Decimal | None, places: str = "0.01") -> float | None:
    return None if value is None else float(value.quantize(Decimal(places), ROUND_HALF_UP))


def report_data(
    org: Organisation, period: Period, *, vehicle: Vehicle | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """The logbook, fuel account and flags of ``period`` (every vehicle, or one): the JSON of the report."""
    now = now or timezone.now()
    start, end = _bounds(period)
    vehicles = list(Vehicle.objects.filter(organisation=org).order_by("plate"))
    shown = [v for v in vehicles if vehicle is None or v.pk == vehicle.pk]
    trips = list(
        Trip.objects.filter(organisation=org, out_at__gte=start - TRIP_LOOKBACK, out_at__lt=end)
        .select_related("vehicle", "driver", "approved_by", "request", "request__approver")
        .order_by("out_at", "pk")
    )
    slips = list(
        FuelSlip.objects.filter(
            organisation=org, vehicle__in=shown, date__gte=period.start - FUEL_LOOKBACK, date__lte=period.end
        )
        .select_related("vehicle")
        .order_by("date", "odometer", "pk")
    )
    rates = {(r.vehicle_id, r.fiscal_year): r.km_per_litre for r in ConsumptionRate.objects.filter(vehicle__in=shown)}
    shown_ids = {v.pk for v in shown}
    all_flags = [
        f for f in flagging.trip_flags(trips, now) if period.contains(f.date) and any(v.plate == f.plate for v in shown)
    ]
    in_period = [t for t in trips if t.vehicle_id in shown_ids and period.contains(flagging.local(t.out_at).date())]
    flags_by_trip: dict[int, list[str]] = defaultdict(list)
    for flag in all_flags:
        if flag.trip_id:
            flags_by_trip[flag.trip_id].append(flag.code)
    slips_by_vehicle: dict[int, list[FuelSlip]] = defaultdict(list)
    for slip in slips:
        slips_by_vehicle[slip.vehicle_id].append(slip)
    per_vehicle = []
    total_intervals: list[flagging.Interval] = []
    for v in shown:
        found = [i for i in flagging.intervals(slips_by_vehicle[v.pk], rates) if period.contains(i.end)]
        total_intervals += found
        all_flags += flagging.fuel_flags(found)
        v_trips = [t for t in in_period if t.vehicle_id == v.pk]
        v_slips = [s for s in slips_by_vehicle[v.pk] if period.contains(s.date)]
        per_vehicle.append(
            {
                "plate": v.plate,
                "kind": v.get_kind_display(),
                "fuel": v.get_fuel_display(),
                "depot": v.depot,
                "rate_km_per_litre": _dec(rates.get((v.pk, fiscal_year(period.end)))),
                "trips": len(v_trips),
                "distance_km": sum(t.distance_km or 0 for t in v_trips),
                "litres": _dec(sum((s.litres for s in v_slips), Decimal("0"))),
                "amount": _dec(sum((s.amount for s in v_slips), Decimal("0"))),
                "km_per_litre": _kmpl(found),
                "fuel_slips": [_slip_json(s) for s in v_slips],
                "intervals": [_interval_json(i) for i in found],
            }
        )
    all_flags.sort(key=lambda f: (f.date, f.plate, flagging.CODES.index(f.code)))
    litres = sum((s.litres for s in slips if s.vehicle_id in shown_ids and period.contains(s.date)), Decimal("0"))
    return {
        "organisation": {"slug": org.slug, "name": org.name},
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(), "label": period.label},
        "trips": [_trip_json(t, flags_by_trip.get(t.pk, [])) for t in in_period],
        "trip_count": len(in_period),
        "distance_km": sum(t.distance_km or 0 for t in in_period),
        "litres": _dec(litres),
        "km_per_litre": _kmpl(total_intervals),
        "vehicles": per_vehicle,
        "flags": [f.as_json() for f in all_flags],
    }


def _kmpl(found: list[flagging.Interval]) -> float | None:
    litres = sum((i.litres for i in found), Decimal("0"))
    if not found or litres <= 0:
        return None
    return _dec(Decimal(sum(i.distance_km for i in found)) / litres)


def _trip_json(trip: Trip, codes: list[str]) -> dict[str, Any]:
    out = flagging.local(trip.out_at)
    back = flagging.local(trip.in_at) if trip.in_at else None
    approver = flagging._approver(trip)[1]
    return {
        "plate": trip.vehicle.plate,
        "date": out.date().isoformat(),
        "date_in": back.date().isoformat() if back else None,
        "driver": trip.who,
        "destination": trip.destination,
        "purpose": trip.purpose,
        "time_out": out.strftime("%H:%M"),
        "time_in": back.strftime("%H:%M") if back else None,
        "odometer_out": trip.odometer_out,
        "odometer_in": trip.odometer_in,
        "distance_km": trip.distance_km,
        "approved_by": approver,
        "backdated": trip.backdated,
        "late_reason": trip.late_reason,
        "exception_reason": trip.exception_reason,
        "flags": codes,
    }


def _slip_json(slip: FuelSlip) -> dict[str, Any]:
    return {
        "plate": slip.vehicle.plate,
        "date": slip.date.isoformat(),
        "litres": _dec(slip.litres),
        "amount": _dec(slip.amount),
        "odometer": slip.odometer,
        "full_tank": slip.full_tank,
    }


def _interval_json(interval: flagging.Interval) -> dict[str, Any]:
    return {
        "from": interval.start.isoformat(),
        "to": interval.end.isoformat(),
        "odometer_from": interval.odometer_start,
        "odometer_to": interval.odometer_end,
        "distance_km": interval.distance_km,
        "litres": _dec(interval.litres),
        "km_per_litre": _dec(interval.km_per_litre),
        "rate_km_per_litre": _dec(interval.rate),
    }


def this_month() -> Period:
    today = local_today()
    return Period.month(today.year, today.month)


def dashboard_numbers(org: Organisation) -> dict[str, Any]:
    data = report_data(org, this_month())
    return {
        "waiting": UseRequest.objects.filter(
            organisation=org, state__in=[UseRequest.State.OPINION, UseRequest.State.DECISION]
        ).count(),
        "out_now": Trip.objects.filter(organisation=org, in_at__isnull=True).count(),
        "flags": len(data["flags"]),
    }


def waiting_for(org: Organisation, user: Any, roles: frozenset[str]) -> list[UseRequest]:
    """Requests that wait for something ``user`` may do (opinion or decision), their own left out."""
    from prongsai.vehicles.access import DECIDERS, SUPERVISORS

    states = []
    if roles & SUPERVISORS or user.is_superuser:
        states.append(UseRequest.State.OPINION)
    if roles & DECIDERS or user.is_superuser:
        states.append(UseRequest.State.DECISION)
    return list(
        UseRequest.objects.filter(organisation=org, state__in=states)
        .exclude(requester=user)
        .select_related("vehicle", "requester")
        .order_by("out_at")
    )


def monthly_use(org: Organisation, fy: int) -> list[dict[str, Any]]:
    """Kilometres and trips per month of the fiscal year, all vehicles together (closed trips): no names."""
    period = Period.fiscal(fy)
    start, end = _bounds(period)
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    day = period.start
    while day <= period.end:
        rows[(day.year, day.month)] = {"month": f"{THAI_MONTHS[day.month - 1]} {be_year(day)}", "km": 0, "trips": 0}
        day = (day + timedelta(days=32)).replace(day=1)
    trips = Trip.objects.filter(organisation=org, out_at__gte=start, out_at__lt=end, in_at__isnull=False)
    for out_at, odo_out, odo_in in trips.values_list("out_at", "odometer_out", "odometer_in"):
        local = flagging.local(out_at)
        row = rows[(local.year, local.month)]
        row["trips"] += 1
        row["km"] += max(0, (odo_in or odo_out) - odo_out)
    return list(rows.values())


def open_trips(org: Organisation) -> list[Trip]:
    return list(Trip.objects.filter(organisation=org, in_at__isnull=True).select_related("vehicle", "driver"))


def allowed_requests_for(vehicle: Vehicle) -> list[UseRequest]:
    """Allowed requests of the vehicle that a trip started now may go under (today ± a day, no trip yet)."""
    now = timezone.now()
    return list(
        UseRequest.objects.filter(vehicle=vehicle, state=UseRequest.State.ALLOWED)
        .filter(Q(out_at__lte=now + timedelta(days=1)) & Q(back_at__gte=now - timedelta(hours=12)))
        .filter(trips__isnull=True)
        .order_by("out_at")
    )


def period_from(month: str | None, year: int | None) -> Period:
    """``YYYY-MM`` (Christian or Buddhist year) or a Buddhist-era fiscal year; ValueError otherwise."""
    import re

    if month:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(month)
        y = int(match.group(1))
        return Period.month(y - 543 if y > 2400 else y, int(match.group(2)))
    if year is None or not 2400 <= year <= 2700:
        raise ValueError(year)
    return Period.fiscal(year)


def rules_of(org: Organisation) -> list[tuple[str, str]]:
    """The organisation's Do & Don't list as (kind, text), or the defaults when it has none yet (no write)."""
    from prongsai.vehicles.models import UseRule
    from prongsai.vehicles.services import DEFAULT_RULES

    rules = [(r.kind, r.text) for r in UseRule.objects.filter(organisation=org)]
    return rules or list(DEFAULT_RULES)
