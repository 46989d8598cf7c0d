"""Reads of the stock check: rounds, the reconciliation of a round, progress per room."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from prongsai.assets.models import Asset, CountRound, MoveDecision, Scan, SupplyOfficer
from prongsai.assets.stockcheck.reconcile import Reconciliation, Registered, Sighting, reconcile
from prongsai.assets.stockcheck.services import scope_assets
from prongsai.orgs.models import Organisation


def rounds_of(org: Organisation) -> QuerySet[CountRound]:
    return (
        CountRound.objects.filter(organisation=org)
        .select_related("unit")
        .annotate(scan_count=Count("scans", distinct=True))
    )


def supply_officers_of(org: Organisation) -> QuerySet[SupplyOfficer]:
    return SupplyOfficer.objects.filter(organisation=org).select_related("user").order_by("user__first_name")


@dataclass(frozen=True)
class AssetRow:
    """What the documents print of an asset."""

    pk: int
    name: str
    cost: Any
    acquired_on: Any
    custodian: str
    unit: str
    status: str


def _row(asset: Asset) -> AssetRow:
    person = asset.custodian
    custodian = (person.get_full_name() or person.username) if person is not None else ""
    return AssetRow(
        asset.pk,
        asset.name,
        asset.cost,
        asset.acquired_on,
        custodian,
        asset.unit.name if asset.unit is not None else "",
        asset.status,
    )


def reconciliation_of(round_: CountRound) -> Reconciliation:
    """The round's reconciliation from the register as it is now and every scan of the round."""
    assets = scope_assets(round_).select_related("unit", "custodian").order_by("code")
    registered = [Registered(a.code, a.room, _row(a)) for a in assets]
    scans = list(Scan.objects.filter(round=round_).values_list("code", "room", "condition", "counted_at", "note"))
    sightings = [Sighting(*values) for values in scans]
    in_scope = {r.code for r in registered}
    outside = {s.code for s in sightings} - in_scope
    others = {
        a.code: Registered(a.code, a.room, _row(a))
        for a in Asset.objects.filter(organisation_id=round_.organisation_id, code__in=outside).select_related(
            "unit", "custodian"
        )
    }
    return reconcile(registered, sightings, register=others)


def moves_of(round_: CountRound) -> dict[str, MoveDecision]:
    return {m.asset.code: m for m in MoveDecision.objects.filter(round=round_).select_related("asset", "decided_by")}


def room_progress(round_: CountRound) -> list[dict[str, Any]]:
    """Per room of the round: how many assets the register puts there and how many codes were counted there."""
    expected: dict[str, int] = {}
    for room in scope_assets(round_).values_list("room", flat=True):
        expected[room] = expected.get(room, 0) + 1
    counted = dict(
        Scan.objects.filter(round=round_).values_list("room").annotate(n=Count("id")).values_list("room", "n")
    )
    names = [r.name for r in round_.rooms.all()]
    names += sorted(set(counted) - set(names))
    return [{"name": n, "expected": expected.get(n, 0), "counted": counted.get(n, 0)} for n in names]


def dashboard_summary(org: Organisation) -> dict[str, Any]:
    """The open rounds with how far each is counted (assets with a scan of those in scope), for the dashboard."""
    from prongsai.assets.stockcheck.services import scope_assets

    rounds = []
    for round_ in CountRound.objects.filter(organisation=org, state=CountRound.State.COUNTING).select_related("unit")[
        :5
    ]:
        in_scope = scope_assets(round_)
        total = in_scope.count()
        counted = in_scope.filter(code__in=Scan.objects.filter(round=round_).values("code")).count()
        rounds.append({"round": round_, "total": total, "counted": counted})
    return {"org": org, "rounds": rounds}
