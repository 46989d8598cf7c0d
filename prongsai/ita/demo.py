"""Demo ITA data: อบต.โพหนอง's FY2568 scores exactly as in the seed and its measures as the plan;
five years of synthetic results for the fictional sample organisation.

Nothing is invented for the real organisation: its earlier years stay empty.
"""

from __future__ import annotations

from decimal import Decimal

from prongsai.ita import services
from prongsai.ita.analysis import oit_from_items
from prongsai.ita.framework import framework_load, get_framework, templates_load
from prongsai.ita.models import ItaResult, MeasureTemplate, PlanRow
from prongsai.orgs.models import Organisation

# The seed's summary table (สรุปผลการประเมินรายตัวชี้วัด), FY2568, and the overall it quotes.
PHO_NONG_2568 = {
    1: "90.10",
    2: "85.25",
    3: "90.10",
    4: "73.33",
    5: "74.75",
    6: "97.73",
    7: "97.00",
    8: "95.60",
    9: "59.25",
    10: "90.00",
}
PHO_NONG_REPORTED_OVERALL = "90.10"
# The seed selects indicator 9 (lowest) for its preventive measure under the 2569 O25 rule.
PHO_NONG_O25_TEMPLATE_PREFIX = "i9-"

# Synthetic: a starting point per indicator and a yearly change, FY2564 → FY2568.
SAMPLE_START = {1: 82.4, 2: 76.1, 3: 80.6, 4: 70.2, 5: 68.9, 6: 88.3, 7: 85.0, 8: 83.7, 9: 55.0, 10: 62.5}
SAMPLE_STEP = {1: 2.1, 2: 1.6, 3: 0.2, 4: 3.4, 5: -0.9, 6: 1.8, 7: 2.4, 8: -1.7, 9: 7.5, 10: 5.0}
SAMPLE_FAILED_ITEMS_2568 = ("O2", "O13", "O19")


def _d(value: float | str) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def load(pho_nong: Organisation, sample: Organisation) -> None:
    framework_load()
    templates_load()
    _pho_nong(pho_nong)
    _sample(sample)


def _pho_nong(org: Organisation) -> None:
    services.result_save(
        org=org,
        fiscal_year=2568,
        scores={n: _d(v) for n, v in PHO_NONG_2568.items()},
        reported={"overall": _d(PHO_NONG_REPORTED_OVERALL)},
        user=None,
        source="demo: seed document",
    )
    if not PlanRow.objects.filter(organisation=org, fiscal_year=2568).exists():
        scores = {n: float(v) for n, v in PHO_NONG_2568.items()}
        rows = services.plan_rows_from_templates(
            org=org,
            fiscal_year=2568,
            templates=MeasureTemplate.objects.order_by("indicator", "id"),
            overall=float(PHO_NONG_REPORTED_OVERALL),
            scores=scores,
        )
        preventive = next(
            (
                r
                for r in rows
                if r.template and r.template.key.startswith(PHO_NONG_O25_TEMPLATE_PREFIX) and r.template.o25_candidate
            ),
            None,
        )
        preventive = preventive or next((r for r in rows if r.indicator == 9), None)
        if preventive is not None:
            preventive.o25_preventive = True
            preventive.save(update_fields=["o25_preventive"])


def _sample(org: Organisation) -> None:
    for index, fy in enumerate(range(2564, 2569)):
        scores = {n: _d(min(100.0, SAMPLE_START[n] + SAMPLE_STEP[n] * index)) for n in range(1, 11)}
        if fy == 2568:
            fw = get_framework(fy)
            if fw is not None:
                items = {i.code: i.code not in SAMPLE_FAILED_ITEMS_2568 for i in fw.items}
                from_items = oit_from_items(fw, items)["indicators"]
                scores[9], scores[10] = _d(round(from_items[9], 2)), _d(round(from_items[10], 2))
                services.item_results_replace(
                    org=org,
                    fiscal_year=fy,
                    items={c: (p, "" if p else "เอกสารไม่ครบตามองค์ประกอบ (ข้อมูลสมมติ)") for c, p in items.items()},
                    user=None,
                    source="demo: synthetic",
                )
        services.result_save(org=org, fiscal_year=fy, scores=scores, reported={}, user=None, source="demo: synthetic")
    result = ItaResult.objects.get(organisation=org, fiscal_year=2568)
    if not PlanRow.objects.filter(organisation=org, fiscal_year=2568).exists():
        from prongsai.ita.selectors import org_analysis

        data = org_analysis(org, 2568)
        if data is None:
            return
        weak = data.analysis.weakest[:3]
        templates = MeasureTemplate.objects.filter(indicator__in=weak).order_by("indicator", "id")
        rows = services.plan_rows_from_templates(
            org=org,
            fiscal_year=2568,
            templates=templates,
            overall=data.analysis.current.overall,
            scores={i["number"]: i["score"] for i in data.analysis.indicators},
        )
        lowest = data.analysis.o25["indicator"] if data.analysis.o25 else None
        chosen = next((r for r in rows if r.indicator == lowest), None)
        if chosen is not None:
            chosen.o25_preventive = True
            chosen.save(update_fields=["o25_preventive"])
    services.o25_choose(result=result, indicator=None, basis=ItaResult.O25Basis.LOWEST)
