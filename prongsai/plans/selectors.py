"""Reads of the plans module: the year's measures with their activities, progress and what is late."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from prongsai.accounts.models import User
from prongsai.core.thai import local_today
from prongsai.ita.models import PlanRow
from prongsai.orgs.models import Organisation
from prongsai.plans.access import headed_unit_ids
from prongsai.plans.models import Activity

DUE_SOON_DAYS = 14


def activities(org: Organisation, plan_year: int) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(organisation=org, plan_row__fiscal_year=plan_year - 1)
        .select_related("plan_row", "unit")
        .prefetch_related("owners")
    )


def is_overdue(activity: Activity, today: date) -> bool:
    return activity.is_open and activity.due < today


@dataclass
class IndicatorProgress:
    indicator: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    activities: int = 0
    done: int = 0
    percent: float = 0.0


@dataclass
class Overview:
    plan_year: int
    counts: dict[str, int]
    total: int
    overdue: list[Activity]
    indicators: list[IndicatorProgress]
    today: date


def overview(
    org: Organisation, plan_year: int, *, unit_id: int | None = None, indicator: int | None = None
) -> Overview:
    """Counts by status, the overdue list and progress per indicator (mean percent of its activities)."""
    today = local_today()
    rows = (
        PlanRow.objects.filter(organisation=org, fiscal_year=plan_year - 1)
        .prefetch_related("units")
        .order_by("indicator", "position", "id")
    )
    acts = activities(org, plan_year)
    if unit_id:
        acts = acts.filter(unit_id=unit_id)
        rows = rows.filter(Q(units__id=unit_id) | Q(activities__unit_id=unit_id)).distinct()
    if indicator:
        acts = acts.filter(plan_row__indicator=indicator)
        rows = rows.filter(indicator=indicator)
    by_row: dict[int, list[Activity]] = {}
    for a in acts:
        by_row.setdefault(a.plan_row_id, []).append(a)
    counts = {status: 0 for status in Activity.Status.values}
    for a in acts:
        counts[a.status] += 1
    groups: dict[int, IndicatorProgress] = {}
    for row in rows:
        group = groups.setdefault(row.indicator, IndicatorProgress(row.indicator))
        row_acts = by_row.get(row.pk, [])
        group.rows.append({"row": row, "activities": row_acts})
        counted = [a for a in row_acts if a.status != Activity.Status.CANCELLED]
        group.activities += len(counted)
        group.done += sum(a.status == Activity.Status.DONE for a in counted)
        group.percent += sum(a.percent for a in counted)
    for group in groups.values():
        group.percent = group.percent / group.activities if group.activities else 0.0
    overdue = sorted((a for a in acts if is_overdue(a, today)), key=lambda a: a.due)
    return Overview(plan_year, counts, sum(counts.values()), overdue, [groups[k] for k in sorted(groups)], today)


def my_work(org: Organisation, user: User) -> dict[str, list[Activity]]:
    """The person's open activities (assigned, or of a unit they head): overdue, due soon, later; and done."""
    today = local_today()
    units = headed_unit_ids(user, org.pk)
    mine = (
        Activity.objects.filter(organisation=org)
        .filter(Q(owners=user) | Q(unit_id__in=units))
        .distinct()
        .select_related("plan_row", "unit")
        .order_by("due", "id")
    )
    soon = today + timedelta(days=DUE_SOON_DAYS)
    sections: dict[str, list[Activity]] = {"overdue": [], "soon": [], "later": [], "closed": []}
    for a in mine:
        if not a.is_open:
            sections["closed"].append(a)
        elif a.due < today:
            sections["overdue"].append(a)
        elif a.due <= soon:
            sections["soon"].append(a)
        else:
            sections["later"].append(a)
    return sections


def plan_years(org: Organisation) -> list[int]:
    """The fiscal years that have a plan (the year after the results it answers), newest first."""
    years = PlanRow.objects.filter(organisation=org).values_list("fiscal_year", flat=True).distinct()
    return sorted({y + 1 for y in years}, reverse=True)
