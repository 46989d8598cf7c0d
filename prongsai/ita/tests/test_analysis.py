"""The analysis engine: pure functions checked against hand computation."""

from __future__ import annotations

from typing import Any

import pytest

from prongsai.ita.analysis import YearInput, analyse, analyse_year, item_gains, level_for, oit_from_items, r2, trend
from prongsai.ita.framework import FrameworkError, apply_override, build_framework

NAMES = {
    1: "การปฏิบัติหน้าที่",
    2: "การใช้งบประมาณ",
    3: "การใช้อำนาจ",
    4: "การใช้ทรัพย์สินของราชการ",
    5: "การแก้ไขปัญหาการทุจริต",
    6: "คุณภาพการดำเนินงาน",
    7: "ประสิทธิภาพการสื่อสาร",
    8: "การปรับปรุงระบบการทำงาน",
    9: "การเปิดเผยข้อมูล",
    10: "การป้องกันการทุจริต",
}
# The seed's FY2568 scores (อบต.โพหนอง).
SEED = {1: 90.10, 2: 85.25, 3: 90.10, 4: 73.33, 5: 74.75, 6: 97.73, 7: 97.00, 8: 95.60, 9: 59.25, 10: 90.00}


def framework_data(fy: int = 2568, *, scheme: str = "labels", o25: bool = False) -> dict[str, Any]:
    """A coherent framework: the 2564 OIT shape (9.1–9.5 with 9/8/7/4/5 items, 10.1 with 8, 10.2 with 2)."""
    sizes = [
        ("9.1", 9, 9),
        ("9.2", 9, 8),
        ("9.3", 9, 7),
        ("9.4", 9, 4),
        ("9.5", 9, 5),
        ("10.1", 10, 8),
        ("10.2", 10, 2),
    ]
    items, number = [], 1
    for code, _indicator, size in sizes:
        for _ in range(size):
            items.append(
                {"code": f"O{number}", "sub_indicator": code, "title_th": f"ข้อ {number}", "related_indicators": [1]}
            )
            number += 1
    levels: dict[str, Any]
    if scheme == "bands":
        levels = {
            "scheme": "bands",
            "confidence": "confirmed",
            "bands": [
                {"code": c, "min": m}
                for c, m in [("AA", 95), ("A", 85), ("B", 75), ("C", 65), ("D", 55), ("E", 50), ("F", 0)]
            ],
        }
    else:
        levels = {
            "scheme": "labels",
            "confidence": "unverified",
            "rules": [
                {"label_th": "ผ่านดีเยี่ยม", "min_overall": 95, "min_each_tool": 95},
                {"label_th": "ผ่านดี", "min_overall": 85, "min_each_tool": 85},
                {"label_th": "ผ่าน", "min_overall": 85},
                {"label_th": "ต้องปรับปรุง", "min_overall": 70},
                {"label_th": "ต้องปรับปรุงโดยด่วน", "min_overall": 0},
            ],
        }
    data = {
        "fiscal_year": fy,
        "pass_line": {"value": 85},
        "tools": [
            {"code": "IIT", "weight": 0.3, "indicators": [1, 2, 3, 4, 5], "confidence": "confirmed"},
            {"code": "EIT", "weight": 0.3, "indicators": [6, 7, 8], "confidence": "confirmed"},
            {"code": "OIT", "weight": 0.4, "indicators": [9, 10], "confidence": "confirmed"},
        ],
        "indicators": [
            {"number": n, "name_th": NAMES[n], "tool": "IIT" if n <= 5 else "EIT" if n <= 8 else "OIT"} for n in NAMES
        ],
        "levels": levels,
        "oit": {
            "scoring": {"confidence": "confirmed"},
            "sub_indicators": [{"code": c, "indicator": i, "name_th": c} for c, i, _ in sizes],
            "items": items,
        },
    }
    if o25:
        data["o25_rule"] = {"item": "O25", "text_th": "คัดเลือกตัวชี้วัด 1 ข้อ"}
    return data


FW = build_framework(framework_data())


