"""Import vehicles, past trips and fuel slips from CSV or XLSX on the shared importer (core/importing): every
cell checked first, then all saved at once or nothing.

The kind of each sheet is told by its headers (Thai aliases accepted):

- vehicles: plate, kind, fuel, rate_km_per_litre, depot, custodian (a vehicle already registered is updated);
- trips: plate, date (the day out), optional date_in, driver, destination, purpose, time_out, time_in,
  odometer_out, odometer_in, approved_by, late_reason, exception_reason;
- fuel: plate, date, litres, amount, odometer, full_tank.

A trip or slip of a plate that is neither registered nor on the vehicles sheet of the same file is an error
naming its cell. Past trips are history: the flags judge them (no approval, odometer gaps…); the import
refuses only what cannot be a trip (a return before the departure, the same trip twice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from prongsai.accounts.models import User
from prongsai.core import history
from prongsai.core import importing as imp
from prongsai.core.importing import ImportFailed
from prongsai.core.importing.references import Member
from prongsai.core.publiccache import public_pages_changed
from prongsai.core.thai import BANGKOK, fiscal_year, local_today, to_arabic_digits
from prongsai.orgs.models import Organisation
from prongsai.vehicles.models import ConsumptionRate, FuelSlip, Trip, Vehicle, plate_slug

__all__ = ["SPEC", "ImportFailed", "Imported", "vehicles_import"]

MAX_ROWS = 5000
_TIME = re.compile(r"^(?:เวลา\s*)?(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?\s*(?:น\.?)?$")


class TimeOfDay(imp.CellType):
    """A time of day: 08:30, 8.30, 8.30 น., or an Excel time cell."""

    text_format = True

    def parse(self, value: Any, context: imp.Context) -> time:
        if isinstance(value, datetime):
            return value.time().replace(second=0, microsecond=0)
        if isinstance(value, time):
            return value.replace(second=0, microsecond=0)
        if isinstance(value, float) and 0 <= value < 1:  # an Excel time as a fraction of a day
            minutes = round(value * 24 * 60)
            return time(minutes // 60, minutes % 60)
        match = _TIME.match(to_arabic_digits(imp.cell_text(value)).strip())
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise imp.Invalid(gettext_lazy("not a time such as 08:30 or 8.30 น."))
        return time(int(match.group(1)), int(match.group(2)))

    def describe(self) -> Any:
        return gettext_lazy("a time of day such as 08:30 or 8.30 น.")

    def example(self, context: imp.Context) -> str:
        return "08:30"


class Person(imp.CellType):
    """A person by name: a member of the organisation when one has that name, else the name as written."""

    text_format = True

    def __init__(self) -> None:
        self.member = Member()

    def parse(self, value: Any, context: imp.Context) -> tuple[User | None, str]:
        text = " ".join(imp.cell_text(value).split())
        try:
            return self.member.parse(value, context), text
        except imp.Invalid:
            return None, text

    def describe(self) -> Any:
        return gettext_lazy("a name (a member of the organisation when one has it)")

    def example(self, context: imp.Context) -> str:
        return self.member.example(context)


def _plate() -> imp.Column:
    return imp.Column(
        "plate",
        "ทะเบียนรถ",
        imp.Text(max_length=60),
        required=True,
        aliases=("registration", "ทะเบียน", "หมายเลขทะเบียน", "เลขทะเบียน", "ทะเบียนรถยนต์"),
        example="กข 1234 นครพนม",
    )


KINDS = imp.Choice(
    Vehicle.Kind.choices,
    aliases={
        "รถเก๋ง": "sedan",
        "รถยนต์นั่ง": "sedan",
        "รถกระบะ": "pickup",
        "กระบะ": "pickup",
        "รถตู้": "van",
        "รถบรรทุก": "truck",
        "รถพยาบาล": "ambulance",
        "รถกู้ชีพ": "ambulance",
        "รถดับเพลิง": "fire_truck",
        "รถจักรยานยนต์": "motorcycle",
        "มอเตอร์ไซค์": "motorcycle",
    },
)
FUELS = imp.Choice(
    Vehicle.Fuel.choices,
    aliases={
        "ดีเซล": "diesel",
        "โซล่า": "diesel",
        "แก๊สโซฮอล์": "gasohol",
        "เบนซิน": "benzine",
        "แก๊ส": "lpg",
        "ไฟฟ้า": "electric",
    },
)

VEHICLES = imp.Table(
    "vehicles",
    gettext_lazy("Vehicles"),
    (
        _plate(),
        imp.Column("kind", "ประเภทรถ", KINDS, required=True, aliases=("type", "ประเภท", "ชนิดรถ")),
        imp.Column("fuel", "ชนิดเชื้อเพลิง", FUELS, aliases=("fuel type", "เชื้อเพลิง", "ชนิดน้ำมัน")),
        imp.Column(
            "rate_km_per_litre",
            "อัตราสิ้นเปลือง (กม./ลิตร)",
            imp.Number(places=2, minimum=0),
            aliases=("rate", "km/l", "km per litre", "อัตราสิ้นเปลือง", "กม./ลิตร", "กม ลิตร", "เกณฑ์อัตราสิ้นเปลือง"),
            example="10.5",
            help=gettext_lazy("the announced rate of the current fiscal year"),
        ),
        imp.Column("depot", "สถานที่เก็บรักษา", imp.Text(max_length=200), aliases=("home depot", "ที่จอด", "สถานที่จอด")),
        imp.Column("custodian", "ผู้รับผิดชอบ", Member(), aliases=("keeper", "ผู้ดูแล", "ผู้ครอบครอง")),
    ),
)

TRIPS = imp.Table(
    "trips",
    gettext_lazy("Trips"),
    (
        _plate(),
        imp.Column("date", "วันที่", imp.Date(), required=True, aliases=("date out", "วันที่ไป", "วันที่ออก")),
        imp.Column("date_in", "วันที่กลับ", imp.Date(), aliases=("date back", "return date")),
        imp.Column("driver", "ผู้ขับ", Person(), aliases=("ผู้ขับรถ", "พนักงานขับรถ", "ผู้ใช้รถ", "ผู้ขับขี่")),
        imp.Column(
            "destination", "สถานที่ไป", imp.Text(max_length=300), required=True, aliases=("place", "สถานที่", "ไปที่")
        ),
        imp.Column("purpose", "วัตถุประสงค์", imp.Text(), aliases=("เพื่อ", "ภารกิจ", "ไปราชการเรื่อง")),
        imp.Column("time_out", "เวลาออก", TimeOfDay(), required=True, aliases=("time out", "เวลาไป", "ออกเวลา")),
        imp.Column("time_in", "เวลากลับ", TimeOfDay(), required=True, aliases=("time in", "time back", "กลับเวลา")),
        imp.Column(
            "odometer_out",
            "เลขไมล์ออก",
            imp.Integer(minimum=0),
            required=True,
            aliases=("odometer start", "เลข กม. ออก", "เลขกิโลเมตรออก", "ไมล์ออก", "เลขไมล์เริ่มต้น"),
        ),
        imp.Column(
            "odometer_in",
            "เลขไมล์กลับ",
            imp.Integer(minimum=0),
            required=True,
            aliases=("odometer end", "เลข กม. กลับ", "เลขกิโลเมตรกลับ", "ไมล์กลับ", "เลขไมล์สิ้นสุด"),
        ),
        imp.Column("approved_by", "ผู้อนุญาต", Person(), aliases=("approver", "ผู้อนุมัติ", "ผู้สั่งใช้รถ")),
        imp.Column("late_reason", "เหตุที่บันทึกย้อนหลัง", imp.Text(), aliases=("late", "บันทึกย้อนหลัง", "เหตุบันทึกย้อนหลัง")),
        imp.Column(
            "exception_reason",
            "เหตุที่ค้างคืนหรือนอกเวลา",
            imp.Text(),
            aliases=("exception", "เหตุผลนอกเวลา", "เหตุผลค้างคืน", "หมายเหตุ"),
        ),
    ),
)

FUEL = imp.Table(
    "fuel",
    gettext_lazy("Fuel slips"),
    (
        _plate(),
        imp.Column("date", "วันที่เติม", imp.Date(), required=True, aliases=("date", "วันที่")),
        imp.Column("litres", "จำนวนลิตร", imp.Number(places=2, minimum=0), required=True, aliases=("liters", "ลิตร")),
        imp.Column("amount", "จำนวนเงิน", imp.Money(), aliases=("baht", "เงิน", "จำนวนเงิน (บาท)")),
        imp.Column(
            "odometer", "เลขไมล์", imp.Integer(minimum=0), required=True, aliases=("km", "เลข กม.", "เลขกิโลเมตร")
        ),
        imp.Column(
            "full_tank",
            "เติมเต็มถัง",
            imp.Boolean(true="เต็มถัง", false="ไม่เต็มถัง", true_words=("full", "เต็ม"), false_words=("partial", "ไม่เต็ม")),
            aliases=("full", "เต็มถัง"),
        ),
    ),
)

SPEC = imp.ImportSpec(tables=(TRIPS, FUEL, VEHICLES), max_rows=MAX_ROWS, file_stem="vehicles-template")


@dataclass
class Imported:
    vehicles: int = 0
    trips: int = 0
    fuel: int = 0
    plates: list[str] = field(default_factory=list)


def _at(day: Any, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=BANGKOK)


def vehicles_import(*, org: Organisation, file_name: str, content: bytes | IO[bytes], user: User | None) -> Imported:
    result = imp.read_file(SPEC, file_name=file_name, content=content, organisation=org)
    known = {v.slug: v for v in Vehicle.objects.filter(organisation=org)}
    in_file: dict[str, imp.Row] = {}
    for row in result.of("vehicles"):
        if row.ok:
            slug = plate_slug(row["plate"])
            if slug in in_file:
                row.error("plate", gettext_lazy("this plate is on the vehicles sheet twice"))
            in_file[slug] = row
    plates = set(known) | set(in_file)
    for table in ("trips", "fuel"):
        for row in result.of(table):
            if row["plate"] is not None and plate_slug(row["plate"]) not in plates:
                row.error(
                    "plate", gettext_lazy("no vehicle has this plate: register it or add it to the vehicles sheet")
                )
    seen: set[tuple[str, datetime, int]] = set()
    existing = set(Trip.objects.filter(organisation=org).values_list("vehicle__slug", "out_at", "odometer_out"))
    trips: list[tuple[imp.Row, datetime, datetime]] = []
    for row in result.of("trips"):
        if not row.ok:
            continue
        out_at = _at(row["date"], row["time_out"])
        in_at = _at(row["date_in"] or row["date"], row["time_in"])
        if row["date_in"] is None and in_at <= out_at:  # back after midnight without date_in: the next day
            row.error("time_in", gettext_lazy("the return is before the departure: give the day back in date_in"))
            continue
        if in_at <= out_at:
            row.error("date_in", gettext_lazy("the return is before the departure"))
            continue
        key = (plate_slug(row["plate"]), out_at, row["odometer_out"])
        if key in seen or key in existing:
            row.error(
                "date", gettext_lazy("this trip (same vehicle, departure and odometer) is already in the logbook")
            )
            continue
        seen.add(key)
        trips.append((row, out_at, in_at))
    result.check()
    summary = Imported()
    with transaction.atomic():
        today = local_today()
        changes = []
        for slug, row in in_file.items():
            vehicle = known.get(slug)
            values = {"plate": row["plate"], "kind": row["kind"]}
            for name in ("fuel", "depot", "custodian"):
                if row[name] is not None:
                    values[name] = row[name]
            if vehicle is None:
                vehicle = Vehicle.objects.create(organisation=org, **values)
                changes.append(history.created(vehicle, actor=user, note=file_name))
                known[slug] = vehicle
            else:
                before = history.snapshot(vehicle, many_to_many=False)
                for name, value in values.items():
                    setattr(vehicle, name, value)
                vehicle.save()
                diff = history.diff(before, history.snapshot(vehicle, many_to_many=False))
                if diff:
                    changes.append(
                        history.entry(vehicle, action=history.Action.CHANGED, changes=diff, actor=user, note=file_name)
                    )
            if row["rate_km_per_litre"] is not None:
                ConsumptionRate.objects.update_or_create(
                    vehicle=vehicle,
                    fiscal_year=fiscal_year(today),
                    defaults={"km_per_litre": Decimal(row["rate_km_per_litre"])},
                )
            summary.vehicles += 1
            summary.plates.append(vehicle.plate)
        new_trips = []
        for row, out_at, in_at in trips:
            driver, driver_name = row["driver"] or (None, "")
            approver, approver_name = row["approved_by"] or (None, "")
            new_trips.append(
                Trip(
                    organisation=org,
                    vehicle=known[plate_slug(row["plate"])],
                    driver=driver,
                    driver_name=driver_name,
                    approved_by=approver,
                    approved_by_name=approver_name,
                    destination=row["destination"],
                    purpose=row["purpose"] or "",
                    out_at=out_at,
                    in_at=in_at,
                    odometer_out=row["odometer_out"],
                    odometer_in=row["odometer_in"],
                    late_reason=row["late_reason"] or "",
                    exception_reason=row["exception_reason"] or "",
                    source=Trip.Source.IMPORT,
                    entered_by=user,
                )
            )
        for trip in Trip.objects.bulk_create(new_trips):
            changes.append(history.created(trip, actor=user, note=file_name))
        slips = [
            FuelSlip(
                organisation=org,
                vehicle=known[plate_slug(row["plate"])],
                date=row["date"],
                litres=Decimal(row["litres"]),
                amount=Decimal(row["amount"] or 0),
                odometer=row["odometer"],
                full_tank=True if row["full_tank"] is None else row["full_tank"],
                entered_by=user,
            )
            for row in result.of("fuel")
        ]
        for slip in FuelSlip.objects.bulk_create(slips):
            changes.append(
                history.entry(
                    slip.vehicle,
                    action=history.Action.ADDED,
                    event="fuel",
                    part=slip,
                    changes={n: [None, v] for n, v in history.snapshot(slip).items()},
                    actor=user,
                    note=file_name,
                )
            )
        history.record_many(changes)
        summary.trips = len(new_trips)
        summary.fuel = len(slips)
        public_pages_changed(org.pk)
    return summary
