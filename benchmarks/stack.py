"""A throw-away Prongsai stack for load benchmarks: `prongsai serve` on a free loopback port.

SQLite in a temporary DATA_DIR by default; PostgreSQL + Redis when ``database_url``/``redis_url``
are given (the PostgreSQL database is dropped and made again). The demo is loaded, so the stack
answers as a new installation of one organisation does. Used as a context manager.
"""

from __future__ import annotations

import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}"
    )


class Stack:
    def __init__(self, *, database_url: str = "", redis_url: str = "", web_concurrency: int = 2) -> None:
        self.database_url = database_url
        self.redis_url = redis_url
        self.data_dir = tempfile.mkdtemp(prefix="prongsai-bench-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        self.env |= {"DATA_DIR": self.data_dir, "PORT": str(self.port), "WEB_CONCURRENCY": str(web_concurrency)}
        if database_url:
            self.env["DATABASE_URL"] = database_url
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def name(self) -> str:
        return "PostgreSQL + Redis" if self.database_url else "SQLite"

    def _run(self, *args: str) -> None:
        subprocess.run([str(BIN / "prongsai"), *args], env=self.env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    def _reset_postgres(self) -> None:
        from urllib.parse import urlsplit

        import psycopg

        url = urlsplit(self.database_url)
        name = url.path.lstrip("/")
        admin = self.database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

    def __enter__(self) -> Stack:
        if self.database_url:
            self._reset_postgres()
        if self.redis_url:
            import redis

            redis.Redis.from_url(self.redis_url).flushdb()
        self._run("migrate", "--noinput", "--verbosity", "0")
        self._run("collectstatic", "--noinput", "--verbosity", "0")
        self._run("demo")
        self.process = subprocess.Popen(  # noqa: S603
            [str(BIN / "prongsai"), "serve", "--port", str(self.port)],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2):  # noqa: S310 (loopback only)
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the server did not answer within 60 s")

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.data_dir, ignore_errors=True)
