"""An OIT document that would run JavaScript when opened is refused with a Thai reason (issue 11, §7)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.core.testing import PersonaTestCase
from prongsai.core.tests.test_pdf_active import ACTIVE
from prongsai.disclosure.models import OitDocument, OitDocumentVersion
from prongsai.disclosure.services import ensure_items
from prongsai.ita.framework import framework_load

YEAR = 2568


class ScriptedPdfTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        framework_load(fiscal_years=[YEAR])
        ensure_items(cls.org, YEAR)

    def test_a_pdf_with_an_opening_script_is_refused_and_nothing_is_saved(self) -> None:
        self.client.force_login(self.coordinator)
        url = reverse("disclosure:document_add", kwargs={"org_slug": "alpha", "year": YEAR, "item_code": "o13"})
        scripted = SimpleUploadedFile("ประกาศ.pdf", ACTIVE["open_action_script"], "application/pdf")
        response = self.client.post(url, {"kind": "file", "title": "ประกาศ", "file": scripted}, follow=True)
        self.assertContains(response, "ประกาศ.pdf")
        self.assertContains(response, "JavaScript")
        self.assertFalse(OitDocument.objects.exists())
        self.assertFalse(OitDocumentVersion.objects.exists())
