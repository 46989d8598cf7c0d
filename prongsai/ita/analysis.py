"""The ITA analysis: pure functions from scores and the year's framework to numbers, flags and warnings.

Nothing here touches the database. `analyse_year` scores one year; `analyse`
puts the years of one organisation together for a report year. Scores are
kept unrounded while computing and rounded to two decimals only on output.

Rules (see data/ita/README.md for the sources):
- tool score = mean of the tool's indicators (None when any of them is missing);
- overall = Σ weight × tool score; where an official overall is reported it is
  used (overall_source "reported") and a difference of more than 0.01 from the
  computed value is a warning;
- level: the year's bands (≤ 2566) or label rules (2567 on);
- passed = overall ≥ the pass line;
- trend over the available years: the least-squares slope of the scores,
  improving above +TREND_BAND points a year, declining below −TREND_BAND;
- OIT from item results: sub-indicator = % of its items passed, indicator =
  mean of its sub-indicators; the gain of repairing a failed item is the
  overall-score difference with that item passed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from django.utils.translation import gettext as _

from prongsai.core.thai import to_thai_digits
from prongsai.ita.framework import TOOLS, Framework

MISMATCH_TOLERANCE = 0.01
TREND_BAND = 0.5  # points per year that still count as stable
STRENGTH = 95.0


def r2(value: float | None) -> float | None:
    """Round half up to two decimals, as score tables are printed."""
    if value is None:
        return None
    return float(f"{value + (1e-9 if value >= 0 else -1e-9):.2f}")


def _t(value: float | None) -> str:
    """A score for a warning message: two decimals, Thai digits when the message is Thai."""
    from django.utils.translation import get_language

    text = "–" if value is None else f"{value:.2f}"
    return to_thai_digits(text) if (get_language() or "th").startswith("th") else text


@dataclass(frozen=True)
class YearInput:
    fiscal_year: int
    indicators: Mapping[int, float | None]
    reported: Mapping[str, Any] = field(default_factory=dict)  # iit, eit, oit, overall, level
    items: Mapping[str, bool] = field(default_factory=dict)  # OIT item code -> passed


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    fiscal_year: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "fiscal_year": self.fiscal_year}


@dataclass
class YearResult:
    fiscal_year: int
    indicators: dict[int, float | None]
    tools: dict[str, float | None]
    computed_overall: float | None
    overall: float | None
    overall_source: str  # "reported" | "computed" | "none"
    level: str | None
    passed: bool | None
    oit_from_items: dict[str, Any] | None
    warnings: list[Finding]

    def as_dict(self) -> dict[str, Any]:
        return {
            "fiscal_year": self.fiscal_year,
            "indicators": {str(n): r2(v) for n, v in self.indicators.items()},
            "tools": {t: r2(v) for t, v in self.tools.items()},
            "computed_overall": r2(self.computed_overall),
            "overall": r2(self.overall),
            "overall_source": self.overall_source,
            "level": self.level,
            "passed": self.passed,
        }


def tool_scores(fw: Framework, indicators: Mapping[int, float | None]) -> dict[str, float | None]:
    scores: dict[str, float | None] = {}
    for tool in TOOLS:
        values = [indicators.get(n) for n in fw.tool_indicators[tool]]
        scores[tool] = mean(v for v in values if v is not None) if all(v is not None for v in values) else None
    return scores


def weighted_overall(fw: Framework, tools: Mapping[str, float | None]) -> float | None:
    if any(tools[t] is None for t in TOOLS):
        return None
    total = 0.0
    for tool in TOOLS:
        score = tools[tool]
        assert score is not None
        total += fw.weights[tool] * score
    return total


def level_for(fw: Framework, overall: float | None, tools: Mapping[str, float | None]) -> str | None:
    if overall is None:
        return None
    value = round(overall, 2)
    if fw.level_scheme == "bands":
        return next((code for code, minimum in fw.bands if value >= minimum), None)
    for rule in fw.label_rules:
        if value < float(rule.get("min_overall", 0)):
            continue
        each = rule.get("min_each_tool")
        if each is not None and any(t is None or round(t, 2) < float(each) for t in tools.values()):
            continue
        return str(rule["label_th"])
    return None


def oit_from_items(fw: Framework, items: Mapping[str, bool]) -> dict[str, Any]:
    """Sub-indicator and indicator 9/10 scores from item pass/fail (items without a result are left out)."""
    subs: dict[str, float] = {}
    for sub in fw.sub_indicators:
        results = [items[i.code] for i in fw.items_of(sub.code) if i.code in items]
        if results:
            subs[sub.code] = 100.0 * sum(results) / len(results)
    indicators: dict[int, float | None] = {}
    for number in (9, 10):
        values = [subs[s.code] for s in fw.sub_indicators if s.indicator == number and s.code in subs]
        indicators[number] = mean(values) if values else None
    missing = [i.code for i in fw.items if i.code not in items]
    return {"sub_indicators": subs, "indicators": indicators, "missing": missing}


def analyse_year(fw: Framework, year: YearInput) -> YearResult:
    warnings: list[Finding] = []
    fy = year.fiscal_year
    indicators = {n: (None if year.indicators.get(n) is None else float(year.indicators[n])) for n in range(1, 11)}  # type: ignore[arg-type]
    missing = [n for n, v in indicators.items() if v is None]
    if missing:
        warnings.append(
            Finding(
                "missing_scores",
                _("FY%(fy)s: no score for indicator(s) %(numbers)s.")
                % {"fy": fy, "numbers": ", ".join(str(n) for n in missing)},
                fy,
            )
        )
    computed_tools = tool_scores(fw, indicators)
    computed = weighted_overall(fw, computed_tools)
    tools = dict(computed_tools)
    for tool in TOOLS:
        reported = year.reported.get(tool.lower())
        if reported is None:
            continue
        reported = float(reported)
        if computed_tools[tool] is not None and abs(reported - computed_tools[tool]) > MISMATCH_TOLERANCE:  # type: ignore[operator]
            warnings.append(
                Finding(
                    "reported_tool_mismatch",
                    _(
                        "FY%(fy)s: the reported %(tool)s score (%(reported)s) differs from the one computed from the indicators (%(computed)s)."
                    )
                    % {"fy": fy, "tool": tool, "reported": _t(reported), "computed": _t(computed_tools[tool])},
                    fy,
                )
            )
        tools[tool] = reported
    reported_overall = year.reported.get("overall")
    if reported_overall is not None:
        overall: float | None = float(reported_overall)
        source = "reported"
        if computed is not None and abs(float(reported_overall) - computed) > MISMATCH_TOLERANCE:
            warnings.append(
                Finding(
                    "reported_overall_mismatch",
                    _(
                        "FY%(fy)s: the reported overall score (%(reported)s) differs from the one computed from the ten indicator scores with this year's weights (%(computed)s)."
                    )
                    % {"fy": fy, "reported": _t(float(reported_overall)), "computed": _t(computed)},
                    fy,
                )
            )
    else:
        overall = computed if computed is not None else weighted_overall(fw, tools)
        source = "computed" if overall is not None else "none"
    level = level_for(fw, overall, tools)
    reported_level = str(year.reported.get("level") or "").strip()
    if reported_level and level and reported_level != level:
        warnings.append(
            Finding(
                "reported_level_mismatch",
                _(
                    "FY%(fy)s: the reported level “%(reported)s” differs from the level this year's rules give (“%(level)s”)."
                )
                % {"fy": fy, "reported": reported_level, "level": level},
                fy,
            )
        )
    items = None
    if year.items:
        items = oit_from_items(fw, year.items)
        if items["missing"]:
            warnings.append(
                Finding(
                    "oit_items_incomplete",
                    _("FY%(fy)s: %(count)s OIT item(s) have no result: %(codes)s.")
                    % {"fy": fy, "count": len(items["missing"]), "codes": ", ".join(items["missing"])},
                    fy,
                )
            )
        for number in (9, 10):
            from_items, entered = items["indicators"][number], indicators[number]
            if from_items is not None and entered is not None and abs(from_items - entered) > MISMATCH_TOLERANCE:
                warnings.append(
                    Finding(
                        "oit_items_mismatch",
                        _(
                            "FY%(fy)s: indicator %(number)s computed from the OIT item results (%(items)s) differs from the entered score (%(entered)s)."
                        )
                        % {"fy": fy, "number": number, "items": _t(from_items), "entered": _t(entered)},
                        fy,
                    )
                )
    return YearResult(
        fiscal_year=fy,
        indicators=indicators,
        tools=tools,
        computed_overall=computed,
        overall=overall,
        overall_source=source,
        level=level,
        passed=None if overall is None else round(overall, 2) >= fw.pass_line,
        oit_from_items=items,
        warnings=warnings,
    )


def trend(points: Sequence[tuple[int, float]]) -> str:
    """improving / declining / stable from the least-squares slope; unknown with fewer than two years."""
    if len(points) < 2:
        return "unknown"
    xs = [float(x) for x, _ in points]
    ys = [y for _, y in points]
    mx, my = mean(xs), mean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    if slope > TREND_BAND:
        return "improving"
    if slope < -TREND_BAND:
        return "declining"
    return "stable"


def item_gains(fw: Framework, year: YearResult, items: Mapping[str, bool]) -> list[dict[str, Any]]:
    """For each failed item: the overall ITA points its repair would gain, largest first."""
    if year.oit_from_items is None:
        return []
    base_items = year.oit_from_items["indicators"]
    gains = []
    for code, passed in items.items():
        if passed or fw.item(code) is None:
            continue
        repaired = oit_from_items(fw, {**items, code: True})["indicators"]
        delta_indicators = {n: (repaired[n] or 0.0) - (base_items[n] or 0.0) for n in (9, 10)}
        # OIT = mean(ind9, ind10), so one indicator point moves OIT by half a point.
        gain = fw.weights["OIT"] * sum(delta_indicators.values()) / 2
        item = fw.item(code)
        gains.append(
            {
                "item": code,
                "title_th": item.title_th if item else "",
                "sub_indicator": item.sub_indicator if item else "",
                "indicator_gain": {str(n): r2(d) for n, d in delta_indicators.items() if d},
                "overall_gain": r2(gain),
            }
        )
    return sorted(gains, key=lambda g: (-(g["overall_gain"] or 0), g["item"]))


@dataclass
class Analysis:
    fiscal_year: int
    years: list[YearResult]
    indicators: list[dict[str, Any]]
    weakest: list[int]
    warnings: list[Finding]
    item_gains: list[dict[str, Any]]
    o25: dict[str, Any] | None

    def year(self, fiscal_year: int) -> YearResult | None:
        return next((y for y in self.years if y.fiscal_year == fiscal_year), None)

    @property
    def current(self) -> YearResult:
        year = self.year(self.fiscal_year)
        assert year is not None
        return year


def analyse(
    frameworks: Mapping[int, Framework],
    years: Sequence[YearInput],
    report_year: int,
    *,
    o25_indicator: int | None = None,
    o25_basis: str = "lowest",
    plan_framework: Framework | None = None,
) -> Analysis:
    """Everything the report needs about `report_year`, with the earlier years for trends.

    `plan_framework` is the framework of the year that follows (the plan's year);
    when it carries the O25 rule (from FY2569), one indicator is selected for a
    preventive measure: the lowest, or `o25_indicator` when the user chose it
    for the highest risk.
    """
    results = [analyse_year(frameworks[y.fiscal_year], y) for y in sorted(years, key=lambda y: y.fiscal_year)]
    current = next((r for r in results if r.fiscal_year == report_year), None)
    if current is None:
        raise ValueError(f"no results for FY{report_year}")
    fw = frameworks[report_year]
    by_year = {r.fiscal_year: r for r in results}
    scores = current.indicators
    present = [v for v in scores.values() if v is not None]
    own_mean = mean(present) if present else None
    indicators: list[dict[str, Any]] = []
    for n in range(1, 11):
        score = scores[n]
        previous_year = by_year.get(report_year - 1)
        previous = previous_year.indicators[n] if previous_year else None
        history = [(r.fiscal_year, r.indicators[n]) for r in results if r.indicators[n] is not None]
        flags = []
        if score is not None:
            if round(score, 2) < fw.pass_line:
                flags.append("below_pass_line")
            if own_mean is not None and score < own_mean:
                flags.append("below_own_mean")
            if round(score, 2) >= STRENGTH:
                flags.append("strength")
        indicators.append(
            {
                "number": n,
                "name_th": fw.indicator_names[n],
                "tool": fw.indicator_tools[n],
                "score": r2(score),
                "previous": r2(previous),
                "delta": r2(score - previous) if score is not None and previous is not None else None,
                "trend": trend(history),  # type: ignore[arg-type]
                "gap_to_pass_line": r2(fw.pass_line - score) if score is not None else None,
                "gap_to_100": r2(100 - score) if score is not None else None,
                "flags": flags,
                "history": {str(fy): r2(v) for fy, v in history},
            }
        )
    ranked = sorted((i for i in indicators if i["score"] is not None), key=lambda i: (i["score"], i["number"]))
    weak = [i["number"] for i in ranked if {"below_pass_line", "below_own_mean"} & set(i["flags"])]
    weakest = weak or [i["number"] for i in ranked[:1]]

    warnings = [w for r in results for w in r.warnings]
    year_input = next(y for y in years if y.fiscal_year == report_year)
    gains = item_gains(fw, current, year_input.items)

    o25 = None
    rule_fw = plan_framework if plan_framework is not None and plan_framework.o25_rule else None
    if rule_fw is not None and ranked:
        if o25_basis == "highest_risk" and o25_indicator in range(1, 11):
            chosen, basis = o25_indicator, "highest_risk"
        else:
            chosen, basis = ranked[0]["number"], "lowest"
        o25 = {
            "indicator": chosen,
            "basis": basis,
            "item": rule_fw.o25_rule.get("item", "O25") if rule_fw.o25_rule else "O25",
            "rule_th": rule_fw.o25_rule.get("text_th", "") if rule_fw.o25_rule else "",
            "plan_fiscal_year": rule_fw.fiscal_year,
        }
    return Analysis(
        fiscal_year=report_year,
        years=results,
        indicators=indicators,
        weakest=weakest,
        warnings=warnings,
        item_gains=gains,
        o25=o25,
    )
