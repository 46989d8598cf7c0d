"""Public pages: kept once rendered, fresh after every change, never kept for a signed-in person, no cookies."""

from __future__ import annotations

from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.core.testing import PersonaTestCase
from prongsai.disclosure import services as disclosure
from prongsai.disclosure.models import OitItem
from prongsai.disclosure.services import DocumentFields, ensure_items
from prongsai.ita.framework import framework_load
from prongsai.orgs import services as orgs

YEAR = 2568


class PublicCacheTests(PersonaTestCase):
    item: OitItem

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        framework_load(fiscal_years=[YEAR])
        ensure_items(cls.org, YEAR)
        cls.item = OitItem.objects.get(organisation=cls.org, fiscal_year=YEAR, code="O13")

    def setUp(self) -> None:
        cache.clear()
        self.page = reverse("disclosure:public", kwargs={"org_slug": self.org.slug, "year": YEAR})

    def publish_link(self, title: str) -> None:
        disclosure.document_add_link(self.item, DocumentFields(title=title), "https://example.go.th/a.pdf", by=None)
        for action in ("submit", "check", "approve", "publish"):
            self.item = disclosure.transition(self.item, action, by=None)

    def queries(self, client: Client, url: str) -> tuple[int, bytes]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(captured), response.content

    def test_it_answers_the_second_visit_from_the_cache_with_one_query(self) -> None:
        first, body = self.queries(Client(), self.page)
        second, again = self.queries(Client(), self.page)
        self.assertGreater(first, 3)
        self.assertEqual(second, 1)  # the organisation's revision, nothing else
        self.assertEqual(body, again)

    def test_a_new_release_does_not_answer_with_pages_kept_by_the_old_one(self) -> None:
        """A shared cache (Redis) outlives a deploy: a changed template or module changes every key."""
        import os
        from pathlib import Path

        from prongsai.core import publiccache

        self.queries(Client(), self.page)
        self.assertEqual(self.queries(Client(), self.page)[0], 1)
        template = Path(publiccache.__file__).resolve().parent / "templates" / "core" / "history.html"
        kept = template.stat()
        publiccache.code_stamp.cache_clear()
        self.addCleanup(publiccache.code_stamp.cache_clear)
        try:
            os.utime(template, ns=(kept.st_atime_ns, kept.st_mtime_ns + 1_000_000_000))
            self.assertGreater(self.queries(Client(), self.page)[0], 3)  # drawn again
        finally:
            os.utime(template, ns=(kept.st_atime_ns, kept.st_mtime_ns))

    def test_a_kept_page_is_answered_ahead_of_sessions_with_the_same_headers(self) -> None:
        first = Client().get(self.page)
        with mock.patch("django.contrib.sessions.middleware.SessionMiddleware.process_request") as sessions:
            kept = Client().get(self.page)
        sessions.assert_not_called()  # answered by PublicPageCacheMiddleware, before the session middleware
        self.assertEqual(kept.content, first.content)
        for header in ("Content-Type", "Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "Vary"):
            self.assertEqual(kept[header], first[header], header)
        self.assertEqual(kept["Content-Language"], "th")
        self.assertNotIn("Set-Cookie", kept)
        english = Client()
        english.cookies["django_language"] = "en"
        self.assertEqual(english.get(self.page)["Content-Language"], "en")  # each language its own page

    def test_it_shows_what_was_published_at_once(self) -> None:
        self.queries(Client(), self.page)
        self.publish_link("ผังโครงสร้างใหม่ล่าสุด")
        _, body = self.queries(Client(), self.page)
        self.assertIn("ผังโครงสร้างใหม่ล่าสุด", body.decode())

    def test_a_new_name_reaches_every_public_page(self) -> None:
        self.queries(Client(), self.page)
        orgs.organisation_update(org=self.org, fields={"name": "องค์การบริหารส่วนตำบลชื่อใหม่"})
        _, body = self.queries(Client(), self.page)
        self.assertIn("องค์การบริหารส่วนตำบลชื่อใหม่", body.decode())

    def test_it_never_keeps_a_page_for_someone_with_a_session(self) -> None:
        self.client.force_login(self.coordinator)
        first, _ = self.queries(self.client, self.page)
        second, body = self.queries(self.client, self.page)
        self.assertEqual(first, second)
        self.assertIn(self.coordinator.display_name(), body.decode())
        # and what the signed-in person saw is not what a visitor gets
        _, public = self.queries(Client(), self.page)
        self.assertNotIn(self.coordinator.display_name(), public.decode())

    def test_each_language_has_its_own_page(self) -> None:
        _, thai = self.queries(Client(), self.page)
        english = Client()
        english.cookies["django_language"] = "en"
        _, body = self.queries(english, self.page)
        self.assertNotEqual(thai, body)
        self.assertIn('lang="en"', body.decode())

    def test_made_up_query_strings_are_not_kept(self) -> None:
        self.queries(Client(), self.page)
        for n in range(3):
            count, _ = self.queries(Client(), f"{self.page}?x={n}")
            self.assertGreater(count, 1)

    def test_public_pages_set_no_cookie(self) -> None:
        pages = [
            reverse("home"),
            reverse("orgs:public", kwargs={"org_slug": self.org.slug}),
            self.page,
            reverse("plans:public", kwargs={"org_slug": self.org.slug, "year": YEAR + 1}),
            reverse("complaints:board", kwargs={"org_slug": self.org.slug}),
        ]
        for url in pages:
            with self.subTest(url=url):
                response = Client().get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(dict(response.cookies), {})
                self.assertNotIn("csrfmiddlewaretoken", response.content.decode())

    def test_a_visitor_switches_language_with_a_link(self) -> None:
        response = Client().get(reverse("accounts:language"), {"language": "en", "next": self.page})
        self.assertRedirects(response, self.page, fetch_redirect_response=False)
        self.assertEqual(response.cookies["django_language"].value, "en")
        # a link can set the cookie, never the account
        self.client.force_login(self.staff)
        self.client.get(reverse("accounts:language"), {"language": "en", "next": "/"})
        self.staff.refresh_from_db()
        self.assertNotEqual(self.staff.language, "en")
