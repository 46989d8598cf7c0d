"""Demo data: the loans part of the assets module (อบต.โพหนอง).

A published asset-use rule (version 1, from the seed's measures of indicator 4) acknowledged by some
members, and four loans in different states: returned, overdue, awaiting a decision and refused. The
three assets are created by code when the register's demo has not made them (its codes are
416-59-…; these are 416-66-0101 … 0103). Idempotent: a second run changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction

from prongsai.accounts.models import User
from prongsai.orgs.models import Organisation

ASSETS = (
    # code, name, unit (by name), room, category
    ("416-66-0101", "เครื่องคอมพิวเตอร์โน้ตบุ๊ก", "กองคลัง", "ห้องกองคลัง", "ครุภัณฑ์คอมพิวเตอร์"),
    ("416-66-0102", "เครื่องฉายภาพโปรเจกเตอร์", "สำนักปลัด", "ห้องประชุมสภา", "ครุภัณฑ์โฆษณาและเผยแพร่"),
    ("416-66-0103", "กล้องถ่ายภาพดิจิทัล", "กองช่าง", "ห้องกองช่าง", "ครุภัณฑ์โฆษณาและเผยแพร่"),
)
RULE_TITLE = "แนวปฏิบัติการใช้ทรัพย์สินของราชการ และการยืมทรัพย์สินไปใช้ปฏิบัติงานนอกสถานที่"
RULE_INTRO = (
    "ตามที่องค์การบริหารส่วนตำบลโพหนองได้รับผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA) "
    "ประจำปีงบประมาณ พ.ศ. 2568 ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของราชการ 73.33 คะแนน ซึ่งไม่ผ่านเกณฑ์ขั้นต่ำ "
    "เนื่องจากการขออนุญาตใช้ทรัพย์สินยังขาดความรัดกุมในการบันทึกและตรวจสอบ\n\n"
    "เพื่อให้การใช้และการยืมทรัพย์สินของราชการเป็นไปโดยถูกต้องตามระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้าง"
    "และการบริหารพัสดุภาครัฐ พ.ศ. 2560 และระเบียบกระทรวงมหาดไทยที่เกี่ยวข้อง จึงกำหนดแนวปฏิบัติให้บุคลากร"
    "ทุกคนถือปฏิบัติ ดังนี้"
)
RULE_LIST = "\n".join(
    (
        "ใช้ทรัพย์สินของราชการเพื่อประโยชน์ของทางราชการเท่านั้น ห้ามนำไปใช้เพื่อประโยชน์ส่วนตนหรือผู้อื่น",
        "การยืมทรัพย์สินไปใช้ปฏิบัติงานนอกสถานที่ต้องทำเป็นหนังสือ (ใบยืมพัสดุ) ระบุเหตุผล สถานที่ และกำหนดวันส่งคืน "
        "และได้รับอนุมัติจากหัวหน้าส่วนราชการของทรัพย์สินหรือผู้บริหารก่อนนำออกทุกครั้ง ผู้ยืมอนุมัติคำขอของตนเองไม่ได้",
        "ผู้ยืมต้องส่งคืนทรัพย์สินภายในกำหนดในสภาพที่ใช้การได้เรียบร้อย หากชำรุดเสียหายหรือสูญหายต้องซ่อมแซมให้คงสภาพเดิมหรือชดใช้ตามระเบียบ",
        "ห้ามนำรถส่วนกลางหรือครุภัณฑ์ไปเก็บหรือจอดที่บ้านพักส่วนตัวโดยไม่มีเหตุจำเป็นและไม่ได้รับอนุญาต",
        "ให้แต่ละกองมีผู้รับผิดชอบดูแลทรัพย์สินของกอง ทำหน้าที่ส่งมอบ รับคืน และตรวจสภาพทรัพย์สินทุกครั้ง",
        "ให้ตรวจนับและตรวจสภาพครุภัณฑ์ทุกไตรมาส นอกเหนือจากการตรวจสอบพัสดุประจำปี และรายงานผลต่อนายก อบต.",
        "ผู้ฝ่าฝืนแนวปฏิบัตินี้อาจถูกพิจารณาดำเนินการทางวินัยตามควรแก่กรณี",
    )
)
PLACES = {
    "returned": "ศาลาประชาคมบ้านโพหนอง หมู่ที่ 1",
    "overdue": "โรงเรียนบ้านโนนสวรรค์ (จัดอบรมภาษีป้าย)",
    "requested": "พื้นที่ก่อสร้างถนน คสล. หมู่ที่ 5",
    "refused": "งานบวชญาติ บ้านดงหลวง",
}


def _at(day: date, hour: int) -> datetime:
    from prongsai.core.thai import BANGKOK

    return datetime.combine(day, time(hour, 0), tzinfo=BANGKOK)


def _assets(org: Organisation) -> dict[str, Any]:
    from prongsai.assets.models import Asset

    units = {u.name: u for u in org.units.all()}
    found = {}
    for code, name, unit, room, category in ASSETS:
        asset, _ = Asset.objects.get_or_create(
            organisation=org,
            code=code,
            defaults={
                "name": name,
                "unit": units.get(unit),
                "room": room,
                "category": category,
                "method": Asset.Method.PURCHASE,
                "acquired_on": date(2023, 3, 15),
            },
        )
        found[code] = asset
    return found


def _rule(org: Organisation, people: dict[str, User], today: date) -> None:
    from prongsai.assets.loans.rule_services import RuleFields, rule_acknowledge, rule_draft, rule_publish
    from prongsai.assets.models import AssetRule

    if AssetRule.objects.filter(organisation=org).exists():
        return
    fields = RuleFields(
        title=RULE_TITLE,
        intro=RULE_INTRO,
        rules=RULE_LIST,
        effective_on=date(2025, 10, 1),
        reference="คำสั่งองค์การบริหารส่วนตำบลโพหนอง ที่ 215/2568",
        signed_by="นายก อบต.โพหนอง",
    )
    rule = rule_draft(org=org, fields=fields, by=people["coordinator"])
    rule = rule_publish(rule=rule, by=people["executive"], at=_at(date(2025, 10, 1), 9))
    for key, day in (("executive", 1), ("unithead", 2), ("staff", 6)):
        rule_acknowledge(rule=rule, user=people[key], at=_at(date(2025, 10, day), 10))


def _loans(org: Organisation, people: dict[str, User], today: date) -> None:
    from prongsai.assets.loans import services
    from prongsai.assets.models import Loan

    if Loan.objects.filter(organisation=org, place__in=PLACES.values()).exists():
        return
    staff, head, executive, coordinator, ethics = (
        people["staff"],
        people["unithead"],
        people["executive"],
        people["coordinator"],
        people["ethics"],
    )

    # Returned: the projector of สำนักปลัด for a village forum, kept by the coordinator (its custodian).
    start = today - timedelta(days=30)
    loan = services.loan_request(
        org=org,
        borrower=staff,
        codes=["416-66-0102"],
        purpose="ใช้ฉายภาพประกอบการประชุมประชาคมหมู่บ้านเพื่อจัดทำแผนพัฒนาท้องถิ่น",
        place=PLACES["returned"],
        starts_on=start,
        due_on=start + timedelta(days=1),
        position="นายช่างโยธา",
        unit=staff.memberships.filter(organisation=org).first().unit,  # type: ignore[union-attr]
        today=start - timedelta(days=3),
        at=_at(start - timedelta(days=3), 10),
    )
    services.loan_decide(loan=loan, by=executive, approve=True, note="อนุมัติ", at=_at(start - timedelta(days=2), 14))
    services.loan_hand_over(
        loan=loan, by=coordinator, condition_out="ใช้การได้ปกติ พร้อมสายไฟและรีโมต", today=start, at=_at(start, 8)
    )
    item = loan.items.get()
    services.loan_return(
        loan=loan,
        by=coordinator,
        conditions={item.pk: ("usable", "")},
        note="ครบถ้วน",
        at=_at(start + timedelta(days=1), 16),
    )

    # Overdue: the notebook of กองคลัง, approved by its head, due three days ago and not back.
    start = today - timedelta(days=8)
    loan = services.loan_request(
        org=org,
        borrower=staff,
        codes=["416-66-0101"],
        purpose="ใช้บันทึกข้อมูลผู้ชำระภาษีป้ายในการออกหน่วยบริการนอกสถานที่",
        place=PLACES["overdue"],
        starts_on=start,
        due_on=today - timedelta(days=3),
        position="นายช่างโยธา",
        unit=staff.memberships.filter(organisation=org).first().unit,  # type: ignore[union-attr]
        today=start - timedelta(days=1),
        at=_at(start - timedelta(days=1), 9),
    )
    services.loan_decide(loan=loan, by=head, approve=True, at=_at(start - timedelta(days=1), 11))
    services.loan_hand_over(loan=loan, by=head, condition_out="ใช้การได้ปกติ พร้อมเครื่องชาร์จ", today=start, at=_at(start, 8))

    # Awaiting a decision: the camera of กองช่าง (no head of กองช่าง in the demo: an executive decides).
    start = today + timedelta(days=5)
    services.loan_request(
        org=org,
        borrower=coordinator,
        codes=["416-66-0103"],
        purpose="ถ่ายภาพความก้าวหน้างานก่อสร้างเพื่อประกอบการตรวจรับงานจ้าง",
        place=PLACES["requested"],
        starts_on=start,
        due_on=start + timedelta(days=2),
        position="นักวิเคราะห์นโยบายและแผน",
        today=today,
    )

    # Refused: asked for a private use.
    start = today - timedelta(days=20)
    loan = services.loan_request(
        org=org,
        borrower=ethics,
        codes=["416-66-0102"],
        purpose="ใช้ฉายภาพในงานบวชของญาติ",
        place=PLACES["refused"],
        starts_on=start,
        due_on=start + timedelta(days=1),
        today=start - timedelta(days=2),
        at=_at(start - timedelta(days=2), 13),
    )
    services.loan_decide(
        loan=loan,
        by=executive,
        approve=False,
        note="ไม่ใช่การใช้เพื่อประโยชน์ของทางราชการ ตามแนวปฏิบัติข้อ 1",
        at=_at(start - timedelta(days=2), 15),
    )


def load(pho_nong: Organisation, sample: Organisation) -> None:
    from prongsai.core.thai import local_today

    today = local_today()
    people = {
        key: User.objects.get(username=f"pho-nong-{key}")
        for key in ("executive", "coordinator", "unithead", "staff", "ethics")
    }
    with transaction.atomic():
        _assets(pho_nong)
        assets = {a.code: a for a in pho_nong.assets.filter(code__in=[c for c, *_ in ASSETS])}
        coordinator = people["coordinator"]
        projector = assets["416-66-0102"]
        if projector.custodian_id is None:  # the custodian of สำนักปลัด's projector hands it over and takes it back
            projector.custodian = coordinator
            projector.save(update_fields=["custodian"])
        _rule(pho_nong, people, today)
        _loans(pho_nong, people, today)
