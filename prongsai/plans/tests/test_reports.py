"""The 6- and 12-month progress reports: statuses rebuilt from history, evidence of the period, DOCX, PDF, command."""

from __future__ import annotations

import io
import re
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import time_machine
from django.core.management import CommandError, call_command
from django.test import TestCase
from docx import Document
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

from prongsai.core import doc
from prongsai.core.doc.testing import assert_golden, pdf_text
from prongsai.core.doc.testing import docx_text as docx_text_of
from prongsai.core.testing import TemporaryMedia
from prongsai.core.thai import BANGKOK
from prongsai.ita.models import PlanRow
from prongsai.orgs.models import Organisation, Unit
from prongsai.plans.models import Activity
from prongsai.plans.report_blocks import build_document
from prongsai.plans.reports import (
    TITLE,
    oit_item_code,
    period_bounds,
    progress_report_data,
    render_docx,
    render_pdf,
)
from prongsai.plans.services import activity_create, activity_update, evidence_add

ARABIC = re.compile("[0-9]")
THAI = re.compile("[๐-๙]")
GOLDEN = Path(__file__).parent / "golden"
AFTER_THE_YEAR = datetime(2026, 10, 15, 10, 0, tzinfo=BANGKOK)


def at(year: int, month: int, day: int) -> Any:
    """Freeze the clock at 10:00 Bangkok of that day."""
    return time_machine.travel(datetime(year, month, day, 10, 0, tzinfo=BANGKOK), tick=False)


