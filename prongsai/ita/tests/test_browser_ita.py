"""The ITA pages on a 360 px phone in real Chromium: nothing spills sideways, the charts load."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase

from prongsai.orgs.demo import load_demo
from prongsai.orgs.tests.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM), reason=f"Chromium not found at {CHROMIUM}: apt-get install chromium"
    ),
]


class ItaOnAPhoneTests(StaticLiveServerTestCase):
    playwright: Any
    browser: Any

    @classmethod
    def setUpClass(cls) -> None:
        from playwright.sync_api import sync_playwright

        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def test_it_fits_every_ita_page_into_360_pixels(self) -> None:
        load_demo()
        page = self.browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(self.live_server_url + "/accounts/login/")
        page.get_by_label("ชื่อผู้ใช้").fill("sample-coordinator")
        page.get_by_label("รหัสผ่าน").fill("prongsai-demo")
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.wait_for_url("**/sample/staff/")
        for path in ("ita/", "ita/2568/", "ita/2568/analysis/", "ita/2568/plan/", "ita/2568/items/", "ita/2568/edit/"):
            page.goto(f"{self.live_server_url}/sample/staff/{path}")
            with self.subTest(path=path):
                self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 360)
        page.goto(f"{self.live_server_url}/sample/staff/ita/2568/")
        chart = page.locator("figure.chart-wide img")
        chart.scroll_into_view_if_needed()
        chart.evaluate("img => img.decode()")  # (wait_for_function would need 'unsafe-eval', which the CSP refuses)
        self.assertGreater(chart.evaluate("img => img.naturalWidth"), 300)
        # No request may still be running on the server thread when the test database is flushed.
        page.wait_for_load_state("networkidle")
        page.close()
