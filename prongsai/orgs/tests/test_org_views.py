from __future__ import annotations

from django.urls import reverse

from prongsai.core.testing import PersonaTestCase
from prongsai.orgs.models import Membership, Organisation, Role, Unit


class DashboardTests(PersonaTestCase):
    def test_it_shows_the_organisations_real_data(self) -> None:
        self.client.force_login(self.staff)
        response = self.client.get(reverse("orgs:dashboard", kwargs={"org_slug": "alpha"}))
        self.assertContains(response, "อบต.อัลฟา")
        self.assertContains(response, "กองคลัง")
        self.assertContains(response, "a-unithead")  # people are listed by name (first_name = username here)
        self.assertNotContains(response, "อบต.บราโว")  # the switcher lists only the person's organisations
        self.assertNotContains(response, "b-staff")
        # staff may not edit the profile, so no edit button
        self.assertNotContains(response, reverse("orgs:profile", kwargs={"org_slug": "alpha"}))

    def test_it_offers_editing_to_the_executive(self) -> None:
        self.client.force_login(self.executive)
        response = self.client.get(reverse("orgs:dashboard", kwargs={"org_slug": "alpha"}))
        self.assertContains(response, reverse("orgs:profile", kwargs={"org_slug": "alpha"}))

    def test_it_lets_the_supervisor_read_every_organisation_of_the_province(self) -> None:
        self.client.force_login(self.supervisor)
        self.assertEqual(self.client.get(reverse("orgs:dashboard", kwargs={"org_slug": "alpha"})).status_code, 200)
        self.assertEqual(self.client.get(reverse("orgs:dashboard", kwargs={"org_slug": "bravo"})).status_code, 404)

    def test_it_lists_several_organisations_in_the_switcher(self) -> None:
        Membership.objects.create(user=self.staff, organisation=self.other_org, role=Role.STAFF)
        self.client.force_login(self.staff)
        response = self.client.get(reverse("orgs:dashboard", kwargs={"org_slug": "alpha"}))
        self.assertContains(response, 'class="switcher"')
        self.assertContains(response, reverse("orgs:dashboard", kwargs={"org_slug": "bravo"}))

    def test_it_escapes_organisation_data(self) -> None:
        Organisation.objects.filter(pk=self.org.pk).update(name="<script>alert(1)</script>")
        self.client.force_login(self.staff)
        response = self.client.get(reverse("orgs:dashboard", kwargs={"org_slug": "alpha"}))
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


class ProfileEditTests(PersonaTestCase):
    url = reverse("orgs:profile", kwargs={"org_slug": "alpha"})
    data = {
        "name": "อบต.อัลฟา ใหม่",
        "kind": Organisation.Kind.SAO,
        "province": "นครพนม",
        "district": "เมือง",
        "website_urls": "https://alpha.go.th\nhttps://www.alpha.go.th/ita",
        "address": "",
        "phone": "042-000000",
        "email": "",
    }

    def test_it_saves_the_profile(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, self.data)
        self.assertRedirects(response, reverse("orgs:dashboard", kwargs={"org_slug": "alpha"}))
        self.org.refresh_from_db()
        self.assertEqual(self.org.name, "อบต.อัลฟา ใหม่")
        self.assertEqual(self.org.website_urls, ["https://alpha.go.th", "https://www.alpha.go.th/ita"])

    def test_it_names_the_bad_website_line_in_thai(self) -> None:
        self.client.force_login(self.executive)
        response = self.client.post(self.url, {**self.data, "website_urls": "https://ok.go.th\nnot a url"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "บรรทัดที่ 2")
        self.assertContains(response, "not a url")
        self.org.refresh_from_db()
        self.assertEqual(self.org.name, "อบต.อัลฟา")  # nothing half-saved

    def test_it_refuses_read_only_and_member_roles(self) -> None:
        for user in (self.staff, self.unit_head, self.ethics, self.supervisor):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.post(self.url, self.data).status_code, 403)
        self.org.refresh_from_db()
        self.assertEqual(self.org.name, "อบต.อัลฟา")

    def test_it_hides_the_form_from_another_organisation(self) -> None:
        self.client.force_login(self.other_executive)
        self.assertEqual(self.client.post(self.url, self.data).status_code, 404)

    def test_it_refuses_wrong_methods(self) -> None:
        self.client.force_login(self.executive)
        self.assertEqual(self.client.delete(self.url).status_code, 405)


