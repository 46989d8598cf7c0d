"""SITE_URL follows PORT when unset, and staff pages that print a QR code or a public address warn while
SITE_URL is a local address."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from django.template import Context, Template
from django.test import RequestFactory, SimpleTestCase, override_settings
from django.urls import reverse

from prongsai.core.management.commands.serve import child_env
from prongsai.core.testing import PersonaTestCase

WARNING = "SITE_URL"


class SiteUrlFromPortTests(SimpleTestCase):
    def test_it_derives_the_default_site_url_from_port(self) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "ALLOWED_HOSTS")}
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run(
                [sys.executable, "-c", "from prongsai import settings; print(settings.SITE_URL)"],
                env=env | {"PORT": "8123", "DATA_DIR": tmp},
                capture_output=True,
                text=True,
                timeout=60,
            )
        self.assertEqual(done.stdout.strip(), "http://127.0.0.1:8123", done.stderr[-1000:])

    def test_serve_hands_its_port_to_the_web_and_worker_processes(self) -> None:
        env = child_env("127.0.0.1", 8765)
        self.assertEqual(env["PORT"], "8765")
        self.assertEqual(env["BIND"], "127.0.0.1:8765")


class LocalSiteWarningTests(PersonaTestCase):
    @override_settings(SITE_IS_LOCAL=True, SITE_URL="http://127.0.0.1:8000")
    def test_it_warns_staff_where_a_qr_poster_is_offered_while_site_url_is_local(self) -> None:
        self.client.force_login(self.executive)
        response = self.client.get(reverse("complaints:inbox", kwargs={"org_slug": "alpha"}))
        self.assertContains(response, "http://127.0.0.1:8000")
        self.assertContains(response, WARNING)

    @override_settings(SITE_IS_LOCAL=False, SITE_URL="https://ita.example.go.th")
    def test_it_says_nothing_when_site_url_is_public(self) -> None:
        self.client.force_login(self.executive)
        response = self.client.get(reverse("complaints:inbox", kwargs={"org_slug": "alpha"}))
        self.assertNotContains(response, WARNING)

    @override_settings(SITE_IS_LOCAL=True)
    def test_it_never_shows_the_banner_to_the_public(self) -> None:
        request = RequestFactory().get("/")
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        html = Template("{% load prongsai_site %}{% public_address_warning %}").render(Context({"request": request}))
        self.assertNotIn(WARNING, html)
