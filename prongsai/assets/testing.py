"""URL keywords and history samples of the assets pages for the tenancy walk (see core/testing.py).

One block per part of the module (register, loans, stock check), each added by its own feature.
"""

from __future__ import annotations

from typing import Any

from prongsai.core.testing import HISTORY_SAMPLES, URL_KWARGS, pdf_from_objects

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
HISTORY_SAMPLES.setdefault("assets.Asset", loan_asset)
