"""Time the stock-check reconciliation of 5,000 assets: the pure function, and a round read from the database.

Run: .venv/bin/python benchmarks/stockcheck.py [--runs N]
It builds a throw-away SQLite database in a temporary DATA_DIR with one organisation, 5,000 registered assets
in 40 rooms and a count of them (a scan for most, some in the wrong room, damaged, not needed, duplicated,
200 unknown codes), then times `reconcile` on plain data, `reconciliation_of(round)` (the queries plus the
function) and the JSON of `stockcheck-report`, and writes the medians to benchmarks/RESULTS.md.
Target (issue 12): reconciling 5,000 assets ≤ 2 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from results import RESULTS, write_section

ROOT = Path(__file__).resolve().parent.parent
ASSETS = 5000
SMALL = 300  # a unit's quarterly round: the size of a small organisation's whole register
TARGET = 2.0
DOC_TARGET = 10.0


def _time(runs: int, work: object) -> list[float]:
    work()  # type: ignore[operator]  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="prongsai-bench-")
    os.environ["DATA_DIR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from prongsai.assets.models import Asset, Scan
    from prongsai.assets.stockcheck import report, services
    from prongsai.assets.stockcheck.reconcile import Registered, Sighting, reconcile
    from prongsai.assets.stockcheck.selectors import reconciliation_of
    from prongsai.orgs.models import Organisation, Unit

    org = Organisation.objects.create(slug="bench", name="อบต.ทดสอบ")
    small = Unit.objects.create(organisation=org, name="กองคลัง")
    rooms = [f"ห้อง {n:02d}" for n in range(40)]
    Asset.objects.bulk_create(
        [
            Asset(
                organisation=org,
                code=f"416-60-{n:05d}",
                name="ครุภัณฑ์",
                room=rooms[n % 40],
                unit=small if n < SMALL else None,
            )
            for n in range(ASSETS)
        ],
        batch_size=500,
    )
    round_ = services.round_start(organisation=org, kind="annual", fiscal_year=2568)
    now = timezone.now()
    scans = []
    for n in range(ASSETS):
        if n % 50 == 0:
            continue  # missing
        room = rooms[(n + 1) % 40] if n % 23 == 0 else rooms[n % 40]
        condition = "damaged" if n % 31 == 0 else "not_needed" if n % 97 == 0 else "usable"
        scans.append(
            Scan(round=round_, code=f"416-60-{n:05d}", room=room, condition=condition, counted_at=now, scan_id=f"b{n}")
        )
        if n % 41 == 0:
            scans.append(
                Scan(round=round_, code=f"416-60-{n:05d}", room=rooms[(n + 7) % 40], counted_at=now, scan_id=f"d{n}")
            )
    scans += [
        Scan(round=round_, code=f"999-{n:05d}", room=rooms[n % 40], counted_at=now, scan_id=f"u{n}") for n in range(200)
    ]
    Scan.objects.bulk_create(scans, batch_size=500)
    quarter = services.round_start(organisation=org, kind="quarterly", fiscal_year=2568, unit=small, quarter=4)
    Scan.objects.bulk_create(
        [
            Scan(round=quarter, code=s.code, room=s.room, condition=s.condition, counted_at=now, scan_id=s.scan_id)
            for s in scans
            if s.code < f"416-60-{SMALL:05d}"
        ],
        batch_size=500,
    )

    assets = [Registered(a.code, a.room) for a in Asset.objects.filter(organisation=org)]
    sightings = [Sighting(s.code, s.room, s.condition, s.counted_at) for s in Scan.objects.filter(round=round_)]
    load_before = os.getloadavg()[0]
    rows = [
        ("reconcile() on plain data", _time(args.runs, lambda: reconcile(assets, sightings))),
        ("reconciliation_of(round): queries + reconcile", _time(args.runs, lambda: reconciliation_of(round_))),
        ("stockcheck-report --format json", _time(args.runs, lambda: report.render(round_, "json"))),
    ]
    documents = [
        (f"document set DOCX ({SMALL} assets)", _time(1, lambda: report.render(quarter, "docx"))),
        (f"document set PDF ({SMALL} assets)", _time(1, lambda: report.render(quarter, "pdf"))),
        (f"lists XLSX ({SMALL} assets)", _time(1, lambda: report.render(quarter, "xlsx"))),
        (f"document set DOCX ({ASSETS:,} assets)", _time(1, lambda: report.render(round_, "docx"))),
        (f"document set PDF ({ASSETS:,} assets)", _time(1, lambda: report.render(round_, "pdf"))),
        (f"lists XLSX ({ASSETS:,} assets)", _time(1, lambda: report.render(round_, "xlsx"))),
    ]
    load_after = os.getloadavg()[0]
    counts = reconciliation_of(round_).counts
    machine = (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    lines = [
        "## Stock-check reconciliation (benchmarks/stockcheck.py)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}; median of {args.runs} runs after one warm-up;",
        f"1-minute load average {load_before:.1f} at the start and {load_after:.1f} at the end (other work shared the cores);",
        f"SQLite; {ASSETS:,} registered assets in 40 rooms, {len(sightings):,} scans "
        f"(states: {', '.join(f'{k} {v:,}' for k, v in counts.items())}).",
        "",
        "| step | median | fastest | slowest | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for name, times in rows:
        median = statistics.median(times)
        lines.append(
            f"| {name} | {median:.3f} s | {min(times):.3f} s | {max(times):.3f} s | ≤ {TARGET:.0f} s | "
            f"{'yes' if median <= TARGET else 'no'} |"
        )
    lines += [
        "",
        "The documents of a unit's round of 300 assets and of the 5,000-asset round (one run after a warm-up;",
        "target of MODULES.md §1: the bundle ≤ 10 s):",
        "",
        "| output | time | target | met |",
        "|---|---|---|---|",
    ]
    for name, times in documents:
        lines.append(f"| {name} | {times[0]:.2f} s | ≤ 10 s | {'yes' if times[0] <= DOC_TARGET else 'no'} |")
    lines += [
        "",
        "The PDF of a 5,000-asset register is long (two lists of every asset, ~200 pages) and WeasyPrint lays its",
        "tables out slowly: download the DOCX or XLSX of such a register, or print it per unit (a unit's round).",
    ]
    section = "\n".join(lines) + "\n"
    write_section(RESULTS, lines[0], section)
    print(section)


if __name__ == "__main__":
    main()
