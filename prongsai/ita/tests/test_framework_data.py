"""Every fiscal year in data/ita/ loads, is coherent, and keeps its sources and confidence marks."""

from __future__ import annotations

import pytest
import yaml
from django.test import TestCase

from prongsai.ita.framework import (
    CONFIDENCE_VALUES,
    DATA_WINDOWS,
    available_years,
    build_framework,
    data_dir,
    framework_load,
    framework_override,
    get_framework,
    templates_load,
)
from prongsai.ita.models import FrameworkYear, MeasureTemplate

YEARS = [2564, 2565, 2566, 2567, 2568, 2569]


def load(fy: int) -> dict:
    return yaml.safe_load((data_dir() / f"{fy}.yaml").read_text())


def test_it_has_a_file_for_every_year_from_2564_to_2569() -> None:
    assert available_years() == YEARS


@pytest.mark.parametrize("fy", YEARS)
def test_it_builds_a_coherent_framework(fy: int) -> None:
    data = load(fy)
    fw = build_framework(data)  # weights sum to 1, tools cover 1–10, items in sub-indicators, codes unique
    assert fw.fiscal_year == fy
    assert abs(sum(fw.weights.values()) - 1) < 1e-9
    assert fw.pass_line == 85
    assert len(fw.indicator_names) == 10
    codes = [i.code for i in fw.items]
    assert len(codes) == len(set(codes))
    assert all(i.data_window in DATA_WINDOWS for i in fw.items)
    for sub in fw.sub_indicators:
        assert fw.items_of(sub.code), sub.code


@pytest.mark.parametrize("fy", YEARS)
def test_it_marks_every_fact_with_a_confidence_and_a_source(fy: int) -> None:
    data = load(fy)
    marked = [data["pass_line"], *data["tools"], *data["indicators"], data["levels"], *data["oit"]["items"]]
    for fact in marked:
        assert fact.get("confidence") in CONFIDENCE_VALUES, fact
        assert fact.get("source"), fact
    for item in data["oit"]["items"]:
        for component in item.get("components") or []:
            assert component["confidence"] in CONFIDENCE_VALUES
            assert not component["text"].upper().startswith("UNVERIFIED")


def test_it_knows_the_item_counts_and_the_o25_rule() -> None:
    counts = {fy: len(build_framework(load(fy)).items) for fy in YEARS}
    assert counts[2564] == counts[2565] == counts[2566] == counts[2567] == 43
    assert counts[2569] == 26
    fw2564 = build_framework(load(2564))
    assert [len(fw2564.items_of(s.code)) for s in fw2564.sub_indicators] == [9, 8, 7, 4, 5, 8, 2]
    fw2569 = build_framework(load(2569))
    assert fw2569.o25_rule is not None
    assert fw2569.item("O25") is not None
    assert "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" in fw2569.item("O25").title_th  # type: ignore[union-attr]
    assert build_framework(load(2568)).o25_rule is None


def test_it_keeps_uncertain_weights_and_labels_visible() -> None:
    assert build_framework(load(2564)).uncertain == ()
    # 2566: weights and bands confirmed, the OIT item arithmetic only proved for 2564
    assert len(build_framework(load(2566)).uncertain) == 1
    later = build_framework(load(2569))
    assert later.level_scheme == "labels"
    assert len(later.uncertain) >= 2


class LoadAndCorrectTests(TestCase):
    def test_it_loads_every_year_and_the_templates_idempotently(self) -> None:
        assert [state for _, state in framework_load()] == ["created"] * 6
        assert [state for _, state in framework_load()] == ["unchanged"] * 6
        created, _ = templates_load()
        assert created >= 20
        assert set(MeasureTemplate.objects.values_list("indicator", flat=True)) == set(range(1, 11))
        assert templates_load() == (0, created)

    def test_it_applies_an_admin_correction_and_keeps_who_and_why(self) -> None:
        from prongsai.core.testing import make_user

        framework_load(fiscal_years=[2569])
        admin = make_user("admin", is_superuser=True)
        year = FrameworkYear.objects.get(fiscal_year=2569)
        framework_override(year=year, path="pass_line.value", value=80, reason="คู่มือ 2569 หน้า 12", user=admin)
        fw = get_framework(2569)
        assert fw is not None
        assert fw.pass_line == 80
        override = year.overrides.get()
        assert (override.created_by, override.reason) == (admin, "คู่มือ 2569 หน้า 12")
        # reloading the file keeps the correction on top
        framework_load(fiscal_years=[2569])
        assert get_framework(2569).pass_line == 80  # type: ignore[union-attr]

    def test_it_refuses_a_correction_that_breaks_the_framework_or_has_no_reason(self) -> None:
        from prongsai.ita.framework import FrameworkError

        framework_load(fiscal_years=[2569])
        year = FrameworkYear.objects.get(fiscal_year=2569)
        with pytest.raises(FrameworkError):
            framework_override(year=year, path="tools.OIT.weight", value=0.9, reason="x", user=None)
        with pytest.raises(FrameworkError):
            framework_override(year=year, path="pass_line.value", value=80, reason=" ", user=None)
        assert not year.overrides.exists()
