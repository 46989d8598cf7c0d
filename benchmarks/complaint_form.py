"""Load the anonymous complaint form of a real `prongsai serve` (gunicorn + huey) on 127.0.0.1.

Run: .venv/bin/python benchmarks/complaint_form.py [--reports 200] [--concurrency 16] [--deadline 180]
     [--stacks sqlite,postgres]   (postgres: $BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/wt_complaints,
                                   and $BENCH_REDIS_URL, default redis://127.0.0.1:6379/6)

Each stack gets a fresh DATA_DIR, is migrated, gets one organisation with an executive and an ethics
committee member (so every report is notified by the worker), and is served by `prongsai serve` with the
project's defaults (2 gunicorn workers × 4 threads, huey with 2 threads). `--concurrency` clients then file
`--reports` reports as a reporter does: GET the form, POST it (303), GET the one-time receipt. Clients come
from different loopback addresses (127.0.1.x), at most `REPORTS_PER_CLIENT` reports each, as citizens would,
so the throttle is exercised but does not refuse. Bounded: at most `--reports` reports and `--deadline`
seconds per stack. Afterwards the database is asked how many cases were filed (each exactly once, numbered
without gaps) and how many notifications the worker sent. Figures go to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from results import write_section

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KEY = "ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg="  # a throw-away key for the benchmark's own data
HEADING = "## Complaint form (benchmarks/complaint_form.py)"
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
REPORTS_PER_CLIENT = 5  # prongsai.complaints.receipts.REPORTS_PER_CLIENT
RECEIPT = re.compile(r"<output>\d{4} \d{4} \d{4} \d{4}</output>")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def prongsai(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own command)
        [str(BIN / "prongsai"), *args], env=env, check=True, timeout=300, capture_output=True, text=True
    )
    return done.stdout


SETUP = """
from prongsai.accounts.models import User
from prongsai.orgs.models import Membership, Organisation, Role
org = Organisation.objects.get(slug="{slug}")
for name, role in (("{slug}-exec", Role.EXECUTIVE), ("{slug}-ethics", Role.ETHICS_COMMITTEE)):
    user = User.objects.create(username=name, first_name=name, email=name + "@example.invalid")
    Membership.objects.create(user=user, organisation=org, role=role)
"""

CHECK = """
from prongsai.accounts.models import Notification
from prongsai.complaints.models import Case
numbers = sorted(Case.objects.filter(organisation__slug="{slug}").values_list("number", flat=True))
tails = [int(n.rsplit("-", 1)[1]) for n in numbers]
print(len(numbers), len(set(numbers)), tails == list(range(1, len(tails) + 1)),
      Notification.objects.filter(user__username__startswith="{slug}-").count())
