"""Mystery-shopper rounds: who may do what, checklists against the standard, findings made into plan activities,
and the history."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse

from prongsai.core.testing import PersonaTestCase
from prongsai.ita.models import PlanRow
from prongsai.plans.models import Activity
from prongsai.services import mystery
from prongsai.services.models import MysteryRound
from prongsai.services.mystery_selectors import findings_of, summary, visits_of
from prongsai.services.testing import mystery_round, service


class MysteryCase(PersonaTestCase):
    def setUp(self) -> None:
        self.item = mystery_round(self)
        self.finding = self.item.findings.get()
        self.row = PlanRow.objects.create(
            organisation=self.org,
            fiscal_year=2568,
            indicator=9,
            kind="measure",
            title="มาตรการยกระดับการให้บริการ",
            start=date(2025, 10, 1),
            end=date(2026, 9, 30),
        )

    def url(self, name: str = "mystery_round", **extra: int) -> str:
        kwargs = {"org_slug": self.org.slug, "mystery_round_id": self.item.pk} | extra
        if name == "mystery_rounds":
            kwargs = {"org_slug": self.org.slug}
        return reverse(f"services:{name}", kwargs=kwargs)

    def test_it_lets_members_and_the_supervisor_read_and_hides_from_others(self) -> None:
        readers = ("executive", "ita_coordinator", "unit_head", "staff", "ethics_committee", "supervisor")
        for name in readers:
            self.client.force_login(self.personas()[name])
            self.assertEqual(self.client.get(self.url()).status_code, 200, name)
            self.assertEqual(self.client.get(self.url("mystery_rounds")).status_code, 200, name)
        for name, user in self.outsiders().items():
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url()).status_code, 404, name)
            finding = self.url("mystery_finding", mystery_finding_id=self.finding.pk)
            self.assertEqual(self.client.get(finding).status_code, 404, name)

    def test_it_lets_only_executives_and_the_coordinator_manage(self) -> None:
        data = {"text": "ไม่มีป้ายบอกทาง", "severity": "low"}
        for name in ("unit_head", "staff", "supervisor"):
            self.client.force_login(self.personas()[name])
            self.assertEqual(self.client.post(self.url("mystery_finding_add"), data).status_code, 403, name)
            rounds = self.client.post(self.url("mystery_rounds"), {"title": "x"})
            self.assertEqual(rounds.status_code, 403, name)
        self.client.force_login(self.other_executive)
        self.assertEqual(self.client.post(self.url("mystery_finding_add"), data).status_code, 404)
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(self.url("mystery_finding_add")).status_code, 405)
        self.assertEqual(self.item.findings.count(), 1)
        self.client.force_login(self.executive)
        self.assertEqual(self.client.post(self.url("mystery_finding_add"), data).status_code, 302)
        self.assertEqual(self.item.findings.count(), 2)

    def test_it_creates_a_round_with_be_dates(self) -> None:
        self.client.force_login(self.executive)
        data = {"title": "รอบที่ 2/2569", "starts_on": "1/7/2569", "ends_on": "31/7/2569", "led_by": self.staff.pk}
        response = self.client.post(self.url("mystery_rounds"), data)
        self.assertEqual(response.status_code, 302)
        made = MysteryRound.objects.get(organisation=self.org, title="รอบที่ 2/2569")
        self.assertEqual((made.starts_on, made.ends_on, made.led_by), (date(2026, 7, 1), date(2026, 7, 31), self.staff))

    def test_it_flags_a_checklist_over_the_standard(self) -> None:
        over = self.item.visits.get()
        self.assertEqual((over.total_min, over.standard_min), (25, 10))  # the catalogue's standard, copied
        self.assertTrue(over.over_standard)
        self.client.force_login(self.coordinator)
        data = {
            "service": service(self).pk,
            "visited_on": "7/1/2569",
            "greeted": "",
            "waiting_min": 2,
            "fee_as_listed": "on",
            "total_min": 8,
        }
        self.assertEqual(self.client.post(self.url("mystery_visit_add"), data).status_code, 302)
        within = self.item.visits.get(total_min=8)
        self.assertFalse(within.over_standard)
        result = summary(visits_of(self.item), findings_of(self.item))
        self.assertEqual((result.visits, result.over_standard, result.greeted), (2, 1, 1))
        self.assertEqual(result.findings["high"], 1)
        page = self.client.get(self.url()).content.decode()
        self.assertEqual(page.count('class="over-standard"'), 1)

    def test_it_refuses_a_visit_outside_the_round_and_an_unsaid_fee(self) -> None:
        fields = {"visited_on": date(2026, 3, 1), "waiting_min": 1, "total_min": 1}
        with self.assertRaises(ValidationError):
            mystery.visit_add(item=self.item, service=service(self), fields=fields, by=self.executive)
        fields = {"visited_on": date(2026, 1, 9), "waiting_min": 1, "total_min": 1, "fee_as_listed": False}
        with self.assertRaises(ValidationError):
            mystery.visit_add(item=self.item, service=service(self), fields=fields, by=self.executive)

    def test_it_makes_a_finding_into_an_activity_of_the_plan(self) -> None:
        self.client.force_login(self.executive)
        url = self.url("mystery_finding", mystery_finding_id=self.finding.pk)
        data = {"row": self.row.pk, "title": "อบรมเจ้าหน้าที่เรื่องเอกสาร", "start": "1/2/2569", "due": "31/3/2569"}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        activity = Activity.objects.get(title="อบรมเจ้าหน้าที่เรื่องเอกสาร")
        self.assertEqual((activity.plan_row, activity.organisation), (self.row, self.org))
        self.finding.refresh_from_db()
        self.assertEqual(self.finding.activity, activity)
        overview = self.client.get(reverse("plans:overview", kwargs={"org_slug": self.org.slug, "year": 2569}))
        self.assertContains(overview, "อบรมเจ้าหน้าที่เรื่องเอกสาร")
        activity_page = self.client.get(
            reverse("plans:activity", kwargs={"org_slug": self.org.slug, "activity_id": activity.pk})
        )
        self.assertContains(activity_page, url)
        self.assertContains(
            self.client.get(url),
            reverse("plans:activity", kwargs={"org_slug": self.org.slug, "activity_id": activity.pk}),
        )
        with self.assertRaises(ValidationError):  # only once
            mystery.finding_make_activity(finding=self.finding, row=self.row, fields=data, by=self.executive)

    def test_it_refuses_another_organisations_measure(self) -> None:
        theirs = PlanRow.objects.create(
            organisation=self.other_org,
            fiscal_year=2568,
            indicator=9,
            kind="measure",
            title="ของอื่น",
            start=date(2025, 10, 1),
            end=date(2026, 9, 30),
        )
        fields = {"title": "x", "start": date(2026, 2, 1), "due": date(2026, 3, 1)}
        with self.assertRaises(ValidationError):
            mystery.finding_make_activity(finding=self.finding, row=theirs, fields=fields, by=self.executive)
        self.assertFalse(Activity.objects.exists())

    def test_it_keeps_the_history_in_thai_sentences(self) -> None:
        fields = {"title": "ติดป้าย", "start": date(2026, 2, 1), "due": date(2026, 3, 1)}
        mystery.finding_make_activity(finding=self.finding, row=self.row, fields=fields, by=self.executive)
        self.client.force_login(self.executive)
        body = self.client.get(self.url()).content.decode()
        self.assertIn("รอบที่ 1/2569", body)
        self.assertIn("นำข้อค้นพบไปเป็นกิจกรรมในแผน", body)  # the event, as a Thai sentence
        self.assertNotIn("activity_made", body)
