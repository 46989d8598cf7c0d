"""The catalogue's import and export: a good file round-trips, a bad cell refuses the whole file naming it."""

from __future__ import annotations

import csv
import io
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from prongsai.core.importing import ImportFailed
from prongsai.core.testing import PersonaTestCase
from prongsai.services.importing import catalogue_xlsx, services_import
from prongsai.services.models import Service, ServiceRevision
from prongsai.services.testing import service

HEADER = ["ชื่องานบริการ", "กอง", "ระยะเวลา (นาที)", "ค่าธรรมเนียม", "เอกสาร", "ขั้นตอน", "กฎหมาย", "ช่องทาง"]
ROWS = [
    [
        "การรับแจ้งการเกิด",
        "สำนักปลัด",
        "๑๐",
        "ไม่มี",
        "บัตรประชาชน (1 ฉบับ) | สำเนาทะเบียนบ้าน (1 ฉบับ, หน่วยงานขอเอง)",
        "ยื่นคำร้อง (3 นาที, นายทะเบียน) | ออกสูติบัตร (7 นาที)",
        "พ.ร.บ.การทะเบียนราษฎร พ.ศ. 2534",
        "งานทะเบียน | https://example.go.th/birth",
    ],
    ["การชำระภาษีที่ดินและสิ่งปลูกสร้าง", "กองคลัง", "5", "ตามอัตราภาษี", "ไม่มี", "ชำระเงิน (5 นาที, การเงิน)", "", ""],
]


def _csv(*rows: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8")


GOOD = _csv(*ROWS)


class ImportTests(PersonaTestCase):
    def test_it_imports_thai_headers_and_round_trips_through_the_export(self) -> None:
        done = services_import(org=self.org, file_name="s.csv", content=GOOD, user=self.coordinator)
        self.assertEqual((done.created, done.revised), (2, 0))
        birth = Service.objects.get(organisation=self.org, name="การรับแจ้งการเกิด").latest
        self.assertEqual(birth.fee, "ไม่มีค่าธรรมเนียม")
        self.assertEqual(birth.documents[1], {"name": "สำเนาทะเบียนบ้าน", "copies": 1, "office_fetches": True})
        self.assertEqual(birth.steps[1], {"text": "ออกสูติบัตร", "minutes": 7, "who": ""})
        self.assertEqual((birth.counter, birth.eservice_url), ("งานทะเบียน", "https://example.go.th/birth"))
        self.assertEqual(Service.objects.get(name__startswith="การชำระ").latest.documents, [])
        before = {r.pk: r.content() for r in ServiceRevision.objects.all()}
        exported = catalogue_xlsx(self.org)
        again = services_import(org=self.org, file_name="s.xlsx", content=exported, user=self.coordinator)
        self.assertEqual((again.created, again.revised, again.unchanged), (0, 0, 2))
        self.assertEqual({r.pk: r.content() for r in ServiceRevision.objects.all()}, before)
        sheet = load_workbook(io.BytesIO(exported)).active
        self.assertEqual(sheet.cell(1, 1).value, "ชื่องานบริการ")

    def test_a_known_name_makes_a_new_revision(self) -> None:
        found = service(self)
        text = _csv(["การรับแจ้งการเกิด", "กองคลัง", "12", "ไม่มี", "ไม่มี", "ยื่นคำร้อง (12 นาที)", "", ""])
        done = services_import(org=self.org, file_name="s.csv", content=text, user=None)
        self.assertEqual(done.revised, 1)
        found.refresh_from_db()
        self.assertEqual((found.current.number, found.current.standard_min), (2, 12))
        self.assertEqual(found.revisions.get(number=1).standard_min, 10)

    def test_a_bad_cell_refuses_the_whole_file_naming_every_cell(self) -> None:
        bad = _csv(
            *ROWS,
            ["ขออนุญาตก่อสร้าง", "กองที่ไม่มี", "สิบ", "", "", "ตรวจแบบ", "", ""],
            ["ขอใช้น้ำ", "กองคลัง", "5", "ไม่มี", "ไม่มี", "ติดตั้ง (9 นาที)", "", ""],
        )
        with self.assertRaises(ImportFailed) as caught:
            services_import(org=self.org, file_name="s.csv", content=bad, user=None)
        named = {(e.row, e.column) for e in caught.exception.errors}
        self.assertTrue(
            {(4, "กอง"), (4, "ระยะเวลา (นาที)"), (4, "ค่าธรรมเนียม"), (4, "เอกสาร"), (4, "ขั้นตอน"), (5, "ขั้นตอน")} <= named,
            named,
        )
        self.assertFalse(Service.objects.filter(organisation=self.org).exists())

    def test_a_unit_head_imports_only_their_units_services(self) -> None:
        with self.assertRaises(ImportFailed) as caught:
            services_import(org=self.org, file_name="s.csv", content=GOOD, user=self.unit_head, units=[self.finance])
        self.assertEqual([(e.row, e.column) for e in caught.exception.errors], [(2, "กอง")])

    def test_the_command_imports_and_refuses_with_exit_1(self) -> None:
        with TemporaryDirectory() as folder:
            good, bad = Path(folder, "good.csv"), Path(folder, "bad.csv")
            good.write_bytes(GOOD)
            bad.write_bytes(_csv(["x", "สำนักปลัด", "0", "ไม่มี", "ไม่มี", "ก (1 นาที)", "", ""]))
            out = StringIO()
            call_command("service-import", "--org", "alpha", str(good), stdout=out)
            self.assertIn("2", out.getvalue())
            err = StringIO()
            with self.assertRaises(SystemExit) as exit_:
                call_command("service-import", "--org", "alpha", str(bad), stderr=err)
            self.assertEqual(exit_.exception.code, 1)
            self.assertIn("ระยะเวลา (นาที)", err.getvalue())
        self.assertEqual(Service.objects.filter(organisation=self.org).count(), 2)

    def test_the_web_import_page_and_its_template(self) -> None:
        self.client.force_login(self.coordinator)
        url = reverse("services:import", kwargs={"org_slug": "alpha"})
        upload = io.BytesIO(GOOD)
        upload.name = "s.csv"
        response = self.client.post(url, {"file": upload})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Service.objects.filter(organisation=self.org).count(), 2)
        template = self.client.get(
            reverse("services:import_template", kwargs={"org_slug": "alpha", "template_fmt": "xlsx"})
        )
        self.assertEqual(template.status_code, 200)
        self.assertIn("ขั้นตอน", [c.value for c in load_workbook(io.BytesIO(template.content)).worksheets[0][1]])
