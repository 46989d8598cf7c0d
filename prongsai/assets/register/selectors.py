"""Reads of the register: filtered lists, who is answerable for an asset now, counts for the dashboard and the public."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from prongsai.accounts.models import User
from prongsai.assets.models import Asset, Custodian
from prongsai.core.thai import local_today
from prongsai.orgs.models import Organisation, Unit


@dataclass(frozen=True)
class Filters:
    unit: int | None = None
    status: str = ""
    category: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params: Any) -> Filters:
        unit = params.get("unit", "")
        status = params.get("status", "")
        return cls(
            unit=int(unit) if unit.isdigit() else None,
            status=status if status in Asset.Status.values else "",
            category=params.get("category", "")[:200],
            q=params.get("q", "").strip()[:100],
        )


def filtered(assets: QuerySet[Asset], filters: Filters) -> QuerySet[Asset]:
    if filters.unit is not None:
        assets = assets.filter(unit_id=filters.unit)
    if filters.status:
        assets = assets.filter(status=filters.status)
    if filters.category:
        assets = assets.filter(category=filters.category)
    if filters.q:
        q = filters.q
        assets = assets.filter(
            Q(code__icontains=q)
            | Q(name__icontains=q)
            | Q(brand__icontains=q)
            | Q(model_name__icontains=q)
            | Q(serial__icontains=q)
            | Q(room__icontains=q)
        )
    return assets.select_related("unit", "custodian")


def categories(org: Organisation) -> list[str]:
    return list(
        Asset.objects.filter(organisation=org).exclude(category="").values_list("category", flat=True).distinct()
    )


def current_custodians(org: Organisation, *, on: date | None = None) -> QuerySet[Custodian]:
    """The unit custodians in office on ``on`` (today)."""
    day = on or local_today()
    return (
        Custodian.objects.filter(organisation=org, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("user", "unit")
    )


def custodians_by_unit(org: Organisation, *, on: date | None = None) -> dict[int, list[User]]:
    people: dict[int, list[User]] = {}
    for custodian in current_custodians(org, on=on).order_by("starts_on", "pk"):
        people.setdefault(custodian.unit_id, []).append(custodian.user)
    return people


def answerable(asset: Asset, by_unit: dict[int, list[User]] | None = None) -> list[User]:
    """Who is answerable for the asset now: its own custodian, else the unit's custodian(s) in office today."""
    if asset.custodian_id is not None:
        return [asset.custodian] if asset.custodian else []
    if asset.unit_id is None:
        return []
    if by_unit is None:
        by_unit = custodians_by_unit(asset.organisation)
    return by_unit.get(asset.unit_id, [])


def with_answerable(assets: Iterable[Asset], org: Organisation) -> list[tuple[Asset, list[User]]]:
    by_unit = custodians_by_unit(org)
    return [(asset, answerable(asset, by_unit)) for asset in assets]


def summary(org: Organisation) -> dict[str, Any]:
    """For the executives' dashboard: assets in use, damaged, and units without a custodian today."""
    counts = dict(
        Asset.objects.filter(organisation=org).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    custodians = custodians_by_unit(org)
    units_with_assets = (
        Unit.objects.filter(organisation=org, assets__status__in=set(Asset.Status.values) - {Asset.Status.DISPOSED})
        .distinct()
        .order_by("position", "name")
    )
    without = [unit for unit in units_with_assets if unit.pk not in custodians]
    total = sum(n for status, n in counts.items() if status != Asset.Status.DISPOSED)
    return {
        "total": total,
        "in_use": counts.get(Asset.Status.IN_USE, 0),
        "damaged": counts.get(Asset.Status.DAMAGED, 0),
        "deteriorated": counts.get(Asset.Status.DETERIORATED, 0),
        "units_without_custodian": without,
    }


def public_counts(org: Organisation) -> dict[str, Any]:
    """Counts by status and by unit, for everyone: no names of people, no costs."""
    assets = Asset.objects.filter(organisation=org)
    by_status_raw = dict(assets.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_status = [(label, by_status_raw.get(value, 0)) for value, label in Asset.Status.choices]
    rows = (
        assets.exclude(status=Asset.Status.DISPOSED)
        .values("unit__name", "unit__position", "status")
        .annotate(n=Count("pk"))
        .order_by("unit__position", "unit__name")
    )
    by_unit: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = by_unit.setdefault(row["unit__name"] or "", {})
        counts[row["status"]] = row["n"]
    units = [
        {
            "name": name,
            "total": sum(counts.values()),
            "in_use": counts.get(Asset.Status.IN_USE, 0),
            "damaged": counts.get(Asset.Status.DAMAGED, 0) + counts.get(Asset.Status.DETERIORATED, 0),
            "other": sum(
                n
                for status, n in counts.items()
                if status not in (Asset.Status.IN_USE, Asset.Status.DAMAGED, Asset.Status.DETERIORATED)
            ),
        }
        for name, counts in by_unit.items()
    ]
    return {"by_status": by_status, "by_unit": units, "total": sum(by_status_raw.values())}
