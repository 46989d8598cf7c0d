"""The staff pages by role (personas) and the public catalogue: no sign-in, the current revision and its date,
no staff names."""

from __future__ import annotations

from django.urls import reverse

from prongsai.accounts.models import User
from prongsai.core.testing import PersonaTestCase
from prongsai.orgs.models import Unit
from prongsai.services import services
from prongsai.services.models import Service
from prongsai.services.testing import content, service

FORM = {
    "name": "การขอใช้น้ำประปา",
    "standard_min": "180",
    "fee": "ไม่มี",
    "steps": "ยื่นคำร้อง (10 นาที, เจ้าพนักงานประปา)\nติดตั้งมาตร (170 นาที)",
    "documents": "บัตรประชาชน (1 ฉบับ)\nสำเนาทะเบียนบ้าน (1 ฉบับ, หน่วยงานขอเอง)",
}


class RoleTests(PersonaTestCase):
    def _new(self, user: User, unit: Unit, name: str) -> int:
        self.client.force_login(user)
        url = reverse("services:service_new", kwargs={"org_slug": "alpha"})
        return self.client.post(url, FORM | {"unit": unit.pk, "name": name}).status_code

    def test_admins_add_for_any_unit_a_unit_head_for_their_own_only(self) -> None:
        self.assertEqual(self._new(self.coordinator, self.unit, "ก"), 302)
        self.assertEqual(self._new(self.unit_head, self.unit, "ข"), 200)  # not a choice of the form
        self.assertEqual(self._new(self.unit_head, self.finance, "ค"), 302)
        self.assertEqual(self._new(self.staff, self.finance, "ง"), 403)
        self.assertEqual(set(Service.objects.values_list("name", flat=True)), {"ก", "ค"})
        made = Service.objects.get(organisation=self.org, unit=self.finance)
        self.assertEqual(made.latest.fee, "ไม่มีค่าธรรมเนียม")
        self.assertEqual(made.latest.documents[1]["office_fetches"], True)

    def test_staff_and_the_supervisor_read_but_do_not_manage(self) -> None:
        found = service(self)
        for user in (self.staff, self.supervisor, self.ethics):
            self.client.force_login(user)
            page = reverse("services:service", kwargs={"org_slug": "alpha", "service_id": found.pk})
            self.assertEqual(self.client.get(page).status_code, 200)
            edit = reverse("services:service_edit", kwargs={"org_slug": "alpha", "service_id": found.pk})
            self.assertEqual(self.client.get(edit).status_code, 403)
            withdraw = reverse("services:service_withdraw", kwargs={"org_slug": "alpha", "service_id": found.pk})
            self.assertEqual(self.client.post(withdraw, {"reason": "x"}).status_code, 403)
        found.refresh_from_db()
        self.assertFalse(found.withdrawn)

    def test_a_unit_head_manages_their_units_service_and_not_anothers(self) -> None:
        own = service(self)  # of the finance unit the unit head heads
        other = services.service_create(
            organisation=self.org, content=content(self, "การแจ้งตาย", unit=self.unit), by=None
        )
        self.client.force_login(self.unit_head)
        for found, status in ((own, 302), (other, 403)):
            url = reverse("services:service_edit", kwargs={"org_slug": "alpha", "service_id": found.pk})
            data = FORM | {"name": found.name, "unit": self.finance.pk}
            self.assertEqual(self.client.post(url, data).status_code, status)
        own.refresh_from_db()
        self.assertEqual((own.current.number, own.current.standard_min), (2, 180))
        self.assertEqual(other.revisions.count(), 1)

    def test_another_organisation_sees_nothing(self) -> None:
        found = service(self)
        for user in self.outsiders().values():
            self.client.force_login(user)
            url = reverse("services:service", kwargs={"org_slug": "alpha", "service_id": found.pk})
            self.assertIn(self.client.get(url).status_code, (403, 404))

    def test_withdraw_keeps_the_service_and_takes_it_off_the_public_page(self) -> None:
        found = service(self)
        self.client.force_login(self.executive)
        url = reverse("services:service_withdraw", kwargs={"org_slug": "alpha", "service_id": found.pk})
        self.assertEqual(self.client.post(url, {"reason": "โอนภารกิจ"}).status_code, 302)
        found.refresh_from_db()
        self.assertTrue(found.withdrawn)
        self.client.logout()
        public = reverse("services:public_service", kwargs={"org_slug": "alpha", "service_id": found.pk})
        self.assertEqual(self.client.get(public).status_code, 404)


class PublicTests(PersonaTestCase):
    def test_the_public_pages_need_no_sign_in_and_name_no_staff(self) -> None:
        self.coordinator.first_name, self.coordinator.last_name = "สมชาย", "ใจดี"
        self.coordinator.save()
        found = service(self)
        services.service_revise(service=found, content=content(self, standard_min=12), by=self.coordinator)
        listing = self.client.get(reverse("services:public", kwargs={"org_slug": "alpha"}))
        page = self.client.get(reverse("services:public_service", kwargs={"org_slug": "alpha", "service_id": found.pk}))
        for response in (listing, page):
            self.assertEqual(response.status_code, 200)
            text = response.content.decode()
            self.assertNotIn("สมชาย", text)
            self.assertNotIn("a-coordinator", text)
        text = page.content.decode()
        self.assertIn("การรับแจ้งการเกิด", text)
        self.assertIn("12", text)
        self.assertIn("ไม่มีค่าธรรมเนียม", text)
        self.assertIn("สำเนาทะเบียนบ้าน", text)

    def test_the_organisation_public_site_links_the_catalogue(self) -> None:
        response = self.client.get(reverse("orgs:public", kwargs={"org_slug": "alpha"}))
        self.assertContains(response, reverse("services:public", kwargs={"org_slug": "alpha"}))
