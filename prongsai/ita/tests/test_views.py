from __future__ import annotations

import json
from decimal import Decimal

from django.urls import reverse

from prongsai.core.testing import PersonaTestCase
from prongsai.ita.models import AnalysisEdit, FrameworkYear, ItaResult, MeasureTemplate, PlanRow
from prongsai.ita.tests.test_analysis import SEED, framework_data


class ItaViewTests(PersonaTestCase):
    template: MeasureTemplate

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        FrameworkYear.objects.create(fiscal_year=2568, data=framework_data(2568), file_name="t", file_sha256="-")
        FrameworkYear.objects.create(
            fiscal_year=2569, data=framework_data(2569, o25=True), file_name="t", file_sha256="-"
        )
        ItaResult.objects.create(
            organisation=cls.org,
            fiscal_year=2568,
            reported_overall=Decimal("90.10"),
            **{f"i{n}": Decimal(str(v)) for n, v in SEED.items()},
        )
        cls.template = MeasureTemplate.objects.create(
            key="i9-test",
            indicator=9,
            kind="project",
            title="โครงการปรับปรุงเว็บไซต์",
            activity="ทำความสะอาดลิงก์",
            analysis="คะแนนภาพรวม {overall} คะแนน ตัวชี้วัดนี้ได้ {score} คะแนน",
            steps=["ตรวจลิงก์ทุกไตรมาส", "รายงานผู้บริหารทุกเดือน"],
            units=["กองคลัง"],
            o25_candidate=True,
        )

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"ita:{name}", kwargs={"org_slug": "alpha", **kwargs})

    def test_it_shows_the_year_with_scores_warnings_and_uncertainty(self) -> None:
        self.client.force_login(self.supervisor)  # read-only, and still sees it
        response = self.client.get(self.url("year", year=2568))
        self.assertContains(response, "ผลการประเมิน ITA ปีงบประมาณ 2568")
        self.assertContains(response, "59.25")
        self.assertContains(response, "ต่ำกว่าเกณฑ์ผ่าน")
        self.assertContains(response, "(83.69)")  # the warning about the reported overall
        self.assertNotContains(response, "ยังไม่ได้ยืนยันจากคู่มือ")  # the framework's open points: admins only
        self.assertNotContains(response, self.url("edit", year=2568))
        self.client.force_login(self.admin)
        response = self.client.get(self.url("year", year=2568))
        self.assertContains(response, "ยังไม่ได้ยืนยันจากคู่มือ")  # the label rules of 2568 are unverified

    def test_it_saves_scores_and_refuses_101_with_nothing_saved(self) -> None:
        self.client.force_login(self.coordinator)
        data = {f"i{n}": "80" for n in range(1, 11)} | {"i3": "101"}
        response = self.client.post(self.url("edit", year=2568), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "100")  # Django's Thai message names the maximum
        self.assertEqual(ItaResult.objects.get(organisation=self.org, fiscal_year=2568).i3, Decimal("90.10"))
        data["i3"] = "88.5"
        self.assertRedirects(self.client.post(self.url("edit", year=2568), data), self.url("year", year=2568))
        result = ItaResult.objects.get(organisation=self.org, fiscal_year=2568)
        self.assertEqual((result.i3, result.reported_overall), (Decimal("88.50"), None))

    def test_it_lets_only_the_executive_and_coordinator_change_results(self) -> None:
        data = {f"i{n}": "80" for n in range(1, 11)}
        for user in (self.staff, self.unit_head, self.ethics, self.supervisor):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.post(self.url("edit", year=2568), data).status_code, 403)
                self.assertEqual(
                    self.client.post(self.url("analysis", year=2568), {"indicator": 1, "text": "x"}).status_code, 403
                )
        self.assertEqual(ItaResult.objects.get(organisation=self.org, fiscal_year=2568).i1, Decimal("90.10"))

    def test_it_keeps_an_edited_analysis_until_reset(self) -> None:
        self.client.force_login(self.executive)
        page = self.client.get(self.url("analysis", year=2568))
        self.assertContains(page, "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล (OIT) พบว่า มีผลคะแนนเพียง 59.25 คะแนน")
        self.client.post(self.url("analysis", year=2568), {"indicator": 9, "text": "ข้อความของหน่วยงานเอง"})
        # regeneration (new scores) does not overwrite the edit
        ItaResult.objects.filter(organisation=self.org, fiscal_year=2568).update(i9=Decimal("61.00"))
        report = json.loads(self.client.get(self.url("download", year=2568, fmt="json")).content)
        nine = report["indicators"][8]
        self.assertEqual((nine["analysis_text"], nine["analysis_edited"]), ("ข้อความของหน่วยงานเอง", True))
        self.client.post(self.url("analysis", year=2568), {"indicator": 9, "reset": "1"})
        self.assertFalse(AnalysisEdit.objects.exists())
        report = json.loads(self.client.get(self.url("download", year=2568, fmt="json")).content)
        self.assertIn("๖๑.๐๐", report["indicators"][8]["analysis_text"])

    def test_it_builds_the_plan_from_templates_with_the_numbers_filled_in(self) -> None:
        self.client.force_login(self.coordinator)
        page = self.client.get(self.url("plan", year=2568))
        self.assertContains(page, "โครงการปรับปรุงเว็บไซต์")  # proposed for weak indicator 9
        self.assertContains(page, "O25")
        self.assertContains(page, "กรุณากำหนดรายการหนึ่งของตัวชี้วัดนี้ในแผนเป็นมาตรการเชิงป้องกัน")
        self.client.post(self.url("plan", year=2568), {"add_templates": "1", "templates": [self.template.pk]})
        row = PlanRow.objects.get(organisation=self.org)
        self.assertEqual(row.analysis, "คะแนนภาพรวม 90.10 คะแนน ตัวชี้วัดนี้ได้ 59.25 คะแนน")
        self.assertEqual((row.start.isoformat(), row.end.isoformat()), ("2025-10-01", "2026-09-30"))
        self.assertEqual([u.name for u in row.units.all()], ["กองคลัง"])
        report = json.loads(self.client.get(self.url("download", year=2568, fmt="json")).content)
        self.assertEqual(report["plan"][0]["time_frame"], "๑ ต.ค. ๖๘ – ๓๐ ก.ย. ๖๙")
        self.assertEqual(report["plan"][0]["steps"], ["ตรวจลิงก์ทุกไตรมาส", "รายงานผู้บริหารทุกเดือน"])
        self.assertIn("o25_missing_preventive_measure", [w["code"] for w in report["warnings"]])
        # mark it as the preventive measure: the warning goes
        data = {
            "indicator": 9,
            "kind": "project",
            "title": row.title,
            "activity": row.activity,
            "analysis": row.analysis,
            "steps": "ตรวจลิงก์ทุกไตรมาส\nรายงานผู้บริหารทุกเดือน\nจัด Big Cleaning Day",
            "start": "2025-10-01",
            "end": "2026-09-30",
            "units": [self.finance.pk],
            "o25_preventive": "on",
        }
        self.assertRedirects(
            self.client.post(self.url("plan_row", year=2568, row_id=row.pk), data), self.url("plan", year=2568)
        )
        report = json.loads(self.client.get(self.url("download", year=2568, fmt="json")).content)
        self.assertEqual(report["plan"][0]["steps"][-1], "จัด Big Cleaning Day")
        self.assertNotIn("o25_missing_preventive_measure", [w["code"] for w in report["warnings"]])
        self.assertEqual(report["o25"]["indicator"], 9)

    def test_it_refuses_a_plan_row_ending_before_it_starts_or_with_another_orgs_unit(self) -> None:
        self.client.force_login(self.executive)
        data = {
            "indicator": 4,
            "kind": "measure",
            "title": "x",
            "start": "2026-09-30",
            "end": "2025-10-01",
            "steps": "",
        }
        self.assertContains(self.client.post(self.url("plan_add", year=2568), data), "วันสิ้นสุดอยู่ก่อนวันเริ่มต้น")
        data |= {"start": "2025-10-01", "end": "2026-09-30", "units": [self.other_unit.pk]}
        self.assertEqual(self.client.post(self.url("plan_add", year=2568), data).status_code, 200)
        self.assertFalse(PlanRow.objects.exists())

    def test_it_takes_the_highest_risk_indicator_for_o25(self) -> None:
        self.client.force_login(self.executive)
        self.client.post(self.url("plan", year=2568), {"o25": "1", "basis": "highest_risk", "indicator": "4"})
        report = json.loads(self.client.get(self.url("download", year=2568, fmt="json")).content)
        self.assertEqual((report["o25"]["indicator"], report["o25"]["basis"]), (4, "highest_risk"))
        response = self.client.post(self.url("plan", year=2568), {"o25": "1", "basis": "highest_risk", "indicator": ""})
        self.assertContains(response, "กรุณาเลือกตัวชี้วัดที่มีความเสี่ยงสูงสุด")

    def test_it_hides_another_organisations_plan_row(self) -> None:
        row = PlanRow.objects.create(
            organisation=self.other_org,
            fiscal_year=2568,
            indicator=1,
            kind="measure",
            title="x",
            start="2025-10-01",
            end="2026-09-30",
        )
        self.client.force_login(self.executive)
        self.assertEqual(self.client.get(self.url("plan_row", year=2568, row_id=row.pk)).status_code, 404)
        self.assertEqual(self.client.post(self.url("plan_row_delete", year=2568, row_id=row.pk)).status_code, 404)
        self.assertTrue(PlanRow.objects.filter(pk=row.pk).exists())

    def test_it_answers_404_for_a_year_without_results(self) -> None:
        self.client.force_login(self.executive)
        self.assertEqual(self.client.get(self.url("year", year=2569)).status_code, 404)
        self.assertEqual(self.client.get(self.url("download", year=2568, fmt="exe")).status_code, 404)

    def test_it_shows_the_module_on_the_dashboard(self) -> None:
        self.client.force_login(self.staff)
        response = self.client.get(reverse("orgs:dashboard", kwargs={"org_slug": "alpha"}))
        self.assertContains(response, "ผลการประเมิน ITA")
        self.assertContains(response, "90.10")
        self.assertContains(response, self.url("index"))

    def test_it_serves_the_charts_as_png(self) -> None:
        self.client.force_login(self.supervisor)
        for which in ("summary", "1", "10"):
            response = self.client.get(self.url("chart", year=2568, which=which))
            with self.subTest(which=which):
                self.assertEqual(response["Content-Type"], "image/png")
                self.assertTrue(response.content.startswith(b"\x89PNG"))
        self.assertEqual(self.client.get(self.url("chart", year=2568, which="11")).status_code, 404)
        # a picture draws its own chart only, not the report's eleven
        from unittest import mock

        from prongsai.ita import charts

        charts.clear_chart_cache()
        with (
            mock.patch.object(charts, "_draw_indicator_chart", wraps=charts._draw_indicator_chart) as indicator,
            mock.patch.object(charts, "_draw_summary_chart", wraps=charts._draw_summary_chart) as summary,
        ):
            self.assertEqual(self.client.get(self.url("chart", year=2568, which="3")).status_code, 200)
        self.assertEqual((indicator.call_count, summary.call_count), (1, 0))
        page = self.client.get(self.url("year", year=2568))
        self.assertContains(page, self.url("chart", year=2568, which="summary"))
        self.assertContains(page, 'alt="ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล: คะแนนรายปี"')
