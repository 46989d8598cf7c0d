"""The monthly OIT status report: the month's audit against last month's, states at the month's end, DOCX, PDF, command."""

from __future__ import annotations

import io
import re
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from unittest import mock

import time_machine
from django import db as django_db
from django.core.management import CommandError, call_command, load_command_class
from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from pypdf import PdfReader

from prongsai.core import doc
from prongsai.core.doc.testing import assert_golden, pdf_text
from prongsai.core.doc.testing import docx_text as docx_text_of
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import BANGKOK, to_thai_digits
from prongsai.disclosure.models import OitAudit, OitAuditItem, OitItem
from prongsai.disclosure.report_blocks import build_document
from prongsai.disclosure.reports import (
    defect_label,
    month_bounds,
    monthly_report_data,
    parse_month,
    render_monthly,
    render_report,
)
from prongsai.disclosure.services import DocumentFields, assign, document_add_link, ensure_items, transition
from prongsai.ita.framework import framework_load

YEAR = 2568
MAY = date(2025, 5, 1)
GOLDEN = Path(__file__).parent / "golden"
ARABIC = re.compile("[0-9]")
THAI = re.compile("[๐-๙]")
FINANCE_URL = "https://alpha.go.th/finance.pdf"
DRIVE_URL = "https://drive.google.com/file/d/abc/view"
CONTACT_URL = "https://alpha.go.th/contact"


def at(month: int, day: int, hour: int = 10) -> Any:
    """Freeze the clock at that day of 2025, Bangkok."""
    return time_machine.travel(datetime(2025, month, day, hour, 0, tzinfo=BANGKOK), tick=False)


def defect(category: str, document: str = "", url: str = "", detail: str = "") -> dict[str, str]:
    return {"category": category, "url": url, "document": document, "detail": detail}


def docx_text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def rows_of(document: Any, columns: int) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in document.tables if len(t.columns) == columns for row in t.rows]


def row_of(document: Any, code: str, columns: int = 6) -> list[str]:
    """The row of item ``code`` in the table of every item (six columns)."""
    for cells in rows_of(document, columns):
        if cells[0] == code:
            return cells
    raise AssertionError(f"no row {code!r}")


