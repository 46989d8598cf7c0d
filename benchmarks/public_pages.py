"""Throughput of the public pages against `/healthz` on the same stack, with wrk; and the stack's memory.

Run: .venv/bin/python benchmarks/public_pages.py [--seconds 5] [--connections 8,16]
Needs wrk (Debian: `apt-get install wrk`). For each stack — SQLite, and PostgreSQL + Redis when they
answer on 127.0.0.1:5432 and :6379 — it starts `prongsai serve` (2 gunicorn workers + huey) on a free
loopback port with the demo loaded, then loads each page with wrk: as a visitor gets it (no cookie:
answered from the public page cache after the first request) and bare (a cookie that bypasses the
cache: the view renders every time). `/healthz` is the ceiling of the stack: a view that does nothing.
Target (issue 11): every public page at ≥ 50 % of `/healthz`. Then the memory of the processes (PSS,
from /proc/<pid>/smaps_rollup) after the load. Every request goes to 127.0.0.1; each wrk run is bounded
by --seconds. Writes its section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
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


def _pss_tree(root: int) -> dict[str, int]:
    """PSS in MiB of the supervisor and of each of its descendants, by role."""
    found: dict[str, int] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            todo += [int(c) for c in children.read_text().split()]
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            pss = int(re.search(r"^Pss:\s+(\d+)", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.M).group(1))  # type: ignore[union-attr]
        except (OSError, AttributeError):
            continue
        role = "supervisor" if pid == root else "worker (huey)" if "run_huey" in cmd else "web (gunicorn)"
        found[role] = found.get(role, 0) + pss // 1024
    return found


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


def measure(stack: Stack, connections: list[int], seconds: int) -> tuple[list[str], dict[str, int]]:
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
        memory = _pss_tree(stack.process.pid)
    return rows, memory


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", default="8,16")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    connections = [int(c) for c in args.connections.split(",")]
    stacks = [Stack()]
    if _reachable(5432) and _reachable(6379):
        stacks.append(
            Stack(
                database_url="postgres://postgres@127.0.0.1:5432/prongsai_bench", redis_url="redis://127.0.0.1:6379/9"
            )
        )
    rows: list[str] = []
    memories: list[str] = []
    for stack in stacks:
        found, memory = measure(stack, connections, args.seconds)
        rows += found
        total = sum(v for k, v in memory.items() if k != "supervisor")
        memories.append(
            f"| {stack.name} | {memory.get('web (gunicorn)', 0)} MiB | {memory.get('worker (huey)', 0)} MiB | "
            f"{memory.get('supervisor', 0)} MiB | {total} MiB | {'yes' if total < 300 else 'NO'} |"
        )
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = f"""## Public pages (benchmarks/public_pages.py)

Measured {when} on {machine()}; wrk, 2 threads, {args.seconds} s per run after a 1 s warm-up, against
`prongsai serve` (2 gunicorn workers × 4 threads + huey) with the demo loaded. "Visitor" is a request
without cookies, as a citizen's browser or a proxy sends it (the public page cache answers it after the
first request); "bare" carries a cookie, so the view renders the page every time. The ceiling is
`/healthz` on the same stack in the same run. Target: every public page at ≥ 50 % of `/healthz`.

| stack | connections | page | visitor req/s | bare req/s | visitor p50 / p99 | share of /healthz | ≥ 50 % |
|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Memory after the load (PSS, so shared pages are counted once): web is the gunicorn master and its two
workers, worker is huey; the supervisor (`prongsai serve`, which only starts and stops the two) does not
load Django. Target: web + worker under 300 MB.

| stack | web | worker | supervisor | web + worker | < 300 MB |
|---|---|---|---|---|---|
{chr(10).join(memories)}
"""
    write_section(RESULTS, "## Public pages (benchmarks/public_pages.py)", section)
    print(section)


if __name__ == "__main__":
    main()
