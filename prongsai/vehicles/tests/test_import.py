"""Import of vehicles, trips and fuel: Thai headers, the kind told by the headers, all or nothing, unknown plates."""

from __future__ import annotations

import io
from datetime import date
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from prongsai.core.importing import ImportFailed
from prongsai.core.testing import PersonaTestCase
from prongsai.vehicles.importing import vehicles_import
from prongsai.vehicles.models import ConsumptionRate, FuelSlip, Trip, Vehicle
from prongsai.vehicles.selectors import Period, report_data

VEHICLES = [
    ["ทะเบียนรถ", "ประเภทรถ", "ชนิดเชื้อเพลิง", "อัตราสิ้นเปลือง (กม./ลิตร)", "สถานที่เก็บรักษา", "ผู้รับผิดชอบ"],
    ["กข 1234 อัลฟา", "รถกระบะ", "ดีเซล", "11", "โรงจอดรถ", "a-coordinator"],
    ["นข ๕๖๗๘ อัลฟา", "รถตู้", "ดีเซล", "๙.๕", "โรงจอดรถ", ""],
]
TRIPS = [
    [
        "ทะเบียนรถ",
        "วันที่",
        "วันที่กลับ",
        "ผู้ขับ",
        "สถานที่ไป",
        "วัตถุประสงค์",
        "เวลาออก",
        "เวลากลับ",
        "เลขไมล์ออก",
        "เลขไมล์กลับ",
        "ผู้อนุญาต",
        "เหตุที่บันทึกย้อนหลัง",
        "เหตุที่ค้างคืนหรือนอกเวลา",
    ],
    [
        "กข 1234 อัลฟา",
        "5/1/2569",
        "",
        "a-staff",
        "อำเภอ",
        "ประชุม",
        "08.30 น.",
        "15:30",
        "10000",
        "10050",
        "a-executive",
        "",
        "",
    ],
    [
        "กข 1234 อัลฟา",
        "6/1/2569",
        "7/1/2569",
        "นายสมศักดิ์ ขับดี",
        "อุดรธานี",
        "อบรม",
        "07:00",
        "17:00",
        "10050",
        "10570",
        "a-executive",
        "",
        "อบรมตามคำสั่งที่ 5/2569",
    ],
    ["นข ๕๖๗๘ อัลฟา", "๘ ม.ค. ๒๕๖๙", "", "a-staff", "ตลาด", "ซื้อวัสดุ", "09:00", "11:00", "500", "540", "", "ลืมบันทึก", ""],
]
FUEL = [
    ["ทะเบียนรถ", "วันที่เติม", "จำนวนลิตร", "จำนวนเงิน", "เลขไมล์", "เติมเต็มถัง"],
    ["กข 1234 อัลฟา", "2/1/2569", "45", "1,482.30", "10000", "เต็มถัง"],
    ["กข 1234 อัลฟา", "9/1/2569", "52", "1,712.88", "10570", "เต็มถัง"],
]


