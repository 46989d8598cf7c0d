"""Writes of the ITA module: results, item results, imports, analysis edits and the plan."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.db import transaction

from prongsai.accounts.models import User
from prongsai.core.publiccache import public_pages_changed
from prongsai.core.thai import fiscal_year_bounds
from prongsai.ita.importing import ParsedImport, parse_file
from prongsai.ita.models import (
    INDICATOR_NUMBERS,
    AnalysisEdit,
    ItaResult,
    MeasureTemplate,
    OitItemResult,
    PlanRow,
    ResultRevision,
)
from prongsai.orgs.models import Organisation, Unit

REPORTED_FIELDS = ("iit", "eit", "oit", "overall")


def _snapshot(org: Organisation, fiscal_year: int) -> dict[str, Any]:
    result = ItaResult.objects.filter(organisation=org, fiscal_year=fiscal_year).first()
    items = OitItemResult.objects.filter(organisation=org, fiscal_year=fiscal_year)
    values: dict[str, Any] = {}
    if result is not None:
        values["indicators"] = {str(n): None if v is None else str(v) for n, v in result.scores().items()}
        values["reported"] = {f: _str(getattr(result, f"reported_{f}")) for f in REPORTED_FIELDS}
        values["reported"]["level"] = result.reported_level
    if items:
        values["items"] = {i.item_code: {"passed": i.passed, "comment": i.comment} for i in items}
    return values


def _record_revision(
    *, org: Organisation, fiscal_year: int, before: dict[str, Any], user: User | None, source: str
) -> None:
    ResultRevision.objects.create(
        organisation=org,
        fiscal_year=fiscal_year,
        source=source[:200],
        previous=before,
        new=_snapshot(org, fiscal_year),
        created_by=user,
    )


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def result_save(
    *,
    org: Organisation,
    fiscal_year: int,
    scores: Mapping[int, Decimal | None],
    reported: Mapping[str, Any],
    user: User | None,
    source: str,
) -> ItaResult:
    """Set a year's ten scores and reported values, keeping the earlier values as a revision."""
    with transaction.atomic():
        before = _snapshot(org, fiscal_year)
        result, _ = ItaResult.objects.get_or_create(organisation=org, fiscal_year=fiscal_year)
        for n in INDICATOR_NUMBERS:
            setattr(result, f"i{n}", scores.get(n))
        for f in REPORTED_FIELDS:
            setattr(result, f"reported_{f}", reported.get(f))
        result.reported_level = str(reported.get("level") or "")
        result.full_clean()
        result.save()
        _record_revision(org=org, fiscal_year=fiscal_year, before=before, user=user, source=source)
        if settings.ITA_CHARTS_AHEAD:
            transaction.on_commit(functools.partial(_draw_charts_later, org.pk, fiscal_year))
    return result


def _draw_charts_later(org_id: int, fiscal_year: int) -> None:
    """The worker draws the report charts that the new scores change (see ita/tasks.py)."""
    from prongsai.ita.tasks import draw_report_charts_task

    draw_report_charts_task(org_id, fiscal_year)


def item_results_replace(
    *, org: Organisation, fiscal_year: int, items: Mapping[str, tuple[bool, str]], user: User | None, source: str
) -> None:
    """Replace a year's OIT item results (pass/fail and the assessor's comment), keeping a revision."""
    with transaction.atomic():
        before = _snapshot(org, fiscal_year)
        ItaResult.objects.get_or_create(organisation=org, fiscal_year=fiscal_year)
        OitItemResult.objects.filter(organisation=org, fiscal_year=fiscal_year).delete()
        OitItemResult.objects.bulk_create(
            OitItemResult(organisation=org, fiscal_year=fiscal_year, item_code=code, passed=passed, comment=comment)
            for code, (passed, comment) in items.items()
        )
        _record_revision(org=org, fiscal_year=fiscal_year, before=before, user=user, source=source)


