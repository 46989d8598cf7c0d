"""Importing ITA results: all or nothing, Thai headers, errors that name row, column and value."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from prongsai.core.testing import PersonaTestCase
from prongsai.ita.importing import ImportFailed
from prongsai.ita.models import FrameworkYear, ItaResult, OitItemResult, ResultRevision
from prongsai.ita.selectors import report_data
from prongsai.ita.services import results_import
from prongsai.ita.tests.test_analysis import framework_data
from prongsai.orgs.models import Organisation

FIVE_YEARS = {
    2564: [78.5, 80.25, 82.0, 70.0, 71.33, 88.0, 86.5, 84.0, 60.0, 65.5],
    2565: [80.0, 81.0, 83.5, 72.5, 70.0, 90.0, 88.0, 86.0, 66.0, 70.0],
    2566: [84.1, 83.0, 85.0, 75.0, 69.5, 92.5, 90.0, 88.5, 72.25, 80.0],
    2567: [88.0, 84.75, 88.2, 74.0, 73.0, 95.0, 93.0, 91.0, 65.0, 85.0],
    2568: [90.1, 85.25, 90.1, 73.33, 74.75, 97.73, 97.0, 95.6, 59.25, 90.0],
}
THAI_HEADER = "ปีงบประมาณ," + ",".join(f"ตัวชี้วัดที่ {n}" for n in range(1, 11)) + ",คะแนนภาพรวม"


def independent(scores: list[float]) -> tuple[float, float, float, float]:
    iit = sum(scores[0:5]) / 5
    eit = sum(scores[5:8]) / 3
    oit = (scores[8] + scores[9]) / 2
    return iit, eit, oit, 0.3 * iit + 0.3 * eit + 0.4 * oit


def five_year_csv(*, overall_2568: str = "90.10") -> bytes:
    lines = [THAI_HEADER]
    for fy, scores in FIVE_YEARS.items():
        lines.append(f"{fy}," + ",".join(f"{s}" for s in scores) + ("," + overall_2568 if fy == 2568 else ","))
    return "\n".join(lines).encode("utf-8-sig")


class ImportTests(TestCase):
    org: Organisation

    @classmethod
    def setUpTestData(cls) -> None:
        for fy in FIVE_YEARS:
            FrameworkYear.objects.create(
                fiscal_year=fy,
                data=framework_data(fy, scheme="bands" if fy <= 2566 else "labels"),
                file_name="test",
                file_sha256="-",
            )
        cls.org = Organisation.objects.create(slug="t", name="อบต.ทดสอบ")

    def test_it_imports_five_years_and_the_json_matches_an_independent_computation(self) -> None:
        results_import(org=self.org, file_name="ita.csv", content=five_year_csv(), user=None)
        data = report_data(self.org, 2568, thai_digits=False)
        assert data is not None
        json.dumps(data, ensure_ascii=False)  # serialisable as it is
        bands = [("AA", 95), ("A", 85), ("B", 75), ("C", 65), ("D", 55), ("E", 50), ("F", 0)]
        for year in data["years"]:
            fy = year["fiscal_year"]
            iit, eit, oit, overall = independent(FIVE_YEARS[fy])
            with self.subTest(fy=fy):
                self.assertAlmostEqual(year["tools"]["IIT"], iit, delta=0.01)
                self.assertAlmostEqual(year["tools"]["EIT"], eit, delta=0.01)
                self.assertAlmostEqual(year["tools"]["OIT"], oit, delta=0.01)
                self.assertAlmostEqual(year["computed_overall"], overall, delta=0.01)
                used = 90.10 if fy == 2568 else overall
                self.assertAlmostEqual(year["overall"], used, delta=0.01)
                self.assertEqual(year["overall_source"], "reported" if fy == 2568 else "computed")
                self.assertEqual(year["passed"], round(used, 2) >= 85)
                if fy <= 2566:
                    self.assertEqual(year["level"], next(c for c, m in bands if round(overall, 2) >= m))
        indicators = {i["number"]: i for i in data["indicators"]}
        self.assertEqual(indicators[9]["previous"], 65.0)
        self.assertEqual(indicators[9]["delta"], -5.75)
        self.assertEqual(indicators[9]["trend"], "stable")  # 60, 66, 72.25, 65, 59.25: slope ≈ -0.09
        self.assertEqual(indicators[6]["trend"], "improving")
        self.assertEqual(indicators[5]["trend"], "improving")
        self.assertEqual(data["weakest"], [9, 4, 5, 2])
        codes = [w["code"] for w in data["warnings"]]
        self.assertEqual(codes, ["reported_overall_mismatch"])
        self.assertIn("83.69", data["warnings"][0]["message"])

    def test_it_refuses_a_score_of_101_whole_and_names_the_cell(self) -> None:
        bad = five_year_csv().decode("utf-8-sig").replace("2566,84.1,", "2566,101,")
        with self.assertRaises(ImportFailed) as caught:
            results_import(org=self.org, file_name="ita.csv", content=bad.encode(), user=None)
        [error] = caught.exception.errors
        self.assertEqual((error.row, error.column, error.value), (4, "ตัวชี้วัดที่ 1", "101"))
        with translation.override("th"):
            self.assertIn("แถวที่ 4", error.message())
            self.assertIn("ต้องอยู่ระหว่าง 0 ถึง 100", error.message())
        self.assertFalse(ItaResult.objects.exists())
        self.assertFalse(ResultRevision.objects.exists())

    def test_it_refuses_a_non_number_and_reports_every_bad_cell(self) -> None:
        bad = five_year_csv().decode("utf-8-sig").replace("2565,80.0,", "2565,แปดสิบ,").replace(",97.73,", ",97.731,")
        with self.assertRaises(ImportFailed) as caught:
            results_import(org=self.org, file_name="ita.csv", content=bad.encode(), user=None)
        self.assertEqual(
            [(e.row, e.column, e.value) for e in caught.exception.errors],
            [(3, "ตัวชี้วัดที่ 1", "แปดสิบ"), (6, "ตัวชี้วัดที่ 6", "97.731")],
        )
        with translation.override("en"):
            # a CSV has no sheets: the message names the row and column only
            self.assertEqual(
                "row 3, column “ตัวชี้วัดที่ 1”: value “แปดสิบ” — not a number",
                caught.exception.errors[0].message(),
            )
        self.assertFalse(ItaResult.objects.exists())

    def test_it_refuses_unknown_years_duplicates_and_missing_columns(self) -> None:
        header = "fiscal_year," + ",".join(f"indicator_{n}" for n in range(1, 11))
        row = ",".join(["80"] * 10)
        for content, reason in [
            (f"{header}\n2550,{row}\n", "no ITA framework"),
            (f"{header}\n2568,{row}\n2568,{row}\n", "appears twice"),
            ("year,score\n2568,80\n", "the header row (row 1) does not have the columns “ปีงบประมาณ”"),
        ]:
            with self.subTest(reason=reason), self.assertRaises(ImportFailed) as caught:
                results_import(org=self.org, file_name="x.csv", content=content.encode(), user=None)
            with translation.override("en"):
                self.assertIn(reason, caught.exception.errors[0].message())
        self.assertFalse(ItaResult.objects.exists())

    def test_it_reads_an_xlsx_workbook_with_results_and_items(self) -> None:
        book = Workbook()
        sheet = book.active
        sheet.title = "ผลคะแนน"
        sheet.append(["ปีงบประมาณ", *[f"ตัวชี้วัดที่ {n}" for n in range(1, 11)], "IIT"])
        sheet.append([2568, *FIVE_YEARS[2568], 82.71])
        items = book.create_sheet("OIT")
        items.append(["ปีงบประมาณ", "ข้อ", "ผ่าน", "ความเห็น"])
        items.append(["๒๕๖๘", "o1", "ไม่ผ่าน", "ลิงก์เสีย"])
        items.append([2568, "O 43", "ผ่าน", None])
        buffer = io.BytesIO()
        book.save(buffer)
        parsed = results_import(org=self.org, file_name="ita.xlsx", content=buffer.getvalue(), user=None)
        self.assertEqual(parsed.years, [2568])
        result = ItaResult.objects.get(organisation=self.org, fiscal_year=2568)
        self.assertEqual(result.i9, Decimal("59.25"))
        self.assertEqual(result.reported_iit, Decimal("82.71"))
        self.assertEqual(
            list(OitItemResult.objects.order_by("item_code").values_list("item_code", "passed", "comment")),
            [("O1", False, "ลิงก์เสีย"), ("O43", True, "")],
        )

    def test_it_refuses_an_item_that_is_not_in_the_years_list(self) -> None:
        content = "fiscal_year,item,passed\n2568,O99,ผ่าน\n".encode()
        with self.assertRaises(ImportFailed) as caught:
            results_import(org=self.org, file_name="items.csv", content=content, user=None)
        self.assertEqual((caught.exception.errors[0].row, caught.exception.errors[0].value), (2, "O99"))

    def test_it_replaces_a_reimported_year_and_keeps_the_history(self) -> None:
        results_import(org=self.org, file_name="first.csv", content=five_year_csv(), user=None)
        results_import(org=self.org, file_name="second.csv", content=five_year_csv(overall_2568="83.69"), user=None)
        result = ItaResult.objects.get(organisation=self.org, fiscal_year=2568)
        self.assertEqual(result.reported_overall, Decimal("83.69"))
        revisions = ResultRevision.objects.filter(organisation=self.org, fiscal_year=2568)
        self.assertEqual(revisions.count(), 2)
        latest = revisions.first()
        assert latest is not None
        self.assertEqual(latest.source, "import: second.csv")
        self.assertEqual(latest.previous["reported"]["overall"], "90.10")
        self.assertEqual(latest.new["reported"]["overall"], "83.69")

    def test_it_exits_with_1_and_thai_messages_from_the_command(self) -> None:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bad.csv"
            path.write_bytes(five_year_csv().decode("utf-8-sig").replace("2566,84.1,", "2566,101,").encode())
            err = io.StringIO()
            with pytest.raises(SystemExit) as exit_info:
                call_command("ita-import", "--org", "t", str(path), stderr=err, stdout=io.StringIO())
            self.assertEqual(exit_info.value.code, 1)
            self.assertIn("แถวที่ 4", err.getvalue())
            self.assertIn("101", err.getvalue())
            path.write_bytes(five_year_csv())
            out = io.StringIO()
            call_command("ita-import", "--org", "t", str(path), stdout=out)
        self.assertEqual(ItaResult.objects.filter(organisation=self.org).count(), 5)

    def test_it_refuses_a_formula_without_a_saved_result_and_keeps_the_scores(self) -> None:
        results_import(org=self.org, file_name="ita.csv", content=five_year_csv(), user=None)
        book = Workbook()
        sheet = book.active
        sheet.title = "ผลคะแนน"
        sheet.append(["ปีงบประมาณ", *[f"ตัวชี้วัดที่ {n}" for n in range(1, 11)]])
        sheet.append([2568, "=A1+1", *FIVE_YEARS[2568][1:]])  # openpyxl saves no result for a formula
        buffer = io.BytesIO()
        book.save(buffer)
        with self.assertRaises(ImportFailed) as caught:
            results_import(org=self.org, file_name="ita.xlsx", content=buffer.getvalue(), user=None)
        [error] = caught.exception.errors
        self.assertEqual((error.sheet, error.row, error.column, error.value), ("ผลคะแนน", 2, "ตัวชี้วัดที่ 1", "=A1+1"))
        with translation.override("th"):
            self.assertIn("เซลล์ B2 เป็นสูตร", error.message())
        self.assertEqual(ItaResult.objects.get(organisation=self.org, fiscal_year=2568).i1, Decimal("90.10"))

    def test_it_stops_a_big_csv_from_the_command_at_the_row_limit(self) -> None:
        import tempfile
        import time
        from pathlib import Path

        row = "2568," + ",".join(["80"] * 10) + "\n"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "big.csv"
            path.write_text("fiscal_year," + ",".join(f"indicator_{n}" for n in range(1, 11)) + "\n" + row * 200_000)
            err = io.StringIO()
            started = time.monotonic()
            with pytest.raises(SystemExit) as exit_info:
                call_command("ita-import", "--org", "t", str(path), stderr=err, stdout=io.StringIO())
            elapsed = time.monotonic() - started
        self.assertEqual(exit_info.value.code, 1)
        self.assertIn("ไฟล์มีข้อมูลเกิน 2000 แถว", err.getvalue())
        self.assertNotIn("แผ่นงาน", err.getvalue())
        self.assertNotIn("แถวที่ 0", err.getvalue())
        self.assertLess(elapsed, 5)  # 7 MB: stopped after 2,001 rows, not read whole
        self.assertFalse(ItaResult.objects.exists())

    def test_it_imports_its_own_template_filled_in(self) -> None:
        from openpyxl import load_workbook

        from prongsai.core.importing import template_xlsx
        from prongsai.ita.importing import SPEC

        with translation.override("th"):
            book = load_workbook(io.BytesIO(template_xlsx(SPEC, organisation=self.org)))
        self.assertEqual(book.sheetnames, ["ผลการประเมิน ITA", "ข้อ OIT", "คำอธิบาย"])
        results, items = book["ผลการประเมิน ITA"], book["ข้อ OIT"]
        self.assertEqual([c.value for c in results[1]][:3], ["ปีงบประมาณ", "ตัวชี้วัดที่ 1", "ตัวชี้วัดที่ 2"])
        results.append([2568, *FIVE_YEARS[2568]])
        items.append([2568, "O1", "ไม่ผ่าน", "ลิงก์เปิดไม่ได้"])
        buffer = io.BytesIO()
        book.save(buffer)
        parsed = results_import(org=self.org, file_name="filled.xlsx", content=buffer.getvalue(), user=None)
        self.assertEqual(parsed.years, [2568])
        self.assertEqual(OitItemResult.objects.get(organisation=self.org, item_code="O1").passed, False)


class ImportPageTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        FrameworkYear.objects.create(fiscal_year=2568, data=framework_data(2568), file_name="test", file_sha256="-")

    def post(self, name: str, content: bytes) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.coordinator)
        url = reverse("ita:import", kwargs={"org_slug": self.org.slug})
        return self.client.post(url, {"file": SimpleUploadedFile(name, content)})

    def test_it_links_the_template_and_serves_it_as_xlsx(self) -> None:
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("ita:import", kwargs={"org_slug": self.org.slug}))
        template_url = reverse("ita:import_template", kwargs={"org_slug": self.org.slug})
        self.assertContains(page, f'href="{template_url}"')
        self.assertContains(page, "ดาวน์โหลดแบบฟอร์ม (XLSX)")
        self.assertContains(page, "<td>ตัวชี้วัดที่ 10</td>", html=False)
        response = self.client.get(template_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"PK"))
        csv_url = reverse("ita:import_template_csv", kwargs={"org_slug": self.org.slug})
        self.assertContains(page, f'href="{csv_url}"')
        self.assertTrue(self.client.get(csv_url).content.startswith("\ufeffปีงบประมาณ,ตัวชี้วัดที่ 1,".encode()))

    def test_it_shows_bad_cells_as_a_table_without_a_sheet_column_for_a_csv(self) -> None:
        header = "ปีงบประมาณ," + ",".join(f"ตัวชี้วัดที่ {n}" for n in range(1, 11))
        response = self.post("ita.csv", f"{header}\n2568,101,{','.join(['80'] * 9)}\n".encode())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "กรุณาแก้ไขช่องต่อไปนี้")
        self.assertContains(response, '<td data-label="ค่า">101</td>', html=False)
        self.assertContains(response, "คะแนนต้องอยู่ระหว่าง 0 ถึง 100")
        self.assertNotContains(response, "แผ่นงาน")
        self.assertFalse(ItaResult.objects.exists())

    def test_it_words_a_whole_file_error_as_such(self) -> None:
        response = self.post("ita.csv", b" \r\n")  # a zero-byte file is refused by the form already
        self.assertContains(response, "นำเข้าไฟล์ “ita.csv” ไม่ได้: ไฟล์ว่างเปล่า")
        self.assertNotContains(response, "แถวที่ 0")
        self.assertNotContains(response, "แผ่นงาน “-”")
