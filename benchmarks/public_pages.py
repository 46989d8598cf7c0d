"""Throughput of the public pages against `/healthz` on the same stack, with wrk; and the stack's memory.

Run: .venv/bin/python benchmarks/public_pages.py [--seconds 5] [--connections 8,16]
Needs wrk (Debian: `apt-get install wrk`). For each stack — SQLite, and PostgreSQL + Redis when they
answer on 127.0.0.1:5432 and :6379 — it starts `prongsai serve` (2 gunicorn workers + huey) on a free
loopback port with the demo loaded, then loads each page with wrk: as a visitor gets it (no cookie:
answered from the public page cache after the first request) and bare (a cookie that bypasses the
cache: the view renders every time). `/healthz` is the ceiling of the stack: a view that does nothing.
Target (issue 11): every public page at ≥ 50 % of `/healthz`. Then the memory of the processes (PSS,
from /proc/<pid>/smaps_rollup) after the load, per process, and again after each gunicorn worker has also
rendered the ITA report as PDF and DOCX for a signed-in coordinator. Every request goes to 127.0.0.1; each
wrk run is bounded by --seconds. Writes its section of benchmarks/RESULTS.md. PostgreSQL + Redis: give
your own --database-url (the database is dropped and made again) and --redis-url (flushed).
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from results import RESULTS, write_section
from stack import Stack, machine

PAGES = [
    ("/healthz", "health check (the ceiling)"),
    ("/pho-nong/oit/2568/", "OIT year page"),
    ("{file}", "permanent document address (PDF)"),
    ("/pho-nong/plan/2569/", "public progress page"),
    ("/pho-nong/complaints/board/", "complaint board"),
]
REPORT = "/pho-nong/staff/ita/2568/report"  # ita:download, the ITA report of the demo's year


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", "prongsai-demo")


def _wrk(url: str, connections: int, seconds: int, cookie: bool) -> tuple[float, str, str]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        cmd += ["-H", "Cookie: benchmark=bare"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=seconds + 30, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"\s50%\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"\s99%\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    return rps, p50, p99


def _pss(pid: int) -> int:
    """PSS of one process in MiB (shared pages divided among the processes that map them)."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1)) // 1024  # type: ignore[union-attr]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _processes(root: int) -> list[tuple[str, int]]:
    """The stack's processes as (role, pid): supervisor, gunicorn master, each gunicorn worker, huey."""
    found = [("supervisor", root)]
    for child in _children(root):
        cmd = Path(f"/proc/{child}/cmdline").read_bytes()
        if b"run_huey" in cmd:
            found.append(("worker (huey)", child))
        else:
            found.append(("web master", child))
            found += [(f"web worker {n}", pid) for n, pid in enumerate(sorted(_children(child)), 1)]
    return found


def _memory(root: int) -> dict[str, int]:
    """PSS in MiB by process, with the web total (master + workers) and web + worker."""
    memory = {role: _pss(pid) for role, pid in _processes(root)}
    memory["web"] = sum(v for k, v in memory.items() if k.startswith("web "))
    memory["total"] = memory["web"] + memory.get("worker (huey)", 0)
    return memory


