"""Counting a room in real Chromium on a phone: typed codes queue without a connection, then sync once."""

from __future__ import annotations

import base64
import io
import os

import pytest
import segno
from playwright.sync_api import expect

from prongsai.assets.models import Asset, CommitteeMember, Scan
from prongsai.assets.stockcheck import services
from prongsai.core.testing import CHROMIUM, CHROMIUM_MISSING, ChromiumTestCase, make_user
from prongsai.orgs.models import Membership, Organisation, Role, Unit

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=CHROMIUM_MISSING)]

PHONE = {"width": 360, "height": 740}


class OfflineCountingTests(ChromiumTestCase):
    def test_it_counts_typed_codes_offline_and_sends_them_once_back_online(self) -> None:
        org = Organisation.objects.create(slug="alpha", name="อบต.อัลฟา", province="นครพนม")
        unit = Unit.objects.create(organisation=org, name="กองคลัง")
        for n in (1, 2):
            Asset.objects.create(organisation=org, code=f"416-59-000{n}", name="โต๊ะ", room="ห้องคลัง", unit=unit)
        counter = make_user("counter")
        Membership.objects.create(user=counter, organisation=org, role=Role.STAFF, unit=unit)
        round_ = services.round_start(organisation=org, kind="annual", fiscal_year=2568)
        CommitteeMember.objects.create(round=round_, user=counter)
        room = round_.rooms.get()

        context = self.browser.new_context(viewport=PHONE, locale="th-TH")
        page = context.new_page()
        errors: list[str] = []
        offline = ("ERR_INTERNET_DISCONNECTED", "Failed to fetch")  # the sends that failed while offline

        def console(message: object) -> None:
            text = message.text  # type: ignore[attr-defined]
            if message.type == "error" and not any(o in text for o in offline):  # type: ignore[attr-defined]
                errors.append(text)

        page.on("console", console)
        self.sign_in(page, "counter", "password")
        page.wait_for_url("**/alpha/staff/")
        page.goto(f"{self.live_server_url}/alpha/staff/assets/stockcheck/{round_.pk}/rooms/{room.pk}/")
        page.wait_for_selector("#counter")

        context.set_offline(True)
        code = page.get_by_label("เลขครุภัณฑ์")
        code.fill("416-59-0001")
        page.get_by_role("button", name="นับ", exact=True).click()
        code.fill(f"{self.live_server_url}/alpha/a/416-59-0002/")  # what the QR of the label holds
        page.get_by_label("สภาพ").select_option("damaged")
        page.get_by_role("button", name="นับ", exact=True).click()
        code.fill("416-59-0001")  # the same asset again
        page.get_by_role("button", name="นับ", exact=True).click()
        code.fill("999-99-9999")
        page.get_by_role("button", name="นับ", exact=True).click()
        expect(page.locator("#queue-count")).to_have_text("4")  # locator waits: no eval under the page's CSP
        self.assertIn("ไม่มีสัญญาณ", page.locator("#sync-state").inner_text())
        self.assertEqual(Scan.objects.count(), 0)

        # A reload while offline is not needed: the queue survives in the phone's storage.
        context.set_offline(False)
        page.get_by_role("button", name="ส่งเดี๋ยวนี้").click()
        expect(page.locator("#queue-count")).to_have_text("0", timeout=10000)
        scans = dict(Scan.objects.filter(round=round_).values_list("code", "condition"))
        self.assertEqual(scans, {"416-59-0001": "usable", "416-59-0002": "damaged", "999-99-9999": "usable"})
        self.assertEqual(Scan.objects.get(code="416-59-0001").counted_by, counter)
        self.assertIn("นับไว้แล้ว", page.locator("#scan-log").inner_text())
        self.assertEqual(page.evaluate("document.documentElement.scrollWidth"), PHONE["width"])
        page.reload()
        self.assertEqual(page.locator("#queue-count").inner_text(), "0")
        self.assertEqual(Scan.objects.count(), 3)
        self.assertEqual(errors, [])

        # The vendored decoder (used where the browser has no BarcodeDetector) reads a label's QR.
        qr = segno.make(f"{self.live_server_url}/alpha/a/416-59-0001/", error="m")
        buffer = io.BytesIO()
        qr.save(buffer, kind="png", scale=6, border=4)
        decoded = page.evaluate(
            """src => new Promise(done => { const img = new Image(); img.onload = () => {
                const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
                const x = c.getContext('2d'); x.drawImage(img, 0, 0);
                const d = x.getImageData(0, 0, c.width, c.height);
                const r = window.jsQR(d.data, d.width, d.height); done(r ? r.data : null); }; img.src = src; })""",
            "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode(),
        )
        self.assertEqual(decoded, f"{self.live_server_url}/alpha/a/416-59-0001/")
        context.close()
