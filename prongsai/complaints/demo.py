"""Demo complaint cases of อบต.โพหนอง, fiscal year 2569 (all written for the demo, marked as such).

Eight cases over six months in every state and all four categories, so that the public board shows
real counts and "< 3" where a count is small. One has the receipt DEMO_RECEIPT, printed in the
README, to try the reporter's side.
"""

from __future__ import annotations

from datetime import date

from prongsai.complaints import services
from prongsai.complaints.models import Case
from prongsai.orgs.models import Membership, Organisation, Role

DEMO_RECEIPT = "4821 0375 9916 2048"
MARK = "(ข้อมูลสาธิต) "

# received, category, reporter, what, steps: (state, day offset, outcome, referred_to, message)
CASES: list[tuple[date, str, str, str, list[tuple[str, int, str, str, str]]]] = [
    (
        date(2025, 10, 8),
        "corruption",
        "public",
        "เจ้าหน้าที่เรียกรับเงินเพิ่มจากการขออนุญาตก่อสร้างอาคาร",
        [
            ("acknowledged", 1, "", "", ""),
            ("fact_finding", 2, "", "", ""),
            ("concluded", 12, "substantiated", "", "ผลการตรวจสอบพบมูลตามที่แจ้ง ได้ดำเนินการทางวินัยแล้ว"),
            ("closed", 20, "", "", ""),
        ],
    ),
    (
        date(2025, 11, 3),
        "state_property",
        "staff",
        "มีการนำรถยนต์ส่วนกลางไปใช้ในงานส่วนตัวในวันหยุด",
        [
            ("acknowledged", 1, "", "", ""),
            ("fact_finding", 3, "", "", ""),
            ("concluded", 14, "not_substantiated", "", "ตรวจสมุดบันทึกการใช้รถแล้ว เป็นการใช้ในราชการตามคำสั่ง"),
        ],
    ),
    (
        date(2025, 12, 15),
        "general",
        "public",
        "ไฟฟ้าส่องสว่างริมถนนสายหลักดับหลายจุดนานกว่าหนึ่งเดือน",
        [
            ("acknowledged", 1, "", "", ""),
            ("fact_finding", 1, "", "", ""),
            ("concluded", 6, "substantiated", "", ""),
            ("closed", 10, "", "", ""),
        ],
    ),
    (
        date(2026, 1, 20),
        "abuse_of_power",
        "staff",
        "ผู้บังคับบัญชาสั่งให้ปรับแก้ผลการประเมินผลการปฏิบัติงานโดยไม่มีเหตุผล",
        [
            ("acknowledged", 2, "", "", ""),
            ("fact_finding", 4, "", "", ""),
            ("concluded", 19, "referred", "สำนักงาน ป.ป.ช. ประจำจังหวัด", ""),
        ],
    ),
    (
        date(2026, 2, 9),
        "corruption",
        "public",
        "การจัดซื้อวัสดุก่อสร้างราคาสูงกว่าท้องตลาดมาก",
        [
            ("acknowledged", 1, "", "", ""),
            ("fact_finding", 2, "", "", ""),
            ("concluded", 13, "not_substantiated", "", ""),
        ],
    ),
    (
        date(2026, 3, 2),
        "corruption",
        "staff",
        "มีการแบ่งซื้อแบ่งจ้างเพื่อหลีกเลี่ยงวิธีประกวดราคา",
        [("acknowledged", 1, "", "", ""), ("fact_finding", 2, "", "", "")],
    ),
    (
        date(2026, 3, 18),
        "general",
        "public",
        "ขอให้ตรวจสอบการเก็บค่าธรรมเนียมขยะที่ไม่ออกใบเสร็จ",
        [("acknowledged", 1, "", "", "")],
    ),
    (date(2026, 3, 25), "corruption", "public", "มีผู้รับเหมารายเดียวได้งานทุกโครงการในรอบปี", []),
]


def load(pho_nong: Organisation, sample: Organisation) -> None:
    if Case.objects.filter(organisation=pho_nong).exists():
        return
    executive = Membership.objects.filter(organisation=pho_nong, role=Role.EXECUTIVE).select_related("user").first()
    if executive is None:
        return
    by = executive.user
    for index, (received, category, reporter, what, steps) in enumerate(CASES):
        case, _receipt = services.file_report(
            pho_nong,
            services.ReportData(category=category, reporter_kind=reporter, what=MARK + what),
            [],
            today=received,
            receipt=DEMO_RECEIPT.replace(" ", "") if index == len(CASES) - 3 else None,
        )
        for state, offset, outcome, referred_to, message in steps:
            case = services.step(
                case,
                by,
                state,
                message=message,
                today=date.fromordinal(received.toordinal() + offset),
                outcome=outcome,
                referred_to=referred_to,
            )
        if index == len(CASES) - 3:  # the demo receipt's case: a question waiting for the reporter
            services.recipient_writes(
                case, by, MARK + "ขอทราบว่าเห็นเอกสารการจัดซื้อครั้งใดบ้าง และประมาณช่วงเดือนใด", internal=False,
                today=date(2026, 3, 6),
            )  # fmt: skip
