"""Test support of the assets module: URL keywords for the tenancy walk and history samples (see core/testing.py).

One block per part of the module (register, loans, stock check), each added by its own feature. The register
part: ``code`` (an asset of org A in its finance unit, the unit of the unit head and the staff persona),
``photo_id``, ``custodian_id`` and ``template_format`` (the import template's format).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from prongsai.core.testing import HISTORY_SAMPLES, URL_KWARGS, pdf_from_objects

ASSET_CODE = "416-59-0001"
PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
    b"\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def make_asset(case: Any, code: str = ASSET_CODE, **fields: Any) -> Any:
    """An asset of org A (in the finance unit unless ``unit`` is given), made once per code."""
    from prongsai.assets.models import Asset

    defaults = {
        "name": "เครื่องคอมพิวเตอร์โน้ตบุ๊ก",
        "category": "ครุภัณฑ์คอมพิวเตอร์",
        "unit": case.finance,
        "room": "ห้องกองคลัง",
        "cost": Decimal("24000.00"),
        "acquired_on": date(2016, 3, 1),
        "method": Asset.Method.PURCHASE,
    } | fields
    asset, _ = Asset.objects.get_or_create(organisation=case.org, code=code, defaults=defaults)
    return asset


def _code(case: Any) -> str:
    return str(make_asset(case).code)


def _photo(case: Any) -> int:
    from django.core.files.base import ContentFile

    from prongsai.assets.models import AssetPhoto

    asset = make_asset(case)
    photo = AssetPhoto.objects.filter(asset=asset).first()
    if photo is None:
        photo = AssetPhoto(asset=asset, caption="ด้านหน้า")
        photo.file.save("front.png", ContentFile(PNG_1PX), save=False)
        photo.save()
    return int(photo.pk)


def make_custodian(case: Any) -> Any:
    from prongsai.assets.models import Custodian

    custodian, _ = Custodian.objects.get_or_create(
        organisation=case.org, unit=case.finance, user=case.staff, defaults={"starts_on": date(2025, 10, 1)}
    )
    return custodian


def make_disposal(case: Any) -> Any:
    """A disposed asset of org A (in the finance unit) with its disposal document."""
    from django.core.files.base import ContentFile

    from prongsai.assets.models import Asset, Disposal

    asset = make_asset(case, "416-50-0001", name="เครื่องพิมพ์ดีด", status=Asset.Status.DISPOSED)
    disposal = Disposal.objects.filter(asset=asset).first()
    if disposal is None:
        disposal = Disposal(
            asset=asset,
            method=Disposal.Method.AUCTION,
            disposed_on=date(2025, 6, 30),
            reason="ชำรุดเกินกว่าจะซ่อมแซม",
            reference="คำสั่งที่ 12/2568",
        )
        disposal.document.save("order.pdf", ContentFile(PDF), save=False)
        disposal.save()
    return disposal


URL_KWARGS.update(
    {
        "code": _code,
        "photo_id": _photo,
        "custodian_id": lambda case: make_custodian(case).pk,
        "disposal_id": lambda case: make_disposal(case).pk,
        "template_format": lambda case: "xlsx",
    }
)

HISTORY_SAMPLES["assets.Asset"] = make_asset


# =============================================================================== loans (ยืมพัสดุ) and the rule

LOAN_ASSET_CODE = "416-66-0101"
LOAN_PLACE = "ศาลาประชาคมหมู่ที่ 3 (ทดสอบ)"
RULE_PDF = pdf_from_objects(  # a one-page PDF, as a scanner would give (pypdf can rewrite it without metadata)
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
)


def loan_asset(case: Any, code: str = LOAN_ASSET_CODE, **extra: Any) -> Any:
    """An asset of org A's กองคลัง (the unit the persona ``unit_head`` heads)."""
    from prongsai.assets.models import Asset

    defaults = {"name": "เครื่องฉายภาพโปรเจกเตอร์", "unit": case.finance, "room": "ห้องพัสดุ"} | extra
    asset, _ = Asset.objects.get_or_create(organisation=case.org, code=code, defaults=defaults)
    return asset


