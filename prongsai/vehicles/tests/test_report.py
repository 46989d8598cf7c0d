"""The report (JSON, DOCX, PDF, XLSX) from the command and the web, the public page without names, the
dashboard summary, the Do & Don't poster and the demo's planted month."""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from prongsai.core.doc.testing import docx_text, pdf_text, qr_codes_on_page
from prongsai.core.testing import PersonaTestCase
from prongsai.orgs.models import Organisation
from prongsai.vehicles import poster
from prongsai.vehicles.demo import _months
from prongsai.vehicles.models import Trip, UseRequest, UseRule, Vehicle
from prongsai.vehicles.testing import make_slip, make_trip, vehicle


class ReportCase(PersonaTestCase):
    def setUp(self) -> None:
        self.car = vehicle(self)
        make_trip(self, self.car, date(2026, 1, 5), (8, 15), (10000, 10050))
        make_trip(self, self.car, date(2026, 1, 10), (9, 12), (10050, 10100))  # Saturday, no reason
        make_slip(self, self.car, date(2026, 1, 2), "40", 10000)
        make_slip(self, self.car, date(2026, 1, 12), "10", 10100)

    def command(self, *args: str) -> bytes:
        with TemporaryDirectory() as folder:
            path = Path(folder) / "out"
            call_command("vehicle-report", "--org", "alpha", *args, "--output", str(path), stderr=StringIO())
            return path.read_bytes()


class ReportTests(ReportCase):
    def test_it_writes_the_month_as_json(self) -> None:
        data = json.loads(self.command("--month", "2026-01", "--format", "json"))
        self.assertEqual(len(data["trips"]), 2)
        self.assertEqual(data["distance_km"], 100)
        self.assertEqual(data["litres"], 50.0)
        self.assertEqual(data["km_per_litre"], 10.0)
        self.assertEqual(
            data["flags"],
            [
                {
                    "code": "off_hours",
                    "plate": self.car.plate,
                    "date": "2026-01-10",
                    "detail": data["flags"][0]["detail"],
                }
            ],
        )
        self.assertIn("วันหยุด", data["flags"][0]["detail"])
        self.assertEqual(json.loads(self.command("--month", "2569-01", "--format", "json"))["distance_km"], 100)

    def test_it_writes_the_year_for_one_vehicle(self) -> None:
        other = vehicle(self, "นข 5678 อัลฟา")
        make_trip(self, other, date(2026, 2, 2), (8, 15), (100, 180), driver=self.unit_head)
        data = json.loads(self.command("--year", "2569", "--format", "json", "--vehicle", "นข 5678 อัลฟา"))
        self.assertEqual(data["distance_km"], 80)
        self.assertEqual([v["plate"] for v in data["vehicles"]], ["นข 5678 อัลฟา"])
        self.assertEqual(json.loads(self.command("--year", "2569", "--format", "json"))["distance_km"], 180)

    def test_it_writes_docx_pdf_and_xlsx(self) -> None:
        text = docx_text(self.command("--month", "2026-01", "--format", "docx"))
        self.assertIn("บัญชีแสดงการใช้น้ำมัน", text)
        self.assertIn("บันทึกการใช้รถส่วนกลาง (แบบ ๔)", text)
        pdf = self.command("--month", "2026-01", "--format", "pdf")
        self.assertIn("บัญชีแสดงการใช้น้ำมัน", pdf_text(pdf))
        self.assertIn("บันทึกการใช้รถส่วนกลาง (แบบ ๔)", pdf_text(pdf))
        self.assertGreaterEqual(len(PdfReader(io.BytesIO(pdf)).pages), 2)
        book = load_workbook(io.BytesIO(self.command("--month", "2026-01", "--format", "xlsx")))
        self.assertEqual(book.worksheets[0].max_row, 3)
        self.assertEqual(book.worksheets[3]["C2"].value, "off_hours")

    def test_it_refuses_bad_arguments(self) -> None:
        for args in (["--month", "2026-13"], ["--year", "2026"]):
            with self.assertRaises(CommandError) as caught:
                self.command(*args, "--format", "json")
            self.assertEqual(caught.exception.returncode, 2)
        with self.assertRaises(CommandError):
            self.command("--month", "2026-01", "--format", "json", "--vehicle", "ไม่มี 1")

    def test_it_downloads_the_report_from_the_web(self) -> None:
        url = reverse("vehicles:report", kwargs={"org_slug": "alpha"})
        self.client.force_login(self.supervisor)
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.get(url, {"month": "2569-01", "fmt": "json"})
        self.assertEqual(json.loads(response.content)["distance_km"], 100)
        response = self.client.get(url, {"year": "2569", "fmt": "pdf", "vehicle": self.car.slug})
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.client.force_login(self.other_executive)
        self.assertEqual(self.client.get(url, {"month": "2569-01", "fmt": "json"}).status_code, 404)


