"""Defects of the OIT pages found by a new user: the permanent address, English in Thai pages, download names."""

from __future__ import annotations

import socket

import httpx
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from prongsai.core.http import BlockedAddress
from prongsai.core.testing import PersonaTestCase
from prongsai.core.uploads import Kind, clean_upload
from prongsai.disclosure.auditor import classify_exception
from prongsai.disclosure.details import detail_text
from prongsai.disclosure.models import OitAudit, OitAuditItem, OitItem
from prongsai.disclosure.periods import check_off_site, check_stale
from prongsai.disclosure.services import NAME_STEM_CHARS, DocumentFields, document_add_file, ensure_items
from prongsai.disclosure.tests.test_centre import pdf
from prongsai.ita.framework import framework_load
from prongsai.ita.testing import _year

LONG_TITLE = "คู่มือหรือมาตรฐานการปฏิบัติงานเกี่ยวกับการให้บริการประชาชนหรือผู้มาติดต่อ ปีงบประมาณ พ.ศ. 2568"


class AddressTests(PersonaTestCase):
    item: OitItem

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        framework_load(fiscal_years=[2568])
        ensure_items(cls.org, 2568)
        cls.item = OitItem.objects.get(organisation=cls.org, fiscal_year=2568, code="O5")

    def add(self, title: str) -> object:
        clean = clean_upload(("manual.pdf", pdf("manual")), allowed=[Kind.PDF], max_bytes=1 << 20)
        document = document_add_file(self.item, DocumentFields(title), clean, by=self.coordinator)
        document.versions.update(published_at=timezone.now())
        return document

    def test_it_shows_the_permanent_address_readable_and_short_with_a_copy_button(self) -> None:
        document = self.add(LONG_TITLE)
        name = document.name  # type: ignore[attr-defined]
        self.assertLessEqual(len(name), NAME_STEM_CHARS + len(".pdf"))
        self.assertTrue(name.startswith("คู่มือหรือมาตรฐาน"), name)
        self.assertTrue(name.endswith("-2568.pdf"), name)  # the year survives the cut (the period check reads it)
        self.client.force_login(self.staff)
        page = self.client.get(
            reverse("disclosure:item", kwargs={"org_slug": "alpha", "year": 2568, "item_code": "o5"})
        )
        address = f"http://testserver/alpha/oit/2568/o5/{name}"
        self.assertContains(page, f'<code class="url">{address}</code>', html=False)
        self.assertContains(page, f'data-copy="{address}"')
        self.assertContains(page, "/static/disclosure/copy.js")
        self.assertNotContains(page, "%E0")  # nothing percent-encoded is shown
        self.assertNotContains(page, "<script>")  # CSP: no inline script
        self.assertEqual(self.client.get(f"/alpha/oit/2568/o5/{name}").status_code, 200)

    def test_an_old_long_address_keeps_working(self) -> None:
        document = self.add("เอกสาร")
        old = ("คู่มือหรือมาตรฐานการปฏิบัติงานเกี่ยวกับการให้บริการประชาชนหรือผู้มาติดต่อ-ปีงบประมาณ-พ.ศ.-2568")[:80]
        type(document).objects.filter(pk=document.pk).update(name=f"{old}.pdf")  # type: ignore[attr-defined]
        self.assertEqual(self.client.get(f"/alpha/oit/2568/o5/{old}.pdf").status_code, 200)
        self.assertEqual(self.client.get(f"/alpha/oit/2568/o5/v1/{old}.pdf").status_code, 200)


class AuditorDetailTests(SimpleTestCase):
    """The details the auditor really writes, shown in Thai (they are stored in English)."""

    def details(self) -> list[str]:
        dns = httpx.ConnectError("boom")
        dns.__cause__ = socket.gaierror(-2, "Name or service not known")
        off_site = check_off_site("https://drive.example.com/x.pdf", ["https://www.phonong.go.th"])
        stale = check_stale("current_fy", 2569, "รายงานประจำปีงบประมาณ 2566")
        assert off_site is not None
        assert stale is not None
        return [
            classify_exception(dns)[1],
            classify_exception(httpx.ReadTimeout("slow"))[1],
            classify_exception(httpx.ConnectError("[Errno 111] Connection refused"))[1],
            classify_exception(BlockedAddress("intranet", "10.0.0.5", "private"))[1],
            off_site.detail,
            stale.detail,
            "HTTP 404 Not Found",
            "HTTP 200 after 2 redirect(s)",
        ]

    def test_it_translates_each_detail_and_keeps_its_facts(self) -> None:
        english = self.details()
        with override("th"):
            thai = [detail_text(d) for d in english]
        for before, after in zip(english, thai, strict=True):
            self.assertNotEqual(before, after)
            for phrase in ("name resolution", "no answer", "is not the organisation", "names fiscal year", "Not Found"):
                self.assertNotIn(phrase, after)
        self.assertIn("drive.example.com", thai[4])
        self.assertIn("2566", thai[5])
        self.assertIn("2569", thai[5])
        self.assertIn("10.0.0.5", thai[3])
        self.assertEqual(detail_text("ข้อความที่แปลแล้ว"), "ข้อความที่แปลแล้ว")  # unknown details are shown as they are