def test_it_reproduces_the_seed_overall_under_30_30_40() -> None:
    result = analyse_year(FW, YearInput(2568, SEED))
    assert r2(result.tools["IIT"]) == 82.71
    assert r2(result.tools["EIT"]) == 96.78
    assert r2(result.tools["OIT"]) == 74.63  # 74.625 rounds half up
    assert r2(result.computed_overall) == 83.69
    assert result.overall_source == "computed"
    assert result.passed is False
    assert result.level == "ต้องปรับปรุง"


def test_it_uses_the_reported_overall_and_warns_when_it_differs() -> None:
    result = analyse_year(FW, YearInput(2568, SEED, {"overall": 90.10}))
    assert result.overall == 90.10
    assert result.overall_source == "reported"
    assert result.passed is True
    assert [w.code for w in result.warnings] == ["reported_overall_mismatch"]
    assert "83.69" in result.warnings[0].message or "๘๓.๖๙" in result.warnings[0].message


def test_it_accepts_a_reported_overall_within_a_hundredth() -> None:
    result = analyse_year(FW, YearInput(2568, SEED, {"overall": 83.70}))
    assert result.warnings == []


def test_it_warns_on_reported_tool_and_level_mismatches() -> None:
    result = analyse_year(FW, YearInput(2568, SEED, {"iit": 90.0, "level": "ผ่านดีเยี่ยม"}))
    assert {w.code for w in result.warnings} == {"reported_tool_mismatch", "reported_level_mismatch"}


def test_it_leaves_tools_with_a_missing_indicator_unscored() -> None:
    result = analyse_year(FW, YearInput(2568, {**SEED, 7: None}))
    assert result.tools["EIT"] is None
    assert result.computed_overall is None
    assert result.passed is None
    assert "missing_scores" in {w.code for w in result.warnings}


@pytest.mark.parametrize(
    ("overall", "expected"),
    [
        (95.0, "AA"),
        (94.99, "A"),
        (85.0, "A"),
        (84.99, "B"),
        (75.0, "B"),
        (65.0, "C"),
        (55.0, "D"),
        (50.0, "E"),
        (49.99, "F"),
    ],
)
def test_it_grades_by_the_bands_up_to_2566(overall: float, expected: str) -> None:
    fw = build_framework(framework_data(2566, scheme="bands"))
    assert level_for(fw, overall, {"IIT": 90.0, "EIT": 90.0, "OIT": 90.0}) == expected


def test_it_labels_by_the_rules_from_2567() -> None:
    assert level_for(FW, 96.0, {"IIT": 96.0, "EIT": 97.0, "OIT": 95.0}) == "ผ่านดีเยี่ยม"
    assert level_for(FW, 96.0, {"IIT": 96.0, "EIT": 97.0, "OIT": 90.0}) == "ผ่านดี"
    assert level_for(FW, 86.0, {"IIT": 96.0, "EIT": 97.0, "OIT": 70.0}) == "ผ่าน"
    assert level_for(FW, 72.0, {"IIT": 72.0, "EIT": 72.0, "OIT": 72.0}) == "ต้องปรับปรุง"
    assert level_for(FW, 69.99, {"IIT": 70.0, "EIT": 70.0, "OIT": 70.0}) == "ต้องปรับปรุงโดยด่วน"


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([], "unknown"),
        ([(2568, 80.0)], "unknown"),
        ([(2567, 80.0), (2568, 82.0)], "improving"),
        ([(2567, 80.0), (2568, 79.0)], "declining"),
        ([(2566, 80.0), (2567, 80.4), (2568, 80.2)], "stable"),
        ([(2564, 90.0), (2565, 70.0), (2566, 90.0), (2567, 70.0), (2568, 90.0)], "stable"),
        ([(2564, 60.0), (2566, 70.0), (2568, 80.0)], "improving"),
    ],
)
def test_it_reads_the_trend_from_the_slope(points: list[tuple[int, float]], expected: str) -> None:
    assert trend(points) == expected


def test_it_scores_oit_from_items_like_the_2564_tables() -> None:
    # notes §1.4: one item missing in 9.1 (9 items) gives ind9 = 97.78; 7/8 in 10.1 and 2/2 in 10.2 give 93.75.
    items = {f"O{n}": True for n in range(1, 44)}
    items["O1"] = False
    items["O34"] = False
    result = oit_from_items(FW, items)
    assert r2(result["indicators"][9]) == 97.78
    assert r2(result["indicators"][10]) == 93.75
    assert result["missing"] == []


