"""Demo OIT items of อบต.โพหนอง for FY2568: owners, hosted and external evidence, a workflow in progress, audits.

The seed's indicator 9 fell to 59.25 because links were broken, documents incomplete
and units late. The demo shows that situation as it would look in Prongsai: most
items published with documents hosted here, a few still on external links (a Google
Drive folder behind a sign-in, a Facebook page, an old report), some items still
on their way through the workflow, one with no evidence. Every document is a
generated one-page PDF marked "ข้อมูลสาธิต"; the organisation's website address is
a reserved example domain. Audits of external links are recorded results (the demo
never sends a request to a public address); hosted documents are checked for real.
"""

from __future__ import annotations

import functools
import html
from datetime import date, timedelta

from django.utils import timezone

from prongsai.core.uploads import Kind, clean_upload
from prongsai.disclosure.auditor import LinkResult
from prongsai.disclosure.models import OitAudit, OitItem
from prongsai.disclosure.services import (
    DocumentFields,
    document_add_file,
    document_add_link,
    ensure_items,
    transition,
)
from prongsai.ita.framework import get_framework
from prongsai.orgs.models import Organisation

YEAR = 2568
WEBSITE = "https://www.pho-nong.example"
DRIVE = "https://drive.google.com/drive/folders/demo-pho-nong-procurement"
FACEBOOK = "https://www.facebook.com/demo.pho.nong"

# code → (unit index, officer role, state, evidence) where evidence is a list of
# ("file", title, period_end) or ("link", title, url).
Evidence = tuple[str, str, object]
PLAN: dict[str, tuple[int, str, str, list[Evidence]]] = {
    "O1": (0, "coordinator", "published", [("file", "โครงสร้างและอำนาจหน้าที่ อบต.โพหนอง", None)]),
    "O2": (0, "coordinator", "published", [("file", "ข้อมูลผู้บริหาร อบต.โพหนอง", None)]),
    "O3": (0, "coordinator", "published", [("file", "ข้อมูลการติดต่อ อบต.โพหนอง", None)]),
    "O4": (0, "coordinator", "published", [("link", "ข่าวประชาสัมพันธ์ ปีงบประมาณ 2568", f"{WEBSITE}/news")]),
    "O5": (
        0,
        "coordinator",
        "published",
        [("file", "แผนพัฒนาท้องถิ่น (พ.ศ. 2566-2570) ฉบับทบทวน ปีงบประมาณ 2568", date(2025, 9, 30))],
    ),
    "O6": (0, "coordinator", "published", [("file", "แผนการดำเนินงาน ประจำปีงบประมาณ 2568", date(2025, 9, 30))]),
    "O7": (0, "coordinator", "published", [("file", "รายงานผลการดำเนินงานประจำปีงบประมาณ 2567", date(2024, 9, 30))]),
    "O8": (0, "unithead", "published", [("file", "คู่มือการปฏิบัติงาน สำนักปลัด กองคลัง กองช่าง", None)]),
    "O9": (0, "coordinator", "published", [("file", "คู่มือการให้บริการประชาชน", None)]),
    "O10": (0, "coordinator", "published", [("link", "E-Service อบต.โพหนอง", f"{WEBSITE}/e-service")]),
    "O11": (0, "coordinator", "approved", [("file", "สถิติการให้บริการ ต.ค. 2567 - มี.ค. 2568", date(2025, 3, 31))]),
    "O12": (1, "unithead", "published", [("link", "รายการการจัดซื้อจัดจ้าง ปีงบประมาณ 2568 (โฟลเดอร์ Google Drive)", DRIVE)]),
    "O13": (1, "unithead", "published", [("file", "รายงานผลการจัดซื้อจัดจ้าง ปีงบประมาณ 2565", date(2022, 9, 30))]),
    "O14": (
        0,
        "coordinator",
        "published",
        [("file", "แผนการบริหารและพัฒนาทรัพยากรบุคคล ปีงบประมาณ 2568", date(2025, 9, 30))],
    ),
    "O15": (
        0,
        "coordinator",
        "checked",
        [("file", "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ปีงบประมาณ 2567", date(2024, 9, 30))],
    ),
    "O16": (
        0,
        "coordinator",
        "published",
        [("file", "ประมวลจริยธรรมและการขับเคลื่อนจริยธรรม ปีงบประมาณ 2568", date(2025, 9, 30))],
    ),
    "O17": (0, "coordinator", "published", [("file", "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต", None)]),
    "O18": (0, "coordinator", "published", [("link", "ช่องทางแจ้งเรื่องร้องเรียนการทุจริต (เพจ Facebook)", FACEBOOK)]),
    "O19": (
        0,
        "coordinator",
        "submitted",
        [("file", "สถิติเรื่องร้องเรียนการทุจริต ต.ค. 2567 - มี.ค. 2568", date(2025, 3, 31))],
    ),
    "O20": (0, "coordinator", "published", [("link", "การเปิดโอกาสให้มีส่วนร่วม", f"{WEBSITE}/participation")]),
    "O21": (0, "executive", "published", [("file", "ประกาศเจตนารมณ์ No Gift Policy ปีงบประมาณ 2568", date(2025, 9, 30))]),
    "O22": (1, "unithead", "draft", [("file", "รายงานการรับทรัพย์สินหรือประโยชน์อื่นใด ปีงบประมาณ 2567", date(2024, 9, 30))]),
    "O23": (0, "coordinator", "published", [("file", "การประเมินความเสี่ยงการทุจริต ปีงบประมาณ 2568", date(2025, 9, 30))]),
    "O24": (
        0,
        "coordinator",
        "published",
        [("link", "รายงานผลการจัดการความเสี่ยง ปีงบประมาณ 2567", f"{WEBSITE}/risk-2567.pdf")],
    ),
    "O25": (0, "coordinator", "published", [("file", "แผนปฏิบัติการป้องกันการทุจริต ปีงบประมาณ 2568", date(2025, 9, 30))]),
    "O26": (0, "coordinator", "draft", []),
}

