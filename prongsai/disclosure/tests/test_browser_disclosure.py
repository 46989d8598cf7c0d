"""The disclosure centre in real Chromium at 360 px: the pages fit, a PDF goes up, an audit shows live progress."""

from __future__ import annotations

import os
import time

import pytest
from django.test import override_settings
from django.utils import timezone

from prongsai.core.testing import CHROMIUM, CHROMIUM_MISSING, ChromiumTestCase
from prongsai.disclosure import demo as disclosure_demo
from prongsai.disclosure.models import OitAudit, OitAuditItem, OitDocument, OitItem
from prongsai.disclosure.tests.test_centre import pdf
from prongsai.ita import demo as ita_demo
from prongsai.orgs.demo import load_demo
from prongsai.orgs.models import Organisation
from prongsai.plans import demo as plans_demo

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=CHROMIUM_MISSING)]


class DisclosureOnAPhoneTests(ChromiumTestCase):
    def test_the_pages_fit_a_phone_and_a_document_goes_up(self) -> None:
        load_demo(
            steps=[ita_demo.load, plans_demo.load, disclosure_demo.load]
        )  # the organisations and the steps this test reads
        page = self.browser.new_page(viewport={"width": 360, "height": 740})
        self.sign_in(page, "pho-nong-coordinator", "prongsai-demo")
        page.wait_for_url("**/pho-nong/staff/")
        audit = OitAudit.objects.filter(organisation__slug="pho-nong", status="done").first()
        assert audit is not None
        for path in (
            "staff/oit/2568/",
            "staff/oit/2568/o12/",
            "staff/oit/2568/audits/",
            f"staff/oit/2568/audits/{audit.pk}/",
            "oit/2568/",
        ):
            page.goto(f"{self.live_server_url}/pho-nong/{path}")
            with self.subTest(path=path):
                self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 360)

        # O26 has no evidence in the demo: upload its report as a PDF and hand the item in.
        page.goto(f"{self.live_server_url}/pho-nong/staff/oit/2568/o26/")
        page.get_by_label("ชื่อเรื่อง").fill("รายงานผลการดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต ปีงบประมาณ 2567")
        page.locator("input[name=file]").first.set_input_files(
            {"name": "report.pdf", "mimeType": "application/pdf", "buffer": pdf("FY2567 report")}
        )
        page.locator("input[name=components][value='0']").first.check()
        page.get_by_role("button", name="เพิ่ม", exact=True).click()
        page.wait_for_url("**/o26/")
        self.assertIn("เพิ่มเอกสารแล้ว", page.locator(".messages").inner_text())
        page.get_by_role("button", name="ส่งให้ตรวจ").click()
        page.wait_for_url("**/o26/")
        item = OitItem.objects.get(organisation__slug="pho-nong", fiscal_year=2568, code="O26")
        self.assertEqual(item.state, "submitted")
        self.assertEqual(OitDocument.objects.filter(item=item).count(), 1)
        # The permanent address reads as Thai, fits the phone, and its button puts it on the clipboard.
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=self.live_server_url)
        address = page.locator(".address code.url").first.inner_text()
        self.assertTrue(address.startswith(f"{self.live_server_url}/pho-nong/oit/2568/o26/รายงาน"), address)
        self.assertNotIn("%", address)
        button = page.get_by_role("button", name="คัดลอกที่อยู่").first
        button.click()
        page.wait_for_function("() => document.querySelector('.address button').textContent.includes('คัดลอกแล้ว')")
        self.assertEqual(page.evaluate("navigator.clipboard.readText()"), address)
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 360)
        page.wait_for_load_state("networkidle")
        page.close()

    @override_settings(OIT_AUDIT_POLL_SECONDS=0.25)  # 1 s in production
    def test_a_running_audit_shows_its_progress_and_then_its_results(self) -> None:
        load_demo(
            steps=[ita_demo.load, plans_demo.load, disclosure_demo.load]
        )  # the organisations and the steps this test reads
        org = Organisation.objects.get(slug="pho-nong")
        run = OitAudit.objects.create(
            organisation=org,
            fiscal_year=2568,
            trigger="web",
            status="running",
            links_total=10,
            links_done=3,
            started_at=timezone.now(),
        )
        page = self.browser.new_page(viewport={"width": 360, "height": 740})
        self.sign_in(page, "pho-nong-executive", "prongsai-demo")
        page.wait_for_url("**/pho-nong/staff/")
        page.goto(f"{self.live_server_url}/pho-nong/staff/oit/2568/audits/{run.pk}/")
        bar = page.locator("#audit-progress progress")
        self.assertEqual(bar.evaluate("p => p.value"), 3)
        OitAudit.objects.filter(pk=run.pk).update(links_done=7)
        deadline = time.monotonic() + 10
        while bar.evaluate("p => p.value") != 7 and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        self.assertEqual(bar.evaluate("p => p.value"), 7)
        OitAuditItem.objects.create(
            audit=run, code="O1", position=1, state="published", health=100, checks={}, defects=[]
        )
        OitAudit.objects.filter(pk=run.pk).update(links_done=10, status="done", health=100, finished_at=timezone.now())
        page.locator("table").first.wait_for(timeout=10_000)  # the page reloads itself when the audit is done
        self.assertEqual(page.locator("#audit-progress").count(), 0)
        self.assertIn("O1", page.locator("table").first.inner_text())
        page.wait_for_load_state("networkidle")
        page.close()
