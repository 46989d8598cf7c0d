"""Reads of the ITA module: an organisation's years as analysis input, and the report data (the JSON contract).

The report data is the one structure behind the web pages, the JSON export,
the DOCX and the PDF (docs/ita-report-json.md describes it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from prongsai.core.thai import fiscal_year, fiscal_year_bounds, fiscal_year_range_text, format_date_short
from prongsai.ita.analysis import Analysis, YearInput, analyse, r2
from prongsai.ita.framework import Framework, get_framework
from prongsai.ita.models import AnalysisEdit, ItaResult, OitItemResult, PlanRow
from prongsai.ita.writing import digits, indicator_text
from prongsai.orgs.models import Organisation


def year_inputs(org: Organisation) -> list[YearInput]:
    items: dict[int, dict[str, bool]] = {}
    for item in OitItemResult.objects.filter(organisation=org):
        items.setdefault(item.fiscal_year, {})[item.item_code] = item.passed
    inputs = []
    for result in ItaResult.objects.filter(organisation=org).order_by("fiscal_year"):
        scores = {n: None if v is None else float(v) for n, v in result.scores().items()}
        reported = {
            "iit": result.reported_iit,
            "eit": result.reported_eit,
            "oit": result.reported_oit,
            "overall": result.reported_overall,
            "level": result.reported_level,
        }
        inputs.append(
            YearInput(
                result.fiscal_year,
                scores,
                {k: (float(v) if v is not None and k != "level" else v) for k, v in reported.items()},
                items.get(result.fiscal_year, {}),
            )
        )
    return inputs


@dataclass
class OrgAnalysis:
    org: Organisation
    result: ItaResult
    analysis: Analysis
    framework: Framework
    plan_framework: Framework | None
    frameworks: dict[int, Framework]


def org_analysis(org: Organisation, fiscal_year: int) -> OrgAnalysis | None:
    """The analysis of `fiscal_year` for `org`, or None when it has no results or no framework for that year."""
    result = ItaResult.objects.filter(organisation=org, fiscal_year=fiscal_year).first()
    if result is None:
        return None
    inputs = [y for y in year_inputs(org) if y.fiscal_year <= fiscal_year]
    frameworks: dict[int, Framework] = {}
    for y in inputs:
        fw = get_framework(y.fiscal_year)
        if fw is not None:
            frameworks[y.fiscal_year] = fw
    if fiscal_year not in frameworks:
        return None
    inputs = [y for y in inputs if y.fiscal_year in frameworks]
    plan_fw = get_framework(fiscal_year + 1)
    analysis = analyse(
        frameworks,
        inputs,
        fiscal_year,
        o25_indicator=result.o25_indicator,
        o25_basis=result.o25_basis,
        plan_framework=plan_fw,
    )
    return OrgAnalysis(org, result, analysis, frameworks[fiscal_year], plan_fw, frameworks)


def generated_texts(data: OrgAnalysis) -> dict[int, str]:
    comments = dict(
        OitItemResult.objects.filter(organisation=data.org, fiscal_year=data.analysis.fiscal_year).values_list(
            "item_code", "comment"
        )
    )
    return {
        n: indicator_text(
            data.analysis, n, framework=data.framework, plan_framework=data.plan_framework, comments=comments
        )
        for n in range(1, 11)
    }


def analysis_texts(data: OrgAnalysis) -> dict[int, dict[str, Any]]:
    """Per indicator: the generated text, the staff's edit (if any) and the text in force."""
    edits = {
        e.indicator: e
        for e in AnalysisEdit.objects.filter(
            organisation=data.org, fiscal_year=data.analysis.fiscal_year
        ).select_related("edited_by")
    }
    texts = {}
    for n, generated in generated_texts(data).items():
        edit = edits.get(n)
        texts[n] = {"generated": generated, "edit": edit, "text": edit.text if edit else generated}
    return texts


def time_frame_text(start: date, end: date, *, thai_digits: bool = True) -> str:
    fy = fiscal_year(start)
    if (start, end) == fiscal_year_bounds(fy):
        return fiscal_year_range_text(fy, thai_digits=thai_digits)
    return f"{format_date_short(start, thai_digits=thai_digits)} – {format_date_short(end, thai_digits=thai_digits)}"