class ReportCase(PersonaTestCase):
    """FY2568 of อบต.อัลฟา: an audit on 28 April, one on 28 May, one on 20 June, and the items' history.

    At the end of May: O1 published (sent back to draft on 3 June, and handed from สำนักปลัด to กองคลัง);
    O2 checked (submitted and checked in May; its broken link was fixed); O3 sent back to draft in May
    (its Google Drive link still asks for sign-in); O4 submitted in April (a new "not found" page);
    the other 22 items are drafts without a unit.
    """

    items: dict[str, OitItem]
    april: OitAudit
    may: OitAudit

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.staff.first_name, cls.staff.last_name = "สมศรี", "ใจดี"
        cls.staff.save()
        cls.coordinator.first_name, cls.coordinator.last_name = "วิชัย", "มั่นคง"
        cls.coordinator.save()
        cls.unit_head.first_name, cls.unit_head.last_name = "มานะ", "ขยัน"
        cls.unit_head.save()
        framework_load(fiscal_years=[YEAR])
        cls.items = {item.code: item for item in ensure_items(cls.org, YEAR)}
        o1, o2, o3, o4 = (cls.items[code] for code in ("O1", "O2", "O3", "O4"))
        boss, coordinator = cls.executive, cls.coordinator

        with at(4, 2):
            assign(o1, unit=cls.unit, officer=coordinator, note="", by=boss)
            assign(o2, unit=cls.finance, officer=cls.staff, note="", by=boss)
            assign(o3, unit=cls.finance, officer=cls.unit_head, note="", by=boss)
            assign(o4, unit=cls.unit, officer=coordinator, note="", by=boss)
            document_add_link(o1, DocumentFields("โครงสร้างองค์กร 2566"), "https://alpha.go.th/structure", by=coordinator)
            document_add_link(o2, DocumentFields("รายงานการเงินประจำปี"), FINANCE_URL, by=cls.staff)
            document_add_link(o3, DocumentFields("คู่มือการปฏิบัติงาน"), DRIVE_URL, by=cls.unit_head)
            document_add_link(o4, DocumentFields("ข้อมูลการติดต่อ"), CONTACT_URL, by=coordinator)
        with at(4, 10):
            for action, by in (("submit", coordinator), ("check", coordinator), ("approve", boss), ("publish", boss)):
                transition(o1, action, by=by)
            transition(o3, "submit", by=cls.unit_head)
            transition(o4, "submit", by=coordinator)

        cls.april = cls.audit(
            (4, 28),
            health=80,
            defects={
                "O2": (40, [defect("http_error", "รายงานการเงินประจำปี", FINANCE_URL, "HTTP 404 Not Found")]),
                "O3": (0, [defect("access_wall", "คู่มือการปฏิบัติงาน", DRIVE_URL, "sign-in page")]),
            },
        )
        with at(5, 5):
            transition(o2, "submit", by=cls.staff)
        with at(5, 7):
            transition(o3, "return", by=coordinator, comment="ให้เปิดสิทธิ์ลิงก์เป็นสาธารณะ")
        with at(5, 12):
            transition(o2, "check", by=coordinator)
        cls.may = cls.audit(
            (5, 28),
            health=85,
            defects={
                "O1": (70, [defect("stale", "โครงสร้างองค์กร 2566", "https://alpha.go.th/structure")]),
                "O3": (0, [defect("access_wall", "คู่มือการปฏิบัติงาน", DRIVE_URL, "sign-in page")]),
                "O4": (
                    50,
                    [defect("soft_404", "ข้อมูลการติดต่อ", CONTACT_URL), defect("not_published", detail="submitted")],
                ),
            },
        )
        with at(6, 3):
            transition(o1, "return", by=coordinator, comment="ปรับปรุงโครงสร้างใหม่")
            assign(o1, unit=cls.finance, officer=cls.staff, note="", by=boss)
        cls.audit((6, 20), health=95, defects={})
        # A failed audit of May is never used.
        with at(5, 30):
            OitAudit.objects.create(
                organisation=cls.org, fiscal_year=YEAR, trigger=OitAudit.Trigger.WEB, status=OitAudit.Status.FAILED
            )

    @classmethod
    def audit(
        cls, day: tuple[int, int], *, health: int, defects: dict[str, tuple[int, list[dict[str, str]]]]
    ) -> OitAudit:
        with at(*day):
            audit = OitAudit.objects.create(
                organisation=cls.org,
                fiscal_year=YEAR,
                trigger=OitAudit.Trigger.MONTHLY,
                status=OitAudit.Status.DONE,
                health=health,
            )
        for item in cls.items.values():
            item_health, item_defects = defects.get(item.code, (100, []))
            OitAuditItem.objects.create(
                audit=audit,
                item=item,
                code=item.code,
                position=item.position,
                state=item.state,
                health=item_health,
                defects=item_defects,
            )
        return audit

    def may_report(self, **options: Any) -> Any:
        with at(6, 25), translation.override(options.pop("language", "th")):
            return Document(io.BytesIO(render_monthly(self.org, YEAR, "docx", month=MAY, **options)))