def _sign_in(base: str) -> str:
    """Sign in as the demo's ITA coordinator of Pho Nong; the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/accounts/login/", timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = urllib.parse.urlencode(
        {"username": "pho-nong-coordinator", "password": demo_password(), "csrfmiddlewaretoken": token}
    )
    request = urllib.request.Request(  # noqa: S310 (loopback)
        base + "/accounts/login/", data=form.encode(), headers={"Referer": base + "/accounts/login/"}
    )
    with opener.open(request, timeout=10):
        pass
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError("the demo coordinator could not sign in")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _render_reports(stack: Stack, cookie: str, count: int = 4) -> int:
    """Download the ITA report ``count`` times as PDF and as DOCX, each pair over a new connection; the downloads.

    With ``WEB_RECYCLE_AFTER_DOCUMENTS`` (the default) the worker that answers is replaced after each
    pair, so the pairs land on fresh workers in turn.
    """
    downloads = 0
    for _ in range(count):
        connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=60)
        for fmt in ("pdf", "docx"):
            connection.request("GET", f"{REPORT}.{fmt}", headers={"Cookie": cookie})
            response = connection.getresponse()
            body = response.read()
            if response.status != 200 or len(body) < 10_000:
                raise RuntimeError(f"{REPORT}.{fmt} answered {response.status} ({len(body)} bytes)")
            downloads += 1
        connection.close()
        time.sleep(0.5)  # the replaced worker exits, the master forks a new one
    return downloads


def _file_url(base: str) -> str:
    with urllib.request.urlopen(base + "/pho-nong/oit/2568/", timeout=10) as response:  # noqa: S310 (loopback)
        page = response.read().decode()
    match = re.search(r'href="(/pho-nong/oit/2568/o\d+/[^"]+\.pdf)"', page)
    if match is None:
        raise RuntimeError("the demo's OIT page links no hosted PDF")
    return match.group(1)


def _reachable(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def measure(stack: Stack, connections: list[int], seconds: int) -> tuple[list[str], dict[str, int], dict[str, int]]:
    rows = []
    with stack:
        file_url = _file_url(stack.base)
        for c in connections:
            ceiling = 0.0
            for path, label in PAGES:
                url = stack.base + path.format(file=file_url)
                _wrk(url, 2, 1, cookie=False)  # warm-up: imports, templates, the cache
                rps, p50, p99 = _wrk(url, c, seconds, cookie=False)
                if path == "/healthz":
                    ceiling = rps
                    rows.append(f"| {stack.name} | {c} | {label} | {rps:,.0f} | — | {p50} / {p99} | — | — |")
                    continue
                bare, _b50, _b99 = _wrk(url, c, seconds, cookie=True)
                share = rps / ceiling
                rows.append(
                    f"| {stack.name} | {c} | {label} | {rps:,.0f} | {bare:,.0f} | {p50} / {p99} | "
                    f"{share:.0%} | {'yes' if share >= 0.5 else 'NO'} |"
                )
        assert stack.process is not None
        memory = _memory(stack.process.pid)
        downloads = _render_reports(stack, _sign_in(stack.base))
        time.sleep(2)  # let the workers finish their requests and the replacements start
        rendered = _memory(stack.process.pid)
        rendered["downloads"] = downloads
    return rows, memory, rendered


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", default="8,16")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/prongsai_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    connections = [int(c) for c in args.connections.split(",")]
    load_start = os.getloadavg()[0]
    stacks = [Stack()]
    if not args.sqlite_only and _reachable(5432) and _reachable(6379):
        stacks.append(Stack(database_url=args.database_url, redis_url=args.redis_url))
    rows: list[str] = []
    memories: list[str] = []
    for stack in stacks:
        stack.env["WEB_MAX_REQUESTS"] = "0"  # no recycling by count: wrk's requests would replace the workers anyway
        found, memory, rendered = measure(stack, connections, args.seconds)
        rows += found
        for when_, m in (
            ("after the page load", memory),
            (f"after {rendered['downloads']} downloads of the ITA report (PDF and DOCX)", rendered),
        ):
            workers = " + ".join(str(v) for k, v in sorted(m.items()) if k.startswith("web worker"))
            memories.append(
                f"| {stack.name} | {when_} | {m.get('web master', 0)} + {workers} = {m['web']} MiB | "
                f"{m.get('worker (huey)', 0)} MiB | {m.get('supervisor', 0)} MiB | {m['total']} MiB | "
                f"{'yes' if m['total'] < 300 else 'NO'} |"
            )
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = f"1-minute load average {load_start:.1f} at the start and {os.getloadavg()[0]:.1f} at the end"
    section = f"""## Public pages (benchmarks/public_pages.py)

Measured {when} on {machine()} ({load}; other work on the cores makes single runs noisy); wrk, 2 threads, {args.seconds} s per run after a 1 s warm-up, against
`prongsai serve` (2 gunicorn workers × 4 threads + huey) with the demo loaded. "Visitor" is a request
without cookies, as a citizen's browser or a proxy sends it (the public page cache answers it after the
first request); "bare" carries a cookie, so the view renders the page every time. The ceiling is
`/healthz` on the same stack in the same run. Target: every public page at ≥ 50 % of `/healthz`.

| stack | connections | page | visitor req/s | bare req/s | visitor p50 / p99 | share of /healthz | ≥ 50 % |
|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Memory (PSS from /proc/<pid>/smaps_rollup, so shared pages are counted once), first after the page load,
then again after a signed-in coordinator has downloaded the ITA report of 2568 as PDF and as DOCX four
times (each pair over a new connection). Web is the gunicorn master + its workers, worker is huey; the
supervisor (`prongsai serve`, which only starts and stops the two) does not load Django. A worker that has
made a document is replaced once it has answered (`WEB_RECYCLE_AFTER_DOCUMENTS`, on by default): the
document libraries and the layout's heap (some 80 MB a worker) leave with it. With that switched off
(`=0`), a run on 2026-12-03 12:55 UTC measured 353 MiB (SQLite) and 340 MiB (PostgreSQL + Redis) once both
workers had made the report. Target: web + worker under 300 MB.

| stack | when | web (master + workers) | worker (huey) | supervisor | web + worker | < 300 MB |
|---|---|---|---|---|---|---|
{chr(10).join(memories)}
"""
    write_section(RESULTS, "## Public pages (benchmarks/public_pages.py)", section)
    print(section)


if __name__ == "__main__":
    main()
