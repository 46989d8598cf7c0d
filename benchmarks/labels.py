"""Time the label sheets: 2,000 asset labels as one PDF (issue 12: ≤ 10 s), on each label stock.

Run: .venv/bin/python benchmarks/labels.py [--runs N] [--count N]
It builds a throw-away SQLite database in a temporary DATA_DIR with 2,000 assets of one organisation,
then times what `prongsai asset-labels` and the web page do — read the assets, make the labels, draw the
PDF (`assets.register.labels.labels_pdf`) — and writes the medians to benchmarks/RESULTS.md.
The WeasyPrint route (one HTML of all the sheets through core/documents.html_to_pdf, an SVG QR per label)
is timed once on 240 labels for comparison.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from results import RESULTS, write_section

ROOT = Path(__file__).resolve().parent.parent
TARGET = 10.0


def weasyprint_seconds(org_name: str, labels: list, count: int) -> float:
    """The same sheets (3 × 8) as one HTML through WeasyPrint, for the record."""
    import segno

    from prongsai.core.documents import data_uri, html_to_pdf

    started = time.perf_counter()
    cells = []
    for i, label in enumerate(labels[:count]):
        out = io.BytesIO()
        segno.make(label.url, error="m").save(out, kind="svg", scale=1, border=2, xmldecl=False)
        cells.append(
            f'<div class="l" style="left:{(i % 3) * 70}mm;top:{((i // 3) % 8) * 37 + 0.5}mm">'
            f'<img src="{data_uri(out.getvalue(), "image/svg+xml")}"><p>{org_name}</p><p><b>{label.code}</b></p>'
            f"<p>{label.name}</p></div>"
        )
    pages = "".join(f'<section class="p">{"".join(cells[p : p + 24])}</section>' for p in range(0, len(cells), 24))
    css = (
        "@page{size:A4;margin:0}body{margin:0}.p{position:relative;width:210mm;height:297mm;page-break-after:always}"
        ".l{position:absolute;width:70mm;height:37mm;padding:2.5mm;box-sizing:border-box;overflow:hidden}"
        ".l img{float:left;width:32mm;height:32mm;margin-right:1.5mm}.l p{margin:0;font-size:8pt}"
    )
    html_to_pdf(f"<html><head><style>{css}</style></head><body>{pages}</body></html>", base_url=None)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="prongsai-bench-")
    os.environ["DATA_DIR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from pypdf import PdfReader

    from prongsai.assets.models import Asset
    from prongsai.assets.register.labels import STOCKS, labels_for, labels_pdf
    from prongsai.orgs.models import Organisation, Unit

    org = Organisation.objects.create(slug="bench", name="องค์การบริหารส่วนตำบลโพหนอง")
    units = [
        Unit.objects.create(organisation=org, name=n, position=i) for i, n in enumerate(("สำนักปลัด", "กองคลัง", "กองช่าง"))
    ]
    names = (
        "เครื่องคอมพิวเตอร์ สำหรับงานประมวลผล แบบที่ 1",
        "โต๊ะทำงานเหล็ก พร้อมเก้าอี้",
        "เครื่องปรับอากาศ แบบแยกส่วน ขนาด 24,000 บีทียู",
    )
    Asset.objects.bulk_create(
        Asset(
            organisation=org,
            code=f"416-{56 + n % 12}-{n:04d}",
            name=names[n % 3],
            unit=units[n % 3],
            cost=Decimal(20000),
        )
        for n in range(1, args.count + 1)
    )
    load_before = os.getloadavg()[0]
    rows = []
    for stock in STOCKS.values():
        times, cpu, size, pages = [], [], 0, 0
        for _ in range(args.runs + 1):  # the first run warms up (fonts registered, modules imported)
            started, started_cpu = time.perf_counter(), time.process_time()
            assets = list(Asset.objects.filter(organisation=org).order_by("code"))
            pdf = labels_pdf(org.name, labels_for(assets, org), stock=stock)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            size = len(pdf)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        times, cpu = times[1:], cpu[1:]
        median = statistics.median(times)
        rows.append(
            f"| {stock.key} ({stock.per_sheet} per sheet) | {args.count:,} | {pages} | {median:.2f} s | {min(times):.2f} s | "
            f"{max(times):.2f} s | {statistics.median(cpu):.2f} s | ≤ {TARGET:.0f} s | {'yes' if median <= TARGET else 'no'} | {size:,} B |"
        )
    sample = labels_for(list(Asset.objects.filter(organisation=org).order_by("code")[:240]), org)
    weasy = weasyprint_seconds(org.name, sample, 240)
    load_after = os.getloadavg()[0]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    section = (
        "## Asset label sheets (benchmarks/labels.py)\n\n"
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}; median of {args.runs} runs after one warm-up;\n"
        f"1-minute load average {load_before:.1f} at the start and {load_after:.1f} at the end (other work shared the cores).\n"
        f"{args.count:,} assets of one organisation; each run reads them, makes their permanent addresses and draws the PDF\n"
        "(what `prongsai asset-labels` and the labels page do). The PDF is drawn with reportlab: the QR as vector squares\n"
        "from segno's matrix, the text in Sarabun.\n\n"
        "| stock | labels | pages | median | fastest | slowest | CPU (median) | target | met | size |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        f"For comparison, WeasyPrint (one HTML of all the sheets through `core/documents.html_to_pdf`, an SVG QR per label)\n"
        f"took {weasy:.2f} s for 240 labels, about {weasy * args.count / 240:.0f} s for {args.count:,}: hence reportlab.\n"
    )
    write_section(RESULTS, "## Asset label sheets", section)
    print(section)


if __name__ == "__main__":
    main()
