"""The default year of every page is the current fiscal year; where it has no data, a note links to the
latest year that has (plans staff and public, OIT staff and public)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from django.urls import reverse

from prongsai.core.testing import PersonaTestCase
from prongsai.disclosure.models import OitItem
from prongsai.ita.models import FrameworkYear, PlanRow
from prongsai.ita.tests.test_analysis import framework_data

IN_FY_2570 = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)


@time_machine.travel(IN_FY_2570, tick=False)
class DefaultYearTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        PlanRow.objects.create(
            organisation=cls.org,
            fiscal_year=2568,  # the results of 2568 make the plan of 2569
            indicator=9,
            kind="project",
            title="โครงการปรับปรุงเว็บไซต์",
            start=date(2025, 10, 1),
            end=date(2026, 9, 30),
        )

    def test_the_plan_opens_on_the_current_year_and_points_to_the_latest_plan(self) -> None:
        self.client.force_login(self.executive)
        response = self.client.get(reverse("plans:index", kwargs={"org_slug": "alpha"}), follow=True)
        self.assertEqual(
            response.redirect_chain[-1][0], reverse("plans:overview", kwargs={"org_slug": "alpha", "year": 2570})
        )
        self.assertContains(response, "ปีงบประมาณ 2570 ยังไม่มีข้อมูลในหน้านี้")
        self.assertContains(response, reverse("plans:overview", kwargs={"org_slug": "alpha", "year": 2569}))
        # The year that has data says nothing of the kind.
        response = self.client.get(reverse("plans:overview", kwargs={"org_slug": "alpha", "year": 2569}))
        self.assertNotContains(response, "ยังไม่มีข้อมูลในหน้านี้")

    def test_the_public_plan_does_the_same(self) -> None:
        response = self.client.get(reverse("plans:public_index", kwargs={"org_slug": "alpha"}))
        self.assertContains(response, "2570")
        self.assertContains(response, reverse("plans:public", kwargs={"org_slug": "alpha", "year": 2569}))

    def test_the_oit_pages_open_on_the_current_year(self) -> None:
        FrameworkYear.objects.create(fiscal_year=2568, data=framework_data(2568), file_name="t", file_sha256="-")
        OitItem.objects.create(organisation=self.org, fiscal_year=2568, code="O1")
        response = self.client.get(reverse("disclosure:public_index", kwargs={"org_slug": "alpha"}))
        self.assertContains(response, "ปีงบประมาณ 2570 ยังไม่มีข้อมูลในหน้านี้")
        self.assertContains(response, reverse("disclosure:public", kwargs={"org_slug": "alpha", "year": 2568}))
        self.client.force_login(self.executive)
        response = self.client.get(reverse("disclosure:index", kwargs={"org_slug": "alpha"}))
        self.assertContains(response, "2570")
        self.assertContains(response, reverse("disclosure:year", kwargs={"org_slug": "alpha", "year": 2568}))
