from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


def child_env(host: str, port: int) -> dict[str, str]:
    """The environment of gunicorn and huey: the address to bind, and PORT, from which an unset SITE_URL follows."""
    return os.environ | {
        "BIND": f"{host}:{port}",
        "PORT": str(port),
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "prongsai.settings"),
    }


class Command(BaseCommand):
    help = "Run the web server (gunicorn + whitenoise) and the background worker (huey) together; Ctrl-C stops both."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=settings.PORT, help="port (default: $PORT or 8000)")
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")

    def handle(self, *args: Any, **options: Any) -> None:
        bind = f"{options['host']}:{options['port']}"
        env = child_env(options["host"], options["port"])
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