WORKFLOW = ("submit", "check", "approve", "publish")
STEPS_TO = {"draft": 0, "submitted": 1, "checked": 2, "approved": 3, "published": 4}
STEP_ROLE = {"submit": "coordinator", "check": "coordinator", "approve": "executive", "publish": "coordinator"}


def _recorded(url: str, *, last_month: bool) -> LinkResult:
    """The demo's recorded audit result of an external link (no request is sent)."""
    if url == DRIVE:
        return LinkResult(
            url,
            [],
            "access_wall",
            200,
            "https://accounts.google.com/ServiceLogin",
            420,
            "ends at a sign-in or permission page: https://accounts.google.com/ServiceLogin",
        )
    if url.endswith("/participation") and last_month:
        return LinkResult(url, [], "http_error", 404, url, 180, "HTTP 404 Not Found")
    if url.endswith("/risk-2567.pdf"):
        return LinkResult(url, [], "http_error", 404, url, 150, "HTTP 404 Not Found")
    return LinkResult(url, [], "ok", 200, url, 210, "HTTP 200 OK")


def demo_pdf(org: Organisation, title: str, code: str) -> bytes:
    """A one-page PDF standing in for a real document, plainly marked as demo data."""
    return _demo_pdf(org.name, title, code)


@functools.lru_cache(maxsize=64)  # the same demo documents each time the demo is loaded (tests load it often)
def _demo_pdf(org_name: str, title: str, code: str) -> bytes:
    from prongsai.core.documents import html_to_pdf, sarabun_font_face_css  # WeasyPrint: only when drawing

    body = f"""<html><head><style>{sarabun_font_face_css()}
      body {{ font-family: Sarabun; font-size: 16pt; }} @page {{ size: A4; margin: 2cm; }}
      .mark {{ border: 3px solid #b00; color: #b00; padding: 0.5em; font-weight: bold; }}</style></head>
      <body><p class="mark">ข้อมูลสาธิต — ไม่ใช่เอกสารจริงของหน่วยงาน</p>
      <h1>{html.escape(title)}</h1><p>{html.escape(org_name)}</p>
      <p>เอกสารประกอบข้อ {html.escape(code)} ของการเปิดเผยข้อมูลสาธารณะ (OIT) ปีงบประมาณ พ.ศ. {YEAR}</p></body></html>"""
    return html_to_pdf(body, base_url=None)