def results_import(*, org: Organisation, file_name: str, content: bytes | IO[bytes], user: User | None) -> ParsedImport:
    """Import a CSV/XLSX file (bytes or an open binary file, read as far as needed): every cell is checked
    first; one bad cell and nothing is saved (ImportFailed)."""
    parsed = parse_file(file_name, content)
    source = f"import: {file_name}"
    with transaction.atomic():
        for fy, values in parsed.results.items():
            result_save(
                org=org, fiscal_year=fy, scores=values["scores"], reported=values["reported"], user=user, source=source
            )
        for fy, items in parsed.items.items():
            item_results_replace(org=org, fiscal_year=fy, items=items, user=user, source=source)
    return parsed


def o25_choose(*, result: ItaResult, indicator: int | None, basis: str) -> ItaResult:
    if basis not in ItaResult.O25Basis.values:
        raise ValueError(f"unknown basis {basis!r}")
    result.o25_basis = basis
    result.o25_indicator = indicator if basis == ItaResult.O25Basis.HIGHEST_RISK else None
    result.full_clean()
    result.save(update_fields=["o25_basis", "o25_indicator", "updated_at"])
    return result


def analysis_edit_save(*, org: Organisation, fiscal_year: int, indicator: int, text: str, user: User | None) -> None:
    AnalysisEdit.objects.update_or_create(
        organisation=org,
        fiscal_year=fiscal_year,
        indicator=indicator,
        defaults={"text": text.strip(), "edited_by": user},
    )


def analysis_edit_reset(*, org: Organisation, fiscal_year: int, indicator: int) -> None:
    AnalysisEdit.objects.filter(organisation=org, fiscal_year=fiscal_year, indicator=indicator).delete()


def plan_default_period(fiscal_year: int) -> tuple[date, date]:
    """A plan made from FY results runs through the next fiscal year (e.g. 1 Oct 2025 – 30 Sep 2026 for FY2568 results)."""
    return fiscal_year_bounds(fiscal_year + 1)


def fill_placeholders(text: str, *, overall: float | None, score: float | None) -> str:
    return text.replace("{overall}", "–" if overall is None else f"{overall:.2f}").replace(
        "{score}", "–" if score is None else f"{score:.2f}"
    )


@transaction.atomic
def plan_row_save(
    *,
    org: Organisation,
    fiscal_year: int,
    row: PlanRow | None = None,
    fields: Mapping[str, Any],
    units: Iterable[Unit] = (),
) -> PlanRow:
    units = list(units)
    if any(u.organisation_id != org.pk for u in units):
        raise ValueError("a unit of another organisation")
    if row is None:
        row = PlanRow(organisation=org, fiscal_year=fiscal_year)
        last = PlanRow.objects.filter(organisation=org, fiscal_year=fiscal_year).order_by("-position").first()
        row.position = (last.position + 1) if last else 1
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    public_pages_changed(row.organisation_id)
    row.units.set(units)
    return row


def plan_rows_from_templates(
    *,
    org: Organisation,
    fiscal_year: int,
    templates: Iterable[MeasureTemplate],
    overall: float | None,
    scores: Mapping[int, float | None],
) -> list[PlanRow]:
    """New plan rows from measure templates: analysis numbers filled in, the next fiscal year as time frame,
    responsible units matched by name to the organisation's units."""
    start, end = plan_default_period(fiscal_year)
    units_by_name = {u.name: u for u in org.units.all()}
    rows = []
    for template in templates:
        names = list(template.units)
        matched = list(org.units.all()) if "ทุกกอง" in names else [units_by_name[n] for n in names if n in units_by_name]
        rows.append(
            plan_row_save(
                org=org,
                fiscal_year=fiscal_year,
                fields={
                    "indicator": template.indicator,
                    "kind": template.kind,
                    "title": template.title,
                    "activity": template.activity,
                    "analysis": fill_placeholders(
                        template.analysis, overall=overall, score=scores.get(template.indicator)
                    ),
                    "steps": list(template.steps),
                    "start": start,
                    "end": end,
                    "units_note": template.units_note[:300],
                    "template": template,
                },
                units=matched,
            )
        )
    return rows


def plan_row_delete(*, row: PlanRow) -> None:
    public_pages_changed(row.organisation_id)
    row.delete()
