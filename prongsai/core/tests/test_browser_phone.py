"""The lists of every module in real Chromium at 360 px: nothing spills sideways, rows read as cards
with the key columns first, the organisation menu reaches every link, and the plan overview is short."""

from __future__ import annotations

import os
from typing import Any

import pytest

from prongsai.complaints import demo as complaints_demo
from prongsai.core.testing import CHROMIUM, CHROMIUM_MISSING, ChromiumTestCase
from prongsai.disclosure import demo as disclosure_demo
from prongsai.disclosure.models import OitAudit
from prongsai.ita import demo as ita_demo
from prongsai.orgs.demo import load_demo
from prongsai.plans import demo as plans_demo

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=CHROMIUM_MISSING)]

PHONE = {"width": 360, "height": 740}
# The demo's plan overview of 2569 was 24,117 px tall at 360 px; collapsed per indicator it is ~2,800.
PLAN_OVERVIEW_MAX_HEIGHT = 5000


class PhoneListsTests(ChromiumTestCase):
    def _top(self, locator: Any) -> float:
        box = locator.bounding_box()
        assert box is not None
        return float(box["y"])

    def test_the_lists_fit_a_phone_and_the_menu_reaches_every_page(self) -> None:
        # the steps of the pages below (the assets' and vehicles' lists have their own phone tests)
        load_demo(steps=[ita_demo.load, plans_demo.load, disclosure_demo.load, complaints_demo.load])
        audit = OitAudit.objects.filter(organisation__slug="pho-nong", status="done").first()
        assert audit is not None
        page = self.browser.new_page(viewport=PHONE, locale="th-TH")
        self.sign_in(page, "pho-nong-executive", "prongsai-demo")
        page.wait_for_url("**/pho-nong/staff/")

        # The organisation menu: one tap opens it, and every link is on screen, not cut at the edge.
        nav = page.locator("nav.orgnav")
        nav.get_by_text("เมนู").click()
        links = nav.get_by_role("link")
        names = [links.nth(i).inner_text() for i in range(links.count())]
        for name in ("ภาพรวม", "การดำเนินงานตามแผน", "การเปิดเผยข้อมูล OIT", "เรื่องร้องเรียน", "สำนัก/กอง"):
            self.assertTrue(any(name in n for n in names), f"{name} not in the menu: {names}")
        for i in range(links.count()):
            box = links.nth(i).bounding_box()
            assert box is not None
            self.assertLessEqual(box["x"] + box["width"], PHONE["width"], names[i])

        pages = {
            "staff/oit/2568/": "table.oit-matrix",
            f"staff/oit/2568/audits/{audit.pk}/": "table.stack",
            "staff/ita/2568/": "table.scores",
            "staff/ita/2568/plan/": "table.plan",
            "staff/plan/2569/": None,
            "staff/plan/calendar/2569/": "table.stack",
            "staff/units/": "table.stack",
            "staff/people/": "table.stack",
            "complaints/board/": "table.stack",
            "oit/2568/": "table.oit-public",
        }
        for path, table in pages.items():
            page.goto(f"{self.live_server_url}/pho-nong/{path}")
            with self.subTest(path=path):
                self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"])
                if table:
                    # A row is a card: the column headers are hidden, and no cell runs past the screen.
                    self.assertFalse(page.locator(f"{table} thead th").first.is_visible())
                    widest = page.evaluate(
                        f"Math.max(...[...document.querySelectorAll('{table} td')].map(c => c.getBoundingClientRect().right))"
                    )
                    self.assertLessEqual(widest, PHONE["width"])

        # Key columns first: on the OIT year page the state and the health come before the responsible unit.
        page.goto(f"{self.live_server_url}/pho-nong/staff/oit/2568/")
        row = page.locator("table.oit-matrix tbody tr").first
        state = row.locator("td.key").first
        responsible = row.locator("td[data-label='ผู้รับผิดชอบ']")
        self.assertLess(self._top(state), self._top(responsible))
        self.assertIn(
            "สถานะ",
            page.evaluate(
                "c => getComputedStyle(c, '::before').content", row.locator("td.key").nth(1).element_handle()
            ),
        )

        # The plan overview is a summary with the indicators folded, not 24,000 px of activities.
        page.goto(f"{self.live_server_url}/pho-nong/staff/plan/2569/")
        height = page.evaluate("document.documentElement.scrollHeight")
        self.assertLess(height, PLAN_OVERVIEW_MAX_HEIGHT)
        page.locator("details.indicator-block summary").first.click()
        self.assertTrue(page.locator("details.indicator-block table.stack").first.is_visible())
        page.close()
