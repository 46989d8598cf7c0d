"""Demo data: the register part of the assets module.

อบต.โพหนอง gets codes on its three units (สำนักปลัด 01, กองคลัง 04, กองช่าง 05), about sixty assets with
realistic items, costs and dates in past years, a few damaged or deteriorated, one disposed of with its
record, and a custodian per unit. Idempotent: assets are found by their number, custodians by unit and
person, the disposal by its asset; running the demo again duplicates nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from prongsai.accounts.models import User
from prongsai.assets.models import Asset, Custodian, Disposal
from prongsai.assets.register import services
from prongsai.orgs.models import Organisation

UNIT_CODES = {"สำนักปลัด": "01", "กองคลัง": "04", "กองช่าง": "05"}

# (type code, category, item, brand, model, cost, how many per unit {unit: n}, rooms by unit)
ITEMS: tuple[tuple[str, str, str, str, str, str, dict[str, int]], ...] = (
    (
        "416",
        "ครุภัณฑ์คอมพิวเตอร์",
        "เครื่องคอมพิวเตอร์ สำหรับงานประมวลผล แบบที่ 1",
        "Dell",
        "OptiPlex 7010",
        "22000",
        {"สำนักปลัด": 4, "กองคลัง": 4, "กองช่าง": 2},
    ),
    (
        "416",
        "ครุภัณฑ์คอมพิวเตอร์",
        "เครื่องคอมพิวเตอร์โน้ตบุ๊ก สำหรับงานประมวลผล",
        "Lenovo",
        "ThinkPad E14",
        "24000",
        {"สำนักปลัด": 2, "กองคลัง": 1, "กองช่าง": 2},
    ),
    (
        "416",
        "ครุภัณฑ์คอมพิวเตอร์",
        "เครื่องพิมพ์เลเซอร์ หรือ LED ขาวดำ",
        "Brother",
        "HL-L2375DW",
        "7500",
        {"สำนักปลัด": 2, "กองคลัง": 2, "กองช่าง": 2},
    ),
    (
        "416",
        "ครุภัณฑ์คอมพิวเตอร์",
        "เครื่องพิมพ์ Multifunction แบบฉีดหมึกพร้อมติดตั้งถังหมึกพิมพ์",
        "Epson",
        "L6270",
        "8900",
        {"สำนักปลัด": 1, "กองคลัง": 1, "กองช่าง": 1},
    ),
    (
        "416",
        "ครุภัณฑ์คอมพิวเตอร์",
        "เครื่องสำรองไฟฟ้า ขนาด 800 VA",
        "APC",
        "BX800LI-MS",
        "2500",
        {"สำนักปลัด": 2, "กองคลัง": 2, "กองช่าง": 1},
    ),
    (
        "400",
        "ครุภัณฑ์สำนักงาน",
        "โต๊ะทำงานเหล็ก พร้อมเก้าอี้",
        "Lucky World",
        "DS-4",
        "6500",
        {"สำนักปลัด": 4, "กองคลัง": 3, "กองช่าง": 2},
    ),
    (
        "400",
        "ครุภัณฑ์สำนักงาน",
        "ตู้เหล็กเก็บเอกสาร 2 บาน",
        "Lucky World",
        "KS-2",
        "5500",
        {"สำนักปลัด": 2, "กองคลัง": 3, "กองช่าง": 2},
    ),
    (
        "400",
        "ครุภัณฑ์สำนักงาน",
        "เครื่องปรับอากาศ แบบแยกส่วน ขนาด 24,000 บีทียู",
        "Daikin",
        "FTKC24",
        "36800",
        {"สำนักปลัด": 2, "กองคลัง": 1, "กองช่าง": 1},
    ),
    (
        "400",
        "ครุภัณฑ์สำนักงาน",
        "เครื่องถ่ายเอกสาร ระบบดิจิตอล ขาวดำ",
        "Fuji Xerox",
        "DocuCentre S2520",
        "89000",
        {"สำนักปลัด": 1},
    ),
    (
        "412",
        "ครุภัณฑ์โฆษณาและเผยแพร่",
        "เครื่องมัลติมีเดียโปรเจคเตอร์ ระดับ XGA ขนาด 3,500 ANSI Lumens",
        "Epson",
        "EB-X51",
        "28000",
        {"สำนักปลัด": 1},
    ),
    ("412", "ครุภัณฑ์โฆษณาและเผยแพร่", "กล้องถ่ายภาพระบบดิจิตอล", "Canon", "EOS 850D", "24500", {"สำนักปลัด": 1}),
    ("409", "ครุภัณฑ์ไฟฟ้าและวิทยุ", "เครื่องกำเนิดไฟฟ้า ขนาด 5 กิโลวัตต์", "Honda", "EP6500CX", "45000", {"กองช่าง": 1}),
    ("409", "ครุภัณฑ์ไฟฟ้าและวิทยุ", "เครื่องขยายเสียง พร้อมลำโพง", "NPE", "PA-120", "12000", {"สำนักปลัด": 1}),
    ("415", "ครุภัณฑ์สำรวจ", "กล้องระดับ ชนิดอัตโนมัติ", "Sokkia", "B40A", "32000", {"กองช่าง": 1}),
    ("415", "ครุภัณฑ์สำรวจ", "เครื่องวัดระยะทางด้วยเลเซอร์", "Bosch", "GLM 50", "4500", {"กองช่าง": 1}),
    ("415", "ครุภัณฑ์สำรวจ", "ล้อวัดระยะทาง", "Stanley", "MW40M", "3800", {"กองช่าง": 1}),
    ("402", "ครุภัณฑ์ก่อสร้าง", "เครื่องตัดหญ้า แบบข้อแข็ง", "Makita", "RBC411", "9500", {"กองช่าง": 2}),
)
ROOMS = {"สำนักปลัด": "ห้องสำนักปลัด ชั้น 1", "กองคลัง": "ห้องกองคลัง ชั้น 1", "กองช่าง": "ห้องกองช่าง ชั้น 2"}
SPECIAL_ROOMS = {"เครื่องมัลติมีเดียโปรเจคเตอร์": "ห้องประชุมสภา", "เครื่องกำเนิดไฟฟ้า": "โรงเก็บพัสดุ", "เครื่องตัดหญ้า": "โรงเก็บพัสดุ"}
FUNDS = ("เงินงบประมาณ", "เงินอุดหนุนทั่วไป", "เงินสะสม")
METHODS = (
    Asset.Method.PURCHASE,
    Asset.Method.PURCHASE,
    Asset.Method.PURCHASE,
    Asset.Method.HIRE,
    Asset.Method.DONATION,
)
# (index in the generated list, status, note)
STATUSES = {
    3: (Asset.Status.DAMAGED, "เปิดไม่ติด รอส่งซ่อม"),
    11: (Asset.Status.DETERIORATED, "จอภาพซีด แบตเตอรี่เสื่อม"),
    19: (Asset.Status.DAMAGED, "พิมพ์แล้วกระดาษติดทุกแผ่น"),
    33: (Asset.Status.DAMAGED, "คอมเพรสเซอร์ไม่ทำงาน"),
    47: (Asset.Status.NOT_NEEDED, "ไม่ได้ใช้งานแล้ว ย้ายระบบไปใช้เครื่องใหม่"),
}
DISPOSED_CODE = "416-55-0001"


def _plan() -> list[dict[str, object]]:
    """The demo assets, always the same: codes, years and costs derived from the list above."""
    out: list[dict[str, object]] = []
    sequence: dict[tuple[str, int], int] = {}
    index = 0
    for type_code, category, name, brand, model, cost, per_unit in ITEMS:
        for unit, count in per_unit.items():
            for _ in range(count):
                year_be = 2556 + (index * 7) % 12  # 2556–2567
                key = (type_code, year_be % 100)
                sequence[key] = sequence.get(key, 0) + 1
                code = f"{type_code}-{year_be % 100:02d}-{sequence[key]:04d}"
                room = next((r for k, r in SPECIAL_ROOMS.items() if name.startswith(k)), ROOMS[unit])
                out.append(
                    {
                        "code": code,
                        "name": name,
                        "category": category,
                        "brand": brand,
                        "model_name": model,
                        "serial": f"{brand[:2].upper()}{year_be}{index:04d}",
                        "acquired_on": date(year_be - 543, 1 + (index * 5) % 12, 1 + (index * 11) % 27),
                        "method": METHODS[index % len(METHODS)],
                        "contract_number": f"{10 + index % 40}/{year_be}" if index % 5 != 2 else "",
                        "funds": FUNDS[index % len(FUNDS)] if index % 5 != 4 else "เงินบริจาค",
                        "cost": Decimal(cost),
                        "unit": unit,
                        "room": room,
                        "status": STATUSES.get(index, (Asset.Status.IN_USE, ""))[0],
                        "notes": STATUSES.get(index, (Asset.Status.IN_USE, ""))[1],
                    }
                )
                index += 1
    return out


def load(pho_nong: Organisation, sample: Organisation) -> None:
    units = {}
    for unit in pho_nong.units.all():
        if unit.name in UNIT_CODES and unit.code != UNIT_CODES[unit.name]:
            unit.code = UNIT_CODES[unit.name]
            unit.save(update_fields=["code"])
        units[unit.name] = unit
    if set(UNIT_CODES) - set(units):
        return
    people = {u.username: u for u in User.objects.filter(username__startswith="pho-nong-")}
    keepers = {"สำนักปลัด": "pho-nong-coordinator", "กองคลัง": "pho-nong-unithead", "กองช่าง": "pho-nong-staff"}
    existing = set(Asset.objects.filter(organisation=pho_nong).values_list("code", flat=True))
    for index, item in enumerate(_plan()):
        if item["code"] in existing:
            continue
        fields = dict(item, unit=units[str(item["unit"])])
        if index in (1, 13):  # two notebooks in one person's care
            fields["custodian"] = people.get("pho-nong-staff" if index == 13 else "pho-nong-coordinator")
        services.asset_create(organisation=pho_nong, fields=fields, by=None)
    for unit_name, username in keepers.items():
        user = people.get(username)
        if user is None:
            continue
        if not Custodian.objects.filter(organisation=pho_nong, unit=units[unit_name], user=user).exists():
            services.custodian_appoint(
                organisation=pho_nong,
                unit=units[unit_name],
                user=user,
                starts_on=date(2024, 10, 1),
                order_reference="คำสั่ง อบต.โพหนอง ที่ 245/2567",
                by=None,
            )
    disposed = Asset.objects.filter(organisation=pho_nong, code=DISPOSED_CODE).first()
    if disposed is None:
        disposed = services.asset_create(
            organisation=pho_nong,
            fields={
                "code": DISPOSED_CODE,
                "name": "เครื่องคอมพิวเตอร์ สำหรับงานสำนักงาน",
                "category": "ครุภัณฑ์คอมพิวเตอร์",
                "brand": "Acer",
                "model_name": "Veriton M2630G",
                "acquired_on": date(2012, 5, 15),
                "method": Asset.Method.PURCHASE,
                "contract_number": "18/2555",
                "funds": "เงินงบประมาณ",
                "cost": Decimal("18500"),
                "unit": units["กองคลัง"],
                "room": "ห้องกองคลัง ชั้น 1",
                "status": Asset.Status.DETERIORATED,
            },
            by=None,
        )
    if not Disposal.objects.filter(asset=disposed).exists():
        services.asset_dispose(
            asset=disposed,
            method=Disposal.Method.AUCTION,
            disposed_on=date(2025, 8, 20),
            reason="เสื่อมสภาพจากการใช้งานมากกว่า 10 ปี ซ่อมแซมไม่คุ้มค่า ตามรายงานของคณะกรรมการตรวจสอบพัสดุประจำปี 2567",
            reference="คำสั่ง อบต.โพหนอง ที่ 198/2568",
            proceeds=Decimal("500.00"),
            by=None,
        )
