"""Who may read and manage which asset: the register's role rules, with the personas."""

from __future__ import annotations

from django.urls import reverse

from prongsai.assets.models import Asset, Custodian
from prongsai.assets.testing import make_asset
from prongsai.core.testing import PersonaTestCase


class RegisterAccessTests(PersonaTestCase):
    finance_pc: Asset
    office_desk: Asset

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.finance_pc = make_asset(cls, "416-59-0001")  # กองคลัง: the unit head's and the staff persona's unit
        cls.office_desk = make_asset(cls, "400-60-0001", name="โต๊ะทำงาน", unit=cls.unit)  # สำนักปลัด

    def url(self, name: str, code: str | None = None) -> str:
        kwargs = {"org_slug": self.org.slug} | ({"code": code} if code else {})
        return reverse(f"assets:{name}", kwargs=kwargs)

    def test_it_lists_every_asset_to_oversight_roles_and_only_their_unit_to_staff(self) -> None:
        for persona in ("executive", "ita_coordinator", "unit_head", "ethics_committee", "supervisor"):
            self.client.force_login(self.personas()[persona])
            page = self.client.get(self.url("list")).content.decode()
            with self.subTest(persona=persona):
                self.assertIn("416-59-0001", page)
                self.assertIn("400-60-0001", page)
        self.client.force_login(self.staff)
        page = self.client.get(self.url("list")).content.decode()
        self.assertIn("416-59-0001", page)
        self.assertNotIn("400-60-0001", page)
        self.assertEqual(self.client.get(self.url("detail", "400-60-0001")).status_code, 403)
        self.assertEqual(self.client.get(self.url("detail", "416-59-0001")).status_code, 200)

    def test_it_lets_staff_read_an_asset_in_their_own_care_elsewhere(self) -> None:
        Asset.objects.filter(pk=self.office_desk.pk).update(custodian=self.staff)
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(self.url("detail", "400-60-0001")).status_code, 200)

    def test_it_lets_a_unit_head_manage_only_the_assets_of_the_unit(self) -> None:
        self.client.force_login(self.unit_head)
        self.assertEqual(self.client.get(self.url("edit", "416-59-0001")).status_code, 200)
        self.assertEqual(self.client.get(self.url("edit", "400-60-0001")).status_code, 403)
        self.assertEqual(self.client.get(self.url("dispose", "400-60-0001")).status_code, 403)
        self.assertEqual(self.client.get(self.url("move", "400-60-0001")).status_code, 403)
        # creating: the unit choice holds the head's unit only
        form = self.client.get(self.url("new")).context["form"]
        self.assertEqual(list(form.fields["unit"].queryset), [self.finance])
        response = self.client.post(
            self.url("new"), {"code": "400-61-0009", "name": "ตู้", "unit": self.unit.pk, "status": "in_use"}
        )
        self.assertEqual(response.status_code, 200)  # refused by the form: not a choice
        self.assertFalse(Asset.objects.filter(code="400-61-0009").exists())

    def test_it_refuses_every_write_to_readers(self) -> None:
        for persona in ("staff", "ethics_committee", "supervisor"):
            self.client.force_login(self.personas()[persona])
            with self.subTest(persona=persona):
                self.assertEqual(self.client.get(self.url("new")).status_code, 403)
                self.assertEqual(self.client.post(self.url("edit", "416-59-0001"), {"name": "x"}).status_code, 403)
                self.assertEqual(self.client.post(self.url("dispose", "416-59-0001")).status_code, 403)
                self.assertEqual(self.client.get(self.url("labels")).status_code, 403)
                self.assertEqual(self.client.get(self.url("import")).status_code, 403)

    def test_it_lets_only_executives_and_the_coordinator_import(self) -> None:
        for persona, status in (("executive", 200), ("ita_coordinator", 200), ("unit_head", 403), ("staff", 403)):
            self.client.force_login(self.personas()[persona])
            with self.subTest(persona=persona):
                self.assertEqual(self.client.get(self.url("import")).status_code, status)

    def test_it_hides_the_register_from_other_organisations(self) -> None:
        for persona, user in self.outsiders().items():
            self.client.force_login(user)
            with self.subTest(persona=persona):
                self.assertEqual(self.client.get(self.url("detail", "416-59-0001")).status_code, 404)
                self.assertEqual(self.client.get(self.url("list")).status_code, 404)

    def test_it_lets_a_unit_head_appoint_custodians_of_the_unit_only(self) -> None:
        self.client.force_login(self.unit_head)
        data = {"unit": self.unit.pk, "user": self.staff.pk, "starts_on": "1/10/2568"}
        self.client.post(self.url("custodians"), data)
        self.assertFalse(Custodian.objects.exists())
        self.client.post(self.url("custodians"), data | {"unit": self.finance.pk})
        self.assertEqual(Custodian.objects.get().unit, self.finance)
        self.client.force_login(self.staff)
        self.assertEqual(self.client.post(self.url("custodians"), data | {"unit": self.finance.pk}).status_code, 403)
        self.assertEqual(Custodian.objects.count(), 1)

    def test_it_refuses_a_custodian_from_another_organisation(self) -> None:
        self.client.force_login(self.executive)
        data = {"unit": self.finance.pk, "user": self.other_staff.pk, "starts_on": "1/10/2568"}
        response = self.client.post(self.url("custodians"), data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Custodian.objects.exists())
