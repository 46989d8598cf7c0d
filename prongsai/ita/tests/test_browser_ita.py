"""The ITA pages on a 360 px phone in real Chromium: nothing spills sideways, the charts load."""

from __future__ import annotations

import os

import pytest

from prongsai.core.testing import CHROMIUM, CHROMIUM_MISSING, ChromiumTestCase
from prongsai.ita import demo as ita_demo
from prongsai.orgs.demo import load_demo
from prongsai.plans import demo as plans_demo

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=CHROMIUM_MISSING)]


class ItaOnAPhoneTests(ChromiumTestCase):
    def test_it_fits_every_ita_page_into_360_pixels(self) -> None:
        load_demo(steps=[ita_demo.load, plans_demo.load])  # the organisations and the steps this test reads
        page = self.browser.new_page(viewport={"width": 360, "height": 740})
        self.sign_in(page, "sample-coordinator", "prongsai-demo")
        page.wait_for_url("**/sample/staff/")
        for path in (
            "staff/ita/",
            "staff/ita/2568/",
            "staff/ita/2568/analysis/",
            "staff/ita/2568/plan/",
            "staff/ita/2568/items/",
            "staff/ita/2568/edit/",
            "staff/plan/2569/",
            "staff/plan/work/",
            "staff/plan/calendar/2569/",
            "plan/2569/",
        ):
            page.goto(f"{self.live_server_url}/sample/{path}")
            with self.subTest(path=path):
                self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 360)
        # The public progress page of the demo's real plan (activities and evidence), signed out.
        page.goto(f"{self.live_server_url}/pho-nong/plan/2569/")
        self.assertIn("มาตรการ", page.locator("h1").inner_text())
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 360)
        page.goto(f"{self.live_server_url}/sample/staff/ita/2568/")
        chart = page.locator("figure.chart-wide img")
        chart.scroll_into_view_if_needed()
        chart.evaluate("img => img.decode()")  # (wait_for_function would need 'unsafe-eval', which the CSP refuses)
        self.assertGreater(chart.evaluate("img => img.naturalWidth"), 300)
        # No request may still be running on the server thread when the test database is flushed.
        page.wait_for_load_state("networkidle")
        page.close()
