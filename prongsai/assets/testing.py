"""Test support of the assets module: URL keywords for the tenancy walk and history samples (see core/testing.py).

Each part of the module adds its own factories here. The register part: ``code`` (an asset of org A in
its finance unit, the unit of the unit head and the staff persona), ``photo_id``, ``custodian_id`` and
``template_format`` (the import template's format).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from prongsai.core.testing import HISTORY_SAMPLES, URL_KWARGS

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
