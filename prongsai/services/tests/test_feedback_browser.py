"""Real Chromium: a phone (360 px) answers from the ticket's QR link with taps on the big buttons, and the
executives' board (1280 px) shows the answer within 5 s without a reload. Screenshots go to /tmp/feedback-*.png."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from prongsai.core.testing import CHROMIUM, CHROMIUM_MISSING, ChromiumTestCase, make_user
from prongsai.orgs.models import Membership, Organisation, Role, Unit
from prongsai.services import feedback, queue, services
from prongsai.services.testing import content

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=CHROMIUM_MISSING)]

PHONE = {"width": 360, "height": 740}
SCREEN = {"width": 1280, "height": 720}
SHOTS = Path(tempfile.gettempdir())


class FeedbackBrowserTests(ChromiumTestCase):
    def test_a_phone_answers_and_the_board_shows_it(self) -> None:
        org = Organisation.objects.create(slug="alpha", name="อบต.อัลฟา", province="นครพนม")
        finance = Unit.objects.create(organisation=org, name="กองคลัง", position=1)
        boss = make_user("a-executive")
        Membership.objects.create(user=boss, organisation=org, role=Role.EXECUTIVE)
        case = type("Case", (), {"finance": finance})()
        birth = services.service_create(organisation=org, content=content(case), by=None)
        point = queue.point_create(organisation=org, name="ห้องบริการกองคลัง", unit=finance)
        queue.point_offer(point=point, service=birth, prefix="A")
        ticket = queue.ticket_take(point=point, service=birth)

        board = self.browser.new_page(viewport=SCREEN, locale="th-TH")
        self.sign_in(board, "a-executive", "password")
        board.wait_for_url("**/alpha/staff/")
        board.goto(self.live_server_url + reverse("services:feedback_board", kwargs={"org_slug": "alpha"}))
        self.assertEqual(board.locator("[data-field='today.answers']").first.inner_text(), "0")

        phone = self.browser.new_page(viewport=PHONE, locale="th-TH")
        token = feedback.token_for(ticket)
        phone.goto(
            self.live_server_url
            + reverse("services:feedback_answer", kwargs={"org_slug": "alpha", "feedback_token": token})
        )
        self.assertLessEqual(phone.evaluate("document.documentElement.scrollWidth"), PHONE["width"])
        for name, score in (("procedure", 5), ("staff", 2), ("place", 4), ("result", 5)):
            label = phone.locator(f"label[for='q-{name}-{score}']")
            self.assertGreaterEqual(label.bounding_box()["height"], 44)  # a thumb's target
            label.click()
        phone.screenshot(path=str(SHOTS / "feedback-phone.png"), full_page=True)
        phone.get_by_role("button", name="ส่ง").click()
        sent_at = time.monotonic()
        phone.wait_for_selector(".feedback-done")
        self.assertIn("ขอบคุณ", phone.locator(".feedback-done").inner_text())

        expect(board.locator("[data-field='today.answers']").first).to_have_text("1", timeout=5000)
        self.assertLess(time.monotonic() - sent_at, 5.0)
        self.assertIn("การรับแจ้งการเกิด", board.locator("#feedback-latest").inner_text())
        self.assertEqual(board.locator("[data-field='low_today']").inner_text(), "1")
        board.screenshot(path=str(SHOTS / "feedback-board.png"), full_page=True)
