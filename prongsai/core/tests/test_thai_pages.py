"""Pages in Thai: no English message of Django's or of our own catalogue (the detector in core/tests/thai_text.py).

The needles are the English texts of the messages (our catalogue's msgids whose Thai differs, and every
msgid of Django's and django.contrib.auth's catalogues), cut at their placeholders. The haystack is what a
person reads: text nodes and the title/placeholder/aria-label/alt attributes, outside code, pre, script,
style, textarea and anything marked lang="en" (the language switch). Every URL of the project is checked by the
tenancy walks as they open it (orgs/tests/test_tenancy_walk.py: each staff page as a member of its organisation,
each public page anonymously); here: the detector itself, the demo's real-looking pages and refused forms.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.conf import settings
from django.urls import reverse

from prongsai.accounts.models import User
from prongsai.core.testing import PersonaTestCase
from prongsai.core.tests.thai_text import english_in, english_needles
from prongsai.orgs.tests.test_tenancy_walk import URL_KWARGS, project_routes


class ThaiPagesTests(PersonaTestCase):
    maxDiff = None

    def english_in(self, html: str, url: str = "") -> list[str]:
        return english_in(html, url)

    def setUp(self) -> None:
        self.routes = project_routes()  # also fills URL_KWARGS from every module's testing.py
        self.needles = english_needles()
        self.assertGreater(len(self.needles), 500)

    def test_our_thai_for_djangos_messages_is_complete_and_keeps_placeholders(self) -> None:
        path = Path(settings.LOCALE_PATHS[1]) / "th" / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        self.assertEqual([e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()], [])
        placeholder = re.compile(r"%\(\w+\)[sdr]|%[sd]")
        for entry in catalogue:
            translated = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
            self.assertEqual(
                sorted(placeholder.findall(entry.msgid)), sorted(placeholder.findall(translated)), entry.msgid
            )
        self.assertTrue(path.with_suffix(".mo").exists(), "prongsai compiletranslations compiles it")

    def test_the_detector_finds_an_untranslated_message(self) -> None:
        html = (
            "<p>ข้อความ <span>Ensure this value has at most 50 characters (it has 51).</span></p>"
            '<code>Ensure this value has at most</code><button lang="en">English</button>'
        )
        found = self.english_in(html)
        self.assertTrue(any("at most %(limit_value)d" in msgid for msgid in found), found)
        self.assertEqual(self.english_in("<p>ข้อความนี้ยาวได้ไม่เกิน 50 ตัวอักษร</p>"), [])

    def test_refused_forms_say_why_in_thai(self) -> None:
        found: dict[str, list[str]] = {}
        self.client.force_login(self.coordinator)
        year = URL_KWARGS["year"](self)
        posts = {
            reverse("ita:edit", kwargs={"org_slug": "alpha", "year": year}): {
                "i1": "101.555",
                "reported_level": "ก" * 51,
            },
            reverse("plans:calendar", kwargs={"org_slug": "alpha", "year": year + 1}): {
                "own": "1",
                "title": "ก" * 201,
                "date": "31/02/2569",
            },
            reverse("orgs:units", kwargs={"org_slug": "alpha"}): {"name": "ก" * 301},
        }
        for url, data in posts.items():
            response = self.client.post(url, data)
            self.assertEqual(response.status_code, 200, url)
            self.assertContains(response, "errorlist")
            if english := self.english_in(response.content.decode()):
                found[url] = english
        self.client.logout()
        new = reverse("complaints:new", kwargs={"org_slug": "alpha"})
        token = re.search(r'name="form_token" value="([^"]+)"', self.client.get(new).content.decode())
        assert token is not None
        response = self.client.post(new, {"form_token": token[1], "what": "ก" * 10001, "where": "ก" * 201})
        self.assertContains(response, "10000", status_code=response.status_code)
        if english := self.english_in(response.content.decode()):
            found[new] = english
        self.assertEqual(found, {})


class DemoPagesInThaiTests(PersonaTestCase):
    """The same check on the demo's real-looking data (audits, histories, cases), page by page."""

    def test_the_demo_reads_in_thai(self) -> None:
        from prongsai.complaints.models import Case
        from prongsai.disclosure.models import OitAudit, OitItem
        from prongsai.orgs.demo import load_demo
        from prongsai.plans.models import Activity

        load_demo()
        checker = ThaiPagesTests(methodName="test_the_detector_finds_an_untranslated_message")
        checker.needles = english_needles()
        org = "/pho-nong"
        audit = OitAudit.objects.filter(organisation__slug="pho-nong", status="done").first()
        assert audit is not None
        urls = [
            f"{org}/staff/",
            f"{org}/staff/ita/",
            f"{org}/staff/ita/2568/",
            f"{org}/staff/ita/2568/analysis/",
            f"{org}/staff/ita/2568/plan/",
            f"{org}/staff/plan/2569/",
            f"{org}/staff/plan/work/",
            f"{org}/staff/plan/calendar/2569/",
            f"{org}/staff/oit/2568/",
            f"{org}/staff/oit/2568/audits/",
            f"{org}/staff/oit/2568/audits/{audit.pk}/",
            f"{org}/staff/complaints/",
            f"{org}/staff/units/",
            f"{org}/staff/people/",
            f"{org}/",
            f"{org}/oit/2568/",
            f"{org}/plan/2569/",
            f"{org}/complaints/",
            f"{org}/complaints/board/",
            "/accounts/notifications/",
        ]
        urls += [
            f"{org}/staff/plan/activities/{a.pk}/" for a in Activity.objects.filter(organisation__slug="pho-nong")[:5]
        ]
        urls += [
            f"{org}/staff/oit/2568/{i.slug}/"
            for i in OitItem.objects.filter(organisation__slug="pho-nong", fiscal_year=2568).order_by("code")[:12]
        ]
        urls += [f"{org}/staff/complaints/{c.number}/" for c in Case.objects.filter(organisation__slug="pho-nong")[:3]]
        found: dict[str, list[str]] = {}
        for url in urls:
            self.client.logout()
            for username in ("pho-nong-executive", "pho-nong-coordinator"):
                self.client.force_login(User.objects.get(username=username))
                response = self.client.get(url)
                if response.status_code == 200:
                    break
            self.assertEqual(response.status_code, 200, url)
            if english := checker.english_in(response.content.decode(), url):
                found[url] = english
        self.assertEqual(found, {})