def workbook(*sheets: list[list[str]]) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for n, rows in enumerate(sheets):
        sheet = book.create_sheet(f"sheet{n}")
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ImportTests(PersonaTestCase):
    def test_it_imports_vehicles_trips_and_fuel_from_thai_headers(self) -> None:
        done = vehicles_import(
            org=self.org, file_name="logbook.xlsx", content=workbook(TRIPS, FUEL, VEHICLES), user=self.coordinator
        )
        self.assertEqual((done.vehicles, done.trips, done.fuel), (2, 3, 2))
        van = Vehicle.objects.get(organisation=self.org, slug="นข-5678-อัลฟา")
        self.assertEqual(van.kind, "van")
        self.assertEqual(ConsumptionRate.objects.get(vehicle=van).km_per_litre, 9.5)
        car = Vehicle.objects.get(organisation=self.org, slug="กข-1234-อัลฟา")
        self.assertEqual(car.custodian, self.coordinator)
        overnight = Trip.objects.get(destination="อุดรธานี")
        self.assertEqual(overnight.driver_name, "นายสมศักดิ์ ขับดี")
        self.assertIsNone(overnight.driver)
        self.assertEqual(overnight.distance_km, 520)
        assert overnight.in_at is not None
        self.assertEqual(overnight.in_at.date(), date(2026, 1, 7))
        first = Trip.objects.get(destination="อำเภอ")
        self.assertEqual((first.driver, first.approved_by), (self.staff, self.executive))
        self.assertEqual(FuelSlip.objects.filter(vehicle=car).count(), 2)
        data = report_data(self.org, Period.month(2026, 1))
        self.assertEqual(sorted(f["code"] for f in data["flags"]), ["late_entry", "no_approval"])
        self.assertEqual(data["km_per_litre"], round(570 / 52, 2))

    def test_it_refuses_a_trip_of_an_unknown_plate_naming_the_cell(self) -> None:
        rows = [
            *TRIPS,
            ["ฮฮ 9999 อัลฟา", "9/1/2569", "", "a-staff", "อำเภอ", "", "08:00", "09:00", "1", "2", "", "", ""],
        ]
        with self.assertRaises(ImportFailed) as caught:
            vehicles_import(org=self.org, file_name="logbook.xlsx", content=workbook(VEHICLES, rows), user=None)
        errors = caught.exception.errors
        self.assertEqual(len(errors), 1)
        message = errors[0].message()
        self.assertIn("ฮฮ 9999 อัลฟา", message)
        self.assertIn("ทะเบียนรถ", message)
        self.assertIn("5", message)  # row 5 of the trips sheet
        self.assertFalse(Vehicle.objects.filter(organisation=self.org).exists())  # all or nothing
        self.assertFalse(Trip.objects.exists())

    def test_it_refuses_a_bad_time_and_a_return_before_departure(self) -> None:
        rows = [
            TRIPS[0],
            ["กข 1234 อัลฟา", "5/1/2569", "", "a-staff", "อำเภอ", "", "25:00", "09:00", "1", "2", "", "", ""],
            ["กข 1234 อัลฟา", "6/1/2569", "", "a-staff", "อำเภอ", "", "10:00", "09:00", "1", "2", "", "", ""],
        ]
        with self.assertRaises(ImportFailed) as caught:
            vehicles_import(org=self.org, file_name="t.xlsx", content=workbook(VEHICLES, rows), user=None)
        columns = [e.column for e in caught.exception.errors]
        self.assertEqual(columns, ["เวลาออก", "เวลากลับ"])

    def test_it_refuses_the_same_trip_twice(self) -> None:
        vehicles_import(org=self.org, file_name="a.xlsx", content=workbook(VEHICLES, TRIPS), user=None)
        with self.assertRaises(ImportFailed):
            vehicles_import(org=self.org, file_name="a.xlsx", content=workbook(TRIPS), user=None)
        self.assertEqual(Trip.objects.count(), 3)

    def test_it_imports_a_csv_from_the_command_and_the_web(self) -> None:
        csv = "\n".join(",".join(row) for row in VEHICLES).encode()
        with TemporaryDirectory() as folder:
            path = Path(folder) / "vehicles.csv"
            path.write_bytes(csv)
            out = StringIO()
            call_command("vehicle-import", "--org", "alpha", str(path), stdout=out)
        self.assertIn("2", out.getvalue())
        self.assertEqual(Vehicle.objects.filter(organisation=self.org).count(), 2)
        self.client.force_login(self.coordinator)
        url = reverse("vehicles:import", kwargs={"org_slug": "alpha"})
        trips = io.BytesIO(workbook(TRIPS))
        trips.name = "trips.xlsx"
        self.assertEqual(self.client.post(url, {"file": trips}).status_code, 302)
        self.assertEqual(Trip.objects.count(), 3)
        template = self.client.get(
            reverse("vehicles:import_template", kwargs={"org_slug": "alpha", "template_fmt": "xlsx"})
        )
        self.assertEqual(template.status_code, 200)
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(url).status_code, 403)
