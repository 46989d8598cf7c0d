"""Every page in Thai, and a few refused forms: no English message of Django's or of our own catalogue.

The needles are the English texts of the messages (our catalogue's msgids whose Thai differs, and every
msgid of Django's and django.contrib.auth's catalogues), cut at their placeholders. The haystack is what a
person reads: text nodes and the title/placeholder/aria-label/alt attributes, outside code, pre, script,
style, textarea and anything marked lang="en" (the language switch). The pages are every URL of the
tenancy walk (orgs/tests/test_tenancy_walk.py, URL keywords from core/testing.py URL_KWARGS), each as a
member of its organisation (staff pages) or anonymously (public pages).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
from django.conf import settings
from django.urls import reverse

from prongsai.accounts.models import User
from prongsai.core.testing import PersonaTestCase
from prongsai.orgs.tests.test_tenancy_walk import URL_KWARGS, project_routes

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}|<[^>]*>|\s+\(\s*\)")
_WORD = re.compile(r"[A-Za-z]{2,}")
_SINGLE_WORD = re.compile(r"[a-z]{5,}")  # our one-word msgids ("published", "approved"), matched as whole words
_SKIPPED_TAGS = {"code", "pre", "script", "style", "textarea", "kbd", "samp"}
_TEXT_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


def _pieces(msgid: str) -> list[str]:
    """The literal parts of a message that would show on a page: at least two English words."""
    return [
        piece.strip(" .,:;–—-“”\"'")
        for piece in _PLACEHOLDER.split(msgid)
        if len(_WORD.findall(piece)) >= 2 and len(piece.strip()) >= 10
    ]


def english_needles() -> dict[str, str]:
    """English text → the msgid it comes from."""
    needles: dict[str, str] = {}
    catalogues = [Path(settings.LOCALE_PATHS[0]) / "th" / "LC_MESSAGES" / "django.po"]
    base = Path(django.__file__).parent
    catalogues += [
        base / "conf" / "locale" / "th" / "LC_MESSAGES" / "django.po",
        base / "contrib" / "auth" / "locale" / "th" / "LC_MESSAGES" / "django.po",
    ]
    for index, path in enumerate(catalogues):
        for entry in polib.pofile(str(path)):
            translated = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
            if index == 0 and translated == entry.msgid:
                continue  # the same in both languages ("PDF", "IIT · EIT · OIT")
            if index == 0 and _SINGLE_WORD.fullmatch(entry.msgid):
                needles.setdefault(entry.msgid, entry.msgid)  # "published": a state shown raw
                continue
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                for piece in _pieces(msgid):
                    needles.setdefault(piece, msgid)
    return needles


class ReadableText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self._skipping or tag in _SKIPPED_TAGS or (values.get("lang") or "").startswith("en"):
            if tag not in {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}:
                self._skipping.append(tag)
            return
        self.parts += [values[name] or "" for name in _TEXT_ATTRIBUTES if values.get(name)]

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


# English texts of other modules' pages that are known and left to their owners (issue 11 §6): each
# entry names where it shows. Empty it as they are fixed; never add a text this test exists to catch.
# English words that a page may show for a reason (none now: every item of issue 11 §6 is fixed).
KNOWN: set[tuple[str, str]] = set()


class ThaiPagesTests(PersonaTestCase):
    maxDiff = None

    def english_in(self, html: str, url: str = "") -> list[str]:
        text = ReadableText.of(html)
        found = set()
        for needle, msgid in self.needles.items():
            if any(part in url and needle == known for part, known in KNOWN):
                continue
            if _SINGLE_WORD.fullmatch(needle):
                if re.search(rf"(?<![A-Za-z]){needle}(?![A-Za-z]|\.\w)", text):  # not a file name (order.pdf)
                    found.add(msgid)
            elif needle in text:
                found.add(msgid)
        return sorted(found)

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

    def test_every_page_reads_in_thai(self) -> None:
        found: dict[str, list[str]] = {}
        pages = 0
        urls = [(reverse("home"), True), (reverse("accounts:login"), True)]  # (url, public)
        for route in self.routes:
            if "org_slug" in route.kwargs:
                kwargs = {k: URL_KWARGS[k](self) for k in route.kwargs}
                urls.append((reverse(route.name, kwargs=kwargs), route.is_public))
        for url, is_public in urls:
            self.client.logout()
            response = self.client.get(url)
            for person in () if is_public else (self.executive, self.coordinator, self.ethics):
                self.client.force_login(person)
                response = self.client.get(url)
                if response.status_code == 200:
                    break
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue
            pages += 1
            english = self.english_in(response.content.decode(), url)
            if english:
                found[url] = english
        self.assertGreater(pages, 25)
        self.assertEqual(found, {})

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
