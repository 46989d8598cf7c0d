"""Real Chromium: a ticket from the kiosk on a phone (360 px), the counter calls next, and the TV (1280 px) shows the
number within 2 s without a reload; a phone answers the ticket's feedback with taps on the big buttons, and the
executives' board (1280 px) shows the answer without a reload. Screenshots go to /tmp/queue-*.png, /tmp/feedback-*.png."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from prongsai.core.testing import CHROMIUM, CHROMIUM_MISSING, ChromiumTestCase, make_user
from prongsai.orgs.models import Membership, Organisation, Role, Unit
from prongsai.services import feedback, queue, services
from prongsai.services.testing import content

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=CHROMIUM_MISSING)]

PHONE = {"width": 360, "height": 740}
TV = {"width": 1280, "height": 720}
SCREEN = TV
SHOTS = Path(tempfile.gettempdir())  # /tmp/queue-*.png, to look at


class QueueBrowserTests(ChromiumTestCase):
    def test_kiosk_counter_and_display_end_to_end(self) -> None:
        org = Organisation.objects.create(slug="alpha", name="อบต.อัลฟา", province="นครพนม")
        finance = Unit.objects.create(organisation=org, name="กองคลัง", position=1)
        clerk = make_user("a-clerk")
        Membership.objects.create(user=clerk, organisation=org, role=Role.STAFF, unit=finance)
        case = type("Case", (), {"finance": finance})()
        birth = services.service_create(organisation=org, content=content(case), by=None)
        point = queue.point_create(organisation=org, name="ห้องบริการกองคลัง", unit=finance)
        queue.point_offer(point=point, service=birth, prefix="A")
        queue.counter_save(point=point, number=3, services=[birth])
        kwargs = {"org_slug": "alpha", "point_id": point.pk}

        tv = self.browser.new_page(viewport=TV, locale="th-TH")
        tv.goto(self.live_server_url + reverse("services:queue_display", kwargs=kwargs))
        self.assertEqual(tv.locator("tr[data-counter='3'] td.ticket").inner_text(), "—")

        kiosk = self.browser.new_page(viewport=PHONE, locale="th-TH")
        kiosk.goto(self.live_server_url + reverse("services:queue_kiosk", kwargs=kwargs))
        kiosk.screenshot(path=str(SHOTS / "queue-kiosk.png"), full_page=True)
        self.assertLessEqual(kiosk.evaluate("document.documentElement.scrollWidth"), PHONE["width"])
        kiosk.get_by_role("button", name="การรับแจ้งการเกิด").click()
        kiosk.wait_for_selector(".ticket .number")
        self.assertEqual(kiosk.locator(".ticket .number").inner_text(), "A001")
        self.assertIn("มีผู้รอก่อนหน้าท่าน 0 คน", kiosk.locator(".ticket").inner_text())
        self.assertLessEqual(kiosk.evaluate("document.documentElement.scrollWidth"), PHONE["width"])
        kiosk.screenshot(path=str(SHOTS / "queue-ticket.png"), full_page=True)
        kiosk.emulate_media(media="print")
        kiosk.screenshot(path=str(SHOTS / "queue-ticket-print.png"), full_page=True)

        desk = self.browser.new_page(viewport=TV, locale="th-TH")
        self.sign_in(desk, "a-clerk", "password")
        desk.wait_for_url("**/alpha/staff/")
        desk.goto(self.live_server_url + reverse("services:queue_counter", kwargs=kwargs | {"counter_number": 3}))
        desk.get_by_role("button", name="เรียกคิวถัดไป").click()
        called_at = time.monotonic()
        desk.wait_for_selector(".ticket-code")
        desk.screenshot(path=str(SHOTS / "queue-counter.png"), full_page=True)

        # (wait_for_function would evaluate a string, which the CSP refuses: 'unsafe-eval')
        cell = tv.locator("tr[data-counter='3'] td.ticket")
        while cell.inner_text() != "A001" and time.monotonic() - called_at < 2.5:  # bounded: 2.5 s
            tv.wait_for_timeout(100)
        self.assertEqual(cell.inner_text(), "A001")
        self.assertLess(time.monotonic() - called_at, 2.0)
        tv.screenshot(path=str(SHOTS / "queue-display.png"), full_page=True)
        self.assertNotIn("a-clerk", tv.content())

    @override_settings(SERVICES_FEEDBACK_BOARD_POLL_SECONDS=0.5)  # the 4 s of production: test_feedback_pages.py
    def test_a_phone_answers_the_tickets_feedback_and_the_board_shows_it(self) -> None:
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
        self.assertLess(time.monotonic() - sent_at, 2.0)  # within a poll and a half
        self.assertIn("การรับแจ้งการเกิด", board.locator("#feedback-latest").inner_text())
        self.assertEqual(board.locator("[data-field='low_today']").inner_text(), "1")
        board.screenshot(path=str(SHOTS / "feedback-board.png"), full_page=True)
