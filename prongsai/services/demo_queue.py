"""Demo queue of อบต.โพหนอง: the counter hall of สำนักปลัด with two counters and the hall of กองคลัง with one, so that
the kiosk, the counters and the TV display can be tried from ``make run`` (no tickets: a visitor takes the first)."""

from __future__ import annotations

from prongsai.orgs.models import Organisation
from prongsai.services import queue
from prongsai.services.models import Service
from prongsai.services.models.queue import ServicePoint

# (point, unit, [(service, ticket letter)], counters: [(number, [service names])])
POINTS = (
    (
        "ห้องบริการสำนักปลัด",
        "สำนักปลัด",
        [("การรับแจ้งการเกิด", "A"), ("การลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ", "B")],
        [(1, ["การรับแจ้งการเกิด", "การลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ"]), (2, ["การลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ"])],
    ),
    (
        "ห้องบริการกองคลัง",
        "กองคลัง",
        [("การชำระภาษีที่ดินและสิ่งปลูกสร้าง", "T")],
        [(1, ["การชำระภาษีที่ดินและสิ่งปลูกสร้าง"])],
    ),
)


def load(org: Organisation) -> None:
    services = {s.name: s for s in Service.objects.filter(organisation=org, withdrawn_at__isnull=True)}
    for name, unit_name, offers, counters in POINTS:
        if ServicePoint.objects.filter(organisation=org, name=name).exists():
            continue
        if any(service not in services for service, _letter in offers):
            continue  # the catalogue's demo names changed: no half-made point
        point = queue.point_create(organisation=org, name=name, unit=org.units.filter(name=unit_name).first())
        for service, letter in offers:
            queue.point_offer(point=point, service=services[service], prefix=letter)
        for number, served in counters:
            queue.counter_save(point=point, number=number, services=[services[s] for s in served])
