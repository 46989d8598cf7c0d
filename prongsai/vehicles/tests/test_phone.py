"""On a phone (real Chromium at 360 px): the executive decides the demo's waiting request, and a driver starts and
closes a trip from the vehicle's QR page; nothing spills sideways."""

from __future__ import annotations

import os

import pytest

from prongsai.core.testing import CHROMIUM, CHROMIUM_MISSING, ChromiumTestCase
from prongsai.orgs.demo import load_demo
from prongsai.vehicles import demo as vehicles_demo
from prongsai.vehicles.models import Trip, UseRequest, Vehicle

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=CHROMIUM_MISSING)]

PHONE = {"width": 360, "height": 740}


class PhoneTests(ChromiumTestCase):
    def fits(self, page: object) -> None:
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"])  # type: ignore[attr-defined]

    def test_it_decides_a_request_and_logs_a_trip_on_a_phone(self) -> None:
        load_demo(steps=[vehicles_demo.load])  # the organisations and the steps this test reads
        request = UseRequest.objects.get(organisation__slug="pho-nong", state=UseRequest.State.DECISION)
        page = self.browser.new_page(viewport=PHONE, locale="th-TH")
        self.sign_in(page, "pho-nong-executive", "prongsai-demo")
        page.wait_for_url("**/pho-nong/staff/")
        page.goto(f"{self.live_server_url}/pho-nong/staff/vehicles/")
        self.fits(page)
        page.get_by_role("link", name=request.destination).first.click()
        self.fits(page)
        page.get_by_label("อนุญาต", exact=True).check()
        page.get_by_role("button", name="บันทึกคำสั่ง").click()
        page.wait_for_load_state()
        request.refresh_from_db()
        self.assertEqual(request.state, UseRequest.State.ALLOWED)
        page.close()

        car = Vehicle.objects.get(organisation__slug="pho-nong", plate="กข 1234 นครพนม")
        Trip.objects.filter(vehicle=car, in_at__isnull=True).delete()
        last = max(v for v in Trip.objects.filter(vehicle=car).values_list("odometer_in", flat=True) if v is not None)
        page = self.browser.new_page(viewport=PHONE, locale="th-TH")
        self.sign_in(page, "pho-nong-staff", "prongsai-demo")
        page.wait_for_url("**/pho-nong/staff/")
        page.goto(f"{self.live_server_url}/pho-nong/v/")
        self.fits(page)
        page.get_by_role("link", name=car.plate).click()
        self.fits(page)
        page.get_by_label("สถานที่ไป").fill("บ้านนาคำ หมู่ 6")
        page.get_by_label("เลขไมล์ขณะนี้ (กม.)").fill(str(last))
        page.get_by_role("button", name="เริ่มการเดินทางตอนนี้").click()
        page.get_by_label("เลขไมล์ขณะนี้ (กม.)").fill(str(last + 37))
        page.get_by_role("button", name="กลับถึงแล้ว ปิดการเดินทาง").click()
        page.wait_for_load_state()
        trip = Trip.objects.filter(vehicle=car).order_by("-pk").first()
        assert trip is not None
        self.assertEqual((trip.destination, trip.distance_km, trip.source), ("บ้านนาคำ หมู่ 6", 37, "qr"))
        page.close()
