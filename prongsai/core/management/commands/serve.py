"""`prongsai serve [--port N] [--host ADDRESS]`: the web server (gunicorn + whitenoise) and the worker (huey) together.

The supervisor only starts, watches and stops its two children, so it runs without loading Django
(``prongsai/cli.py`` calls :func:`main` directly): it holds a few MB instead of the ~90 MB of a
process that imports every app. The children load the settings themselves and refuse to start on
unsafe ones. Ctrl-C (or SIGTERM) stops both.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from typing import Any, TextIO

from prongsai.core.commands import MainCommand
from prongsai.core.exposure import DEV_SECRET_KEY, development_key_exposure, refusal

PROG = "prongsai serve"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Run the web server (gunicorn + whitenoise) and the background worker (huey) together; "
        "Ctrl-C stops both.",
    )
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("PORT", "8000")), help="port (default: $PORT or 8000)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    return parser


def child_env(host: str, port: int) -> dict[str, str]:
    """The environment of gunicorn and huey: the address to bind, and PORT, from which an unset SITE_URL follows."""
    return os.environ | {
        "BIND": f"{host}:{port}",
        "PORT": str(port),
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "prongsai.settings"),
    }


def _worker_kind() -> str:
    return "huey.RedisHuey" if os.environ.get("REDIS_URL") else "huey.SqliteHuey"


def main(argv: list[str], *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    options = _parser().parse_args(argv)
    bind = f"{options.host}:{options.port}"
    if os.environ.get("SECRET_KEY", DEV_SECRET_KEY) == DEV_SECRET_KEY and (
        reason := development_key_exposure(site_host="localhost", allowed_hosts=[], binds=[bind])
    ):  # SITE_URL and ALLOWED_HOSTS are checked by the children's settings as well
        err.write(refusal(reason) + "\n")
        return 2
    env = child_env(options.host, options.port)
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:prongsai.gunicorn_conf", "prongsai.wsgi"], env=env
    )
    worker = subprocess.Popen([sys.executable, "-m", "prongsai", "run_huey", "--quiet"], env=env)
    children = {"web (gunicorn)": web, "worker (huey)": worker}
    out.write(f"Prongsai is running at http://{bind}/  (worker: huey, {_worker_kind()})\n")
    out.write("Press Ctrl-C to stop.\n")
    out.flush()

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
        name for name, child in children.items() if child.returncode not in (0, -signal.SIGTERM, -signal.SIGINT, None)
    ]
    if failed:
        err.write(f"stopped: a process exited with an error ({', '.join(failed)})\n")
        return 1
    out.write("Stopped.\n")
    return 0


class Command(MainCommand):
    help = "Run the web server (gunicorn + whitenoise) and the background worker (huey) together; Ctrl-C stops both."
    main = staticmethod(main)
