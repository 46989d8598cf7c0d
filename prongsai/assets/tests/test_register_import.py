"""Import and export of the register: Thai headers, Thai digits, พ.ศ. dates, all or nothing, the XLSX round trip."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from prongsai.assets.models import Asset
from prongsai.assets.register.export import register_xlsx
from prongsai.assets.register.importing import SPEC, asset_import
from prongsai.core import history
from prongsai.core import importing as imp
from prongsai.core.models import Change
from prongsai.core.testing import PersonaTestCase
from prongsai.orgs.models import Unit

THAI_HEADERS = [
    "เลขครุภัณฑ์", "รายการ", "ประเภท", "ยี่ห้อ", "รุ่น", "หมายเลขเครื่อง", "วันที่ได้มา", "วิธีได้มา",
    "เลขที่สัญญา", "แหล่งเงิน", "ราคาทุน", "กอง/หน่วยงาน", "ห้อง/สถานที่", "ผู้ดูแล", "สถานะ",
]  # fmt: skip
ROWS: list[list[Any]] = [
    ["๔๑๖-๕๙-๐๐๐๑", "เครื่องคอมพิวเตอร์", "ครุภัณฑ์คอมพิวเตอร์", "Dell", "OptiPlex", "SN1", "๑/๓/๒๕๕๙", "ซื้อ",
     "๑๒/๒๕๕๙", "เงินงบประมาณ", "๒๒,๐๐๐", "04", "ห้องกองคลัง", "a-staff", "ใช้งาน"],
    ["400-60-0002", "โต๊ะทำงาน", "ครุภัณฑ์สำนักงาน", "", "", "", "15 ต.ค. 2560", "รับบริจาค",
     "", "เงินบริจาค", "6500.50", "สำนักปลัด", "ห้องสำนักปลัด", "", "ชำรุด"],
    ["409-60-0001", "เครื่องกำเนิดไฟฟ้า", "ครุภัณฑ์ไฟฟ้า", "Honda", "EP6500", "", "2017-06-01", "purchase",
     "", "", 45000, "กองคลัง", "โรงเก็บพัสดุ", "สมหญิง รักงาน", "deteriorated"],
]  # fmt: skip


def xlsx(rows: list[list[Any]], headers: list[str] = THAI_HEADERS) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parsed(content: bytes, org: Any) -> list[dict[str, Any]]:
    result = imp.read_file(SPEC, file_name="x.xlsx", content=content, organisation=org)
    result.check()
    return [row.values for row in result.of("assets")]


class ImportTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Unit.objects.filter(pk=cls.finance.pk).update(code="04")
        cls.staff.first_name, cls.staff.last_name = "สมหญิง", "รักงาน"
        cls.staff.save()

    def test_it_imports_thai_headers_digits_dates_units_by_code_and_people(self) -> None:
        summary = asset_import(organisation=self.org, file_name="r.xlsx", content=xlsx(ROWS), by=self.coordinator)
        self.assertEqual((summary.created, summary.updated), (3, 0))
        pc = Asset.objects.get(code="416-59-0001")
        self.assertEqual(
            (pc.acquired_on, pc.method, pc.cost, pc.unit, pc.custodian, pc.status, pc.contract_number),
            (date(2016, 3, 1), "purchase", Decimal("22000.00"), self.finance, self.staff, "in_use", "๑๒/๒๕๕๙"),
        )
        desk = Asset.objects.get(code="400-60-0002")
        self.assertEqual(
            (desk.acquired_on, desk.method, desk.unit, desk.status),
            (date(2017, 10, 15), "donation", self.unit, "damaged"),
        )
        self.assertEqual(Asset.objects.get(code="409-60-0001").custodian, self.staff)
        self.assertEqual(Change.objects.filter(action=Change.Action.CREATED, note="r.xlsx").count(), 3)

    def test_it_refuses_the_whole_file_naming_every_bad_cell(self) -> None:
        bad = [list(r) for r in ROWS]
        bad[1][10] = "หกพัน"  # cost
        bad[2][11] = "กองสาธารณสุข"  # unit
        bad[2][13] = "b-staff"  # a person of another organisation
        bad.append(list(ROWS[0]))  # the same number twice
        with self.assertRaises(imp.ImportFailed) as caught:
            asset_import(organisation=self.org, file_name="r.xlsx", content=xlsx(bad), by=None)
        with translation.override("en"):
            found = {(e.row, e.column, e.value) for e in caught.exception.errors}
            messages = [e.message() for e in caught.exception.errors]
        self.assertEqual(
            found,
            {
                (3, "ราคาทุน", "หกพัน"),
                (4, "กอง/หน่วยงาน", "กองสาธารณสุข"),
                (4, "ผู้ดูแล", "b-staff"),
                (5, "เลขครุภัณฑ์", "๔๑๖-๕๙-๐๐๐๑"),
            },
        )
        self.assertTrue(all("row" in m and "column" in m for m in messages), messages)
        self.assertFalse(Asset.objects.exists())

    def test_it_updates_known_numbers_with_their_history_in_bulk(self) -> None:
        asset_import(organisation=self.org, file_name="first.xlsx", content=xlsx(ROWS), by=None)
        again = [list(r) for r in ROWS]
        again[0][12] = "ห้องประชุม"
        again[1][14] = "ใช้งาน"
        summary = asset_import(organisation=self.org, file_name="second.xlsx", content=xlsx(again), by=self.executive)
        self.assertEqual((summary.created, summary.updated, summary.unchanged), (0, 2, 1))
        pc = Asset.objects.get(code="416-59-0001")
        self.assertEqual(pc.room, "ห้องประชุม")
        change = history.changes_of(pc).first()
        assert change is not None
        self.assertEqual(
            (change.event, change.changes, change.note, change.actor),
            ("import", {"room": ["ห้องกองคลัง", "ห้องประชุม"]}, "second.xlsx", self.executive),
        )

    def test_it_round_trips_a_register_with_thai_headers_to_xlsx_with_the_same_values(self) -> None:
        original = xlsx(ROWS)
        asset_import(organisation=self.org, file_name="r.xlsx", content=original, by=None)
        with translation.override("th"):
            exported = register_xlsx(Asset.objects.filter(organisation=self.org), title="ทะเบียน")
        self.assertEqual(
            sorted(parsed(exported, self.org), key=lambda v: v["code"]),
            sorted(parsed(original, self.org), key=lambda v: v["code"]),
        )
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(exported)).active
        assert sheet is not None
        self.assertEqual([c.value for c in sheet[1]], THAI_HEADERS)
        # and the exported file imports into another organisation and exports to the same cells
        Unit.objects.create(organisation=self.other_org, name="กองคลัง", code="04")
        self.other_staff.first_name, self.other_staff.last_name = "สมหญิง", "รักงาน"
        self.other_staff.save()
        with translation.override("th"):
            asset_import(organisation=self.other_org, file_name="e.xlsx", content=exported, by=None)
            again = register_xlsx(Asset.objects.filter(organisation=self.other_org), title="ทะเบียน")
        rows = lambda content: [[c.value for c in r] for r in load_workbook(io.BytesIO(content)).active.iter_rows()]  # noqa: E731
        self.assertEqual(rows(again), rows(exported))

    def test_it_keeps_the_status_when_the_cell_is_empty(self) -> None:
        asset_import(organisation=self.org, file_name="a.xlsx", content=xlsx(ROWS), by=None)
        again = [list(r) for r in ROWS]
        again[1][14] = ""
        again[1][3] = ""
        asset_import(organisation=self.org, file_name="b.xlsx", content=xlsx(again), by=None)
        self.assertEqual(Asset.objects.get(code="400-60-0002").status, Asset.Status.DAMAGED)
        new = [["416-61-0001", "เก้าอี้", *[""] * 13]]
        asset_import(organisation=self.org, file_name="c.xlsx", content=xlsx(new), by=None)
        self.assertEqual(Asset.objects.get(code="416-61-0001").status, Asset.Status.IN_USE)

    def test_it_refuses_a_new_asset_imported_as_disposed_of(self) -> None:
        row = list(ROWS[0])
        row[14] = "จำหน่ายแล้ว"
        with self.assertRaises(imp.ImportFailed):
            asset_import(organisation=self.org, file_name="r.xlsx", content=xlsx([row]), by=None)

    def test_it_imports_from_the_command_line_and_exports(self) -> None:
        with TemporaryDirectory() as folder:
            source = Path(folder) / "register.xlsx"
            source.write_bytes(xlsx(ROWS))
            out = io.StringIO()
            call_command("asset-import", "--org", self.org.slug, str(source), stdout=out)
            self.assertIn("3", out.getvalue())
            self.assertEqual(Asset.objects.count(), 3)
            bad = Path(folder) / "bad.csv"
            bad.write_text("เลขครุภัณฑ์,รายการ,ราคาทุน\n416-59-0009,เก้าอี้,abc\n", encoding="utf-8")
            err = io.StringIO()
            with self.assertRaises(SystemExit) as exit_code:
                call_command("asset-import", "--org", self.org.slug, str(bad), "--language", "en", stderr=err)
            self.assertEqual(exit_code.exception.code, 1)
            self.assertIn("row 2", err.getvalue())
            self.assertIn("abc", err.getvalue())
            target = Path(folder) / "out.xlsx"
            call_command("asset-export", "--org", self.org.slug, "--output", str(target), stderr=io.StringIO())
            self.assertEqual(len(parsed(target.read_bytes(), self.org)), 3)

    def test_it_offers_the_upload_page_its_template_and_the_download(self) -> None:
        self.client.force_login(self.coordinator)
        template = self.client.get(
            reverse("assets:import_template", kwargs={"org_slug": self.org.slug, "template_format": "xlsx"})
        )
        self.assertEqual(template.status_code, 200)
        upload = io.BytesIO(xlsx(ROWS))
        upload.name = "r.xlsx"
        response = self.client.post(reverse("assets:import", kwargs={"org_slug": self.org.slug}), {"file": upload})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Asset.objects.count(), 3)
        download = self.client.get(reverse("assets:export", kwargs={"org_slug": self.org.slug}) + "?status=damaged")
        self.assertEqual([v["code"] for v in parsed(b"".join(download), self.org)], ["400-60-0002"])
        self.client.force_login(self.staff)  # staff of กองคลัง: their unit's assets only
        download = self.client.get(reverse("assets:export", kwargs={"org_slug": self.org.slug}))
        self.assertEqual(
            sorted(v["code"] for v in parsed(b"".join(download), self.org)), ["409-60-0001", "416-59-0001"]
        )


class ImportPageInThaiTests(PersonaTestCase):
    def test_it_names_the_bad_cells_in_thai(self) -> None:
        self.client.force_login(self.coordinator)
        upload = io.BytesIO(
            xlsx(
                [["416-59-0001", "โต๊ะ", "", "", "", "", "31/02/2560", "ซื้อ", "", "", "abc", "กองสาธารณสุข", "", "", "พัง"]]
            )
        )
        upload.name = "r.xlsx"
        with translation.override("th"):
            response = self.client.post(reverse("assets:import", kwargs={"org_slug": self.org.slug}), {"file": upload})
        page = response.content.decode()
        self.assertEqual(response.status_code, 200)
        for value in ("31/02/2560", "abc", "กองสาธารณสุข", "พัง"):
            self.assertIn(value, page)
        for english in ("not a number", "no unit of this organisation", "not one of"):
            self.assertNotIn(english, page)
        self.assertIn("ไม่มีสำนัก/กองของหน่วยงานที่มีชื่อหรือรหัสนี้", page)
        self.assertFalse(Asset.objects.exists())


class BulkImportTests(PersonaTestCase):
    def test_it_writes_a_large_import_and_its_history_in_a_fixed_number_of_queries(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        rows = [
            [
                f"416-60-{n:04d}",
                f"เก้าอี้ {n}",
                "",
                "",
                "",
                "",
                "1/10/2560",
                "ซื้อ",
                "",
                "",
                "1500",
                "กองคลัง",
                "ห้อง 1",
                "",
                "ใช้งาน",
            ]
            for n in range(1, 301)
        ]
        with CaptureQueriesContext(connection) as first:
            asset_import(organisation=self.org, file_name="a.xlsx", content=xlsx(rows), by=None)
        for row in rows:
            row[12] = "ห้อง 2"
        with CaptureQueriesContext(connection) as second:
            summary = asset_import(organisation=self.org, file_name="b.xlsx", content=xlsx(rows), by=None)
        self.assertEqual(summary.updated, 300)
        self.assertLess(len(first), 25)
        self.assertLess(len(second), 25)
        self.assertEqual(Change.objects.filter(event="import", note="b.xlsx").count(), 300)
        self.assertEqual(Asset.objects.filter(room="ห้อง 2").count(), 300)
