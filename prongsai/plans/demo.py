"""Demo activities and evidence on อบต.โพหนอง's FY2569 plan (the measures of the seed).

The activities, dates and statuses are illustrations for training, written as
demo data; they do not claim what the real organisation did.
"""

from __future__ import annotations

import hashlib
from datetime import date

from prongsai.ita.models import PlanRow
from prongsai.orgs.models import Organisation
from prongsai.plans.models import Activity
from prongsai.plans.services import activity_create, evidence_add

# (indicator, words in the measure's title, activity, start, due, status, percent, evidence notes)
DEMO_ACTIVITIES: tuple[tuple[int, str, str, date, date, str, int, list[tuple[str, str, str]]], ...] = (
    (
        9,
        "แต่งตั้งผู้รับผิดชอบรายข้อ",
        "ออกคำสั่งแต่งตั้งผู้รับผิดชอบรายข้อ OIT ทุกกอง",
        date(2025, 10, 1),
        date(2025, 10, 31),
        "done",
        100,
        [("note", "บันทึกข้อสั่งการ นายก อบต. (ข้อมูลสาธิต)", "ให้ทุกกองส่งข้อมูลตามข้อ OIT ที่รับผิดชอบภายในวันที่ 15 ของทุกเดือน")],
    ),
    (
        9,
        "แต่งตั้งผู้รับผิดชอบรายข้อ",
        "รายงานสถานะข้อ OIT ต่อนายกและปลัดทุกเดือน",
        date(2025, 11, 1),
        date(2026, 9, 15),
        "in_progress",
        60,
        [],
    ),
    (
        9,
        "ปรับปรุงโครงสร้างสถาปัตยกรรมเว็บไซต์",
        "Big Cleaning Day: ตรวจและแก้ลิงก์เสียทั้งเว็บไซต์",
        date(2025, 12, 1),
        date(2026, 1, 31),
        "done",
        100,
        [("link", "รายงานผลการตรวจลิงก์ (ข้อมูลสาธิต)", "https://example.org/pho-nong/link-audit-2569.pdf")],
    ),
    (
        4,
        "ระบบคุมทะเบียนทรัพย์สิน",
        "ติดตั้ง QR Logbook สำหรับรถส่วนกลาง",
        date(2025, 11, 1),
        date(2026, 2, 28),
        "in_progress",
        70,
        [],
    ),
    (4, "ระบบคุมทะเบียนทรัพย์สิน", "ตรวจนับครุภัณฑ์ประจำไตรมาส", date(2026, 1, 1), date(2026, 3, 31), "blocked", 30, []),
    (
        5,
        "สายด่วนสุจริต",
        "เปิดช่องทางแจ้งเบาะแสออนไลน์ที่ไม่เก็บตัวตน",
        date(2025, 10, 15),
        date(2026, 1, 15),
        "not_started",
        0,
        [],
    ),
)


def _demo_photo(caption: str) -> bytes:
    """A drawn placeholder picture, plainly marked as demo data (no real photograph is invented)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 640), (214, 228, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 920, 600), outline=(11, 83, 148), width=8)
    draw.text((80, 300), "DEMO", fill=(11, 83, 148))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def load(pho_nong: Organisation, sample: Organisation) -> None:
    if Activity.objects.filter(organisation=pho_nong).exists():
        return
    rows = list(PlanRow.objects.filter(organisation=pho_nong, fiscal_year=2568).order_by("indicator", "position"))
    units = list(pho_nong.units.order_by("position"))
    for indicator, words, title, start, due, status, percent, evidence in DEMO_ACTIVITIES:
        row = next((r for r in rows if r.indicator == indicator and words in r.title), None)
        if row is None:
            continue
        activity = activity_create(
            row=row,
            fields={
                "title": title,
                "unit": row.units.first() or (units[0] if units else None),
                "start": start,
                "due": due,
                "status": status,
                "percent": percent,
                "status_reason": "รอการจัดซื้อเครื่องพิมพ์ป้ายคิวอาร์โค้ด (ข้อมูลสาธิต)" if status == "blocked" else "",
            },
            by=None,
        )
        for kind, caption, text in evidence:
            evidence_add(
                activity=activity,
                kind=kind,
                caption=caption,
                when=due,
                by=None,
                url=text if kind == "link" else "",
                note=text if kind == "note" else "",
            )
    # Every other measure of the seed gets its activity (the "กิจกรรม" of the measure) with a plausible state.
    done_rows = set(Activity.objects.filter(organisation=pho_nong).values_list("plan_row_id", flat=True))
    cycle = [("done", 100), ("in_progress", 50), ("done", 100), ("not_started", 0)]
    for index, row in enumerate(r for r in rows if r.pk not in done_rows):
        status, percent = cycle[index % len(cycle)]
        due = date(2026, 3, 31) if index % 2 else date(2026, 8, 31)
        activity = activity_create(
            row=row,
            fields={
                "title": (row.activity or row.title)[:500],
                "unit": row.units.first() or (units[0] if units else None),
                "start": date(2025, 10, 1),
                "due": due,
                "status": status,
                "percent": percent,
            },
            by=None,
        )
        if status == "done":
            caption = "ภาพประกอบกิจกรรม (ข้อมูลสาธิต)"
            content = _demo_photo(caption)
            evidence_add(
                activity=activity,
                kind="photo",
                caption=caption,
                when=due,
                by=None,
                content=content,
                file_name="demo.jpg",
                content_type="image/jpeg",
                sha256=hashlib.sha256(content).hexdigest(),
            )