def plan_rows(org: Organisation, fiscal_year: int) -> list[PlanRow]:
    return list(
        PlanRow.objects.filter(organisation=org, fiscal_year=fiscal_year)
        .prefetch_related("units")
        .order_by("indicator", "position", "id")
    )


def units_once(names: list[str]) -> list[str]:
    """The responsible units as the plan page lists them: each unit once.

    A row's units are followed by its free-text note, which often names them again
    ("สำนักปลัด" and "สำนักปลัด อบต. งานประชาสัมพันธ์"): a name found inside another entry is left out.
    """
    kept: list[str] = []
    for name in names:
        if name and name not in kept and not any(name != other and name in other for other in names):
            kept.append(name)
    return kept


def plan_row_data(row: PlanRow, *, thai_digits: bool = True) -> dict[str, Any]:
    units = [u.name for u in row.units.all()]
    return {
        "id": row.pk,
        "indicator": row.indicator,
        "kind": row.kind,
        "title": digits(row.title, thai_digits=thai_digits),
        "activity": digits(row.activity, thai_digits=thai_digits),
        "analysis": digits(row.analysis, thai_digits=thai_digits),
        "steps": [digits(s, thai_digits=thai_digits) for s in row.steps],
        "time_frame": time_frame_text(row.start, row.end, thai_digits=thai_digits),
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "units": units + ([row.units_note] if row.units_note else []),
        "o25_preventive": row.o25_preventive,
    }


def o25_findings(data: OrgAnalysis, rows: list[PlanRow]) -> list[dict[str, str]]:
    """The O25 rule: the selected indicator needs a preventive measure with an owner and a time frame."""
    from django.utils.translation import gettext as _

    o25 = data.analysis.o25
    if o25 is None:
        return []
    chosen = [r for r in rows if r.o25_preventive and r.indicator == o25["indicator"]]
    if not chosen:
        return [
            {
                "code": "o25_missing_preventive_measure",
                "message": _(
                    "Item %(item)s: indicator %(number)s was selected; mark one of its plan rows as the preventive measure."
                )
                % {"item": o25["item"], "number": o25["indicator"]},
            }
        ]
    if not any(r.units.exists() for r in chosen):
        return [
            {
                "code": "o25_measure_without_owner",
                "message": _("Item %(item)s: the preventive measure needs a responsible unit.") % {"item": o25["item"]},
            }
        ]
    return []


def report_data(org: Organisation, fiscal_year: int, *, thai_digits: bool = True) -> dict[str, Any] | None:
    """The whole report as plain data (see docs/ita-report-json.md), or None without results."""
    data = org_analysis(org, fiscal_year)
    if data is None:
        return None
    analysis, fw = data.analysis, data.framework
    texts = analysis_texts(data)
    rows = plan_rows(org, fiscal_year)
    indicators = []
    for indicator in analysis.indicators:
        n = indicator["number"]
        related = (data.plan_framework or fw).related_items(n)
        indicators.append(
            indicator
            | {
                "analysis_text": digits(texts[n]["text"], thai_digits=thai_digits),
                "analysis_edited": texts[n]["edit"] is not None,
                "related_oit_items": [i.code for i in related],
            }
        )
    warnings = [w.as_dict() for w in analysis.warnings] + o25_findings(data, rows)
    return {
        "organization": {
            "slug": org.slug,
            "name": org.name,
            "district": org.district,
            "province": org.province,
            "location_th": org.location(),
        },
        "fiscal_year": fiscal_year,
        "plan_fiscal_year": fiscal_year + 1,
        "generated_at": timezone.now().isoformat(),
        "framework": {
            "fiscal_year": fw.fiscal_year,
            "weights": fw.weights,
            "pass_line": fw.pass_line,
            "level_scheme": fw.level_scheme,
            "uncertain": list(fw.uncertain),
        },
        "years": [y.as_dict() for y in analysis.years],
        "indicators": indicators,
        "weakest": analysis.weakest,
        "warnings": [w | {"message": digits(w["message"], thai_digits=thai_digits)} for w in warnings],
        "oit_item_gains": analysis.item_gains,
        "o25": analysis.o25,
        "plan": [plan_row_data(r, thai_digits=thai_digits) for r in rows],
        "overall": r2(analysis.current.overall),
    }