class DataTests(ReportCase):
    def test_it_reads_months_with_christian_or_buddhist_years(self) -> None:
        self.assertEqual(parse_month("2025-05"), MAY)
        self.assertEqual(parse_month("2568-05"), MAY)
        self.assertEqual(parse_month("๒๕๖๘-๐๕"), MAY)
        self.assertEqual(month_bounds(date(2024, 2, 10)), (date(2024, 2, 1), date(2024, 2, 29)))
        for bad in ("2025-13", "May 2025", "2025", "25-05"):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                parse_month(bad)

    def test_it_uses_the_audit_of_the_month_and_compares_it_with_the_last_one_before(self) -> None:
        with at(6, 25):
            data = monthly_report_data(self.org, YEAR, date(2025, 5, 17))
        self.assertEqual(data["month"], "2025-05-01")
        self.assertEqual(data["as_of"], "2025-05-31")
        self.assertEqual(data["audit"]["id"], self.may.pk)
        self.assertEqual(data["previous_audit"]["id"], self.april.pk)
        self.assertEqual((data["health"], data["health_before"]), (85, 80))
        self.assertEqual(data["items_with_defects"], 3)
        self.assertEqual(
            sorted((d["code"], d["category"]) for d in data["new_defects"]),
            [("O1", "stale"), ("O4", "not_published"), ("O4", "soft_404")],
        )
        self.assertEqual([(d["code"], d["category"]) for d in data["fixed_defects"]], [("O2", "http_error")])

    def test_it_gives_states_and_owners_as_at_the_end_of_the_month(self) -> None:
        with at(6, 25):
            data = monthly_report_data(self.org, YEAR, MAY)
        o1 = data["items"][0]
        self.assertEqual(
            (o1["code"], o1["state"], o1["unit"], o1["officer"]), ("O1", "published", "สำนักปลัด", "วิชัย มั่นคง")
        )
        self.assertEqual(
            data["counts"], {"draft": 23, "submitted": 1, "checked": 1, "approved": 0, "published": 1, "total": 26}
        )
        self.assertEqual(
            [(s["code"], s["action"]) for s in data["steps"]], [("O2", "submit"), ("O3", "return"), ("O2", "check")]
        )
        with at(6, 25):  # June runs: today's values
            june = monthly_report_data(self.org, YEAR)
        self.assertEqual((june["items"][0]["state"], june["items"][0]["unit"]), ("draft", "กองคลัง"))
        self.assertEqual(june["previous_audit"]["id"], self.may.pk)
        self.assertEqual(june["counts"]["published"], 0)

    def test_it_compares_nothing_when_no_audit_ran_in_the_month_or_none_ran_before(self) -> None:
        with at(8, 5):
            july = monthly_report_data(self.org, YEAR, date(2025, 7, 1))
        self.assertFalse(july["audit_in_month"])
        self.assertIsNone(july["previous_audit"])
        self.assertIsNone(july["new_defects"])
        self.assertEqual(july["health"], 95)  # the June audit, the latest by the end of July
        with at(6, 25):
            april = monthly_report_data(self.org, YEAR, date(2025, 4, 1))
        self.assertEqual(april["audit"]["id"], self.april.pk)
        self.assertIsNone(april["previous_audit"])
        self.assertIsNone(april["fixed_defects"])

    def test_it_labels_every_defect_in_short_thai(self) -> None:
        with translation.override("th"):
            self.assertEqual(defect_label(defect("http_error", detail="HTTP 404 Not Found")), "ลิงก์เสีย (HTTP 404)")
            self.assertEqual(defect_label(defect("http_error")), "ลิงก์เสีย")
            self.assertEqual(defect_label(defect("access_wall")), "ต้องขอสิทธิ์/ลงชื่อเข้าใช้")
            self.assertEqual(defect_label(defect("off_site")), "ไม่อยู่บนเว็บไซต์ของหน่วยงาน")
            self.assertEqual(defect_label(defect("something_new")), "something_new")
        with translation.override("en"):
            self.assertEqual(defect_label(defect("soft_404")), "Page says “not found”")


