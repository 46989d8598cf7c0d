"""Test support of the service catalogue: org A's records for the tenancy walk's URL keywords, and a service."""

from __future__ import annotations

from typing import Any

from prongsai.core.testing import HISTORY_SAMPLES, URL_KWARGS


def content(case: Any, name: str = "การรับแจ้งการเกิด", unit: Any = None, **extra: Any) -> Any:
    from prongsai.services.services import Content

    values = {
        "name": name,
        "unit": unit if unit is not None else case.finance,
        "standard_min": 10,
        "fee": "ไม่มีค่าธรรมเนียม",
        "steps": [
            {"text": "ตรวจสอบเอกสาร", "minutes": 3, "who": "นายทะเบียนผู้ช่วย"},
            {"text": "ออกสูติบัตร", "minutes": 7, "who": "นายทะเบียน"},
        ],
        "documents": [{"name": "สำเนาทะเบียนบ้าน", "copies": 1, "office_fetches": True}],
    } | extra
    return Content(**values)


def service(case: Any, name: str = "การรับแจ้งการเกิด") -> Any:
    from prongsai.services import services
    from prongsai.services.models import Service

    found = Service.objects.filter(organisation=case.org, name=name).first()
    if found is None:
        found = services.service_create(organisation=case.org, content=content(case, name), by=case.coordinator)
    return found


def form(case: Any) -> int:
    from django.core.files.base import ContentFile

    from prongsai.services.models import ServiceForm

    found = service(case)
    item = found.forms.first()
    if item is None:
        item = ServiceForm(service=found, title="แบบคำร้อง", content_type="application/pdf")
        item.file.save("form.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        item.save()
    return item.pk


def point(case: Any) -> Any:
    """Org A's counter hall: two services (A, B), counter 1 serving both and counter 2 serving A only."""
    from prongsai.services import queue
    from prongsai.services.models import ServicePoint

    found = ServicePoint.objects.filter(organisation=case.org, name="ห้องบริการกองคลัง").first()
    if found is not None:
        return found
    birth, tax = service(case), service(case, "การชำระภาษีที่ดินและสิ่งปลูกสร้าง")
    found = queue.point_create(organisation=case.org, name="ห้องบริการกองคลัง", unit=case.finance)
    queue.point_offer(point=found, service=birth, prefix="A")
    queue.point_offer(point=found, service=tax, prefix="B")
    queue.counter_save(point=found, number=1, services=[birth, tax])
    queue.counter_save(point=found, number=2, services=[birth])
    return found


def ticket(case: Any) -> Any:
    from prongsai.services import queue

    found = point(case)
    existing = found.tickets.first()
    return existing or queue.ticket_take(point=found, service=service(case))


def feedback_token(case: Any) -> str:
    from prongsai.services import feedback

    return feedback.token_for(ticket(case))


URL_KWARGS.update(
    {
        "point_id": lambda case: point(case).pk,
        "counter_number": lambda case: point(case).counters.get(number=1).number,
        "ticket_token": lambda case: ticket(case).token,
        "service_id": lambda case: service(case).pk,
        "revision_number": lambda case: service(case).current.number,
        "form_id": form,
        "feedback_token": lambda case: feedback_token(case),
    }
)


# ------------------------------------------------------------------------------ mystery-shopper rounds


def mystery_round(case: Any) -> Any:
    """Org A's round with one checklist (over the standard) and one finding."""
    from datetime import date

    from prongsai.services import mystery
    from prongsai.services.models import MysteryRound

    found = MysteryRound.objects.filter(organisation=case.org, title="รอบที่ 1/2569").first()
    if found is not None:
        return found
    found = mystery.round_create(
        organisation=case.org,
        title="รอบที่ 1/2569",
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 1, 30),
        led_by=case.coordinator,
        by=case.coordinator,
    )
    visit = {"visited_on": date(2026, 1, 6), "greeted": True, "waiting_min": 5, "total_min": 25}
    mystery.visit_add(item=found, service=service(case), fields=visit, by=case.coordinator)
    mystery.finding_add(item=found, text="ขอสำเนาบัตรเพิ่ม", severity="high", service=service(case), by=case.coordinator)
    return found


def _mystery_finding(case: Any) -> int:
    return int(mystery_round(case).findings.first().pk)


URL_KWARGS.update({"mystery_round_id": lambda case: mystery_round(case).pk, "mystery_finding_id": _mystery_finding})
HISTORY_SAMPLES["services.MysteryRound"] = mystery_round