"""


async def one_report(address: str, base: str, slug: str, reports: int, out: dict[str, list]) -> None:
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(base_url=base, transport=transport, timeout=60, trust_env=False) as client:
        for _ in range(reports):
            started = time.perf_counter()
            try:
                page = await client.get(f"/{slug}/complaints/new/")
                token = TOKEN.search(page.text)
                if token is None:
                    out["errors"].append(f"form {page.status_code}")
                    continue
                posted_at = time.perf_counter()
                answer = await client.post(
                    f"/{slug}/complaints/new/",
                    data={
                        "form_token": token.group(1),
                        "category": "general",
                        "reporter_kind": "public",
                        "what": "benchmark " + secrets.token_hex(8),
                    },
                )
                if answer.status_code != 303:
                    out["errors"].append(f"post {answer.status_code}")
                    continue
                shown = await client.get(answer.headers["location"])
                done = time.perf_counter()
                if shown.status_code != 200 or not RECEIPT.search(shown.text):
                    out["errors"].append(f"receipt {shown.status_code}")
                    continue
                out["filing"].append(done - posted_at)  # POST + receipt page: what the reporter waits for
                out["whole"].append(done - started)
            except httpx.HTTPError as exc:
                out["errors"].append(type(exc).__name__)


async def load(base: str, slug: str, reports: int, concurrency: int, per_client: int, deadline: float) -> dict:
    out: dict[str, list] = {"filing": [], "whole": [], "errors": []}
    clients = (reports + per_client - 1) // per_client
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(clients):
        queue.put_nowait(n)

    async def worker() -> None:
        while not queue.empty():
            n = queue.get_nowait()
            count = min(per_client, reports - n * per_client)
            await one_report(f"127.0.{1 + n // 250}.{1 + n % 250}", base, slug, count, out)

    started = time.perf_counter()
    try:
        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(concurrency))), timeout=deadline)
    except TimeoutError:
        out["errors"].append("deadline")
    out["seconds"] = [time.perf_counter() - started]
    return out


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` when it does not exist yet (its name only, on that server)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def run_stack(name: str, extra_env: dict[str, str], args: argparse.Namespace) -> dict:
    data = tempfile.mkdtemp(prefix="prongsai-bench-complaints-")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "DJANGO_"))}
    env |= {"DATA_DIR": data, "PORT": str(port), "COMPLAINT_KEYS": KEY, "LOG_LEVEL": "WARNING"}
    env |= extra_env
    slug = f"bench{secrets.token_hex(3)}"
    if "DATABASE_URL" in extra_env:
        ensure_database(extra_env["DATABASE_URL"])
    prongsai(env, "migrate", "-v0")
    prongsai(env, "collectstatic", "--noinput", "-v0")
    prongsai(env, "org-create", "--slug", slug, "--name", "อบต.วัดความเร็ว")
    prongsai(env, "shell", "-c", SETUP.format(slug=slug))
    server = subprocess.Popen(  # noqa: S603 (our own command)
        [str(BIN / "prongsai"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        until = time.monotonic() + 60
        while True:  # bounded: until the server answers or 60 s pass
            try:
                if httpx.get(base + "/healthz", timeout=2, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > until:
                raise RuntimeError("the server did not start")
            time.sleep(0.3)
        load_average = os.getloadavg()[0]
        out = asyncio.run(load(base, slug, args.reports, args.concurrency, REPORTS_PER_CLIENT, args.deadline))
        time.sleep(5)  # let the worker send the last notifications
        checked = prongsai(env, "shell", "-c", CHECK.format(slug=slug)).strip().splitlines()[-1]
        cases, distinct, gapless, notices = checked.split()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
    out |= {
        "cases": int(cases),
        "distinct": int(distinct),
        "gapless": gapless == "True",
        "notices": int(notices),
        "load": load_average,
    }
    return out


def row(name: str, out: dict, args: argparse.Namespace) -> str:
    filing = sorted(out["filing"])
    ok = len(filing)
    seconds = out["seconds"][0]

    def pct(p: float) -> str:
        return f"{filing[min(len(filing) - 1, int(p * len(filing)))]:.3f} s" if filing else "—"

    errors = ", ".join(sorted(set(out["errors"]))) or "none"
    return (
        f"| {name} | {ok} / {args.reports} | {ok / seconds:.1f} | {statistics.median(filing):.3f} s | {pct(0.95)} | "
        f"{pct(0.99)} | {filing[-1] if filing else 0:.3f} s | {errors} | {out['cases']} ({'each once, no gap' if out['distinct'] == out['cases'] and out['gapless'] else 'NOT unique'}) | "
        f"{out['notices']} | {out['load']:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--deadline", type=float, default=180)
    parser.add_argument("--stacks", default="sqlite,postgres")
    args = parser.parse_args()
    stacks = {
        "SQLite": {},
        "PostgreSQL + Redis": {
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wt_complaints"),
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
        },
    }
    chosen = {"sqlite": "SQLite", "postgres": "PostgreSQL + Redis"}
    rows = []
    for key in args.stacks.split(","):
        name = chosen[key.strip()]
        out = run_stack(name, stacks[name], args)
        rows.append(row(name, out, args))
        print(rows[-1])
    machine = (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    section = "\n".join(
        [
            HEADING,
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine} (shared with other work: the 1-minute load",
            "average when the run started is in the last column). `prongsai serve` on 127.0.0.1 with its defaults",
            "(gunicorn 2 workers × 4 threads, huey 2 threads); "
            f"{args.concurrency} clients at once file {args.reports} reports as a reporter does: GET the form, POST it",
            "(303), GET the one-time receipt; each client from its own loopback address, at most 5 reports each (the",
            "throttle's limit). *Filing* is the POST and the receipt page, what the reporter waits for. The",
            "notifications (two recipients per report) are sent by the worker after the commit, not in the request.",
            "The request still does what the receipt needs: checking and scrubbing the form, one scrypt of the receipt",
            "(about 0.07 s of CPU on this machine, which bounds two cores to some 30 reports/s), the encryption, one",
            "transaction (counter row, case, one-time rows) and the throttle counters. Issue 11 measured about 8",
            "reports/s with a p99 of 8.9 s and 'database is locked' at 20/s on SQLite before this (another load).",
            "",
            "| stack | receipts shown | reports/s | filing median | p95 | p99 | slowest | errors | cases in the database | notifications | load |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    )
    write_section(ROOT / "benchmarks" / "RESULTS.md", HEADING, section)


if __name__ == "__main__":
    main()