class UnitTests(PersonaTestCase):
    def test_it_adds_a_unit(self) -> None:
        self.client.force_login(self.executive)
        url = reverse("orgs:units", kwargs={"org_slug": "alpha"})
        self.assertRedirects(self.client.post(url, {"name": "กองช่าง"}), url)
        self.assertTrue(Unit.objects.filter(organisation=self.org, name="กองช่าง", position=3).exists())

    def test_it_refuses_a_duplicate_unit_name(self) -> None:
        self.client.force_login(self.executive)
        response = self.client.post(reverse("orgs:units", kwargs={"org_slug": "alpha"}), {"name": "กองคลัง"})
        self.assertContains(response, "มีสำนัก/กองชื่อ “กองคลัง” อยู่แล้ว")
        self.assertEqual(Unit.objects.filter(organisation=self.org, name="กองคลัง").count(), 1)

    def test_it_lets_staff_read_but_not_add(self) -> None:
        self.client.force_login(self.staff)
        url = reverse("orgs:units", kwargs={"org_slug": "alpha"})
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.post(url, {"name": "กองใหม่"}).status_code, 403)

    def test_it_does_not_edit_another_organisations_unit_through_own_slug(self) -> None:
        self.client.force_login(self.executive)
        url = reverse("orgs:unit_edit", kwargs={"org_slug": "alpha", "unit_id": self.other_unit.pk})
        self.assertEqual(self.client.post(url, {"name": "ถูกแก้", "position": 1}).status_code, 404)
        self.other_unit.refresh_from_db()
        self.assertEqual(self.other_unit.name, "สำนักปลัด")

    def test_it_renames_a_unit(self) -> None:
        self.client.force_login(self.coordinator)
        url = reverse("orgs:unit_edit", kwargs={"org_slug": "alpha", "unit_id": self.finance.pk})
        self.client.post(url, {"name": "กองคลังและพัสดุ", "position": 5})
        self.finance.refresh_from_db()
        self.assertEqual((self.finance.name, self.finance.position), ("กองคลังและพัสดุ", 5))


class PersonAddTests(PersonaTestCase):
    url = reverse("orgs:person_add", kwargs={"org_slug": "alpha"})

    def test_it_creates_an_account_and_shows_its_password_once(self) -> None:
        self.client.force_login(self.executive)
        response = self.client.post(
            self.url, {"username": "new-clerk", "first_name": "สมศรี", "role": Role.STAFF, "unit": self.finance.pk}
        )
        self.assertEqual(response.status_code, 200)
        membership = Membership.objects.get(user__username="new-clerk")
        self.assertEqual(
            (membership.organisation, membership.unit, membership.role), (self.org, self.finance, Role.STAFF)
        )
        password = response.context["password"]
        self.assertContains(response, password)
        self.assertTrue(membership.user.check_password(password))
        self.assertNotIn(password, membership.user.password)

    def test_it_adds_an_existing_account_without_touching_its_password(self) -> None:
        self.client.force_login(self.executive)
        before = self.other_staff.password
        self.client.post(self.url, {"username": "b-staff", "role": Role.ETHICS_COMMITTEE})
        self.other_staff.refresh_from_db()
        self.assertEqual(self.other_staff.password, before)
        self.assertTrue(Membership.objects.filter(user=self.other_staff, organisation=self.org).exists())

    def test_it_refuses_a_unit_of_another_organisation(self) -> None:
        self.client.force_login(self.executive)
        response = self.client.post(self.url, {"username": "x", "role": Role.STAFF, "unit": self.other_unit.pk})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Membership.objects.filter(user__username="x").exists())

    def test_it_refuses_staff(self) -> None:
        self.client.force_login(self.staff)
        self.assertEqual(self.client.post(self.url, {"username": "x", "role": Role.EXECUTIVE}).status_code, 403)
        self.assertFalse(Membership.objects.filter(user__username="x").exists())


class PublicPagesTests(PersonaTestCase):
    def test_it_lists_organisations_on_the_home_page(self) -> None:
        response = self.client.get("/")
        self.assertContains(response, "อบต.อัลฟา")
        self.assertContains(response, "อบต.บราโว")
        self.assertContains(response, "จังหวัดนครพนม")

    def test_it_shows_the_public_site_without_staff_data(self) -> None:
        response = self.client.get(reverse("orgs:public", kwargs={"org_slug": "alpha"}))
        self.assertContains(response, "อบต.อัลฟา")
        self.assertContains(response, "อำเภอเมือง จังหวัดนครพนม")
        self.assertContains(response, "กองคลัง")
        self.assertNotContains(response, "a-staff")

    def test_it_answers_404_for_an_unknown_organisation(self) -> None:
        response = self.client.get("/no-such-org/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "ไม่พบหน้าที่ต้องการ", status_code=404)