def test_it_ranks_item_repairs_by_overall_points() -> None:
    # One miss in 10.2 (2 items) costs 25 points of indicator 10 = 5 ITA points; one miss in 9.1 ≈ 0.44.
    items = {f"O{n}": True for n in range(1, 44)}
    items["O1"] = False
    items["O43"] = False
    year = analyse_year(FW, YearInput(2564, SEED, items=items))
    gains = item_gains(FW, year, items)
    assert [g["item"] for g in gains] == ["O43", "O1"]
    assert gains[0]["overall_gain"] == 5.0
    assert gains[1]["overall_gain"] == 0.44


def test_it_warns_when_items_and_the_entered_oit_score_disagree() -> None:
    items = {f"O{n}": True for n in range(1, 44)}
    year = analyse_year(FW, YearInput(2568, SEED, items=items))
    assert "oit_items_mismatch" in {w.code for w in year.warnings}
    partial = analyse_year(FW, YearInput(2568, SEED, items={"O1": True}))
    assert "oit_items_incomplete" in {w.code for w in partial.warnings}


def test_it_analyses_indicators_over_the_years() -> None:
    earlier = {n: SEED[n] - 2 for n in SEED} | {9: 65.0}
    frameworks = {2567: FW, 2568: FW}
    result = analyse(frameworks, [YearInput(2567, earlier), YearInput(2568, SEED)], 2568)
    nine = result.indicators[8]
    assert (nine["score"], nine["previous"], nine["delta"], nine["trend"]) == (59.25, 65.0, -5.75, "declining")
    assert nine["flags"] == ["below_pass_line", "below_own_mean"]
    assert nine["gap_to_pass_line"] == 25.75
    assert nine["gap_to_100"] == 40.75
    six = result.indicators[5]
    assert six["flags"] == ["strength"]
    assert six["trend"] == "improving"
    # below the pass line or below the organisation's mean (85.31), lowest first
    assert result.weakest == [9, 4, 5, 2]
    assert result.o25 is None


def test_it_selects_the_o25_indicator_from_2569() -> None:
    plan_fw = build_framework(framework_data(2569, o25=True))
    result = analyse({2568: FW}, [YearInput(2568, SEED)], 2568, plan_framework=plan_fw)
    assert result.o25 is not None
    assert (result.o25["indicator"], result.o25["basis"]) == (9, "lowest")
    chosen = analyse(
        {2568: FW}, [YearInput(2568, SEED)], 2568, plan_framework=plan_fw, o25_indicator=4, o25_basis="highest_risk"
    )
    assert chosen.o25 is not None
    assert (chosen.o25["indicator"], chosen.o25["basis"]) == (4, "highest_risk")


def test_it_refuses_incoherent_frameworks() -> None:
    bad_weights = framework_data()
    bad_weights["tools"][0]["weight"] = 0.5
    with pytest.raises(FrameworkError, match="weights sum"):
        build_framework(bad_weights)
    orphan = framework_data()
    orphan["oit"]["items"][0]["sub_indicator"] = "9.9"
    with pytest.raises(FrameworkError, match="unknown sub-indicator"):
        build_framework(orphan)
    twice = framework_data()
    twice["oit"]["items"][1]["code"] = "O1"
    with pytest.raises(FrameworkError, match="repeat"):
        build_framework(twice)


def test_it_applies_corrections_by_path() -> None:
    data = framework_data()
    apply_override(data, "tools.OIT.weight", 0.5)
    apply_override(data, "tools.IIT.weight", 0.2)
    apply_override(data, "oit.items.O12.title_th", "แก้ไขแล้ว")
    apply_override(data, "indicators.4.name_th", "การใช้ทรัพย์สินของทางราชการ")
    fw = build_framework(data)
    assert fw.weights == {"IIT": 0.2, "EIT": 0.3, "OIT": 0.5}
    assert fw.item("O12") is not None
    assert fw.item("O12").title_th == "แก้ไขแล้ว"  # type: ignore[union-attr]
    assert fw.indicator_names[4] == "การใช้ทรัพย์สินของทางราชการ"
    with pytest.raises(FrameworkError):
        apply_override(data, "tools.XYZ.weight", 1)
