"""URL keywords of the plans pages for the tenancy walk (see core/testing.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from prongsai.core.testing import HISTORY_SAMPLES, URL_KWARGS


def _activity(case: Any) -> int:
    from prongsai.ita.models import PlanRow
    from prongsai.ita.testing import _row
    from prongsai.plans.models import Activity

    row = PlanRow.objects.get(pk=_row(case))
    activity, _ = Activity.objects.get_or_create(
        organisation=case.org,
        plan_row=row,
        title="กิจกรรมทดสอบ",
        defaults={"start": date(2025, 10, 1), "due": date(2026, 3, 31), "unit": case.finance},
    )
    activity.owners.add(case.staff)
    return activity.pk


def _evidence(case: Any) -> int:
    from prongsai.plans.models import Activity, Evidence

    activity = Activity.objects.get(pk=_activity(case))
    from prongsai.plans.services import evidence_add

    existing = Evidence.objects.filter(activity=activity, kind="file").first()
    if existing:
        return existing.pk
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    evidence = evidence_add(
        activity=activity,
        kind="file",
        caption="คำสั่ง",
        when=date(2025, 11, 1),
        by=None,
        content=pdf,
        file_name="order.pdf",
        content_type="application/pdf",
        sha256="-",
    )
    return evidence.pk


URL_KWARGS.update(
    {"activity_id": _activity, "evidence_id": _evidence, "period": lambda case: 6, "ext": lambda case: "docx"}
)


def _activity_object(case: Any) -> Any:
    from prongsai.plans.models import Activity

    return Activity.objects.get(pk=_activity(case))


HISTORY_SAMPLES["plans.Activity"] = _activity_object
