from __future__ import annotations

from django.urls import reverse

from prongsai.accounts.models import AuditEvent
from prongsai.core.testing import PersonaTestCase

LOGIN = reverse("accounts:login")


class LoginTests(PersonaTestCase):
    def test_it_signs_in_and_goes_to_the_only_organisation(self) -> None:
        response = self.client.post(LOGIN, {"username": "a-staff", "password": "password"}, follow=True)
        self.assertEqual(response.redirect_chain[-1][0], reverse("orgs:dashboard", kwargs={"org_slug": "alpha"}))
        self.assertTrue(AuditEvent.objects.filter(action="login", user=self.staff).exists())

    def test_it_records_failed_sign_ins_and_locks_out_after_five(self) -> None:
        for _ in range(5):
            self.client.post(LOGIN, {"username": "a-staff", "password": "wrong"})
        self.assertEqual(AuditEvent.objects.filter(action="login_failed", username="a-staff").count(), 5)
        # Even the right password is refused while locked.
        response = self.client.post(LOGIN, {"username": "a-staff", "password": "password"})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "ระงับการเข้าสู่ระบบชั่วคราว", status_code=429)
        self.assertFalse(AuditEvent.objects.filter(action="login", user=self.staff).exists())

    def test_it_explains_a_wrong_password_in_thai(self) -> None:
        response = self.client.post(LOGIN, {"username": "a-staff", "password": "wrong"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ชื่อผู้ใช้")  # Django's own Thai message names the username and password

    def test_it_signs_out_only_by_post(self) -> None:
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(reverse("accounts:logout")).status_code, 405)
        self.client.post(reverse("accounts:logout"))
        self.assertTrue(AuditEvent.objects.filter(action="logout", user=self.staff).exists())
        self.assertEqual(self.client.get(reverse("orgs:dashboard", kwargs={"org_slug": "alpha"})).status_code, 302)

    def test_it_needs_the_csrf_token_to_sign_in(self) -> None:
        self.client.handler.enforce_csrf_checks = True
        response = self.client.post(LOGIN, {"username": "a-staff", "password": "password"})
        self.assertEqual(response.status_code, 403)

    def test_it_sends_people_with_several_organisations_to_the_list(self) -> None:
        self.client.force_login(self.supervisor)  # supervises a province
        self.client.force_login(self.admin)
        self.assertRedirects(self.client.get(reverse("accounts:start")), reverse("home"))


class LanguageTests(PersonaTestCase):
    def test_it_speaks_thai_by_default_whatever_the_browser_says(self) -> None:
        response = self.client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, '<html lang="th">')
        self.assertContains(response, "หน่วยงานในระบบนี้")

    def test_it_switches_an_anonymous_visitor_by_cookie(self) -> None:
        response = self.client.post(reverse("accounts:language"), {"language": "en", "next": "/alpha/"})
        self.assertRedirects(response, "/alpha/", fetch_redirect_response=False)
        page = self.client.get("/")
        self.assertContains(page, '<html lang="en">')
        self.assertContains(page, "Organisations on this installation")

    def test_it_keeps_a_signed_in_persons_choice_on_the_account(self) -> None:
        self.client.force_login(self.staff)
        self.client.post(reverse("accounts:language"), {"language": "en"})
        self.staff.refresh_from_db()
        self.assertEqual(self.staff.language, "en")
        other = self.client_class()
        other.force_login(self.staff)  # a new device without the cookie
        self.assertContains(other.get(reverse("orgs:dashboard", kwargs={"org_slug": "alpha"})), "Dashboard")

    def test_it_ignores_unknown_languages_and_foreign_redirects(self) -> None:
        response = self.client.post(reverse("accounts:language"), {"language": "xx", "next": "https://evil.example/"})
        self.assertEqual(response["Location"], "/")
        self.assertNotIn("django_language", response.cookies)