def _loan(case: Any) -> Any:
    from datetime import timedelta

    from prongsai.assets.loans.services import loan_request
    from prongsai.assets.models import Loan
    from prongsai.core.thai import local_today

    loan_asset(case)
    existing = Loan.objects.filter(organisation=case.org, place=LOAN_PLACE).first()
    if existing is not None:
        return existing
    start = local_today() + timedelta(days=1)
    return loan_request(
        org=case.org,
        borrower=case.staff,
        codes=[LOAN_ASSET_CODE],
        purpose="ประชุมประชาคมหมู่บ้าน",
        place=LOAN_PLACE,
        starts_on=start,
        due_on=start + timedelta(days=2),
        position="นักวิชาการพัสดุ",
        unit=case.finance,
    )


def _rule(case: Any) -> Any:
    """A published version 1 of org A's rule, with its signed copy."""
    from datetime import date

    from prongsai.assets.loans.rule_services import RuleFields, rule_draft, rule_publish
    from prongsai.assets.models import AssetRule
    from prongsai.core.uploads import Kind, clean_upload

    existing = AssetRule.objects.filter(organisation=case.org, version=1).first()
    if existing is not None:
        return existing
    fields = RuleFields(
        title="แนวปฏิบัติการใช้ทรัพย์สินของราชการ",
        intro="เพื่อให้การใช้ทรัพย์สินของราชการเป็นไปด้วยความถูกต้อง",
        rules="ใช้ทรัพย์สินของราชการเพื่อประโยชน์ของทางราชการเท่านั้น\nการยืมต้องทำเป็นหนังสือและกำหนดวันส่งคืน",
        effective_on=date(2025, 10, 1),
    )
    signed = clean_upload(("rule.pdf", RULE_PDF), allowed=[Kind.PDF], max_bytes=1 << 20)
    rule = rule_draft(org=case.org, fields=fields, by=case.executive, signed=signed)
    return rule_publish(rule=rule, by=case.executive)


URL_KWARGS.setdefault("code", lambda case: loan_asset(case).code)
URL_KWARGS.update({"loan_id": lambda case: _loan(case).pk, "version": lambda case: _rule(case).version})
HISTORY_SAMPLES["assets.Loan"] = _loan


# =========================================================================== stock check (stockcheck helper)
# Everything below belongs to the stock-check part; keep other parts' factories above this line.


def stockcheck_asset(case: Any, code: str = "TEST-0001", room: str = "ห้องกองคลัง") -> Any:
    from prongsai.assets.models import Asset

    asset, _ = Asset.objects.get_or_create(
        organisation=case.org, code=code, defaults={"name": "เครื่องคอมพิวเตอร์", "unit": case.finance, "room": room}
    )
    return asset


def stockcheck_round(case: Any) -> Any:
    from prongsai.assets.models import CountRound
    from prongsai.assets.stockcheck.services import round_start

    existing = CountRound.objects.filter(organisation=case.org).order_by("pk").first()
    if existing is not None:
        return existing
    stockcheck_asset(case)
    return round_start(organisation=case.org, kind="annual", fiscal_year=2568, by=case.executive)


def _round_id(case: Any) -> int:
    return int(stockcheck_round(case).pk)


def _round_room_id(case: Any) -> int:
    return int(stockcheck_round(case).rooms.order_by("pk").first().pk)


def _committee_member_id(case: Any) -> int:
    from prongsai.assets.models import CommitteeMember

    round_ = stockcheck_round(case)
    member, _ = CommitteeMember.objects.get_or_create(round=round_, user=case.ethics, defaults={"role": "chair"})
    return int(member.pk)


def _supply_officer_id(case: Any) -> int:
    from prongsai.assets.models import SupplyOfficer

    officer, _ = SupplyOfficer.objects.get_or_create(organisation=case.org, user=case.unit_head)
    return int(officer.pk)


def _move_asset_id(case: Any) -> int:
    return int(stockcheck_asset(case).pk)


URL_KWARGS.update(
    {
        "round_id": _round_id,
        "round_room_id": _round_room_id,
        "committee_member_id": _committee_member_id,
        "supply_officer_id": _supply_officer_id,
        "move_asset_id": _move_asset_id,
    }
)
HISTORY_SAMPLES["assets.CountRound"] = stockcheck_round