class AuditPageTests(PersonaTestCase):
    def test_the_audit_table_and_the_item_speak_thai(self) -> None:
        year = _year(self)
        ensure_items(self.org, year)
        item = OitItem.objects.get(organisation=self.org, fiscal_year=year, code="O9")
        audit = OitAudit.objects.create(
            organisation=self.org, fiscal_year=year, trigger="command", status="done", health=40
        )
        audit.finished_at = timezone.now()
        audit.save()
        defects = [
            {
                "category": "dns_error",
                "url": "https://x.example/a.pdf",
                "document": "ก",
                "detail": "name resolution failed: [Errno -2] Name or service not known",
            },
            {
                "category": "off_site",
                "url": "https://x.example/a.pdf",
                "document": "ก",
                "detail": "x.example is not the organisation's website (www.phonong.go.th)",
            },
        ]
        OitAuditItem.objects.create(
            audit=audit, item=item, code="O9", position=9, state="published", health=40, defects=defects
        )
        self.client.force_login(self.coordinator)
        kwargs = {"org_slug": "alpha", "year": year}
        for url in (
            reverse("disclosure:audit", kwargs=kwargs | {"audit_id": audit.pk}),
            reverse("disclosure:item", kwargs=kwargs | {"item_code": "o9"}),
        ):
            page = self.client.get(url)
            text = page.content.decode()
            self.assertNotIn("name resolution failed", text, url)
            self.assertNotIn("is not the organisation", text, url)
            self.assertIn("ไม่ใช่เว็บไซต์ของหน่วยงาน", text, url)
        self.assertNotIn(">published</td>", text)
        audit_page = self.client.get(
            reverse("disclosure:audit", kwargs=kwargs | {"audit_id": audit.pk})
        ).content.decode()
        self.assertNotIn(">published</td>", audit_page)
        self.assertIn(f">{OitItem.State.PUBLISHED.label}</td>", audit_page)


class DownloadNameTests(PersonaTestCase):
    def test_the_monthly_report_link_and_file_name_agree_and_digits_differ(self) -> None:
        year = _year(self)
        self.client.force_login(self.executive)
        page = self.client.get(reverse("disclosure:year", kwargs={"org_slug": "alpha", "year": year})).content.decode()
        link = next(part.split('"')[0] for part in page.split('href="')[1:] if "/report-" in part and ".docx" in part)
        self.assertRegex(link, r"/report-25\d\d-\d\d\.docx$")  # the month in the Buddhist era, as the report prints it
        segment = link.rsplit("/", 1)[1].removesuffix(".docx")
        thai = self.client.get(link)["Content-Disposition"]
        arabic = self.client.get(link + "?digits=arabic")["Content-Disposition"]
        self.assertIn(f'filename="oit-alpha-{year}-{segment}.docx"', thai)
        self.assertIn(f'filename="oit-alpha-{year}-{segment}-arabic-digits.docx"', arabic)
        same_month_ce = link.replace(segment, f"report-{int(segment[7:11]) - 543}-{segment[-2:]}")
        self.assertEqual(self.client.get(same_month_ce)["Content-Disposition"], thai)

    def test_the_other_downloads_name_their_digits_too(self) -> None:
        year = _year(self)
        self.client.force_login(self.executive)
        ita = reverse("ita:download", kwargs={"org_slug": "alpha", "year": year, "fmt": "json"})
        self.assertIn(f'filename="ita-alpha-{year}.json"', self.client.get(ita)["Content-Disposition"])
        self.assertIn(
            f'filename="ita-alpha-{year}-arabic-digits.json"',
            self.client.get(ita + "?digits=arabic")["Content-Disposition"],
        )
        plan = reverse("plans:report", kwargs={"org_slug": "alpha", "year": 2569, "period": 6, "ext": "docx"})
        self.assertIn('filename="plan-alpha-2569-6m.docx"', self.client.get(plan)["Content-Disposition"])
        self.assertIn(
            'filename="plan-alpha-2569-6m-arabic-digits.docx"',
            self.client.get(plan + "?digits=arabic")["Content-Disposition"],
        )
