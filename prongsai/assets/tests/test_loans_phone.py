"""Loans on a phone in real Chromium at 360 px: the lists read as cards, and a decision is two taps."""

from __future__ import annotations

import os

import pytest

from prongsai.assets import demo as assets_demo
from prongsai.assets.models import Loan
from prongsai.core.testing import CHROMIUM, CHROMIUM_MISSING, ChromiumTestCase
from prongsai.orgs.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=CHROMIUM_MISSING)]

PHONE = {"width": 360, "height": 740}


class LoansOnAPhoneTests(ChromiumTestCase):
    def test_an_executive_decides_a_request_from_a_phone(self) -> None:
        load_demo(steps=[assets_demo.load])  # the organisations and the steps this test reads
        waiting = Loan.objects.get(organisation__slug="pho-nong", state=Loan.State.REQUESTED)
        page = self.browser.new_page(viewport=PHONE, locale="th-TH")
        self.sign_in(page, "pho-nong-executive", "prongsai-demo")
        page.wait_for_url("**/pho-nong/staff/")
        base = f"{self.live_server_url}/pho-nong/staff/assets/loans/"
        for path in ("", "approve/", "out/", "overdue/"):
            page.goto(base + path)
            with self.subTest(path=path):
                self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"])
                if page.locator("table.stack").count():
                    self.assertFalse(page.locator("table.stack thead th").first.is_visible())
        page.goto(base + "approve/")
        page.get_by_role("link", name=f"ใบยืมที่ {waiting.reference}").click()
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"])
        approve = page.get_by_role("button", name="อนุมัติ", exact=True)
        box = approve.bounding_box()
        assert box is not None
        self.assertGreaterEqual(box["height"], 44)  # a finger's target
        page.get_by_label("เหตุผลหรือความเห็น").fill("อนุมัติ ให้ส่งคืนตามกำหนด")
        approve.click()
        page.wait_for_load_state()
        self.assertIn("อนุมัติการยืมแล้ว", page.inner_text("ul.messages"))
        waiting.refresh_from_db()
        self.assertEqual(waiting.state, Loan.State.APPROVED)
        self.assertEqual(waiting.decision_note, "อนุมัติ ให้ส่งคืนตามกำหนด")
        page.close()
