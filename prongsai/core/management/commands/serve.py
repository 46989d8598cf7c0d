from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from prongsai.core.exposure import development_key_exposure, refusal


class Command(BaseCommand):
    help = "Run the web server (gunicorn + whitenoise) and the background worker (huey) together; Ctrl-C stops both."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("PORT", "8000")), help="port (default: $PORT or 8000)"
        )
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")

    def handle(self, *args: Any, **options: Any) -> None:
        bind = f"{options['host']}:{options['port']}"
        if settings.SECRET_KEY == settings.DEV_SECRET_KEY and (
            reason := development_key_exposure(site_host=settings.SITE_HOST, allowed_hosts=[], binds=[bind])
        ):  # SITE_URL and ALLOWED_HOSTS were checked when the settings were read
            raise CommandError(refusal(reason))
        env = os.environ | {
            "BIND": bind,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "prongsai.settings"),
        }
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:prongsai.gunicorn_conf", "prongsai.wsgi"], env=env
        )
        worker = subprocess.Popen([sys.executable, "-m", "prongsai", "run_huey", "--quiet"], env=env)
        children = {"web (gunicorn)": web, "worker (huey)": worker}
        url = f"http://{bind}/"
        self.stdout.write(
            self.style.SUCCESS(f"Prongsai is running at {url}  (worker: huey, {settings.HUEY['huey_class']})")
        )
        self.stdout.write("Press Ctrl-C to stop.")

        def stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(child.poll() is None for child in children.values()):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children.values():
                if child.poll() is None:
                    child.terminate()
            for child in children.values():
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [
            name
            for name, child in children.items()
            if child.returncode not in (0, -signal.SIGTERM, -signal.SIGINT, None)
        ]
        if failed:
            self.stderr.write(f"stopped: a process exited with an error ({', '.join(map(str, failed))})")
            sys.exit(1)
        self.stdout.write("Stopped.")
