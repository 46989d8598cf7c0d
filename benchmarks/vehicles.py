"""Time the yearly vehicle report: a fiscal year of two vehicles (logbook, fuel account, flags).

Run: .venv/bin/python benchmarks/vehicles.py [--runs N]
It builds a throw-away SQLite database in a temporary DATA_DIR, one organisation with two vehicles and a
fiscal year of trips (every working day each, about 500 trips) and full-tank fuel slips (about 100), then
times `report_data` (the JSON: trips, distance, litres, km per litre full to full, every flag) and its
rendering as JSON, XLSX, DOCX and PDF, and writes the medians to benchmarks/RESULTS.md.
Target on 2 cores: the year's report (the data and one document) ≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from results import RESULTS, write_section

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## Vehicle report (benchmarks/vehicles.py)"


def build() -> tuple[object, int, int]:
    from decimal import Decimal

    from prongsai.accounts.models import User
    from prongsai.core.holidays import is_working_day
    from prongsai.orgs.models import Membership, Organisation, Role
    from prongsai.vehicles.models import ConsumptionRate, FuelSlip, Trip, Vehicle
    from prongsai.vehicles.testing import at

    org = Organisation.objects.create(slug="bench", name="อบต.ทดสอบ", province="นครพนม")
    driver = User.objects.create(username="driver", first_name="พนักงานขับรถ")
    second = User.objects.create(username="driver2", first_name="พนักงานขับรถยนต์")
    boss = User.objects.create(username="boss", first_name="ปลัด")
    for user, role in ((driver, Role.STAFF), (second, Role.STAFF), (boss, Role.EXECUTIVE)):
        Membership.objects.create(user=user, organisation=org, role=role)
    trips, slips = [], []
    for n, plate in enumerate(("กข 1111 ทดสอบ", "กข 2222 ทดสอบ")):
        car = Vehicle.objects.create(organisation=org, plate=plate)
        ConsumptionRate.objects.create(vehicle=car, fiscal_year=2569, km_per_litre=Decimal("10"))
        odometer, since = 10000 * (n + 1), 0
        slips.append(
            FuelSlip(organisation=org, vehicle=car, date=date(2025, 10, 1), litres=Decimal("40"), odometer=odometer)
        )
        day = date(2025, 10, 1)
        while day <= date(2026, 9, 30):
            if is_working_day(day):
                km = 40 + (day.toordinal() * 7 + n) % 50
                trips.append(
                    Trip(
                        organisation=org,
                        vehicle=car,
                        driver=driver if n == 0 else second,
                        approved_by=boss,
                        destination="อำเภอ",
                        purpose="ราชการ",
                        out_at=at(day, 8 + n),
                        in_at=at(day, 15),
                        odometer_out=odometer,
                        odometer_in=odometer + km,
                        source=Trip.Source.IMPORT,
                    )
                )
                odometer += km
                since += km
                if since >= 400:
                    litres = (Decimal(since) / Decimal("10")).quantize(Decimal("0.01"))
                    slips.append(FuelSlip(organisation=org, vehicle=car, date=day, litres=litres, odometer=odometer))
                    since = 0
            day += timedelta(days=1)
    Trip.objects.bulk_create(trips)
    FuelSlip.objects.bulk_create(slips)
    return org, len(trips), len(slips)


def median(function: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="prongsai-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    call_command("migrate", verbosity=0)
    from prongsai.vehicles.documents import render
    from prongsai.vehicles.selectors import Period, report_data

    org, trips, slips = build()
    period = Period.fiscal(2569)
    translation.activate("th")
    data = report_data(org, period)  # type: ignore[arg-type]
    assert data["trip_count"] == trips, data["trip_count"]
    timing = {"data (JSON contract)": median(lambda: report_data(org, period), args.runs)}  # type: ignore[arg-type]
    for fmt in ("json", "xlsx", "docx", "pdf"):
        timing[fmt.upper()] = median(lambda fmt=fmt: render(report_data(org, period), fmt), args.runs)  # type: ignore[arg-type]
    month = Period.month(2026, 1)
    timing["PDF of one month (January 2026)"] = median(lambda: render(report_data(org, month), "pdf"), args.runs)  # type: ignore[arg-type]
    load = os.getloadavg()[0]
    machine = (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    lines = [
        HEADING,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine} (shared with other work: the 1-minute load "
        f"average was {load:.1f}), SQLite, median of {args.runs} runs.",
        f"A fiscal year (2569) of two vehicles: {trips} trips and {slips} fuel slips, {len(data['flags'])} flags. "
        "Each figure includes reading the year from the database and computing every flag and full-to-full interval. "
        "Target: ≤ 1 s for the year's report data (what the JSON, the dashboard and the flags read). The documents "
        "print every trip of the year as a row of the logbook (some 25 landscape pages per vehicle): the DOCX and "
        "above all WeasyPrint's PDF take longer; the monthly logbook is the document clerks print.",
        "",
        "| what | seconds |",
        "|---|---|",
        *[f"| {name} | {seconds:.3f} |" for name, seconds in timing.items()],
        "",
    ]
    write_section(RESULTS, HEADING, "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
