"""The public development key is refused whenever others could reach the server (issue 11, §7).

Before, only SITE_URL was looked at: with the default SITE_URL, the development key and
ALLOWED_HOSTS=ita.example.go.th (or ``serve --host 0.0.0.0``) the server started and served that host.
"""

from __future__ import annotations

import importlib
import io
import tempfile
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, override_settings

from prongsai import gunicorn_conf
from prongsai.core.checks import check_development_key_exposure
from prongsai.core.exposure import DEV_SECRET_KEY, development_key_exposure, is_local_bind, is_local_host
from prongsai.core.tests.test_settings_and_security import run_prongsai

serve = importlib.import_module("prongsai.core.management.commands.serve")


class ExposureTests(SimpleTestCase):
    def test_it_knows_local_hosts_and_binds(self) -> None:
        for host in ("localhost", "127.0.0.1", "127.0.0.5", "::1", "[::1]", "testserver", "app.localhost"):
            self.assertTrue(is_local_host(host), host)
        for host in ("ita.example.go.th", "*", ".example.go.th", "0.0.0.0", "192.168.1.10", "::", ""):  # noqa: S104
            self.assertFalse(is_local_host(host), host)
        for bind in ("127.0.0.1:8000", "localhost:80", "[::1]:8000", "unix:/run/prongsai.sock"):
            self.assertTrue(is_local_bind(bind), bind)
        for bind in ("0.0.0.0:8000", "[::]:8000", ":8000", "10.0.0.2:80", "ita.example.go.th:443"):
            self.assertFalse(is_local_bind(bind), bind)

    def test_it_says_why(self) -> None:
        local = ["127.0.0.1", "localhost"]
        self.assertIsNone(
            development_key_exposure(site_host="127.0.0.1", allowed_hosts=local, binds=["127.0.0.1:8000"])
        )
        self.assertIn("SITE_URL", development_key_exposure(site_host="ita.example.go.th", allowed_hosts=[]) or "")
        reason = development_key_exposure(site_host="127.0.0.1", allowed_hosts=["localhost", "ita.example.go.th"])
        self.assertEqual(reason, "ALLOWED_HOSTS has hosts that are not local (ita.example.go.th)")
        exposed = development_key_exposure(site_host="127.0.0.1", allowed_hosts=local, binds=["0.0.0.0:8000"])
        self.assertIn("0.0.0.0:8000", exposed or "")


class RefusalTests(SimpleTestCase):
    def test_the_settings_refuse_a_public_allowed_host_or_listening_address(self) -> None:
        for env in ({"ALLOWED_HOSTS": "ita.example.go.th"}, {"ALLOWED_HOSTS": "*"}, {"BIND": "0.0.0.0:8000"}):
            with tempfile.TemporaryDirectory() as tmp:
                result = run_prongsai("check", env=env, tmp=Path(tmp))
            self.assertNotEqual(result.returncode, 0, env)
            self.assertIn("SECRET_KEY is the development key", result.stderr)

    def test_serve_refuses_to_listen_beyond_loopback_with_the_development_key(self) -> None:
        err = io.StringIO()
        with mock.patch("subprocess.Popen") as popen, mock.patch.dict("os.environ") as environ:
            environ.pop("SECRET_KEY", None)
            code = serve.main(["--host", "0.0.0.0", "--port", "8765"], stdout=io.StringIO(), stderr=err)  # noqa: S104
        popen.assert_not_called()
        self.assertEqual(code, 2)
        self.assertIn("0.0.0.0:8765", err.getvalue())

    def test_gunicorn_refuses_to_bind_beyond_loopback_with_the_development_key(self) -> None:
        server = SimpleNamespace(cfg=SimpleNamespace(bind=["0.0.0.0:8000"]))
        with mock.patch.dict("os.environ", {}, clear=False) as environ:
            environ.pop("SECRET_KEY", None)
            with self.assertRaises(SystemExit):
                gunicorn_conf.on_starting(server)
            gunicorn_conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(bind=["127.0.0.1:8000"])))
            environ["SECRET_KEY"] = "a-real-secret-" + "x" * 40
            gunicorn_conf.on_starting(server)

    def test_runserver_refuses_to_listen_beyond_loopback_with_the_development_key(self) -> None:
        runserver = "prongsai.core.management.commands.runserver.Command.inner_run"
        with override_settings(SECRET_KEY=DEV_SECRET_KEY), mock.patch(runserver) as inner_run:
            for address in ("0.0.0.0:8765", "[::]:8765", "192.0.2.1:80"):
                with self.assertRaisesMessage(CommandError, "SECRET_KEY is the development key"):
                    call_command("runserver", address, use_reloader=False, use_ipv6=address.startswith("["))
            inner_run.assert_not_called()
            call_command("runserver", "127.0.0.1:8765", use_reloader=False)
            inner_run.assert_called_once()
        with override_settings(SECRET_KEY="a-real-secret-" + "x" * 40), mock.patch(runserver) as inner_run:
            call_command("runserver", "0.0.0.0:8765", use_reloader=False)
            inner_run.assert_called_once()

    def test_the_system_check_catches_settings_changed_afterwards(self) -> None:
        self.assertEqual(check_development_key_exposure(None), [])
        with override_settings(ALLOWED_HOSTS=["ita.example.go.th"]):
            self.assertEqual([e.id for e in check_development_key_exposure(None)], ["prongsai.E004"])
        with override_settings(ALLOWED_HOSTS=["*"], SECRET_KEY="a-real-secret-" + "x" * 40):
            self.assertEqual(check_development_key_exposure(None), [])
