"""The printable step sheet of a service (one A4 page, PDF and DOCX on core/doc) and the whole catalogue, read back:
the text, the page count, the QR code back to the public page, and the download links."""

from __future__ import annotations

import io
import os
from pathlib import Path

from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from prongsai.core.doc.testing import docx_text, normalise, pdf_text, qr_codes_on_page
from prongsai.core.testing import PersonaTestCase
from prongsai.services import documents, services
from prongsai.services.testing import content, service

SITE = "https://ita.example.go.th"
DUMP = os.environ.get("SERVICES_DOCUMENTS_DUMP")  # a folder: write the PDFs/DOCX there to look at them


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _dump(name: str, data: bytes) -> None:
    if DUMP:
        Path(DUMP, name).write_bytes(data)


def _long(case: PersonaTestCase) -> object:
    """A service with as much as a real one has: six steps of two lines, six documents, e-Service, legal basis."""
    steps = [
        {"text": f"ตรวจพิจารณาแบบแปลนและรายการคำนวณโครงสร้างตามกฎกระทรวง ข้อ {n}", "minutes": 60, "who": "นายช่างโยธา"}
        for n in range(1, 7)
    ]
    docs = [
        {"name": "สำเนาบัตรประจำตัวประชาชน", "copies": 1, "office_fetches": True},
        {"name": "สำเนาทะเบียนบ้าน", "copies": 1, "office_fetches": True},
        {"name": "แบบแปลนอาคารพร้อมรายการคำนวณโครงสร้าง ลงนามโดยวิศวกรผู้ออกแบบ", "copies": 5, "office_fetches": False},
        {"name": "สำเนาโฉนดที่ดิน", "copies": 1, "office_fetches": False},
        {"name": "หนังสือยินยอมให้ก่อสร้างชิดเขตที่ดิน", "copies": 1, "office_fetches": False},
        {"name": "หนังสือมอบอำนาจ (กรณีมอบอำนาจ)", "copies": 1, "office_fetches": False},
    ]
    return services.service_create(
        organisation=case.org,
        content=content(
            case,
            "การขออนุญาตก่อสร้างอาคาร",
            standard_min=600,
            fee="ตามกฎกระทรวงกำหนดค่าธรรมเนียม พ.ศ. 2528 (ตารางเมตรละ 0.50–4 บาท)",
            steps=steps,
            documents=docs,
            legal_basis="พระราชบัญญัติควบคุมอาคาร พ.ศ. 2522",
            counter="กองช่าง ชั้น 2 สำนักงาน อบต.",
            eservice_url="https://eservice.example.go.th/building",
            complaint_channel="ศูนย์รับเรื่องร้องเรียน โทร. 0 4200 0000",
        ),
        by=case.coordinator,
    )


@override_settings(SITE_URL=SITE)
class StepSheetTests(PersonaTestCase):
    def test_it_fits_one_page_with_the_steps_fee_documents_and_a_qr_to_the_public_page(self) -> None:
        found = service(self)
        pdf = documents.render_step_sheet(found, "pdf")
        _dump("step-sheet.pdf", pdf)
        self.assertEqual(_pages(pdf), 1)
        text = normalise(pdf_text(pdf), pdf=True)
        for expected in (
            "การรับแจ้งการเกิด",
            "อบต.อัลฟา",
            "ระยะเวลาให้บริการรวม",
            "๑๐ นาที",
            "ไม่มีค่าธรรมเนียม",
            "ตรวจสอบเอกสาร",
            "นายทะเบียนผู้ช่วย",
            "ออกสูติบัตร",
            "๗ นาที",
            "สำเนาทะเบียนบ้าน",
            "หน่วยงานเรียกดูเอง",
        ):
            self.assertIn(normalise(expected), text)
        url = f"{SITE}/alpha/services/{found.pk}/"
        self.assertIn(url, text)  # the address keeps its Arabic digits
        self.assertEqual(qr_codes_on_page(pdf), [url])

    def test_a_long_service_still_fits_one_page(self) -> None:
        found = _long(self)
        pdf = documents.render_step_sheet(found, "pdf")  # type: ignore[arg-type]
        _dump("step-sheet-long.pdf", pdf)
        self.assertEqual(_pages(pdf), 1)
        text = normalise(pdf_text(pdf), pdf=True)
        self.assertIn("ข้อ๖", text)
        self.assertIn("ผู้ขอนำมา", text)
        self.assertIn("หนังสือมอบอำนาจ", text)
        self.assertIn("https://eservice.example.go.th/building", text)
        self.assertEqual(qr_codes_on_page(pdf), [f"{SITE}/alpha/services/{found.pk}/"])  # type: ignore[attr-defined]

    def test_the_docx_says_the_same(self) -> None:
        found = service(self)
        data = documents.render_step_sheet(found, "docx")
        _dump("step-sheet.docx", data)
        text = docx_text(data)
        for expected in ("การรับแจ้งการเกิด", "ไม่มีค่าธรรมเนียม", "ออกสูติบัตร", "นายทะเบียน", "หน่วยงานเรียกดูเอง", "๑๐ นาที"):
            self.assertIn(expected, text)

    def test_no_documents_is_said_as_none(self) -> None:
        found = services.service_create(
            organisation=self.org, content=content(self, "การรับเรื่องร้องทุกข์", documents=[]), by=self.coordinator
        )
        text = docx_text(documents.render_step_sheet(found, "docx"))
        self.assertIn("ไม่มี", text)
        self.assertNotIn("หน่วยงานเรียกดูเอง", text)


@override_settings(SITE_URL=SITE)
class DownloadTests(PersonaTestCase):
    def test_staff_and_public_download_the_sheet_and_the_public_page_links_it(self) -> None:
        found = service(self)
        kwargs = {"org_slug": "alpha", "service_id": found.pk}
        public = self.client.get(reverse("services:public_service", kwargs=kwargs))
        sheet = reverse("services:public_sheet", kwargs=kwargs | {"ext": "pdf"})
        self.assertContains(public, sheet)
        answer = self.client.get(sheet)
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer["Content-Type"], "application/pdf")
        self.assertIn("attachment", answer["Content-Disposition"])
        self.assertIn("การรับแจ้งการเกิด", pdf_text(b"".join(answer)))
        self.client.force_login(self.staff)
        staff_page = self.client.get(reverse("services:service", kwargs=kwargs))
        staff_sheet = reverse("services:sheet", kwargs=kwargs | {"ext": "docx"})
        self.assertContains(staff_page, staff_sheet)
        self.assertIn("ออกสูติบัตร", docx_text(self.client.get(staff_sheet).content))

    def test_a_withdrawn_service_has_no_public_sheet_and_other_orgs_see_nothing(self) -> None:
        found = service(self)
        services.service_withdraw(service=found, by=self.coordinator, reason="ยกเลิก")
        kwargs = {"org_slug": "alpha", "service_id": found.pk, "ext": "pdf"}
        self.assertEqual(self.client.get(reverse("services:public_sheet", kwargs=kwargs)).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("services:public_sheet", kwargs=kwargs | {"ext": "exe"})).status_code, 404
        )
        self.client.force_login(self.other_staff)
        self.assertEqual(self.client.get(reverse("services:sheet", kwargs=kwargs)).status_code, 404)
