"""A citizen reports on a phone in real Chromium, keeps the receipt, and later answers a recipient's question."""

from __future__ import annotations

import os

import pytest

from prongsai.complaints import demo as complaints_demo
from prongsai.complaints import services
from prongsai.complaints.models import Case, Message
from prongsai.complaints.tests.test_reporting import jpeg_with_gps
from prongsai.core.testing import CHROMIUM, CHROMIUM_MISSING, ChromiumTestCase
from prongsai.core.thai import local_today
from prongsai.orgs.demo import load_demo
from prongsai.orgs.models import Membership, Organisation, Role

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=CHROMIUM_MISSING)]


class ReportingOnAPhoneTests(ChromiumTestCase):
    def test_a_citizen_reports_with_a_photo_and_answers_a_question_with_the_receipt(self) -> None:
        load_demo(steps=[complaints_demo.load])  # the organisations and the steps this test reads
        org = Organisation.objects.get(slug="pho-nong")
        before = Case.objects.filter(organisation=org).count()
        context = self.browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.goto(f"{self.live_server_url}/pho-nong/complaints/")
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 360)
        page.locator("a.button.primary").first.click()
        page.wait_for_url("**/complaints/new/")
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 360)
        page.locator("input[name=category][value=state_property]").check()
        page.locator("input[name=reporter_kind][value=public]").check()
        page.locator("textarea[name=what]").fill("มีการนำรถบรรทุกน้ำไปใช้ส่วนตัวทุกวันเสาร์")
        page.locator("input[name=where]").fill("ลานจอดรถ อบต.")
        page.locator("input[name=attachments]").set_input_files(
            {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}
        )
        page.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        receipt = page.locator("output").inner_text().strip()
        self.assertRegex(receipt, r"^\d{4} \d{4} \d{4} \d{4}$")
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 360)
        self.assertEqual(context.cookies(), [], "no cookie was set")
        context.close()

        case = Case.objects.filter(organisation=org).order_by("-pk").first()
        assert case is not None
        self.assertEqual(Case.objects.filter(organisation=org).count(), before + 1)
        self.assertEqual(case.attachments.count(), 1)
        ethics = Membership.objects.filter(organisation=org, role=Role.ETHICS_COMMITTEE).first()
        assert ethics is not None
        services.recipient_writes(case, ethics.user, "รถคันใด ทะเบียนอะไร", internal=False, today=local_today())

        # Later, another browser: only the receipt.
        context = self.browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.goto(f"{self.live_server_url}/pho-nong/complaints/case/")
        page.locator("input[name=receipt]").fill(receipt)
        page.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        self.assertIn("รถคันใด ทะเบียนอะไร", page.locator(".conversation").inner_text())
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 360)
        page.locator("textarea[name=body]").fill("รถบรรทุกน้ำ ทะเบียน บต 1234")
        page.locator("form:has(input[name=case_token]) button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        self.assertIn("บต 1234", page.locator(".conversation").inner_text())
        answers = [services.message_body(m) for m in case.messages.filter(author_kind=Message.Author.REPORTER)]
        self.assertEqual(answers, ["รถบรรทุกน้ำ ทะเบียน บต 1234"])
        self.assertEqual(context.cookies(), [])
        context.close()

    def test_the_recipients_pages_fit_a_phone_and_a_step_is_taken(self) -> None:
        load_demo(steps=[complaints_demo.load])  # the organisations and the steps this test reads
        page = self.browser.new_page(viewport={"width": 360, "height": 740})
        self.sign_in(page, "pho-nong-ethics", "prongsai-demo")
        page.wait_for_url("**/pho-nong/staff/")
        case = Case.objects.get(organisation__slug="pho-nong", state="received")
        for path in (
            "staff/complaints/",
            f"staff/complaints/{case.number}/",
            "complaints/board/?year=2569",
            "complaints/protection/",
        ):
            page.goto(f"{self.live_server_url}/pho-nong/{path}")
            with self.subTest(path=path):
                self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 360)
        page.goto(f"{self.live_server_url}/pho-nong/staff/complaints/{case.number}/")
        page.locator("form:has(input[name=to_state][value=acknowledged]) textarea[name=message]").fill("รับเรื่องแล้ว")
        page.locator("form:has(input[name=to_state][value=acknowledged]) button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        case.refresh_from_db()
        self.assertEqual(case.state, "acknowledged")
        self.assertIn("รับเรื่องแล้ว", page.locator(".conversation").inner_text())
        page.close()
