"""URL keywords of the ITA pages for the tenancy walk (see core/testing.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from prongsai.core.testing import URL_KWARGS


def _year(case: Any) -> int:
    from prongsai.ita.framework import framework_load
    from prongsai.ita.models import ItaResult

    framework_load(fiscal_years=[2568, 2569])
    ItaResult.objects.get_or_create(
        organisation=case.org, fiscal_year=2568, defaults={f"i{n}": Decimal("80.00") for n in range(1, 11)}
    )
    return 2568


def _row(case: Any) -> int:
    from prongsai.ita.models import PlanRow

    row, _ = PlanRow.objects.get_or_create(
        organisation=case.org,
        fiscal_year=_year(case),
        indicator=9,
        defaults={"kind": "measure", "title": "มาตรการทดสอบ", "start": date(2025, 10, 1), "end": date(2026, 9, 30)},
    )
    return row.pk


URL_KWARGS.update({"year": _year, "row_id": _row, "fmt": lambda case: "json", "which": lambda case: "summary"})
