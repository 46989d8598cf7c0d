"""A plan row saved without steps (the form says they are optional) is saved, not a 500 (issue 11, §7)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from prongsai.core.testing import PersonaTestCase
from prongsai.ita.models import FrameworkYear, ItaResult, PlanRow
from prongsai.ita.tests.test_analysis import SEED, framework_data


class EmptyStepsTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        FrameworkYear.objects.create(fiscal_year=2568, data=framework_data(2568), file_name="t", file_sha256="-")
        ItaResult.objects.create(
            organisation=cls.org,
            fiscal_year=2568,
            reported_overall=Decimal("90.10"),
            **{f"i{n}": Decimal(str(v)) for n, v in SEED.items()},
        )

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"ita:{name}", kwargs={"org_slug": "alpha", **kwargs})

    def test_a_measure_without_steps_is_saved_and_edited(self) -> None:
        self.client.force_login(self.executive)
        data = {"indicator": 4, "kind": "measure", "title": "ปรับปรุงช่องทางร้องเรียน", "steps": ""}
        data |= {"start": "2025-10-01", "end": "2026-09-30"}
        self.assertRedirects(self.client.post(self.url("plan_add", year=2568), data), self.url("plan", year=2568))
        row = PlanRow.objects.get(organisation=self.org)
        self.assertEqual(row.steps, [])
        data |= {"title": "ปรับปรุงช่องทางร้องเรียนออนไลน์", "steps": "  \n \n"}
        response = self.client.post(self.url("plan_row", year=2568, row_id=row.pk), data)
        self.assertRedirects(response, self.url("plan", year=2568))
        self.assertEqual(self.client.get(self.url("plan_row", year=2568, row_id=row.pk)).status_code, 200)
        self.assertEqual(self.client.get(self.url("plan", year=2568)).status_code, 200)
