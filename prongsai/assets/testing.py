"""URL keywords and history samples of the assets pages for the tenancy walk (see core/testing.py)."""

from __future__ import annotations

from typing import Any

from prongsai.core.testing import HISTORY_SAMPLES, URL_KWARGS

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
HISTORY_SAMPLES.setdefault("assets.Asset", stockcheck_asset)
