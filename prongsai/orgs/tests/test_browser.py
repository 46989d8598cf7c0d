"""End to end in real headless Chromium at a 360 px phone width: sign in, see the dashboard."""

from __future__ import annotations

import os

import pytest

from prongsai.accounts.models import User
from prongsai.core.testing import CHROMIUM, CHROMIUM_MISSING, ChromiumTestCase
from prongsai.orgs.models import Membership, Organisation, Role, Unit

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=CHROMIUM_MISSING)]


class PhoneBrowserTests(ChromiumTestCase):
    def setUp(self) -> None:
        org = Organisation.objects.create(
            slug="pho-nong", name="องค์การบริหารส่วนตำบลโพหนอง", province="นครพนม", district="รณนคร"
        )
        unit = Unit.objects.create(organisation=org, name="กองคลัง", position=1)
        user = User(username="clerk", first_name="สมหญิง")
        user.set_password("clerk-password-2569")
        user.save()
        Membership.objects.create(user=user, organisation=org, role=Role.ITA_COORDINATOR, unit=unit)

    def test_it_signs_in_and_shows_the_dashboard_on_a_phone(self) -> None:
        page = self.browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2, locale="th-TH")
        page.goto(self.live_server_url + "/")
        page.get_by_role("link", name="เข้าสู่ระบบสำหรับเจ้าหน้าที่").click()
        page.wait_for_url("**/accounts/login/**")
        self.sign_in(page, "clerk", "clerk-password-2569")
        page.wait_for_url("**/pho-nong/staff/")

        assert page.get_by_role("heading", level=1).inner_text() == "องค์การบริหารส่วนตำบลโพหนอง"
        assert "อำเภอรณนคร จังหวัดนครพนม" in page.locator("p.lead").inner_text()
        assert page.get_by_role("cell", name="กองคลัง").first.is_visible()
        assert page.get_by_role("cell", name="สมหญิง").is_visible()
        # Nothing spills sideways on a 360 px screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # The Sarabun font from the package is what the page is drawn with.
        page.evaluate("document.fonts.ready")
        assert page.evaluate("document.fonts.check('16px Sarabun')")
        # The skip link is the first thing the keyboard reaches.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        os.makedirs("var", exist_ok=True)
        page.screenshot(path="var/e2e-dashboard-360.png", full_page=True)
