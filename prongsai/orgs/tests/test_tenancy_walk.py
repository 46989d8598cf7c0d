"""Walks every URL of the project and proves that people of another organisation get 404/403.

New modules are covered without editing this file: their URLs are found by
walking the resolver, and their URL keywords are filled from
`prongsai.core.testing.URL_KWARGS` (a module registers its keywords in its own
`testing.py`, imported here through Django's autodiscovery).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.module_loading import autodiscover_modules

from prongsai.core.testing import URL_KWARGS, PersonaTestCase
from prongsai.core.tests.thai_text import english_in

# Namespaces that do not belong to an organisation and have their own guards.
SKIPPED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    kwargs: tuple[str, ...]
    view: Any

    @property
    def is_public(self) -> bool:
        return bool(getattr(self.view, "prongsai_public", False))


def _walk(patterns: list[Any], namespace: str = "") -> list[Route]:
    routes: list[Route] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns in SKIPPED_NAMESPACES:
                continue
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            routes += _walk(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            keys = tuple(pattern.pattern.regex.groupindex)
            routes.append(Route(name, keys, pattern.callback))
    return routes


def project_routes() -> list[Route]:
    autodiscover_modules("testing")
    return _walk(get_resolver().url_patterns)


class TenancyWalk(PersonaTestCase):
    """What the walks share; each walk is its own class, so that the test workers take them in parallel."""

    def _url(self, route: Route) -> str:
        missing = [key for key in route.kwargs if key not in URL_KWARGS]
        self.assertFalse(
            missing,
            f"{route.name}: teach the tenancy walk about URL keyword(s) {missing} in the module's testing.py",
        )
        return reverse(route.name, kwargs={key: URL_KWARGS[key](self) for key in route.kwargs})

    def org_routes(self) -> list[Route]:
        return [r for r in project_routes() if "org_slug" in r.kwargs]


class TenancyWalkTests(TenancyWalk):
    def test_it_finds_the_organisation_pages(self) -> None:
        names = {r.name for r in self.org_routes()}
        self.assertIn("orgs:dashboard", names)
        self.assertIn("orgs:unit_edit", names)

    # The walks list every page that fails (rather than a subTest per request: some 1,500 requests, whose reports
    # the test workers would send one by one).
    def test_it_hides_every_staff_page_from_other_organisations(self) -> None:
        checked = 0
        shown: list[str] = []
        for route in self.org_routes():
            if route.is_public:
                continue
            url = self._url(route)
            for persona, user in self.outsiders().items():
                self.client.force_login(user)
                for method in ("get", "post"):
                    status = (response := getattr(self.client, method)(url)).status_code
                    # 405 is fine for a method the view does not take at all.
                    refused = status in (403, 404) or (
                        status == 405 and method == ("post" if "GET" in response["Allow"] else "get")
                    )
                    if not refused:
                        shown.append(f"{persona} {method.upper()} {url}: {status}")
                    checked += 1
        self.assertGreater(checked, 10)
        self.assertEqual(shown, [])

    def test_it_sends_anonymous_visitors_of_staff_pages_to_sign_in(self) -> None:
        wrong: list[str] = []
        for route in self.org_routes():
            if route.is_public:
                continue
            url = self._url(route)
            response = self.client.get(url)
            status = response.status_code
            if not (status == 405 or (status == 302 and response["Location"].startswith(reverse("accounts:login")))):
                wrong.append(f"GET {url}: {status} {response.get('Location', '')}")
        self.assertEqual(wrong, [])


class OpenWalkTests(TenancyWalk):
    def test_it_opens_every_staff_page_to_someone_of_the_organisation(self) -> None:
        """The walk is not vacuous: each staff page answers 200 to at least one role of org A; and each page it
        opens reads in Thai (core/tests/thai_text.py: no English message of ours or Django's)."""
        english: dict[str, list[str]] = {}
        closed: list[str] = []
        pages = 0
        for route in self.org_routes():
            if route.is_public:
                continue
            url = self._url(route)
            statuses = {}
            for persona, user in self.personas().items():
                if persona in self.outsiders() or persona == "platform_admin":
                    continue
                self.client.force_login(user)
                response = self.client.get(url)
                status = response.status_code
                if status == 200 and response.get("Content-Type", "").startswith("text/html"):
                    pages += 1
                    if found := english_in(response.content.decode(), url):
                        english[url] = found
                if status == 405:  # a POST-only action: someone of the organisation gets past the guards
                    status = self.client.post(url).status_code
                    status = 200 if status not in (403, 404, 405) else status
                statuses[persona] = status
                if status == 200:
                    break  # someone of the organisation opens it: the walk is not vacuous for this page
            if 200 not in statuses.values():
                closed.append(f"{url}: {statuses}")
        self.assertEqual(closed, [])
        self.assertGreater(pages, 25)
        self.assertEqual(english, {})


class PublicWalkTests(TenancyWalk):
    def test_it_serves_public_pages_to_everyone(self) -> None:
        """Every public page answers everyone, and reads in Thai to an anonymous visitor."""
        english: dict[str, list[str]] = {}
        refused: list[str] = []
        for route in project_routes():
            if not route.is_public or route.name.startswith("accounts:"):
                continue
            url = self._url(route)
            for persona, user in [("anonymous", None), *self.outsiders().items()]:
                self.client.logout()
                if user is not None:
                    self.client.force_login(user)
                response = self.client.get(url)
                if response.status_code != 200:
                    refused.append(f"{persona} GET {url}: {response.status_code}")
                html = user is None and response.get("Content-Type", "").startswith("text/html")
                if html and (found := english_in(response.content.decode(), url)):
                    english[url] = found
        self.assertEqual(refused, [])
        self.client.logout()
        for url in (reverse("home"), reverse("accounts:login")):
            if found := english_in(self.client.get(url).content.decode(), url):
                english[url] = found
        self.assertEqual(english, {})
