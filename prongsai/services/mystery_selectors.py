"""Reads of the mystery-shopper pages: the rounds, a round's summary against the catalogue's standards, the
measures a finding can go under."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from prongsai.ita.models import PlanRow
from prongsai.orgs.models import Organisation
from prongsai.services.models import MysteryFinding, MysteryRound, MysteryVisit


def rounds_of(org: Organisation) -> QuerySet[MysteryRound]:
    return (
        MysteryRound.objects.filter(organisation=org)
        .select_related("led_by")
        .annotate(visit_count=Count("visits", distinct=True), finding_count=Count("findings", distinct=True))
    )


def visits_of(item: MysteryRound) -> list[MysteryVisit]:
    return list(item.visits.select_related("service"))


def findings_of(item: MysteryRound) -> list[MysteryFinding]:
    return list(item.findings.select_related("service", "activity"))


@dataclass(frozen=True)
class Summary:
    visits: int
    greeted: int
    over_standard: int
    extra_documents: int
    fee_not_as_listed: int
    average_waiting: float | None
    average_total: float | None
    average_standard: float | None
    findings: dict[str, int]


def summary(visits: list[MysteryVisit], findings: list[MysteryFinding]) -> Summary:
    """The round at a glance: the checklists' results against the standard and the findings by severity."""
    n = len(visits)

    def average(values: list[int]) -> float | None:
        return round(sum(values) / n, 1) if n else None

    by_severity: dict[str, int] = {value: 0 for value in MysteryFinding.Severity.values}
    for finding in findings:
        by_severity[finding.severity] += 1
    return Summary(
        visits=n,
        greeted=sum(v.greeted for v in visits),
        over_standard=sum(v.over_standard for v in visits),
        extra_documents=sum(v.extra_documents for v in visits),
        fee_not_as_listed=sum(not v.fee_as_listed for v in visits),
        average_waiting=average([v.waiting_min for v in visits]),
        average_total=average([v.total_min for v in visits]),
        average_standard=average([v.standard_min for v in visits]),
        findings=by_severity,
    )


def plan_measures(org: Organisation) -> QuerySet[PlanRow]:
    """The organisation's plan rows, newest plan first (an activity goes under one of them)."""
    return PlanRow.objects.filter(organisation=org).order_by("-fiscal_year", "indicator", "position", "pk")


def severity_rows(result: Summary) -> list[tuple[Any, int]]:
    return [(label, result.findings[value]) for value, label in MysteryFinding.Severity.choices]
