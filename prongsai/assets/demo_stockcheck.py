"""Demo data: the stockcheck part of the assets module.

อบต.โพหนอง: a quarterly count of กองคลัง in progress, with scans found in their room, one in another room,
one damaged and one unknown code; the head of กองคลัง is its supplies officer; a committee of three.
The assets 416-59-0001…0012 are created by code when missing (the register demo makes ~60 of them with the
same codes: those are kept as they are), so this works alone and after the register demo. Idempotent.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from prongsai.accounts.models import User
from prongsai.orgs.models import Organisation, Unit

# code → (unit, name, room, cost, acquired on)
DEMO_ASSETS = {
    "416-59-0001": ("สำนักปลัด", "เครื่องคอมพิวเตอร์ตั้งโต๊ะ", "ห้องสำนักปลัด", "22000.00", date(2016, 3, 1)),
    "416-59-0002": ("สำนักปลัด", "เครื่องพิมพ์เลเซอร์", "ห้องสำนักปลัด", "8900.00", date(2016, 3, 1)),
    "416-59-0003": ("สำนักปลัด", "โต๊ะประชุม", "ห้องประชุม", "15500.00", date(2016, 6, 15)),
    "416-59-0004": ("สำนักปลัด", "เครื่องปรับอากาศ 18,000 BTU", "ห้องประชุม", "28500.00", date(2016, 6, 15)),
    "416-59-0005": ("กองคลัง", "เครื่องคอมพิวเตอร์โน้ตบุ๊ก", "ห้องกองคลัง", "24000.00", date(2016, 8, 10)),
    "416-59-0006": ("กองคลัง", "ตู้เหล็กเก็บเอกสาร 4 ลิ้นชัก", "ห้องกองคลัง", "5600.00", date(2016, 8, 10)),
    "416-59-0007": ("กองคลัง", "เครื่องนับธนบัตร", "ห้องกองคลัง", "12800.00", date(2016, 9, 1)),
    "416-59-0008": ("กองคลัง", "ตู้นิรภัย", "ห้องเก็บเอกสารกองคลัง", "18000.00", date(2016, 9, 1)),
    "416-59-0009": ("กองคลัง", "เครื่องสำรองไฟฟ้า", "ห้องเก็บเอกสารกองคลัง", "3500.00", date(2016, 9, 1)),
    "416-59-0010": ("กองช่าง", "กล้องระดับ", "ห้องกองช่าง", "32000.00", date(2016, 5, 20)),
    "416-59-0011": ("กองช่าง", "เครื่องตัดหญ้า", "ห้องเก็บพัสดุกองช่าง", "9500.00", date(2016, 5, 20)),
    "416-59-0012": ("กองช่าง", "เครื่องคอมพิวเตอร์ตั้งโต๊ะ", "ห้องกองช่าง", "22000.00", date(2016, 5, 20)),
}
UNKNOWN_CODE = "416-59-9999"


def _assets(org: Organisation) -> None:
    from prongsai.assets.models import Asset

    units = {u.name: u for u in Unit.objects.filter(organisation=org)}
    for code, (unit, name, room, cost, acquired) in DEMO_ASSETS.items():
        Asset.objects.get_or_create(
            organisation=org,
            code=code,
            defaults={
                "name": name,
                "unit": units.get(unit),
                "room": room,
                "cost": Decimal(cost),
                "acquired_on": acquired,
                "method": "purchase",
            },
        )


def finance_unit(org: Organisation) -> Unit | None:
    return (
        Unit.objects.filter(organisation=org, code="04").first()
        or Unit.objects.filter(organisation=org, name="กองคลัง").first()
    )


def load(pho_nong: Organisation, sample: Organisation) -> None:
    from prongsai.assets.models import Asset, CommitteeMember, CountRound, SupplyOfficer
    from prongsai.assets.stockcheck import services

    _assets(pho_nong)
    finance = finance_unit(pho_nong)
    if finance is None:
        return
    users = {u.username: u for u in User.objects.filter(username__startswith="pho-nong-")}
    head = users.get("pho-nong-unithead")
    if head is not None:
        SupplyOfficer.objects.get_or_create(organisation=pho_nong, user=head)
    round_ = CountRound.objects.filter(organisation=pho_nong, kind=CountRound.Kind.QUARTERLY, unit=finance).first()
    if round_ is None:
        from prongsai.core.thai import fiscal_year, local_today

        round_ = services.round_start(
            organisation=pho_nong, kind=CountRound.Kind.QUARTERLY, fiscal_year=fiscal_year(local_today()), unit=finance
        )
        round_.order_number = "45"
        round_.save(update_fields=["order_number"])
    for username, role in (
        ("pho-nong-ethics", CommitteeMember.Role.CHAIR),
        ("pho-nong-staff", CommitteeMember.Role.MEMBER),
        ("pho-nong-coordinator", CommitteeMember.Role.SECRETARY),
    ):
        user = users.get(username)
        if user is not None and not round_.committee.filter(user=user).exists() and round_.state == "counting":
            services.committee_member_add(round_=round_, user=user, role=role, by=None)
    if round_.state != CountRound.State.COUNTING:
        return
    assets = list(Asset.objects.filter(organisation=pho_nong, unit=finance).exclude(room="").order_by("code")[:4])
    if len(assets) < 4:
        return
    rooms = sorted({a.room for a in assets} | {r.name for r in round_.rooms.all()})
    other_room = next((r for r in rooms if r != assets[2].room), "ห้องประชุม")
    when = timezone.now() - timedelta(hours=2)
    scans = [
        (assets[0].code, assets[0].room, "usable", ""),
        (assets[1].code, assets[1].room, "usable", ""),
        (assets[2].code, other_room, "usable", ""),  # found in another room: a proposed move
        (assets[3].code, assets[3].room, "damaged", "จอแตก เปิดไม่ติด"),
        (UNKNOWN_CODE, assets[0].room, "usable", ""),  # a label that is not in the register
    ]
    for n, (code, room, condition, note) in enumerate(scans, 1):
        services.round_room_add(round_=round_, name=room, by=None)
        services.scan_record(
            round_=round_,
            data={
                "code": code,
                "room": room,
                "condition": condition,
                "note": note,
                "scan_id": f"demo-{n}",
                "counted_at": when + timedelta(minutes=3 * n),
            },
            by=users.get("pho-nong-staff"),
        )
