"""The whole catalogue as one PDF (and DOCX), attached to the year's OIT service-manual item found by its title, and
the catalogue's public address linked on the E-Service item; the command that writes it."""

from __future__ import annotations

import io
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from prongsai.core.doc.testing import docx_text, normalise, pdf_text
from prongsai.core.testing import PersonaTestCase
from prongsai.disclosure import feeds
from prongsai.disclosure.models import OitDocument, OitItem
from prongsai.ita.framework import framework_load
from prongsai.services import documents, oit, services
from prongsai.services.testing import content, service
from prongsai.services.tests.test_documents import _dump

SITE = "https://ita.example.go.th"
YEARS = [2564, 2565, 2566, 2567, 2568, 2569]
IN_2569 = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Bangkok"))  # fiscal year 2569


@override_settings(SITE_URL=SITE)
class CatalogueTests(PersonaTestCase):
    def test_it_lists_every_service_in_force_then_one_page_each(self) -> None:
        first = service(self)
        services.service_create(organisation=self.org, content=content(self, "การขอใช้น้ำประปา"), by=self.coordinator)
        gone = services.service_create(organisation=self.org, content=content(self, "บริการที่ยกเลิก"), by=self.coordinator)
        services.service_withdraw(service=gone, by=self.coordinator, reason="ยกเลิก")
        pdf = documents.render_catalogue(self.org, "pdf")
        _dump("catalogue.pdf", pdf)
        self.assertEqual(len(PdfReader(io.BytesIO(pdf)).pages), 3)  # the contents, then a page per service
        text = normalise(pdf_text(pdf), pdf=True)
        self.assertIn("คู่มือสำหรับประชาชน", text)
        self.assertIn("การขอใช้น้ำประปา", text)
        self.assertNotIn("บริการที่ยกเลิก", text)
        self.assertIn(f"{SITE}/alpha/services/{first.pk}/", text)
        self.assertIn(f"{SITE}/alpha/services/", text)
        self.assertIn("การรับแจ้งการเกิด", docx_text(documents.render_catalogue(self.org, "docx")))

    def test_the_command_writes_the_catalogue(self) -> None:
        service(self)
        with tempfile.TemporaryDirectory() as folder:
            for fmt in ("pdf", "docx"):
                path = Path(folder, f"catalogue.{fmt}")
                call_command("service-catalogue", org="alpha", format=fmt, output=str(path))
                data = path.read_bytes()
                text = pdf_text(data) if fmt == "pdf" else docx_text(data)
                self.assertIn("การรับแจ้งการเกิด", text)

    def test_staff_download_it_from_the_list(self) -> None:
        service(self)
        self.client.force_login(self.staff)
        page = self.client.get(reverse("services:index", kwargs={"org_slug": "alpha"}))
        url = reverse("services:catalogue_document", kwargs={"org_slug": "alpha", "ext": "pdf"})
        self.assertContains(page, url)
        self.assertNotContains(page, reverse("services:attach_oit", kwargs={"org_slug": "alpha"}))  # not an admin
        self.assertIn("การรับแจ้งการเกิด", pdf_text(b"".join(self.client.get(url))))


@override_settings(SITE_URL=SITE)
class OitTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        framework_load(fiscal_years=YEARS)

    def test_it_finds_both_items_by_title_in_every_year(self) -> None:
        manual = feeds.get_feed(oit.KEY)
        assert manual is not None
        codes = {year: feeds.framework_item(manual, year).code for year in YEARS}
        self.assertEqual(codes[2569], "O9")
        self.assertEqual(feeds.framework_item(oit.eservice_feed(), 2569).code, "O10")
        titles = {year: feeds.framework_item(manual, year).title_th for year in YEARS}
        self.assertEqual(titles[2564], "คู่มือหรือมาตรฐานการให้บริการ")
        self.assertEqual(titles[2569], "คู่มือหรือแนวทางการขอรับบริการสำหรับผู้รับบริการหรือผู้มาติดต่อ")
        for year in YEARS:
            self.assertIn("E-Service", feeds.framework_item(oit.eservice_feed(), year).title_th)

    def _press(self, user: object) -> object:
        self.client.force_login(user)  # type: ignore[arg-type]
        with time_machine.travel(IN_2569, tick=False):
            return self.client.post(reverse("services:attach_oit", kwargs={"org_slug": "alpha"}))

    def test_the_button_attaches_the_pdf_as_new_versions_and_links_the_address_once(self) -> None:
        service(self)
        answer = self._press(self.coordinator)
        self.assertEqual(answer.status_code, 302)  # type: ignore[attr-defined]
        manual = OitItem.objects.get(organisation=self.org, fiscal_year=2569, code="O9")
        document = manual.documents.get(feed="service-catalogue:pdf")
        version = document.versions.get()
        with version.file.open("rb") as file:
            self.assertIn("การรับแจ้งการเกิด", pdf_text(file.read()))
        self.assertIn("2569", document.title)
        self._press(self.executive)
        self.assertEqual(document.versions.count(), 2)
        eservice = OitItem.objects.get(organisation=self.org, fiscal_year=2569, code="O10")
        links = eservice.documents.filter(kind=OitDocument.Kind.LINK)
        self.assertEqual([d.url for d in links], [f"{SITE}/alpha/services/"])  # once, however often pressed
        self.assertEqual(links.get().components, [0])  # ช่องทาง E-Service

    def test_only_admins_press_it_and_an_empty_catalogue_attaches_nothing(self) -> None:
        self.assertEqual(self._press(self.staff).status_code, 403)  # type: ignore[attr-defined]
        self.assertEqual(self._press(self.other_executive).status_code, 404)  # type: ignore[attr-defined]
        self._press(self.coordinator)  # no service yet
        self.assertFalse(OitDocument.objects.filter(feed__startswith="service-catalogue").exists())