def load(pho_nong: Organisation, sample: Organisation) -> None:
    framework = get_framework(YEAR)
    if framework is None or OitItem.objects.filter(organisation=pho_nong, fiscal_year=YEAR).exists():
        return
    if not pho_nong.website_urls:
        pho_nong.website_urls = [WEBSITE]
        pho_nong.save(update_fields=["website_urls"])
    users = {m.user.username.removeprefix("pho-nong-"): m.user for m in pho_nong.memberships.select_related("user")}
    units = list(pho_nong.units.order_by("position"))
    for item in ensure_items(pho_nong, YEAR, framework):
        unit_index, officer, state, evidence = PLAN.get(item.code, (0, "coordinator", "draft", []))
        item.unit = units[unit_index] if unit_index < len(units) else None
        item.officer = users.get(officer)
        item.save()
        fw_item = framework.item(item.code)
        all_components = list(range(len(fw_item.components) or 1)) if fw_item else [0]
        for kind, title, extra in evidence:
            # The old procurement report covers its components; the incomplete one (O6) covers the first only.
            components = all_components[:1] if item.code == "O6" else all_components
            if kind == "file":
                period_end = extra if isinstance(extra, date) else None
                clean = clean_upload(
                    (f"{item.slug}.pdf", demo_pdf(pho_nong, title, item.code)), allowed=[Kind.PDF], max_bytes=5 << 20
                )
                fields = DocumentFields(
                    title,
                    period_start=date(period_end.year - 1, 10, 1) if period_end else None,
                    period_end=period_end,
                    components=components,
                )
                document_add_file(item, fields, clean, by=users.get(officer))
            else:
                document_add_link(item, DocumentFields(title, components=components), str(extra), by=users.get(officer))
        for action in WORKFLOW[: STEPS_TO[state]]:
            transition(item, action, by=users.get(STEP_ROLE[action]))
    _backdate(pho_nong)
    _audits(pho_nong)


def _backdate(org: Organisation) -> None:
    """Put the demo's work where it belongs: documents handed in and published before the OIT window of 2568.

    Each item's history keeps its order; item N's steps fall on 1 March 2025 + N days.
    """
    from datetime import datetime, time

    from prongsai.core.history import changes_of
    from prongsai.core.models import Change
    from prongsai.core.thai import BANGKOK
    from prongsai.disclosure.models import OitDocument, OitDocumentVersion

    for item in OitItem.objects.filter(organisation=org, fiscal_year=YEAR):
        day = datetime.combine(date(2025, 3, 1) + timedelta(days=item.position), time(9, 0), tzinfo=BANGKOK)
        for minutes, change in enumerate(changes_of(item).order_by("at", "id")):
            Change.objects.filter(pk=change.pk).update(at=day + timedelta(minutes=30 * minutes))
        OitDocument.objects.filter(item=item).update(added_at=day)
        OitDocument.objects.filter(item=item, published_at__isnull=False).update(published_at=day + timedelta(hours=3))
        OitDocumentVersion.objects.filter(document__item=item).update(uploaded_at=day)
        OitDocumentVersion.objects.filter(document__item=item, published_at__isnull=False).update(
            published_at=day + timedelta(hours=3)
        )
        if item.published_at:
            OitItem.objects.filter(pk=item.pk).update(published_at=day + timedelta(hours=3))


def _audits(org: Organisation) -> None:
    """Two stored audits: last month's and today's, so the difference and the monthly report have content."""
    from prongsai.disclosure.audits import run_oit_audit, start_audit

    for last_month in (True, False):
        audit = start_audit(org, YEAR, trigger=OitAudit.Trigger.MONTHLY)

        def recorded(urls: list[str], progress: object, *, last_month: bool = last_month) -> dict[str, LinkResult]:
            return {url: _recorded(url, last_month=last_month) for url in urls}

        run_oit_audit(audit, check_links=recorded)
        if last_month:
            earlier = timezone.now() - timedelta(days=31)
            OitAudit.objects.filter(pk=audit.pk).update(created_at=earlier, started_at=earlier, finished_at=earlier)
