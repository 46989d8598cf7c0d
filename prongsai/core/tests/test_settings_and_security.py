"""Settings from the environment, production refusals, security headers and the SQLite mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import SimpleTestCase, TestCase

PROD_ENV = {
    "SITE_URL": "https://ita.example.go.th",
    "SECRET_KEY": "x" * 30 + "-production-secret-" + "y" * 30,
    "ALLOWED_HOSTS": "ita.example.go.th",
}


def run_prongsai(*args: str, env: dict[str, str], tmp: Path, fresh: bool = False) -> subprocess.CompletedProcess[str]:
    """`prongsai ARGS` in a subprocess; ``fresh``: as a new installation would run it (SQLite, no Redis)."""
    dropped = {"SITE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"} | ({"DATABASE_URL", "REDIS_URL"} if fresh else set())
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "-m", "prongsai", *args],
        env=clean | {"DATA_DIR": str(tmp)} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class ProductionSettingsTests(SimpleTestCase):
    def test_it_refuses_to_start_with_the_development_key_on_a_public_site(self) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            result = run_prongsai("check", env={"SITE_URL": "https://ita.example.go.th"}, tmp=Path(tmp))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is the development key", result.stderr)

    def test_it_passes_the_deploy_check_with_a_production_environment(self) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            result = run_prongsai("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV, tmp=Path(tmp))
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_it_fails_the_deploy_check_over_plain_http(self) -> None:
        import tempfile

        env = PROD_ENV | {"SITE_URL": "http://ita.example.go.th"}
        with tempfile.TemporaryDirectory() as tmp:
            result = run_prongsai("check", "--deploy", env=env, tmp=Path(tmp))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("prongsai.E002", result.stderr)


class SqliteModeTests(TestCase):
    def test_it_opens_sqlite_files_in_wal_mode(self) -> None:
        import tempfile

        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
            self.skipTest("the SQLite settings only apply when DATABASE_URL is SQLite")
        with tempfile.TemporaryDirectory() as tmp:
            params = {**settings.DATABASES["default"], "NAME": str(Path(tmp) / "wal.sqlite3")}
            wrapper = DatabaseWrapper(params, alias="wal-check")
            try:
                with wrapper.cursor() as cursor:
                    cursor.execute("PRAGMA journal_mode")
                    self.assertEqual(cursor.fetchone()[0], "wal")
            finally:
                wrapper.close()


class SecurityHeaderTests(TestCase):
    def test_it_sends_a_strict_content_security_policy(self) -> None:
        response = self.client.get("/")
        csp = response["Content-Security-Policy"]
        self.assertIn("default-src 'self'", csp)
        self.assertIn("script-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertIn("camera=()", response["Permissions-Policy"])

    def test_it_loads_nothing_from_other_origins(self) -> None:
        body = self.client.get("/").content.decode()
        self.assertNotIn("https://", body.replace("https://www.w3.org", ""))
        self.assertNotIn("http://", body)

    def test_it_serves_the_sarabun_font_from_the_package(self) -> None:
        from django.contrib.staticfiles import finders

        found = finders.find("fonts/sarabun/Sarabun-Regular.ttf")
        self.assertIsNotNone(found)
        self.assertIn("fontpkg_sarabun", str(found))
        css = Path(finders.find("css/prongsai.css") or "").read_text()
        self.assertIn("../fonts/sarabun/Sarabun-Regular.ttf", css)

    def test_it_answers_the_health_check(self) -> None:
        self.assertEqual(self.client.get("/healthz").content, b"ok")
