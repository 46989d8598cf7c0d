"""Who may do what in the stock check (the personas), the web forms of a round, and the demo."""

from __future__ import annotations

from datetime import date

from prongsai.assets import demo_stockcheck
from prongsai.assets.models import Asset, CountRound, Scan
from prongsai.assets.stockcheck import services
from prongsai.assets.stockcheck.selectors import reconciliation_of
from prongsai.core.testing import PersonaTestCase
from prongsai.orgs.models import Organisation, Unit


class RoleTests(PersonaTestCase):
    def setUp(self) -> None:
        Asset.objects.create(organisation=self.org, code="A-1", name="โต๊ะ", room="ห้องคลัง", unit=self.finance)
        self.round = services.round_start(organisation=self.org, kind="annual", fiscal_year=2568)
        self.base = f"/alpha/staff/assets/stockcheck/{self.round.pk}/"

    def test_everyone_of_the_organisation_sees_and_only_the_managers_change_a_round(self) -> None:
        managers = {"executive", "ita_coordinator", "platform_admin"}
        outsiders = set(self.outsiders())
        for name, user in self.personas().items():
            with self.subTest(persona=name):
                self.client.force_login(user)
                seen = self.client.get(self.base)
                self.assertEqual(seen.status_code, 404 if name in outsiders else 200)
                added = self.client.post(self.base + "rooms/", {"name": f"ห้องของ {name}"})
                expected = 404 if name in outsiders else 302 if name in managers else 403
                self.assertEqual(added.status_code, expected)
                opened = self.client.post("/alpha/staff/assets/stockcheck/", {"kind": "annual", "fiscal_year": 2569})
                # a unit head may open rounds (the quarterly ones of their unit): the annual one is refused on the form
                self.assertEqual(opened.status_code, 200 if name == "unit_head" else expected)
        self.assertEqual(
            sorted(self.round.rooms.values_list("name", flat=True)),
            sorted(["ห้องคลัง", *(f"ห้องของ {m}" for m in managers)]),
        )
        self.assertEqual(CountRound.objects.filter(fiscal_year=2569).count(), len(managers))
        self.client.logout()
        self.assertEqual(self.client.get(self.base).status_code, 302)  # to sign in

    def test_a_unit_head_opens_and_runs_the_quarterly_round_of_their_unit_only(self) -> None:
        rounds = "/alpha/staff/assets/stockcheck/"
        self.client.force_login(self.unit_head)  # head of กองคลัง (self.finance)
        form = self.client.get(rounds)
        self.assertContains(form, "เปิดรอบ")
        other = self.client.post(rounds, {"kind": "quarterly", "fiscal_year": 2569, "quarter": 1, "unit": self.unit.pk})
        self.assertEqual(other.status_code, 200)
        self.assertFalse(CountRound.objects.filter(unit=self.unit).exists())
        mine = self.client.post(
            rounds, {"kind": "quarterly", "fiscal_year": 2569, "quarter": 1, "unit": self.finance.pk}
        )
        self.assertEqual(mine.status_code, 302)
        quarterly = CountRound.objects.get(unit=self.finance, kind="quarterly")
        base = f"{rounds}{quarterly.pk}/"
        self.assertEqual(self.client.post(base + "rooms/", {"name": "ห้องเก็บพัสดุ"}).status_code, 302)
        self.assertIn("ห้องเก็บพัสดุ", quarterly.rooms.values_list("name", flat=True))
        self.assertContains(self.client.get(base), "ห้องเก็บพัสดุ")
        # not the annual round, and not the quarterly round of another unit
        self.assertEqual(self.client.post(self.base + "rooms/", {"name": "x"}).status_code, 403)
        theirs = services.round_start(
            organisation=self.org, kind="quarterly", fiscal_year=2569, quarter=1, unit=self.unit
        )
        self.assertEqual(self.client.post(f"{rounds}{theirs.pk}/rooms/", {"name": "x"}).status_code, 403)
        # staff of the unit still open nothing
        self.client.force_login(self.staff)
        refused = self.client.post(
            rounds, {"kind": "quarterly", "fiscal_year": 2569, "quarter": 2, "unit": self.finance.pk}
        )
        self.assertEqual(refused.status_code, 403)

    def test_the_dates_and_the_order_are_edited_with_buddhist_era_dates(self) -> None:
        self.client.force_login(self.coordinator)
        self.client.post(
            self.base + "edit/",
            {
                "as_of": "30/09/2568",
                "starts_on": "1/10/2568",
                "due_on": "14 พ.ย. 2568",
                "order_number": "77",
                "order_date": "๒๙/๐๙/๒๕๖๘",
            },
        )
        self.round.refresh_from_db()
        self.assertEqual(
            (self.round.due_on, self.round.order_number, self.round.order_date),
            (date(2025, 11, 14), "77", date(2025, 9, 29)),
        )
        page = self.client.get(self.base)
        self.assertContains(page, "14 พ.ย. 2568")
        self.assertContains(page, 'value="14/11/2568"')

    def test_the_supplies_officers_page(self) -> None:
        self.client.force_login(self.executive)
        self.client.post("/alpha/staff/assets/stockcheck/officers/", {"user": self.unit_head.pk, "since": "1/10/2567"})
        self.client.force_login(self.staff)
        self.assertEqual(
            self.client.post("/alpha/staff/assets/stockcheck/officers/", {"user": self.staff.pk}).status_code, 403
        )
        page = self.client.get("/alpha/staff/assets/stockcheck/officers/")
        self.assertContains(page, "a-unithead")
        self.assertNotContains(page, "ลบ</button>")


class DemoTests(PersonaTestCase):
    def test_the_demo_count_is_in_progress_with_each_kind_of_scan_and_loads_twice(self) -> None:
        pho_nong = Organisation.objects.create(slug="pho-nong", name="องค์การบริหารส่วนตำบลโพหนอง")
        for position, name in enumerate(("สำนักปลัด", "กองคลัง", "กองช่าง"), 1):
            Unit.objects.create(organisation=pho_nong, name=name, position=position)
        # The register demo may have made an asset with one of the codes already: it is kept as it is.
        Asset.objects.create(
            organisation=pho_nong,
            code="416-59-0005",
            name="ของผู้ช่วยทะเบียน",
            room="ห้องเดิม",
            unit=pho_nong.units.get(name="กองคลัง"),
        )
        for _ in range(2):
            demo_stockcheck.load(pho_nong, self.org)
        self.assertEqual(Asset.objects.filter(organisation=pho_nong).count(), 12)
        self.assertEqual(Asset.objects.get(organisation=pho_nong, code="416-59-0005").name, "ของผู้ช่วยทะเบียน")
        round_ = CountRound.objects.get(organisation=pho_nong)
        self.assertEqual(
            (round_.kind, round_.unit and round_.unit.name, round_.state), ("quarterly", "กองคลัง", "counting")
        )
        self.assertEqual(Scan.objects.filter(round=round_).count(), 5)
        counts = reconciliation_of(round_).counts
        for state in ("found", "elsewhere", "damaged", "unknown_code"):
            self.assertGreaterEqual(counts[state], 1, state)
        self.assertEqual(counts["elsewhere"], 1)
        self.assertEqual(counts["unknown_code"], 1)
