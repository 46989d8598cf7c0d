"""The QR page, the public asset counts (no names), their hook for the other parts, the dashboard, the demo."""

from __future__ import annotations

from datetime import date

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from prongsai.assets import demo_register, public
from prongsai.assets.models import Asset, Custodian, Disposal
from prongsai.assets.register import services
from prongsai.assets.testing import make_asset
from prongsai.core.testing import PersonaTestCase
from prongsai.orgs.models import Organisation


class ScanPageTests(PersonaTestCase):
    asset: Asset

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.asset = make_asset(cls, "416-59-0001", serial="SECRET-SERIAL", custodian=cls.staff)

    def url(self) -> str:
        return reverse("assets:scan", kwargs={"org_slug": self.org.slug, "code": self.asset.code})

    def test_it_shows_anonymous_visitors_the_name_code_unit_and_status_only(self) -> None:
        self.assertEqual(self.url(), "/alpha/a/416-59-0001/")
        with translation.override("th"):
            page = self.client.get(self.url()).content.decode()
        for shown in ("เครื่องคอมพิวเตอร์โน้ตบุ๊ก", "416-59-0001", "กองคลัง", "ใช้งาน"):
            self.assertIn(shown, page)
        for hidden in ("SECRET-SERIAL", "24,000", "a-staff", "ห้องกองคลัง", "/damage/"):
            self.assertNotIn(hidden, page)
        self.assertEqual(self.client.get("/alpha/a/999-99-9999/").status_code, 404)

    def test_it_shows_members_the_record_and_their_actions(self) -> None:
        self.client.force_login(self.unit_head)
        page = self.client.get(self.url()).content.decode()
        self.assertIn("SECRET-SERIAL", page)
        self.assertIn("/move/", page)
        self.assertIn("/damage/", page)
        self.client.force_login(self.ethics)  # reads the record, manages nothing
        page = self.client.get(self.url()).content.decode()
        self.assertIn("SECRET-SERIAL", page)
        self.assertNotIn("/move/", page)
        self.assertIn("/damage/", page)
        other_unit = make_asset(self, "400-60-0001", unit=self.unit, serial="OTHER-SERIAL")
        self.client.force_login(self.staff)  # not their unit: the four facts and "report damage"
        page = self.client.get(f"/alpha/a/{other_unit.code}/").content.decode()
        self.assertNotIn("OTHER-SERIAL", page)
        self.assertIn("/damage/", page)
        self.client.force_login(self.other_executive)  # another organisation: as anyone
        page = self.client.get(self.url()).content.decode()
        self.assertNotIn("SECRET-SERIAL", page)
        self.assertNotIn("/damage/", page)

    def test_it_links_to_the_loan_page_only_when_the_loans_part_has_it(self) -> None:
        from django.urls import NoReverseMatch

        from prongsai.assets.register.views import loan_url

        try:
            expected = reverse("assets:loan_new", kwargs={"org_slug": "alpha", "code": self.asset.code})
        except NoReverseMatch:
            expected = ""
        self.assertEqual(loan_url(self.org, self.asset.code), expected)
        self.client.force_login(self.staff)
        page = self.client.get(self.url()).content.decode()
        self.assertEqual(bool(expected) and expected in page, bool(expected))

    def test_it_accepts_codes_with_thai_letters_and_dots(self) -> None:
        odd = make_asset(self, "ค.01.2567-3")
        url = reverse("assets:scan", kwargs={"org_slug": self.org.slug, "code": odd.code})
        self.assertEqual(self.client.get(url).status_code, 200)


class PublicAndDashboardTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_asset(cls, "416-59-0001", custodian=cls.staff)
        make_asset(cls, "416-59-0002", status=Asset.Status.DAMAGED)
        make_asset(cls, "400-60-0001", unit=cls.unit)
        make_asset(cls, "400-50-0001", status=Asset.Status.DISPOSED)

    def test_it_counts_assets_by_status_and_unit_without_names(self) -> None:
        with translation.override("th"):
            response = self.client.get(reverse("assets:public", kwargs={"org_slug": self.org.slug}))
        counts = response.context["counts"]
        self.assertEqual(dict(counts["by_status"])["ชำรุด"], 1)
        self.assertEqual(counts["total"], 4)
        by_unit = {u["name"]: u for u in counts["by_unit"]}
        self.assertEqual((by_unit["กองคลัง"]["total"], by_unit["กองคลัง"]["damaged"]), (2, 1))
        self.assertEqual(by_unit["สำนักปลัด"]["total"], 1)
        page = response.content.decode()
        self.assertNotIn("a-staff", page)
        self.assertNotIn("416-59-0001", page)

    def test_it_shows_the_sections_the_other_parts_add(self) -> None:
        section = public.PublicSection(
            "test_rule", "assets/register/_example_section.html", lambda org: {"text": f"กติกาของ {org.slug}"}, order=5
        )
        hidden = public.PublicSection("test_hidden", "assets/register/_example_section.html", lambda org: None)
        before = list(public.PUBLIC_SECTIONS)
        try:
            public.add_public_section(section)
            public.add_public_section(hidden)
            page = self.client.get(reverse("assets:public", kwargs={"org_slug": self.org.slug})).content.decode()
        finally:
            public.PUBLIC_SECTIONS[:] = before
        self.assertIn("กติกาของ alpha", page)
        self.assertEqual(page.count("assets-test_"), 1)

    def test_it_summarises_the_register_on_the_dashboard(self) -> None:
        self.client.force_login(self.executive)
        response = self.client.get(reverse("orgs:dashboard", kwargs={"org_slug": self.org.slug}))
        (mine,) = [s for s in response.context["summaries"] if s["module"].key == "assets"]
        self.assertEqual([u.name for u in mine["register"]["units_without_custodian"]], ["สำนักปลัด", "กองคลัง"])
        self.assertIn("/alpha/staff/assets/custodians/", response.content.decode())
        services.custodian_appoint(
            organisation=self.org, unit=self.finance, user=self.staff, starts_on=date(2020, 1, 1), by=None
        )
        services.custodian_appoint(
            organisation=self.org, unit=self.unit, user=self.coordinator, starts_on=date(2020, 1, 1), by=None
        )
        from prongsai.assets.register.selectors import summary

        data = summary(self.org)
        self.assertEqual(
            (data["total"], data["in_use"], data["damaged"], data["units_without_custodian"]), (3, 2, 1, [])
        )


@override_settings(DEMO_PASSWORD="x")
class DemoTests(PersonaTestCase):
    def test_it_loads_the_demo_register_once(self) -> None:
        from io import StringIO

        call_command("demo", stdout=StringIO())
        pho_nong = Organisation.objects.get(slug="pho-nong")
        counts = (
            Asset.objects.filter(organisation=pho_nong).count(),
            Custodian.objects.filter(organisation=pho_nong).count(),
        )
        demo_register.load(pho_nong, Organisation.objects.get(slug="sample"))  # the register's step again
        self.assertEqual(
            (
                Asset.objects.filter(organisation=pho_nong).count(),
                Custodian.objects.filter(organisation=pho_nong).count(),
            ),
            counts,
        )
        self.assertGreaterEqual(counts[0], 55)
        self.assertEqual(counts[1], 3)
        self.assertEqual(
            dict(pho_nong.units.values_list("name", "code")), {"สำนักปลัด": "01", "กองคลัง": "04", "กองช่าง": "05"}
        )
        disposed = Asset.objects.get(organisation=pho_nong, status=Asset.Status.DISPOSED)
        self.assertTrue(Disposal.objects.filter(asset=disposed).exists())
        self.assertTrue(Asset.objects.filter(organisation=pho_nong, status=Asset.Status.DAMAGED).exists())
        self.assertTrue(all(code.count("-") == 2 for code in Asset.objects.values_list("code", flat=True)))
