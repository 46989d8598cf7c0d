"""Test support of the vehicles module: factories of org A's records for the tenancy walk (URL keywords) and
for the change-history test (HISTORY_SAMPLES), and a small builder of trips for the flag tests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from prongsai.core.testing import HISTORY_SAMPLES, URL_KWARGS
from prongsai.core.thai import BANGKOK


def at(day: Any, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BANGKOK)


def vehicle(case: Any, plate: str = "กข 1234 อัลฟา") -> Any:
    from prongsai.vehicles.models import ConsumptionRate, Vehicle, plate_slug

    found = Vehicle.objects.filter(organisation=case.org, slug=plate_slug(plate)).first()
    if found is None:
        found = Vehicle.objects.create(
            organisation=case.org, plate=plate, depot="โรงจอดรถ", custodian=case.coordinator, unit=case.unit
        )
        ConsumptionRate.objects.create(vehicle=found, fiscal_year=2569, km_per_litre=Decimal("10.00"))
    return found


def use_request(case: Any) -> Any:
    from prongsai.vehicles.models import UseRequest

    v = vehicle(case)
    found = UseRequest.objects.filter(vehicle=v).first()
    if found is None:
        start = at(date(2026, 1, 12), 8, 30)
        found = UseRequest.objects.create(
            organisation=case.org,
            vehicle=v,
            requester=case.staff,
            unit=case.unit,
            destination="ที่ว่าการอำเภอ",
            purpose="ประชุม",
            out_at=start,
            back_at=start + timedelta(hours=8),
            driver=case.staff,
        )
    return found


def trip(case: Any) -> Any:
    from prongsai.vehicles.models import Trip

    v = vehicle(case)
    found = Trip.objects.filter(vehicle=v).first()
    if found is None:
        start = at(date(2026, 1, 5), 8, 30)
        found = Trip.objects.create(
            organisation=case.org,
            vehicle=v,
            driver=case.staff,
            driver_name="a-staff",
            unit=case.unit,
            approved_by=case.executive,
            destination="ที่ว่าการอำเภอ",
            purpose="ประชุม",
            out_at=start,
            in_at=start + timedelta(hours=6),
            odometer_out=10000,
            odometer_in=10060,
        )
    return found


def _rule(case: Any) -> int:
    from prongsai.vehicles.models import UseRule

    rule, _ = UseRule.objects.get_or_create(organisation=case.org, kind="do", text="บันทึกทุกเที่ยว")
    return rule.pk


URL_KWARGS.update(
    {
        "plate": lambda case: vehicle(case).slug,
        "request_id": lambda case: use_request(case).pk,
        "rule_id": _rule,
        "template_fmt": lambda case: "xlsx",
    }
)
HISTORY_SAMPLES["vehicles.Vehicle"] = vehicle
HISTORY_SAMPLES["vehicles.UseRequest"] = use_request
HISTORY_SAMPLES["vehicles.Trip"] = trip


def make_trip(case: Any, v: Any, day: Any, hours: tuple[int, int], odometers: tuple[int, int], **extra: Any) -> Any:
    """A closed trip of ``v`` on ``day`` from hours[0]:00 to hours[1]:00 (a later hour past 24 is the next day)."""
    from prongsai.vehicles.models import Trip

    out_h, in_h = hours
    back = at(day + timedelta(days=in_h // 24), in_h % 24)
    values = {
        "organisation": case.org,
        "vehicle": v,
        "driver": case.staff,
        "approved_by": case.executive,
        "destination": "ที่ว่าการอำเภอ",
        "purpose": "ประชุม",
        "out_at": at(day, out_h),
        "in_at": back,
        "odometer_out": odometers[0],
        "odometer_in": odometers[1],
        "source": Trip.Source.IMPORT,
    } | extra
    return Trip.objects.create(**values)


def make_slip(case: Any, v: Any, day: Any, litres: str, odometer: int, full: bool = True) -> Any:
    from prongsai.vehicles.models import FuelSlip

    return FuelSlip.objects.create(
        organisation=case.org,
        vehicle=v,
        date=day,
        litres=Decimal(litres),
        amount=Decimal("0"),
        odometer=odometer,
        full_tank=full,
    )
