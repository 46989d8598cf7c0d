"""Defects a new user met on the ITA pages: an empty year could be saved, the on-screen plan lacked the
analysis column of the report and named a unit twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from prongsai.core.testing import PersonaTestCase
from prongsai.ita.models import FrameworkYear, ItaResult, PlanRow
from prongsai.ita.selectors import units_once
from prongsai.ita.tests.test_analysis import SEED, framework_data


class EmptyYearTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        FrameworkYear.objects.create(fiscal_year=2568, data=framework_data(2568), file_name="t", file_sha256="-")

    def test_it_refuses_to_save_a_year_without_a_single_score(self) -> None:
        self.client.force_login(self.coordinator)
        url = reverse("ita:edit", kwargs={"org_slug": "alpha", "year": 2568})
        response = self.client.post(url, {f"i{n}": "" for n in range(1, 11)} | {"reported_level": " "})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ยังไม่ได้บันทึก")
        self.assertNotContains(response, "บันทึกผลการประเมินแล้ว")
        self.assertFalse(ItaResult.objects.filter(organisation=self.org, fiscal_year=2568).exists())

    def test_it_still_saves_a_year_with_one_score(self) -> None:
        self.client.force_login(self.coordinator)
        url = reverse("ita:edit", kwargs={"org_slug": "alpha", "year": 2568})
        response = self.client.post(url, {f"i{n}": "" for n in range(1, 11)} | {"i1": "90"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(ItaResult.objects.get(organisation=self.org, fiscal_year=2568).i1, Decimal("90"))


class PlanTableTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        FrameworkYear.objects.create(fiscal_year=2568, data=framework_data(2568), file_name="t", file_sha256="-")
        ItaResult.objects.create(
            organisation=cls.org, fiscal_year=2568, **{f"i{n}": Decimal(str(v)) for n, v in SEED.items()}
        )
        row = PlanRow.objects.create(
            organisation=cls.org,
            fiscal_year=2568,
            indicator=9,
            kind="project",
            title="โครงการปรับปรุงเว็บไซต์",
            analysis="ตัวชี้วัดที่ 9 ได้คะแนนต่ำกว่าเกณฑ์",
            steps=["ตรวจลิงก์"],
            start=date(2025, 10, 1),
            end=date(2026, 9, 30),
            units_note="สำนักปลัด อบต. งานประชาสัมพันธ์",
        )
        row.units.set([cls.unit, cls.finance])

    def test_it_shows_the_six_columns_of_the_report_and_each_unit_once(self) -> None:
        self.client.force_login(self.executive)
        response = self.client.get(reverse("ita:plan", kwargs={"org_slug": "alpha", "year": 2568}))
        self.assertContains(response, "ผลการวิเคราะห์ตัวชี้วัดตามหลักเกณฑ์การประเมิน ITA")
        self.assertContains(response, "ตัวชี้วัดที่ 9 ได้คะแนนต่ำกว่าเกณฑ์")
        html = response.content.decode()
        headers = html[html.index('<table class="plan') : html.index("</thead>")].count('<th scope="col"')
        self.assertEqual(headers, 6 + 1)  # the report's six, and the executive's actions
        self.assertContains(response, "กองคลัง, สำนักปลัด อบต. งานประชาสัมพันธ์")
        self.assertNotContains(response, "สำนักปลัด, ")

    def test_it_drops_a_unit_that_the_note_names_again(self) -> None:
        self.assertEqual(units_once(["สำนักปลัด", "กองคลัง", "สำนักปลัด อบต."]), ["กองคลัง", "สำนักปลัด อบต."])
        self.assertEqual(units_once(["กองช่าง", "กองช่าง"]), ["กองช่าง"])
        self.assertEqual(units_once([]), [])


class NotSetUpTests(PersonaTestCase):
    def test_the_results_page_names_the_command_that_loads_the_frameworks(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("ita:index", kwargs={"org_slug": "alpha"}))
        self.assertContains(response, "prongsai ita-framework-load")
