"""The committee's document set (DOCX, PDF) and the XLSX lists: contents, the landscape 13-column list and
its blank rows, the page sizes, Thai digits but asset numbers as on their labels."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from prongsai.assets.models import Asset
from prongsai.assets.stockcheck import services
from prongsai.assets.stockcheck.documents import BLANK_ROWS, DAMAGED_WIDTHS, REMAINING_WIDTHS
from prongsai.assets.stockcheck.report import render
from prongsai.core.doc.docx import TEXT_WIDTH_CM
from prongsai.core.doc.testing import docx_text, pdf_text
from prongsai.core.testing import PersonaTestCase

DAMAGED_COLUMNS = [
    "ที่",
    "เลขครุภัณฑ์",
    "รายการ",
    "จำนวน",
    "ชำรุด",
    "เสื่อม",
    "สูญไป",
    "ไม่ใช้",
    "ใช้อยู่",
    "วันที่ได้มา",
    "ราคาตามทะเบียน",
    "ผู้ใช้งาน",
    "ชำรุดอย่างไร",
]


class DocumentSetTests(PersonaTestCase):
    def setUp(self) -> None:
        self.ethics.first_name, self.ethics.last_name = "สมชาย", "ตรวจดี"
        self.ethics.save()
        for n, room in enumerate(["ห้องคลัง", "ห้องคลัง", "ห้องปลัด", "ห้องปลัด"], 1):
            Asset.objects.create(
                organisation=self.org,
                code=f"416-59-000{n}",
                name=f"ครุภัณฑ์ที่ {n}",
                room=room,
                cost=Decimal("12500.50"),
                acquired_on=date(2016, 3, 1),
                custodian=self.staff,
            )
        self.round = services.round_start(organisation=self.org, kind="annual", fiscal_year=2568)
        self.round.order_number = "123"
        self.round.save()
        services.committee_member_add(round_=self.round, user=self.ethics, role="chair", position_title="ปลัด", by=None)
        for code, room, condition in (
            ("416-59-0001", "ห้องคลัง", "usable"),
            ("416-59-0002", "ห้องปลัด", "usable"),
            ("416-59-0003", "ห้องปลัด", "damaged"),
            ("999-00-0001", "ห้องคลัง", "usable"),
        ):
            services.scan_record(
                round_=self.round,
                data={
                    "code": code,
                    "room": room,
                    "condition": condition,
                    "note": "จอแตก" if condition == "damaged" else "",
                },
                by=None,
            )

    def test_the_widths_fill_the_page_and_the_list_has_its_13_columns(self) -> None:
        self.assertEqual(len(DAMAGED_WIDTHS), 13)
        self.assertAlmostEqual(sum(DAMAGED_WIDTHS), TEXT_WIDTH_CM[True])
        self.assertAlmostEqual(sum(REMAINING_WIDTHS), TEXT_WIDTH_CM[False])

    def test_the_pdf_holds_the_four_documents_the_last_one_landscape(self) -> None:
        from pypdf import PdfReader

        content, content_type, _name = render(self.round, "pdf")
        self.assertEqual(content_type, "application/pdf")
        text = pdf_text(content)
        for part in (
            "คำสั่ง",
            "แต่งตั้งคณะกรรมการตรวจสอบพัสดุประจำปี",
            "สมชาย ตรวจดี",
            "ประธานกรรมการ",
            "บันทึกข้อความ",
            "ทราบ – รายงาน สตง.",
            "บัญชีครุภัณฑ์คงเหลือ",
            "บัญชีพัสดุชำรุด เสื่อมสภาพ สูญไป และไม่จำเป็นต้องใช้",
            "416-59-0003",
            "๓๐ กันยายน ๒๕๖๘",
            "๑๒,๕๐๐.๕๐",
            "จอแตก",
        ):
            with self.subTest(part=part):
                self.assertIn(part, text)
        packed = "".join(text.split())  # header cells wrap inside their columns
        for column in DAMAGED_COLUMNS:
            self.assertIn(column, packed)
        pages = PdfReader(io.BytesIO(content)).pages
        last = pages[-1] if float(pages[-1].mediabox.width) > float(pages[-1].mediabox.height) else pages[-2]
        self.assertGreater(float(last.mediabox.width), float(last.mediabox.height))  # A4 landscape
        self.assertLess(float(pages[0].mediabox.width), float(pages[0].mediabox.height))

    def test_the_docx_says_the_same_with_blank_rows_for_handwriting(self) -> None:
        from docx import Document

        content, _type, _name = render(self.round, "docx")
        text = docx_text(content)
        for part in ("ทราบ – รายงาน สตง.", "บัญชีครุภัณฑ์คงเหลือ", "416-59-0001", "สมชาย ตรวจดี"):
            self.assertIn(part, text)
        document = Document(io.BytesIO(content))
        damaged = next(t for t in document.tables if len(t.columns) == 13)
        self.assertEqual(len(damaged.columns), 13)
        # two header rows, the damaged 0003, the missing 0004, then the blank rows
        self.assertEqual(len(damaged.rows), 2 + 2 + BLANK_ROWS)
        self.assertIn("/", [c.text for c in damaged.rows[2].cells])  # ticked
        self.assertEqual(document.sections[-1].orientation, 1)  # landscape

    def test_libreoffice_keeps_the_signatures_with_the_list_and_the_pages_of_the_pdf(self) -> None:
        """Word and LibreOffice lay the DOCX out themselves: the blank rows have their exact height there too, so
        the committee's signature lines stay under the 13-column list, on as many pages as the PDF has."""
        import shutil
        import subprocess
        import tempfile
        from pathlib import Path

        from pypdf import PdfReader

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            self.skipTest("LibreOffice (soffice) is not installed")
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "set.docx").write_bytes(render(self.round, "docx")[0])
            profile = f"-env:UserInstallation={(Path(folder) / 'profile').as_uri()}"
            subprocess.run(
                [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", folder, f"{folder}/set.docx"],
                capture_output=True,
                check=True,
                timeout=180,
            )
            pages = PdfReader(Path(folder) / "set.pdf").pages
        last = "".join(pages[-1].extract_text().split())
        self.assertIn("ใช้อยู่", last)  # the list's header row
        self.assertIn("กรรมการและเลขานุการ", last)  # the signature lines under it
        self.assertEqual(len(pages), len(PdfReader(io.BytesIO(render(self.round, "pdf")[0])).pages))

    def test_the_xlsx_has_the_three_lists(self) -> None:
        from openpyxl import load_workbook

        content, _type, _name = render(self.round, "xlsx")
        book = load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, ["ผลการตรวจนับ", "ครุภัณฑ์คงเหลือ", "ชำรุด สูญไป ไม่ใช้"])
        damaged = book["ชำรุด สูญไป ไม่ใช้"]
        self.assertEqual([c.value for c in damaged[1]][:13], [*DAMAGED_COLUMNS[:12], "ชำรุดอย่างไร"])
        rows = {r[1]: r for r in damaged.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(set(rows), {"416-59-0003", "416-59-0004"})
        self.assertEqual(rows["416-59-0004"][6], "/")  # lost
        remaining = book["ครุภัณฑ์คงเหลือ"]
        self.assertEqual(remaining.max_row - 1, 3)  # 0001, 0002 (elsewhere), 0003

    def test_the_web_downloads_are_attachments(self) -> None:
        self.client.force_login(self.supervisor)
        for suffix in ("documents.docx", "documents.pdf", "lists.xlsx", "reconciliation.json"):
            with self.subTest(suffix=suffix):
                response = self.client.get(f"/alpha/staff/assets/stockcheck/{self.round.pk}/{suffix}")
                self.assertEqual(response.status_code, 200)
                self.assertIn("attachment", response.headers["Content-Disposition"])
