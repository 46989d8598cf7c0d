"""The ใบยืมพัสดุ: its text (golden, DOCX and PDF), one A4 page, the download and the loan-form command."""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from prongsai.assets.loans import services
from prongsai.assets.loans.documents import render_loan_form
from prongsai.assets.models import Loan
from prongsai.assets.testing import loan_asset
from prongsai.core.doc.testing import assert_golden, docx_text, pdf_text
from prongsai.core.testing import PersonaTestCase
from prongsai.core.thai import local_today
from prongsai.orgs.models import Membership

GOLDEN = Path(__file__).parent / "golden"


class LoanFormTests(PersonaTestCase):
    loan: Loan

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for user, first, last in ((cls.staff, "สมหญิง", "รักงาน"), (cls.unit_head, "สมศักดิ์", "มั่นคง")):
            user.first_name, user.last_name = first, last
            user.save()
        Membership.objects.filter(user=cls.unit_head).update(position_title="ผู้อำนวยการกองคลัง")
        loan_asset(cls, "416-66-0101", name="เครื่องคอมพิวเตอร์โน้ตบุ๊ก")
        loan_asset(cls, "416-66-0102", name="เครื่องฉายภาพโปรเจกเตอร์")
        with time_machine.travel(datetime(2026, 3, 2, 2, 0, tzinfo=UTC), tick=False):
            cls.loan = services.loan_request(
                org=cls.org,
                borrower=cls.staff,
                codes=["416-66-0101", "416-66-0102"],
                purpose="ออกหน่วยบริการรับชำระภาษีป้ายนอกสถานที่",
                place="โรงเรียนบ้านโนนสวรรค์",
                starts_on=date(2026, 3, 9),
                due_on=date(2026, 3, 11),
                position="นักวิชาการพัสดุ",
                unit=cls.finance,
                notes={"416-66-0102": "พร้อมสายสัญญาณ"},
            )
            services.loan_decide(loan=cls.loan, by=cls.unit_head, approve=True, note="อนุมัติ")
        with time_machine.travel(datetime(2026, 3, 9, 1, 30, tzinfo=UTC), tick=False):
            services.loan_hand_over(loan=cls.loan, by=cls.unit_head, condition_out="ใช้การได้ปกติ ครบชุด")

    def test_it_prints_the_record_and_the_dotted_lines_of_what_is_not_known_yet(self) -> None:
        loan = Loan.objects.get(pk=self.loan.pk)
        docx = render_loan_form(loan, "docx")
        pdf = render_loan_form(loan, "pdf")
        assert_golden(docx_text(docx), GOLDEN / "loan_form.docx.txt")
        assert_golden(pdf_text(pdf), GOLDEN / "loan_form.pdf.txt", pdf=True)
        text = docx_text(docx)
        for expected in (
            "ใบยืมพัสดุ",
            "เรื่อง ขอยืมพัสดุ",
            "เรียน ผู้อำนวยการกองคลัง",
            "ข้าพเจ้า สมหญิง รักงาน ตำแหน่ง นักวิชาการพัสดุ สังกัดกองคลัง",
            "๔๑๖-๖๖-๐๑๐๑",
            "พร้อมสายสัญญาณ",
            "ตั้งแต่วันที่ ๙ มีนาคม ๒๕๖๙ ถึงวันที่ ๑๑ มีนาคม ๒๕๖๙ รวม ๓ วัน",
            "(สมศักดิ์ มั่นคง)",
            "สภาพ ใช้การได้ปกติ ครบชุด",
        ):
            self.assertIn(expected, text)
        self.assertEqual(len(PdfReader(io.BytesIO(pdf)).pages), 1)

    def test_the_return_is_printed_with_its_condition(self) -> None:
        loan = Loan.objects.get(pk=self.loan.pk)
        items = {i.asset.code: i.pk for i in loan.items.select_related("asset")}
        services.loan_return(
            loan=loan,
            by=self.unit_head,
            conditions={items["416-66-0101"]: ("damaged", "บานพับจอหัก"), items["416-66-0102"]: ("usable", "")},
        )
        text = docx_text(render_loan_form(Loan.objects.get(pk=loan.pk), "docx", thai_digits=False))
        self.assertIn("คืนชำรุด: บานพับจอหัก", text)
        self.assertIn("คืนแล้ว ใช้การได้", text)
        self.assertIn("สภาพ (\u00a0\u00a0\u00a0\u00a0) ใช้การได้", text)
        self.assertIn("(\u00a0/\u00a0) ชำรุด", text)
        self.assertIn("416-66-0101", text)  # Arabic digits asked for

    def test_eight_items_still_fit_on_one_page(self) -> None:
        codes = [loan_asset(self, f"416-66-02{i:02d}", name="เครื่องคอมพิวเตอร์โน้ตบุ๊ก").code for i in range(8)]
        loan = services.loan_request(
            org=self.org,
            borrower=self.ethics,
            codes=codes,
            purpose="อบรมการใช้โปรแกรมบัญชีคอมพิวเตอร์",
            place="ห้องประชุมสภา",
            starts_on=local_today(),
            due_on=local_today(),
            notes={code: "พร้อมเครื่องชาร์จ" for code in codes},
        )
        pdf = render_loan_form(loan, "pdf")
        self.assertEqual(len(PdfReader(io.BytesIO(pdf)).pages), 1)
        self.assertIn("๔๑๖-๖๖-๐๒๐๗", pdf_text(pdf))

    def test_a_refused_loan_prints_the_refusal_and_no_hand_over(self) -> None:
        loan = services.loan_request(
            org=self.org,
            borrower=self.ethics,
            codes=[loan_asset(self, "416-66-0105").code],  # 0101 is still out with the class's overdue loan
            purpose="งานส่วนตัว",
            place="บ้านพัก",
            starts_on=local_today(),
            due_on=local_today(),
        )
        services.loan_decide(loan=loan, by=self.executive, approve=False, note="ไม่ใช่งานราชการ")
        text = docx_text(render_loan_form(loan, "docx"))
        self.assertIn("(\u00a0\u00a0\u00a0\u00a0) อนุมัติ", text)
        self.assertIn("(\u00a0/\u00a0) ไม่อนุมัติ", text)
        self.assertIn("เหตุผล/ความเห็น ไม่ใช่งานราชการ", text)
        self.assertNotIn("การส่งมอบพัสดุ", text)

    def test_it_downloads_from_the_loan_page_for_the_organisation_only(self) -> None:
        url = reverse("assets:loan_form", kwargs={"org_slug": "alpha", "loan_id": self.loan.pk, "ext": "pdf"})
        self.client.force_login(self.ethics)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.client.force_login(self.other_executive)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.ethics)
        bad = reverse("assets:loan_form", kwargs={"org_slug": "alpha", "loan_id": self.loan.pk, "ext": "exe"})
        self.assertEqual(self.client.get(bad).status_code, 404)

    def test_the_command_writes_docx_and_pdf_by_id_or_number(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            for fmt, loan in (("docx", str(self.loan.pk)), ("pdf", self.loan.reference)):
                path = Path(folder) / f"loan.{fmt}"
                call_command("loan-form", org="alpha", loan=loan, format=fmt, output=str(path), stderr=io.StringIO())
                data = path.read_bytes()
                self.assertTrue(data.startswith(b"%PDF" if fmt == "pdf" else b"PK"))
            self.assertIn("ใบยืมพัสดุ", pdf_text((Path(folder) / "loan.pdf").read_bytes()))
            for kwargs in (
                {"org": "nowhere", "loan": "1"},
                {"org": "alpha", "loan": "9999"},
                {"org": "bravo", "loan": str(self.loan.pk)},
                {"org": "alpha", "loan": "x"},
            ):
                with self.subTest(**kwargs), self.assertRaises(CommandError) as error:
                    call_command("loan-form", format="pdf", output=str(Path(folder) / "x.pdf"), **kwargs)
                self.assertEqual(error.exception.returncode, 2)
