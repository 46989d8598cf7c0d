"""The web server's access log and the application's log of a real gunicorn hold nothing of a reporter:
no address, agent or referrer, and not the time of a visit to the reporting pages (core/quietlog.py).

gunicorn runs with the project's own configuration (prongsai/gunicorn_conf.py) on 127.0.0.1 against a
fresh SQLite database (the project's settings, static files served without collecting them: server_settings.py); a report is filed through it with a marked address, user agent and referrer,
and both logs are read back.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

import httpx

AGENT = "Mozilla/5.0 SERVER-LOG-AGENT-MARKER"
REFERRER = "http://127.0.0.1/SERVER-LOG-REFERRER-MARKER"
FORWARDED = "127.0.0.99"  # as a proxy would pass the client's address


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_gunicorn_and_django_logs_keep_no_address_agent_or_referrer() -> None:
    bin_dir = Path(sys.executable).parent
    with TemporaryDirectory() as data:
        port = _free_port()
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS"))
        }
        env |= {"DATA_DIR": data, "PORT": str(port), "LOG_LEVEL": "DEBUG", "WEB_CONCURRENCY": "1"}
        env["DJANGO_SETTINGS_MODULE"] = "prongsai.complaints.tests.server_settings"
        env["COMPLAINT_KEYS"] = "ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg="
        setup = (  # one interpreter for both commands: each start of Django costs a second
            "import django; django.setup()\n"
            "from django.core.management import call_command\n"
            "call_command('migrate', verbosity=0)\n"
            "call_command('org-create', slug='logs', name='อบต.ทดสอบบันทึก')\n"
        )
        subprocess.run([sys.executable, "-c", setup], env=env, check=True, timeout=120, capture_output=True)
        log_path = Path(data) / "server.log"
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [str(bin_dir / "gunicorn"), "-c", "python:prongsai.gunicorn_conf", "prongsai.wsgi"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                headers = {"User-Agent": AGENT, "Referer": REFERRER, "X-Forwarded-For": FORWARDED}
                with httpx.Client(base_url=base, headers=headers, timeout=10, trust_env=False) as client:
                    deadline = time.monotonic() + 30
                    while True:  # bounded: until the server answers or 30 s pass
                        try:
                            page = client.get("/logs/complaints/new/")
                            break
                        except httpx.TransportError:
                            if time.monotonic() > deadline:
                                raise
                            time.sleep(0.2)
                    assert page.status_code == 200
                    token = re.search(r'name="form_token" value="([^"]+)"', page.text)
                    assert token is not None
                    data_ = {
                        "form_token": token.group(1),
                        "category": "general",
                        "reporter_kind": "public",
                        "what": "x",
                    }
                    answer = client.post("/logs/complaints/new/", data=data_)
                    assert answer.status_code == 303, answer.text[:300]
                    assert "set-cookie" not in answer.headers
                    view_token = answer.headers["location"].split("t=", 1)[1]
                    shown = client.get(answer.headers["location"])
                    assert shown.status_code == 200
                    assert re.search(r"<output>\d{4} \d{4} \d{4} \d{4}</output>", shown.text)
                    assert not re.search(r"<output>\d{4}", client.get(answer.headers["location"]).text), "shown once"
                    assert client.get("/logs/complaints/nothing-here/").status_code == 404
                    assert client.get("/healthz").status_code == 200
                    # A worker that made a document is replaced by a fresh one (gunicorn_conf.post_request).
                    assert client.get("/logs/complaints/poster.pdf").content.startswith(b"%PDF")
                    for _ in range(50):  # bounded: until the master has booted the replacement, at most ~10 s
                        if log_path.read_text().count("Booting worker") >= 2:
                            break
                        time.sleep(0.2)
                    assert client.get("/healthz").status_code == 200  # answered by the fresh worker
            finally:
                server.terminate()
                server.wait(timeout=30)
        text = log_path.read_text()
    assert '"GET /healthz" 200' in text, text[-2000:]  # the access log is on, for the other pages
    assert "it made a document" in text, text[-2000:]
    assert text.count("Booting worker") >= 2, text[-2000:]
    # Not a line with the second of a visit to the reporting pages: no access line at all, and the
    # application's warning about one ("Not Found: /logs/complaints/nothing-here/") at 00:00:00 of its day.
    reporting = [line for line in text.splitlines() if "/logs/complaints/" in line]
    assert [line for line in reporting if '"GET ' in line or '"POST ' in line] == [], reporting
    assert reporting, "the 404 warning is still logged"
    assert all(" 00:00:00,000 " in line for line in reporting), reporting
    for marker in ("SERVER-LOG-AGENT-MARKER", "SERVER-LOG-REFERRER-MARKER", FORWARDED, "127.0.0.1 -", view_token):
        assert marker not in text, marker