class EveryonesViewTests(ReportCase):
    def test_it_shows_monthly_use_without_names(self) -> None:
        self.staff.first_name = "สมหมาย"
        self.staff.save()
        with time_machine.travel(date(2026, 3, 1)):
            page = self.client.get(reverse("vehicles:public", kwargs={"org_slug": "alpha"}))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "100")
        self.assertNotContains(page, "สมหมาย")
        self.assertNotContains(page, "a-staff")
        self.assertNotContains(page, "ที่ว่าการอำเภอ")

    def test_it_summarises_the_module_on_the_dashboard(self) -> None:
        with time_machine.travel(date(2026, 1, 20)):
            Trip.objects.create(
                organisation=self.org,
                vehicle=self.car,
                destination="ตลาด",
                out_at=timezone.now(),
                odometer_out=10100,
            )
            self.client.force_login(self.executive)
            page = self.client.get(reverse("orgs:dashboard", kwargs={"org_slug": "alpha"}))
        self.assertContains(page, "รถออกอยู่ 1 คัน")
        self.assertContains(page, "ข้อสังเกตเดือนนี้ 2 รายการ")  # the Saturday trip and the open one, unapproved

    def test_it_prints_the_poster_with_the_rules_and_the_logbook_qr(self) -> None:
        self.client.force_login(self.staff)
        response = self.client.get(reverse("vehicles:poster", kwargs={"org_slug": "alpha"}))
        pdf = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        self.assertEqual(len(PdfReader(io.BytesIO(pdf)).pages), 1)
        text = pdf_text(pdf)
        self.assertIn("ไม่นำรถหลวงไปจอดที่บ้านพัก", text)
        self.assertIn("/alpha/v/", text)
        self.assertTrue(UseRule.objects.filter(organisation=self.org).exists())
        self.assertTrue(
            poster.logbook_url(self.org).endswith(reverse("vehicles:logbook", kwargs={"org_slug": "alpha"}))
        )
        if shutil.which("pdftoppm"):  # the printed QR, read as a phone camera reads it
            self.assertEqual(qr_codes_on_page(pdf), [poster.logbook_url(self.org)])

    def test_it_lets_managers_edit_the_rules(self) -> None:
        url = reverse("vehicles:rules", kwargs={"org_slug": "alpha"})
        self.client.force_login(self.staff)
        self.assertEqual(self.client.post(url, {"kind": "do", "text": "ล้างรถ"}).status_code, 404)
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.post(url, {"kind": "do", "text": "ล้างรถทุกสัปดาห์"}).status_code, 302)
        self.assertTrue(UseRule.objects.filter(organisation=self.org, text="ล้างรถทุกสัปดาห์").exists())


class DemoTests(PersonaTestCase):
    def test_it_plants_one_of_every_flag_and_loads_once(self) -> None:
        from prongsai.orgs.demo import load_demo
        from prongsai.vehicles import demo
        from prongsai.vehicles.selectors import Period, report_data

        with time_machine.travel(date(2026, 3, 10)):
            load_demo()
            org = Organisation.objects.get(slug="pho-nong")
            demo.load(org, Organisation.objects.get(slug="sample"))  # the vehicles' step again: nothing more
            self.assertEqual(Vehicle.objects.filter(organisation=org).count(), 2)
            earlier, previous, _this = _months(date(2026, 3, 10))
            late = report_data(org, Period.month(previous.year, previous.month))
            clean = report_data(org, Period.month(earlier.year, earlier.month))
        self.assertEqual(
            Counter(f["code"] for f in late["flags"]),
            Counter(
                {
                    c: 1
                    for c in (
                        "no_approval",
                        "self_approved",
                        "overlap",
                        "odometer_gap",
                        "odometer_backwards",
                        "overnight_away",
                        "off_hours",
                        "fuel_rate",
                        "late_entry",
                    )
                }
            ),
        )
        self.assertEqual(clean["flags"], [])
        self.assertGreater(clean["trip_count"], 10)
        waiting = UseRequest.objects.get(organisation=org)
        self.assertEqual(waiting.state, UseRequest.State.DECISION)
