"""Documents Prongsai writes, attached to their OIT items in one call (disclosure/feeds.py) and one click."""

from __future__ import annotations

from datetime import date

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prongsai.core.history import changes_of
from prongsai.core.testing import PersonaTestCase
from prongsai.disclosure import feeds
from prongsai.disclosure.models import OitDocument, OitItem
from prongsai.disclosure.tests.test_centre import pdf
from prongsai.ita.framework import framework_load, get_framework
from prongsai.ita.testing import _row
from prongsai.plans.testing import _activity

YEARS = [2564, 2565, 2566, 2567, 2568, 2569]


def _messages(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


class ItemByTitleTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        framework_load(fiscal_years=YEARS)

    def code(self, key: str, year: int) -> str | None:
        feed = feeds.get_feed(key)
        assert feed is not None
        try:
            return feeds.framework_item(feed, year).code
        except feeds.FeedUnavailable:
            return None

    def test_it_finds_each_item_by_its_title_whatever_its_number(self) -> None:
        expected = {
            "complaint-statistics": {2564: "O31", 2565: "O31", 2566: "O29", 2567: "O29", 2568: "O19", 2569: "O18"},
            "ita-analysis": {2564: "O42", 2565: "O42", 2566: "O42", 2567: "O42", 2568: None, 2569: "O25"},
            "progress-6m": {2564: "O43", 2565: "O43", 2566: "O43", 2567: "O43", 2568: None, 2569: "O26"},
            "progress-12m": {2564: "O43", 2565: "O43", 2566: "O43", 2567: "O43", 2568: None, 2569: "O26"},
        }
        found = {key: {year: self.code(key, year) for year in YEARS} for key in expected}
        self.assertEqual(found, expected)

    def test_it_says_when_a_year_has_no_such_item_or_no_framework(self) -> None:
        feed = feeds.get_feed("ita-analysis")
        assert feed is not None
        with self.assertRaisesMessage(feeds.FeedUnavailable, "2568"):
            feeds.framework_item(feed, 2568)
        with self.assertRaisesMessage(feeds.FeedUnavailable, "2590"):
            feeds.framework_item(feed, 2590)
        self.assertEqual([f.key for f in feeds.feeds_of_item("O26", 2569)], ["progress-6m", "progress-12m"])


class FeedButtonTests(PersonaTestCase):
    """The one click, with a cheap feed of our own (the real renderers are tested below)."""

    feed: feeds.Feed

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        framework_load(fiscal_years=[2569])

    def setUp(self) -> None:
        framework = get_framework(2569)
        assert framework is not None
        self.calls: list[int] = []

        def render(org: object, year: int, today: date) -> list[feeds.Rendered]:
            self.calls.append(year)
            return [feeds.Rendered("pdf", pdf(f"memo {len(self.calls)}"), "บันทึกทดสอบ", "memo-2569.pdf")]

        self.feed = feeds.Feed(
            key="test-memo",
            label="Memo",
            titles=(framework.items[2].title_th,),  # O3
            render=render,
            roles=frozenset({"executive", "ita_coordinator"}),
        )
        feeds.register_feed(self.feed)
        self.addCleanup(feeds._registry.pop, "test-memo")
        self.url = reverse("disclosure:feed_attach", kwargs={"org_slug": "alpha", "year": 2569, "feed": "test-memo"})

    def test_it_hides_the_button_from_other_organisations_and_refuses_other_roles(self) -> None:
        self.client.force_login(self.other_executive)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        for person in (self.staff, self.unit_head, self.supervisor):
            self.client.force_login(person)
            self.assertEqual(self.client.post(self.url).status_code, 403, person.username)
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertEqual(self.calls, [])
        self.assertFalse(OitDocument.objects.exists())
        csrf = Client(enforce_csrf_checks=True)
        csrf.force_login(self.coordinator)
        self.assertEqual(csrf.post(self.url).status_code, 403)

    def test_it_adds_a_version_at_the_permanent_address_and_sends_the_item_back(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, {"next": "/alpha/staff/"})
        self.assertRedirects(response, "/alpha/staff/oit/2569/o3/", fetch_redirect_response=False)
        item = OitItem.objects.get(organisation=self.org, fiscal_year=2569, code="O3")
        document = item.documents.get()
        self.assertEqual(
            (document.name, document.feed, document.title), ("memo-2569.pdf", "test-memo:pdf", "บันทึกทดสอบ")
        )
        self.assertIn("O3", _messages(response)[0])
        # Published, then attached again: a new version, the item back to draft, the old address still serves v1.
        OitItem.objects.filter(pk=item.pk).update(state="published")
        document.versions.update(published_at=timezone.now())
        response = self.client.post(self.url)
        message = _messages(response)[0]
        self.assertIn("O3", message)
        self.assertIn("2569", message)
        self.assertIn("2", message)  # version 2
        item.refresh_from_db()
        self.assertEqual(item.state, "draft")
        self.assertEqual(changes_of(item).filter(event="reopened").count(), 1)
        self.assertEqual(list(document.versions.values_list("number", flat=True)), [2, 1])
        self.assertEqual(item.documents.count(), 1)
        public = Client()
        v1 = public.get("/alpha/oit/2569/o3/v1/memo-2569.pdf")
        self.assertEqual(v1.status_code, 200)
        self.assertIn(b"memo 1", v1.content)
        self.assertEqual(public.get("/alpha/oit/2569/o3/v2/memo-2569.pdf").status_code, 404)  # not published yet
        self.assertEqual(public.get("/alpha/oit/2569/o3/memo-2569.pdf").status_code, 200)  # the newest published

    def test_it_adopts_a_document_made_before_feeds_and_keeps_its_address(self) -> None:
        from prongsai.core.uploads import Kind, clean_upload
        from prongsai.disclosure.services import DocumentFields, document_add_file, ensure_items

        ensure_items(self.org, 2569)
        item = OitItem.objects.get(organisation=self.org, fiscal_year=2569, code="O3")
        clean = clean_upload(("old.pdf", pdf("old")), allowed=[Kind.PDF], max_bytes=1 << 20)
        old = document_add_file(item, DocumentFields("บันทึกทดสอบ"), clean, by=None)
        feeds.feed_attach(org=self.org, year=2569, feed="test-memo", by=self.coordinator)
        old.refresh_from_db()
        self.assertEqual((old.feed, old.name, old.versions.count()), ("test-memo:pdf", "บันทึกทดสอบ.pdf", 2))
        self.assertEqual(item.documents.count(), 1)

    def test_it_says_why_nothing_was_attached(self) -> None:
        self.client.force_login(self.executive)
        url = reverse("disclosure:feed_attach", kwargs={"org_slug": "alpha", "year": 2590, "feed": "test-memo"})
        response = self.client.post(url, {"next": "/alpha/staff/ita/"})
        self.assertRedirects(response, "/alpha/staff/ita/", fetch_redirect_response=False)
        self.assertIn("2590", _messages(response)[0])
        self.client.post(url, {"next": "https://evil.example/alpha/"})  # not followed off the site
        self.assertEqual(self.calls, [])

    def test_the_year_page_shows_what_prongsai_writes_and_when_it_was_refreshed(self) -> None:
        page = reverse("disclosure:year", kwargs={"org_slug": "alpha", "year": 2569})
        self.client.force_login(self.coordinator)
        response = self.client.get(page)
        self.assertContains(response, "Memo")
        self.assertContains(response, self.url)
        self.assertContains(response, 'href="/alpha/staff/ita/2568/"')  # the ITA report's source: the results of 2568
        self.client.post(self.url)
        response = self.client.get(page)
        self.assertContains(response, "2569 ")  # the refresh date in the Buddhist era (today is in 2569)
        self.assertNotContains(response, f"{timezone.localdate().year} ")
        self.client.force_login(self.staff)
        response = self.client.get(page)
        self.assertContains(response, "Memo")
        self.assertNotContains(response, self.url)  # no button for a role that may not press it


class RealFeedTests(PersonaTestCase):
    def test_it_attaches_the_ita_analysis_report_to_o25_from_the_results_page(self) -> None:
        _row(self)  # results of 2568 with a plan row: framework 2568 and 2569 loaded
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("ita:year", kwargs={"org_slug": "alpha", "year": 2568}))
        url = reverse("disclosure:feed_attach", kwargs={"org_slug": "alpha", "year": 2569, "feed": "ita-analysis"})
        self.assertContains(page, url)
        response = self.client.post(url)
        self.assertRedirects(response, "/alpha/staff/oit/2569/o25/", fetch_redirect_response=False)
        item = OitItem.objects.get(organisation=self.org, fiscal_year=2569, code="O25")
        self.assertEqual(
            sorted(item.documents.values_list("name", "feed")),
            [("ita-analysis-2568.docx", "ita-analysis:docx"), ("ita-analysis-2568.pdf", "ita-analysis:pdf")],
        )
        pdf_version = item.documents.get(feed="ita-analysis:pdf").versions.get()
        self.assertEqual(pdf_version.content_type, "application/pdf")
        self.assertIn("๒๕๖๘", pdf_version.text_sample)
        self.assertEqual(item.documents.first().components, [0, 1, 2])  # type: ignore[union-attr]

    def test_it_attaches_the_progress_report_to_o26_and_refuses_an_empty_plan(self) -> None:
        framework_load(fiscal_years=[2568, 2569])
        self.client.force_login(self.executive)
        url = reverse("disclosure:feed_attach", kwargs={"org_slug": "alpha", "year": 2569, "feed": "progress-6m"})
        response = self.client.post(url)
        self.assertIn("2569", _messages(response)[0])
        self.assertFalse(OitDocument.objects.exists())
        _activity(self)
        page = self.client.get(reverse("plans:overview", kwargs={"org_slug": "alpha", "year": 2569}))
        self.assertContains(page, url)
        response = self.client.post(url)
        self.assertRedirects(response, "/alpha/staff/oit/2569/o26/", fetch_redirect_response=False)
        item = OitItem.objects.get(organisation=self.org, fiscal_year=2569, code="O26")
        self.assertEqual(
            sorted(item.documents.values_list("name", flat=True)), ["progress-2569-6m.docx", "progress-2569-6m.pdf"]
        )
        self.assertEqual(item.documents.get(feed="progress-6m:pdf").period_start, date(2025, 10, 1))