def jpeg(colour: str, size: tuple[int, int] = (1600, 1200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def docx_text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def status_of(document: Any, title: str) -> str:
    """The status cell of the activity row titled ``title`` in the DOCX."""
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text for cell in row.cells]
            if len(cells) == 5 and cells[0].endswith(f". {title}"):
                return cells[3]
    raise AssertionError(f"no activity row {title!r}")


class ReportCase(TemporaryMedia, TestCase):
    org: Organisation
    office: Unit
    finance: Unit
    assets: PlanRow
    website: PlanRow
    empty: PlanRow
    logbook: Activity
    count: Activity
    pledge: Activity
    posters: Activity
    follow_up: Activity
    late: Activity

    @classmethod
    def setUpTestData(cls) -> None:
        cls.org = Organisation.objects.create(slug="alpha", name="อบต.อัลฟา", province="นครพนม", district="เมือง")
        cls.office = Unit.objects.create(organisation=cls.org, name="สำนักปลัด", position=1)
        cls.finance = Unit.objects.create(organisation=cls.org, name="กองคลัง", position=2)

        def row(indicator: int, title: str, position: int, unit: Unit) -> PlanRow:
            plan_row = PlanRow.objects.create(
                organisation=cls.org,
                fiscal_year=2568,
                indicator=indicator,
                kind="measure",
                title=title,
                start=date(2025, 10, 1),
                end=date(2026, 9, 30),
                position=position,
            )
            plan_row.units.set([unit])
            return plan_row

        cls.assets = row(4, "มาตรการคุมการใช้ทรัพย์สินของราชการ", 1, cls.finance)
        cls.website = row(9, "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", 1, cls.office)
        cls.empty = row(9, "มาตรการที่ยังไม่มีกิจกรรม", 2, cls.office)

        def create(plan_row: PlanRow, title: str, unit: Unit, start: date, due: date, **extra: Any) -> Activity:
            fields = {"title": title, "unit": unit, "start": start, "due": due} | extra
            return activity_create(row=plan_row, fields=fields, by=None)

        def update(activity: Activity, **fields: Any) -> None:
            activity_update(activity=activity, fields=fields, by=None)

        def photo(activity: Activity, caption: str, when: date, colour: str) -> None:
            evidence_add(
                activity=activity,
                kind="photo",
                caption=caption,
                when=when,
                by=None,
                content=jpeg(colour),
                file_name="a.jpg",
                content_type="image/jpeg",
                sha256="x",
            )

        with at(2025, 10, 1):
            cls.logbook = create(
                cls.assets, "ติดตั้ง QR Logbook รถส่วนกลาง", cls.finance, date(2025, 10, 1), date(2026, 6, 30)
            )
            cls.count = create(cls.assets, "ตรวจนับครุภัณฑ์ประจำไตรมาส", cls.finance, date(2026, 1, 1), date(2026, 3, 31))
            cls.pledge = create(cls.website, "ประกาศเจตนารมณ์สุจริต", cls.office, date(2025, 11, 1), date(2026, 8, 31))
            cls.posters = create(cls.website, "จัดทำสื่อประชาสัมพันธ์", cls.office, date(2025, 11, 1), date(2026, 2, 28))
        with at(2026, 2, 15):
            update(cls.logbook, status="in_progress", percent=40)
            update(cls.count, status="in_progress", percent=20)
        with at(2026, 3, 20):
            update(cls.count, status="blocked", status_reason="รอเครื่องพิมพ์ป้าย")
            evidence_add(
                activity=cls.logbook,
                kind="note",
                caption="บันทึกข้อสั่งการ",
                when=date(2026, 2, 20),
                by=None,
                note="ให้ทุกกองใช้ Logbook",
            )
            photo(cls.logbook, "ติดป้ายคิวอาร์โค้ดที่รถ", date(2026, 3, 1), "orange")
            evidence_add(
                activity=cls.pledge,
                kind="link",
                caption="ประกาศบนเว็บไซต์",
                when=date(2026, 1, 10),
                by=None,
                url="https://example.go.th/pledge.pdf",
            )
        with at(2026, 5, 10):
            update(cls.logbook, status="done")
            photo(cls.logbook, "ส่งมอบระบบ", date(2026, 5, 10), "steelblue")
            update(cls.posters, status="cancelled", status_reason="ใช้สื่อของจังหวัดแทน")
        with at(2026, 6, 1):
            cls.follow_up = create(cls.website, "ติดตามผลการเผยแพร่", cls.office, date(2026, 6, 1), date(2026, 9, 30))
        with at(2026, 6, 2):
            cls.late = create(
                cls.website,
                "อบรมผู้รับผิดชอบข้อมูล",
                cls.office,
                date(2026, 2, 1),
                date(2026, 2, 28),
                status="done",
            )
        with at(2026, 7, 1):
            update(cls.pledge, status="in_progress", percent=50)

    def data(self, period: int, now: datetime = AFTER_THE_YEAR) -> dict[str, Any]:
        with time_machine.travel(now, tick=False):
            return progress_report_data(self.org, 2569, period)

    @staticmethod
    def activities(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {
            a["title"]: a
            for group in data["indicators"]
            for measure in group["measures"]
            for a in measure["activities"]
        }


class DataTests(ReportCase):
    def test_it_gives_the_periods_and_the_oit_item(self) -> None:
        self.assertEqual(period_bounds(2569, 6), (date(2025, 10, 1), date(2026, 3, 31)))
        self.assertEqual(period_bounds(2569, 12), (date(2025, 10, 1), date(2026, 9, 30)))
        with self.assertRaises(ValueError):
            period_bounds(2569, 3)
        self.assertEqual((oit_item_code(2569), oit_item_code(2568)), ("O26", "O43"))

    def test_it_rebuilds_each_status_at_the_end_of_the_six_months_from_the_history(self) -> None:
        data = self.data(6)
        self.assertEqual((data["as_of"], data["current"]), ("2026-03-31", False))
        acts = self.activities(data)
        self.assertEqual(acts["ติดตั้ง QR Logbook รถส่วนกลาง"]["status"], "in_progress")
        self.assertEqual(acts["ติดตั้ง QR Logbook รถส่วนกลาง"]["percent"], 40)
        blocked = acts["ตรวจนับครุภัณฑ์ประจำไตรมาส"]
        self.assertEqual(
            (blocked["status"], blocked["status_reason"], blocked["percent"]), ("blocked", "รอเครื่องพิมพ์ป้าย", 20)
        )
        self.assertEqual(acts["จัดทำสื่อประชาสัมพันธ์"]["status"], "not_started")  # cancelled only in May
        self.assertEqual(acts["ประกาศเจตนารมณ์สุจริต"]["status"], "not_started")
        # Recorded in June: left out when it starts later, kept (as recorded) when it started in the period.
        self.assertNotIn("ติดตามผลการเผยแพร่", acts)
        self.assertEqual(acts["อบรมผู้รับผิดชอบข้อมูล"]["status"], "done")
        self.assertTrue(acts["อบรมผู้รับผิดชอบข้อมูล"]["recorded_after_period"])
        # Evidence dated in the period only: the May photo waits for the 12-month report.
        evidence = acts["ติดตั้ง QR Logbook รถส่วนกลาง"]["evidence"]
        self.assertEqual([e["kind"] for e in evidence], ["note", "photo"])
        self.assertTrue(evidence[1]["thumbnail"].startswith(b"\xff\xd8"))
        self.assertEqual(evidence[1]["thumbnail_size"], [480, 360])

    def test_it_sums_up_each_indicator_and_the_whole_plan(self) -> None:
        data = self.data(6)
        summaries = {g["number"]: g["summary"] for g in data["indicators"]}
        self.assertEqual(
            summaries[4],
            {
                "activities": 2,
                "not_started": 0,
                "in_progress": 1,
                "done": 0,
                "blocked": 1,
                "cancelled": 0,
                "percent": 30.0,
            },
        )
        self.assertEqual((summaries[9]["activities"], summaries[9]["done"], summaries[9]["percent"]), (3, 1, 33.33))
        self.assertEqual((data["totals"]["activities"], data["totals"]["percent"]), (5, 32.0))
        twelve = self.data(12)
        self.assertEqual(twelve["as_of"], "2026-09-30")
        self.assertEqual(
            {
                k: twelve["totals"][k]
                for k in ("activities", "done", "in_progress", "not_started", "blocked", "cancelled")
            },
            {"activities": 6, "done": 2, "in_progress": 1, "not_started": 1, "blocked": 1, "cancelled": 1},
        )
        # The mean leaves the cancelled activity out: (100 + 20 + 50 + 0 + 100) / 5.
        self.assertEqual(twelve["totals"]["percent"], 54.0)

    def test_it_fits_any_photo_into_the_thumbnail_box_and_lists_an_unreadable_one(self) -> None:
        buffer = io.BytesIO()
        Image.new("RGBA", (900, 1200), (0, 128, 0, 100)).save(buffer, format="PNG")
        evidence_add(
            activity=self.pledge,
            kind="photo",
            caption="ภาพแนวตั้ง",
            when=date(2026, 3, 2),
            by=None,
            content=buffer.getvalue(),
            file_name="b.png",
            content_type="image/png",
            sha256="y",
        )
        lost = evidence_add(
            activity=self.pledge,
            kind="photo",
            caption="ภาพที่ไฟล์หาย",
            when=date(2026, 3, 3),
            by=None,
            content=jpeg("red"),
            file_name="lost.jpg",
            content_type="image/jpeg",
            sha256="z",
        )
        lost.file.storage.delete(lost.file.name)
        evidence = {e["caption"]: e for e in self.activities(self.data(6))["ประกาศเจตนารมณ์สุจริต"]["evidence"]}
        self.assertEqual(evidence["ภาพแนวตั้ง"]["thumbnail_size"], [270, 360])
        self.assertIsNone(evidence["ภาพที่ไฟล์หาย"]["thumbnail"])
        document = Document(io.BytesIO(render_docx(self.data(6))))
        self.assertEqual(len(document.inline_shapes), 2)
        portrait = document.inline_shapes[1]
        self.assertAlmostEqual(portrait.height.cm, 3.75, places=1)
        self.assertAlmostEqual(portrait.width.cm, 2.81, places=1)
        self.assertIn("• ภาพถ่าย: ภาพที่ไฟล์หาย (๓ มี.ค. ๖๙) – lost.jpg", [p.text for p in document.paragraphs])

    def test_it_uses_todays_values_while_the_period_runs(self) -> None:
        data = self.data(6, now=datetime(2026, 3, 25, 12, 0, tzinfo=BANGKOK))
        self.assertEqual((data["as_of"], data["current"]), ("2026-03-25", True))
        self.assertEqual(self.activities(data)["ติดตั้ง QR Logbook รถส่วนกลาง"]["status"], "done")
        document = Document(io.BytesIO(render_docx(data)))
        self.assertIn("ข้อมูล ณ วันที่ ๒๕ มีนาคม ๒๕๖๙", docx_text(document))


class DocxTests(ReportCase):
    def test_it_writes_the_six_month_report_in_thai_digits(self) -> None:
        document = Document(io.BytesIO(render_docx(self.data(6))))
        text = docx_text(document)
        paragraphs = [p.text for p in document.paragraphs]
        self.assertEqual(
            paragraphs[:3], [TITLE, "รอบ ๖ เดือน (๑ ตุลาคม ๒๕๖๘ – ๓๑ มีนาคม ๒๕๖๙)", "อบต.อัลฟา อำเภอเมือง จังหวัดนครพนม"]
        )
        self.assertEqual(paragraphs[3], "ข้อมูล ณ วันที่ ๓๑ มีนาคม ๒๕๖๙")
        self.assertEqual(status_of(document, "ติดตั้ง QR Logbook รถส่วนกลาง"), "กำลังดำเนินการ")
        self.assertEqual(status_of(document, "ตรวจนับครุภัณฑ์ประจำไตรมาส"), "ติดขัด\n(รอเครื่องพิมพ์ป้าย)")
        self.assertIn("ยังไม่มีกิจกรรม", paragraphs)
        self.assertIn("• บันทึก: บันทึกข้อสั่งการ (๒๐ ก.พ. ๖๙) – “ให้ทุกกองใช้ Logbook”", paragraphs)
        self.assertIn("• ลิงก์: ประกาศบนเว็บไซต์ (๑๐ ม.ค. ๖๙) – https://example.go.th/pledge.pdf", paragraphs)
        self.assertEqual(len(document.inline_shapes), 1)
        self.assertIsNone(ARABIC.search(text), ARABIC.findall(text))
        summary = document.tables[0]
        self.assertEqual([c.text for c in summary.rows[-1].cells], ["รวม", "๕", "๑", "๑", "๒", "๑", "๐", "๓๒"])
        self.assertEqual(summary.rows[2].cells[0].text, "๔")  # no framework loaded: number only

    def test_it_writes_the_twelve_month_report_with_both_photos_and_repeating_headers(self) -> None:
        document = Document(io.BytesIO(render_docx(self.data(12))))
        paragraphs = [p.text for p in document.paragraphs]
        self.assertEqual(paragraphs[1], "รอบ ๑๒ เดือน (ปีงบประมาณ พ.ศ. ๒๕๖๙)")
        self.assertEqual(status_of(document, "ติดตั้ง QR Logbook รถส่วนกลาง"), "เสร็จแล้ว")
        self.assertEqual(status_of(document, "จัดทำสื่อประชาสัมพันธ์"), "ยกเลิก\n(ใช้สื่อของจังหวัดแทน)")
        self.assertEqual(len(document.inline_shapes), 2)
        for shape in document.inline_shapes:
            self.assertAlmostEqual(shape.width.cm, 5.0, places=1)
        bordered = [t for t in document.tables if len(t.columns) in (5, 8)]
        self.assertTrue(bordered)
        for table in bordered:
            header_rows = table.rows[:2] if len(table.columns) == 8 else table.rows[:1]
            for row in header_rows:
                tr_pr = row._tr.trPr
                assert tr_pr is not None
                self.assertIsNotNone(tr_pr.find(qn("w:tblHeader")))
        summary = document.tables[0]
        self.assertEqual(
            [c.text for c in summary.rows[1].cells],
            ["ตัวชี้วัด", "ทั้งหมด", "เสร็จแล้ว", "กำลังดำเนินการ", "ยังไม่เริ่ม", "ติดขัด", "ยกเลิก", "ความก้าวหน้าเฉลี่ย (ร้อยละ)"],
        )
        section = document.sections[0]
        assert section.page_width is not None
        self.assertAlmostEqual(section.page_width.cm, 21.0, places=1)
        self.assertEqual(section._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")), "thaiNumbers")

    def test_it_prints_arabic_digits_when_asked(self) -> None:
        document = Document(io.BytesIO(render_docx(self.data(6), thai_digits=False)))
        text = docx_text(document)
        self.assertIn("รอบ 6 เดือน (1 ตุลาคม 2568 – 31 มีนาคม 2569)", text)
        self.assertIsNone(THAI.search(text))
        self.assertEqual(document.sections[0]._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")), "decimal")


class GoldenTextTests(ReportCase):
    def test_it_keeps_the_text_of_both_reports_in_both_formats(self) -> None:
        for period in (6, 12):
            data = self.data(period)
            assert_golden(docx_text_of(render_docx(data)), GOLDEN / f"progress_{period}.docx.txt")
            assert_golden(pdf_text(render_pdf(data)), GOLDEN / f"progress_{period}.pdf.txt", pdf=True)


class PdfTests(ReportCase):
    def test_it_lays_out_the_pdf_with_the_photos(self) -> None:
        data = self.data(12)
        html = doc.render(build_document(data), "html").decode()
        self.assertEqual(html.count('<img src="data:image/jpeg;base64,'), 2)
        self.assertIn("counter(page, thai)", html)
        self.assertIn("รอบ ๑๒ เดือน (ปีงบประมาณ พ.ศ. ๒๕๖๙)", html)
        pdf = render_pdf(data)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreaterEqual(len(PdfReader(io.BytesIO(pdf)).pages), 2)
        arabic = doc.render(build_document(data, thai_digits=False), "html").decode()
        self.assertIn("รอบ 12 เดือน (ปีงบประมาณ พ.ศ. 2569)", arabic)
        self.assertNotIn("counter(page, thai)", arabic)


class CommandTests(ReportCase):
    def test_it_writes_both_formats(self) -> None:
        with tempfile.TemporaryDirectory() as folder, time_machine.travel(AFTER_THE_YEAR, tick=False):
            docx_path, pdf_path = Path(folder) / "r.docx", Path(folder) / "r.pdf"
            call_command(
                "plan-report",
                org="alpha",
                year=2569,
                period=6,
                format="docx",
                output=str(docx_path),
                stderr=io.StringIO(),
            )
            call_command(
                "plan-report", "--org", "alpha", "--year", "2569", "--period", "12", "--format", "pdf",
                "--output", str(pdf_path), "--arabic-digits", stderr=io.StringIO(),
            )  # fmt: skip
            document = Document(str(docx_path))
            self.assertEqual(document.paragraphs[1].text, "รอบ ๖ เดือน (๑ ตุลาคม ๒๕๖๘ – ๓๑ มีนาคม ๒๕๖๙)")
            self.assertEqual(len(document.inline_shapes), 1)
            self.assertTrue(pdf_path.read_bytes().startswith(b"%PDF"))
            arabic = Path(folder) / "a.docx"
            call_command(
                "plan-report", org="alpha", year=2569, period=12, format="docx", output=str(arabic),
                arabic_digits=True, stderr=io.StringIO(),
            )  # fmt: skip
            self.assertEqual(Document(str(arabic)).paragraphs[1].text, "รอบ 12 เดือน (ปีงบประมาณ พ.ศ. 2569)")

    def test_it_fails_cleanly(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            output = str(Path(folder) / "r.docx")
            cases = (
                ({"org": "nobody", "year": 2569, "period": 6}, "No organisation with the slug 'nobody'"),
                ({"org": "alpha", "year": 2570, "period": 6}, "no improvement plan for FY2570"),
                ({"org": "alpha", "year": 2569, "period": 6, "output": "/nonexistent/dir/r.docx"}, "does not exist"),
            )
            for options, message in cases:
                with self.subTest(message=message), self.assertRaisesMessage(CommandError, message):
                    call_command("plan-report", **({"format": "docx", "output": output} | options))
            with self.assertRaises(CommandError):
                call_command(
                    "plan-report",
                    "--org",
                    "alpha",
                    "--year",
                    "2569",
                    "--period",
                    "7",
                    "--format",
                    "pdf",
                    "--output",
                    output,
                )
            self.assertFalse(Path(output).exists())
