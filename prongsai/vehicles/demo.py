"""Demo vehicles of อบต.โพหนอง: two vehicles, the two full months before this one of trips and fuel with one
planted case of every flag, and a request waiting for a decision (all written for the demo).

Planted (all in the later month): a trip with no approver, one approved by its own driver, one driver on two
vehicles at once, 85 km missing between two trips, an odometer 30 km back, a night away with no permission, a
Saturday trip without a reason, a full-to-full interval with half as much fuel again as the rate allows, and
a back-dated entry. Two look-alikes with their reasons recorded (a night away for training, a Sunday flood
relief trip) show that a recorded reason clears the flag.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from prongsai.accounts.models import User
from prongsai.core import history
from prongsai.core.holidays import is_working_day
from prongsai.core.thai import BANGKOK, fiscal_year, local_today
from prongsai.orgs.models import Organisation
from prongsai.vehicles import services
from prongsai.vehicles.models import FuelSlip, Trip, Vehicle

PLATES = (
    ("กข 1234 นครพนม", Vehicle.Kind.PICKUP, "Toyota Hilux Vigo", Decimal("11.00"), 84210),
    ("นข 5678 นครพนม", Vehicle.Kind.VAN, "Toyota Commuter", Decimal("9.00"), 120480),
)
PLACES = (
    ("ที่ว่าการอำเภอรณนคร", "ประชุมประจำเดือนกำนันผู้ใหญ่บ้าน"),
    ("สำนักงานท้องถิ่นจังหวัดนครพนม", "ส่งเอกสารงบประมาณ"),
    ("บ้านโพหนอง หมู่ 3", "ตรวจงานก่อสร้างถนนคอนกรีต"),
    ("โรงพยาบาลส่งเสริมสุขภาพตำบลโพหนอง", "รับส่งผู้ป่วยติดเตียง"),
    ("บ้านนาคำ หมู่ 6", "สำรวจความเสียหายจากพายุ"),
    ("สำนักงานคลังจังหวัดนครพนม", "ติดต่อราชการเรื่องเงินอุดหนุน"),
)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BANGKOK)


def _months(today: date) -> tuple[date, date, date]:
    """The first days of the month two before this one, the month before, and this one."""
    this = today.replace(day=1)
    previous = (this - timedelta(days=1)).replace(day=1)
    earlier = (previous - timedelta(days=1)).replace(day=1)
    return earlier, previous, this


def _working_days(start: date, end: date) -> list[date]:
    days = []
    day = start
    while day < end:
        if is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def load(pho_nong: Organisation, sample: Organisation) -> None:
    if Vehicle.objects.filter(organisation=pho_nong).exists():
        return
    people = {u.username: u for u in User.objects.filter(username__startswith="pho-nong-")}
    unit_head = people["pho-nong-unithead"]
    staff = people["pho-nong-staff"]
    coordinator = people["pho-nong-coordinator"]
    services.rules_ensure_defaults(organisation=pho_nong)
    today = local_today()
    earlier, previous, this = _months(today)
    vehicles = []
    for plate, kind, brand, rate, _odo in PLATES:
        vehicle = services.vehicle_create(
            organisation=pho_nong,
            by=coordinator,
            plate=plate,
            kind=kind,
            fuel=Vehicle.Fuel.DIESEL,
            brand=brand,
            depot="โรงจอดรถ ที่ทำการ อบต.โพหนอง",
            custodian=coordinator,
            drivers=[staff, unit_head],
        )
        for fy in sorted({fiscal_year(earlier), fiscal_year(this)}):
            services.rate_set(vehicle=vehicle, fiscal_year=fy, km_per_litre=rate, by=coordinator)
        vehicles.append(vehicle)
    _trips_and_fuel(pho_nong, vehicles, people, earlier, previous, this, today)
    _requests(pho_nong, vehicles[0], staff, unit_head, today)


def _trips_and_fuel(
    org: Organisation,
    vehicles: list[Vehicle],
    people: dict[str, User],
    earlier: date,
    previous: date,
    this: date,
    today: date,
) -> None:
    rng = random.Random(2569)  # noqa: S311 (demo data, the same every time)
    executive = people["pho-nong-executive"]
    unit_head = people["pho-nong-unithead"]
    staff = people["pho-nong-staff"]
    odometer = {v.pk: PLATES[i][4] for i, v in enumerate(vehicles)}
    rates = {v.pk: PLATES[i][3] for i, v in enumerate(vehicles)}
    since_full = {v.pk: 0 for v in vehicles}
    trips: list[Trip] = []
    slips: list[FuelSlip] = []
    late_month = _working_days(previous, this)
    plant = {
        "no_approval": late_month[2],
        "self_approved": late_month[4],
        "overlap": late_month[6],
        "gap": late_month[8],
        "backwards": late_month[10],
        "overnight": next(d for d in late_month[12:] if d.weekday() < 4),
        "late": late_month[14],
        "fuel": late_month[9],
    }
    for v in vehicles:  # the month starts on a full tank
        slips.append(_slip(org, v, earlier, Decimal("45"), odometer[v.pk], True))

    def trip(v: Vehicle, out_at: datetime, in_at: datetime, km: int, **extra: object) -> Trip:
        place, purpose = PLACES[rng.randrange(len(PLACES))]
        made = Trip(
            organisation=org,
            vehicle=v,
            destination=str(extra.pop("destination", place)),
            purpose=str(extra.pop("purpose", purpose)),
            out_at=out_at,
            in_at=in_at,
            odometer_out=odometer[v.pk],
            odometer_in=odometer[v.pk] + km,
            source=Trip.Source.IMPORT,
            **extra,
        )
        if made.driver_id and not made.driver_name:
            made.driver_name = made.driver.get_full_name() or made.driver.username  # type: ignore[union-attr]
        odometer[v.pk] += km
        since_full[v.pk] += km
        trips.append(made)
        return made

    def refuel(v: Vehicle, day: date, factor: float = 1.0) -> None:
        litres = (Decimal(since_full[v.pk]) / rates[v.pk] * Decimal(str(factor))).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        slips.append(_slip(org, v, day, litres, odometer[v.pk], True))
        since_full[v.pk] = 0

    saturday = next(d for d in (previous + timedelta(days=n) for n in range(7, 14)) if d.weekday() == 5)
    sunday = saturday + timedelta(days=8)
    fuel_planted = False
    day = earlier
    while day < this:
        if day == saturday:  # a Saturday errand with no reason: off_hours
            trip(
                vehicles[1],
                _at(day, 9),
                _at(day, 12),
                64,
                driver=unit_head,
                approved_by=executive,
                destination="ตลาดนัดอำเภอรณนคร",
                purpose="ซื้อของ",
            )
        if day == sunday:  # a Sunday trip with its reason recorded: no flag
            trip(
                vehicles[0],
                _at(day, 7),
                _at(day, 16),
                48,
                driver=staff,
                approved_by=executive,
                destination="บ้านนาคำ หมู่ 6",
                purpose="ขนถุงทรายช่วยผู้ประสบอุทกภัย",
                exception_reason="เหตุอุทกภัย ตามคำสั่งนายกให้ออกช่วยเหลือในวันหยุด",
            )
        if not is_working_day(day):
            day += timedelta(days=1)
            continue
        for index, v in enumerate(vehicles):
            if (day.toordinal() + index) % 3 == 0 and day not in plant.values():
                continue  # not every vehicle goes out every day
            last = next((t for t in reversed(trips) if t.vehicle_id == v.pk), None)
            if last is not None and last.in_at is not None and last.in_at > _at(day, 8):
                continue  # still away on yesterday's trip
            driver = staff if index == 0 else unit_head
            km = rng.randrange(30, 90)
            if day == plant["overlap"] and index == 1:
                # the staff member drives the van while the pick-up he drives is out
                trip(v, _at(day, 10), _at(day, 12), km, driver=staff, approved_by=executive)
                continue
            if day == plant["gap"] and index == 0:
                odometer[v.pk] += 85  # driven without a logbook line
                since_full[v.pk] += 85
            if day == plant["backwards"] and index == 0:
                odometer[v.pk] -= 30
                since_full[v.pk] -= 30
            extra: dict[str, object] = {"driver": driver, "approved_by": executive}
            if day == plant["no_approval"] and index == 0:
                extra["approved_by"] = None
            if day == plant["self_approved"] and index == 1:
                extra.update(driver=unit_head, approved_by=unit_head)
            if day == plant["late"] and index == 0:
                extra["late_reason"] = "สมุดบันทึกอยู่กับพนักงานขับรถที่ลาป่วย บันทึกย้อนหลังเมื่อกลับมาทำงาน"
            if day == plant["overnight"] and index == 0:
                trip(v, _at(day, 16), _at(day + timedelta(days=1), 7, 30), km, **extra)  # kept at home overnight
            elif day == previous + timedelta(days=3) and index == 1 and day.weekday() < 4:
                extra["exception_reason"] = "อบรมหลักสูตรการจัดซื้อจัดจ้าง ณ จังหวัดอุดรธานี ตามคำสั่งที่ 45/2569 พักค้างคืน"
                trip(
                    v,
                    _at(day, 7),
                    _at(day + timedelta(days=1), 17),
                    520,
                    destination="จังหวัดอุดรธานี",
                    purpose="อบรม",
                    **extra,
                )
            else:
                trip(v, _at(day, 8, 30), _at(day, 15, 30), km, **extra)
            if since_full[v.pk] >= 380:
                siphoned = day >= plant["fuel"] and index == 0 and not fuel_planted
                fuel_planted = fuel_planted or siphoned
                refuel(v, day, 1.45 if siphoned else 0.97)
        day += timedelta(days=1)
    for v in vehicles:
        refuel(v, this - timedelta(days=1))
    if today.day >= 3:  # something for "flags this month" on the dashboard: a trip with no approval
        day = this + timedelta(days=1)
        trip(vehicles[0], _at(day, 9), _at(day, 11), 22, driver=staff, destination="บ้านโพหนอง หมู่ 1")
    made = Trip.objects.bulk_create(trips)
    FuelSlip.objects.bulk_create(slips)
    history.record_many([history.created(t, actor=None, note="ข้อมูลสาธิต") for t in made])


def _slip(org: Organisation, v: Vehicle, day: date, litres: Decimal, odometer: int, full: bool) -> FuelSlip:
    price = Decimal("32.94")
    return FuelSlip(
        organisation=org,
        vehicle=v,
        date=day,
        litres=litres,
        amount=(litres * price).quantize(Decimal("0.01"), ROUND_HALF_UP),
        odometer=odometer,
        full_tank=full,
    )


def _requests(org: Organisation, vehicle: Vehicle, staff: User, unit_head: User, today: date) -> None:
    day = today + timedelta(days=(7 - today.weekday()) % 7 or 7)  # next Monday
    request = services.request_create(
        vehicle=vehicle,
        requester=staff,
        requester_position="นายช่างโยธา",
        destination="สำนักงานโยธาธิการและผังเมืองจังหวัดนครพนม",
        district="เมืองนครพนม",
        province="นครพนม",
        purpose="ยื่นแบบก่อสร้างโครงการถนนคอนกรีตเสริมเหล็ก หมู่ 4",
        passengers=3,
        out_at=_at(day, 8, 30),
        back_at=_at(day, 16, 30),
        driver=staff,
    )
    services.request_opinion(request=request, by=unit_head, agrees=True)