class DocxTests(ReportCase):
    def test_it_reports_may_to_the_executives_in_thai(self) -> None:
        document = self.may_report()
        paragraphs = [p.text for p in document.paragraphs]
        self.assertEqual(
            paragraphs[:4],
            [
                "รายงานสถานะการเปิดเผยข้อมูลสาธารณะ (OIT)",
                "ประจำเดือนพฤษภาคม ๒๕๖๘",
                "อบต.อัลฟา อำเภอเมือง จังหวัดนครพนม",
                "การประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
            ],
        )
        self.assertIn("วันที่รายงาน ๒๕ มิถุนายน ๒๕๖๘", paragraphs)
        self.assertIn("เรียน นายก อบต. และปลัด อบต.", paragraphs)
        self.assertIn("ผลการตรวจที่ใช้: ๒๘ พฤษภาคม ๒๕๖๘ เวลา ๑๐.๐๐ น. (ตรวจประจำเดือน, ความพร้อมเฉลี่ย ๘๕)", paragraphs)
        self.assertIn("เปรียบเทียบกับ: ๒๘ เมษายน ๒๕๖๘ เวลา ๑๐.๐๐ น. (ตรวจประจำเดือน, ความพร้อมเฉลี่ย ๘๐)", paragraphs)
        states = document.tables[0]
        self.assertEqual(
            [c.text for c in states.rows[0].cells], ["ร่าง", "ส่งตรวจแล้ว", "ตรวจแล้ว", "อนุมัติแล้ว", "เผยแพร่แล้ว", "รวม"]
        )
        self.assertEqual([c.text for c in states.rows[1].cells], ["๒๓", "๑", "๑", "๐", "๑", "๒๖"])
        figures = {row[0]: row[1] for row in rows_of(document, 2)}
        self.assertEqual(figures["คะแนนความพร้อมเฉลี่ย (เต็ม ๑๐๐)"], "๘๕ (▲ ๕ จากเดือนก่อน)")
        self.assertEqual(figures["รายการที่มีข้อบกพร่อง"], "๓ จาก ๒๖ รายการ")
        self.assertEqual(figures["ข้อบกพร่องใหม่จากเดือนก่อน"], "๓")
        self.assertEqual(figures["ข้อบกพร่องที่แก้ไขแล้วจากเดือนก่อน"], "๑")

        self.assertEqual(
            row_of(document, "O๑"),
            [
                "O๑",
                "โครงสร้างและอำนาจหน้าที่",
                "สำนักปลัด\nวิชัย มั่นคง",
                "เผยแพร่แล้ว",
                "๗๐\n▼ ๓๐",
                "ข้อมูลไม่เป็นปัจจุบัน: โครงสร้างองค์กร ๒๕๖๖",
            ],
        )
        self.assertEqual(row_of(document, "O๒")[3:], ["ตรวจแล้ว", "๑๐๐\n▲ ๖๐", "ไม่มี"])
        self.assertEqual(row_of(document, "O๓")[2:4], ["กองคลัง\nมานะ ขยัน", "ร่าง"])
        self.assertEqual(row_of(document, "O๔")[5], "• หน้าแจ้งว่าไม่พบ: ข้อมูลการติดต่อ\n• ยังไม่เผยแพร่")
        self.assertEqual(row_of(document, "O๒๖")[2], "–")
        self.assertEqual(
            [row[0] for row in rows_of(document, 6) if row[0].startswith("O")],
            [f"O{to_thai_digits(n)}" for n in range(1, 27)],
        )

        defects = rows_of(document, 4)
        self.assertIn(["O๔", "ข่าวประชาสัมพันธ์", "หน้าแจ้งว่าไม่พบ", f"ข้อมูลการติดต่อ\n{CONTACT_URL}"], defects)
        self.assertIn(["O๒", "ข้อมูลผู้บริหาร", "ลิงก์เสีย (HTTP ๔๐๔)", f"รายงานการเงินประจำปี\n{FINANCE_URL}"], defects)
        steps = rows_of(document, 5)
        self.assertEqual(steps[0], ["วันที่", "ข้อ", "การดำเนินการ", "รายละเอียด", "โดย"])
        self.assertIn(["๕ พ.ค. ๖๘", "O๒", "ส่งตรวจ", "–", "สมศรี ใจดี"], steps)
        self.assertIn(["๗ พ.ค. ๖๘", "O๓", "ส่งกลับให้แก้ไข", "ให้เปิดสิทธิ์ลิงก์เป็นสาธารณะ", "วิชัย มั่นคง"], steps)
        self.assertIn(["๑๒ พ.ค. ๖๘", "O๒", "ตรวจแล้ว", "–", "วิชัย มั่นคง"], steps)

        headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"]
        self.assertIn("สำนักปลัด (๒ รายการ)", headings)
        self.assertIn("กองคลัง (๒ รายการ)", headings)
        self.assertEqual(headings[-1], "ยังไม่ได้มอบหมายหน่วยงาน (๒๒ รายการ)")
        self.assertLess(headings.index("สำนักปลัด (๒ รายการ)"), headings.index("กองคลัง (๒ รายการ)"))
        actions = rows_of(document, 5)
        self.assertIn(["O๒", "ข้อมูลผู้บริหาร", "สมศรี ใจดี", "ตรวจแล้ว", "รอผู้บริหารอนุมัติ"], actions)
        self.assertIn(
            ["O๓", "ข้อมูลการติดต่อ", "มานะ ขยัน", "ร่าง", "• ต้องขอสิทธิ์/ลงชื่อเข้าใช้: คู่มือการปฏิบัติงาน\n• จัดทำหลักฐานแล้วส่งตรวจ"],
            actions,
        )

        text = docx_text(document).replace(FINANCE_URL, "").replace(CONTACT_URL, "").replace(DRIVE_URL, "")
        self.assertIsNone(ARABIC.search(text.replace("https://alpha.go.th/structure", "")), ARABIC.findall(text))

    def test_it_lays_out_a_portrait_summary_and_landscape_tables_with_repeating_headers(self) -> None:
        document = self.may_report()
        first, wide = document.sections
        self.assertEqual(first.orientation, WD_ORIENT.PORTRAIT)
        self.assertEqual(wide.orientation, WD_ORIENT.LANDSCAPE)
        assert wide.page_width is not None
        self.assertAlmostEqual(wide.page_width.cm, 29.7, places=1)
        for section in (first, wide):
            self.assertEqual(section._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")), "thaiNumbers")
        self.assertEqual(first.footer.paragraphs[0].text, "หน้า ๑")
        bordered = [t for t in document.tables if len(t.columns) > 2]
        self.assertGreaterEqual(len(bordered), 7)  # states, items, new, fixed, steps, three units
        for table in bordered:
            tr_pr = table.rows[0]._tr.trPr
            assert tr_pr is not None
            self.assertIsNotNone(tr_pr.find(qn("w:tblHeader")), [c.text for c in table.rows[0].cells])
        items = next(t for t in document.tables if len(t.columns) == 6 and t.rows[0].cells[0].text == "ข้อ")
        self.assertAlmostEqual(sum(c.width.cm for c in items.rows[0].cells), 25.2, places=1)
        runs = [r for p in document.paragraphs for r in p.runs]
        self.assertTrue(runs)
        normal = document.styles["Normal"].element.rPr
        self.assertEqual(normal.find(qn("w:rFonts")).get(qn("w:cs")), "Sarabun")
        self.assertEqual(normal.find(qn("w:szCs")).get(qn("w:val")), "32")

    def test_it_prints_arabic_digits_when_asked(self) -> None:
        document = self.may_report(thai_digits=False)
        paragraphs = [p.text for p in document.paragraphs]
        self.assertEqual(paragraphs[1], "ประจำเดือนพฤษภาคม 2568")
        self.assertIsNone(THAI.search(docx_text(document)))
        self.assertEqual(document.sections[1]._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")), "decimal")

    def test_it_writes_english(self) -> None:
        document = self.may_report(language="en", thai_digits=False)
        paragraphs = [p.text for p in document.paragraphs]
        self.assertEqual(paragraphs[:2], ["Public disclosure (OIT) status report", "for the month of May 2568"])
        self.assertIn("To the executives", paragraphs)
        self.assertIn("Report date: 25 June 2568", paragraphs)
        self.assertEqual(row_of(document, "O2")[3:], ["checked", "100\n▲ 60", "none"])
        self.assertIn(
            ["O2", "ข้อมูลผู้บริหาร", "Broken link (HTTP 404)", f"รายงานการเงินประจำปี\n{FINANCE_URL}"], rows_of(document, 4)
        )
        self.assertIn(["5 May 2568", "O2", "Submitted for checking", "–", "สมศรี ใจดี"], rows_of(document, 5))
        self.assertEqual(document.sections[0].footer.paragraphs[0].text, "Page 1")

    def test_it_says_plainly_when_no_audit_has_run(self) -> None:
        ensure_items(self.other_org, YEAR)
        OitItem.objects.filter(organisation=self.other_org, code="O1").update(state=OitItem.State.SUBMITTED)
        with at(6, 25), translation.override("th"):
            document = Document(io.BytesIO(render_monthly(self.other_org, YEAR, "docx")))
        text = docx_text(document)
        self.assertIn("ผลการตรวจที่ใช้: ไม่มี", [p.text for p in document.paragraphs])
        self.assertIn("ยังไม่มีการตรวจลิงก์และเอกสารของปีงบประมาณ ๒๕๖๘ จนถึงสิ้นเดือนมิถุนายน ๒๕๖๘", text)
        self.assertIn("prongsai oit-audit --org bravo --year 2568", text)
        self.assertIn("เรียน นายก อบต. และปลัด อบต.", text)
        self.assertEqual([c.text for c in document.tables[1].rows[1].cells], ["๒๕", "๑", "๐", "๐", "๐", "๒๖"])
        self.assertEqual(row_of(document, "O๑")[3:], ["ส่งตรวจแล้ว", "–", "–"])
        self.assertIn("ไม่ได้เปรียบเทียบ เพราะต้องมีผลการตรวจของเดือนนี้และของครั้งก่อน", text)
        self.assertIn("เดือนนี้ไม่มีการดำเนินการกับรายการใด", text)


class GoldenTextTests(ReportCase):
    def test_it_keeps_the_text_of_the_may_report_in_both_formats(self) -> None:
        with at(6, 25), translation.override("th"):
            data = monthly_report_data(self.org, YEAR, MAY)
            docx, pdf = render_report(data, "docx"), render_report(data, "pdf")
        assert_golden(docx_text_of(docx), GOLDEN / "monthly.docx.txt")
        assert_golden(pdf_text(pdf), GOLDEN / "monthly.pdf.txt", pdf=True)


class PdfTests(ReportCase):
    def test_it_lays_out_the_pdf_in_thai(self) -> None:
        with at(6, 25), translation.override("th"):
            data = monthly_report_data(self.org, YEAR, MAY)
            html = doc.render(build_document(data), "html").decode()
            pdf = render_report(data, "pdf")
            arabic = doc.render(build_document(data, thai_digits=False), "html").decode()
        self.assertIn('content: "หน้า " counter(page, thai)', html)
        self.assertNotIn("counter(page, thai)", arabic)
        self.assertIn("ประจำเดือนพฤษภาคม ๒๕๖๘", html)
        self.assertIn("ประจำเดือนพฤษภาคม 2568", arabic)
        reader = PdfReader(io.BytesIO(pdf))
        self.assertGreaterEqual(len(reader.pages), 3)
        first, second = reader.pages[0].mediabox, reader.pages[1].mediabox
        self.assertLess(first.width, first.height)  # the summary portrait
        self.assertGreater(second.width, second.height)  # the tables landscape
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        for expected in ("OIT", "อบต.อัลฟา", "สมศรี", "วิชัย", FINANCE_URL, "HTTP"):
            self.assertIn(expected, text)

    def test_it_renders_the_pdf_through_render_monthly(self) -> None:
        with at(6, 25), translation.override("en"):
            content = render_monthly(self.org, YEAR, "pdf", month=MAY, thai_digits=False)
        self.assertTrue(content.startswith(b"%PDF"))
        text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
        self.assertIn("status report", text)
        with self.assertRaises(ValueError):
            render_monthly(self.org, YEAR, "odt")


class CommandTests(ReportCase):
    def run_cli(self, *argv: str) -> int:
        """The command as the console runs it: the exit status (usage errors included)."""
        command = load_command_class("prongsai.disclosure", "oit-report")
        command.stderr._out = io.StringIO()  # type: ignore[attr-defined]
        # run_from_argv() closes every database connection when it ends, the test's own included.
        try:
            with mock.patch.object(django_db.connections, "close_all"):
                command.run_from_argv(["prongsai", "oit-report", *argv])
        except SystemExit as exit:
            return int(exit.code or 0)
        return 0

    def test_it_writes_both_formats(self) -> None:
        with tempfile.TemporaryDirectory() as folder, at(6, 25):
            docx_path, pdf_path = Path(folder) / "r.docx", Path(folder) / "r.pdf"
            call_command(
                "oit-report", org="alpha", year=YEAR, format="docx", output=str(docx_path), month="2568-05",
                stderr=io.StringIO(),
            )  # fmt: skip
            self.assertEqual(Document(str(docx_path)).paragraphs[1].text, "ประจำเดือนพฤษภาคม ๒๕๖๘")
            call_command(
                "oit-report", "--org", "alpha", "--year", "2568", "--format", "pdf", "--output", str(pdf_path),
                "--month", "2025-05", "--arabic-digits", stderr=io.StringIO(),
            )  # fmt: skip
            self.assertTrue(pdf_path.read_bytes().startswith(b"%PDF"))
            english = Path(folder) / "en.docx"
            call_command(
                "oit-report", org="alpha", year=YEAR, format="docx", output=str(english), language="en",
                stderr=io.StringIO(),
            )  # fmt: skip
            self.assertEqual(Document(str(english)).paragraphs[1].text, "for the month of June ๒๕๖๘")
            out = io.BytesIO()
            call_command("oit-report", org="alpha", year=YEAR, format="docx", output="-", stdout=out)
            self.assertEqual(Document(io.BytesIO(out.getvalue())).paragraphs[1].text, "ประจำเดือนมิถุนายน ๒๕๖๘")

    def test_it_fails_cleanly_with_exit_status_two(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            output = str(Path(folder) / "r.docx")
            cases = (
                ({"org": "nobody"}, "No organisation with the slug 'nobody'"),
                ({"org": "alpha", "year": 2570}, "no ITA framework of that year is loaded"),
                ({"org": "alpha", "year": 2025}, "Buddhist-era fiscal year"),
                ({"org": "alpha", "month": "2025-13"}, "not a month"),
                ({"org": "alpha", "output": "/nonexistent/dir/r.docx"}, "does not exist"),
            )
            for options, message in cases:
                with self.subTest(message=message), self.assertRaisesMessage(CommandError, message) as caught:
                    call_command("oit-report", **({"year": YEAR, "format": "docx", "output": output} | options))
                self.assertEqual(caught.exception.returncode, 2)
            self.assertFalse(Path(output).exists())
            for argv in (
                ["--org", "alpha", "--year", "2568", "--format", "odt", "--output", output],
                ["--org", "nobody", "--year", "2568", "--format", "pdf", "--output", output],
                ["--org", "alpha", "--year", "2568", "--format", "pdf", "--output", output, "--month", "May"],
            ):
                with self.subTest(argv=argv):
                    self.assertEqual(self.run_cli(*argv), 2)
            self.assertFalse(Path(output).exists())
