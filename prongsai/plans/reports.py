"""The 6- and 12-month progress reports of an organisation's improvement plan, as DOCX and PDF.

"รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน": what the organisation
did about the measures of its plan, published as OIT item O26 from FY2569 (O43 before). It has the look
of the ITA analysis report: both are blocks of the one document model (``prongsai.core.doc``).

- :func:`progress_report_data` reads the database into a plain *report data* dict: the measures of the
  plan grouped by indicator, each activity's status and percent *as at the end of the period*
  (rebuilt from the activity's history for a past period; today's values while the period runs), the
  evidence dated within the period (photos as ready-made JPEG thumbnails), a summary per indicator
  and the totals.
- :func:`render_docx` and :func:`render_pdf` are pure functions of that dict: no ORM, no settings. It is
  read into a :class:`~prongsai.plans.report_view.ProgressView` of ready-to-print Thai strings
  (``plans/report_view.py``), made into blocks (``plans/report_blocks.py``) and rendered by ``core.doc``.

Public API: :func:`progress_report_data`, :func:`period_bounds`, :func:`oit_item_code`,
:func:`build_view`, :func:`render_docx`, :func:`render_pdf`, :func:`render_report`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone, translation

from prongsai.core import doc, history
from prongsai.core.documents import as_date as _iso
from prongsai.core.models import Change
from prongsai.core.thai import (
    BANGKOK,
    fiscal_year_bounds,
    local_today,
)
from prongsai.ita.framework import FrameworkError, get_framework
from prongsai.ita.models import PlanRow
from prongsai.orgs.models import Organisation, Unit
from prongsai.plans.models import Activity, Evidence
from prongsai.plans.report_view import STATUS_LABELS, TITLE, ProgressView, build_view
from prongsai.plans.services import TRACKED

__all__ = [
    "PERIODS",
    "STATUS_LABELS",
    "TITLE",
    "ProgressView",
    "build_view",
    "oit_item_code",
    "period_bounds",
    "progress_report_data",
    "render_docx",
    "render_pdf",
    "render_report",
]

PERIODS = (6, 12)
STATUSES = ("not_started", "in_progress", "done", "blocked", "cancelled")
# Photo thumbnails fit a 5 × 3.75 cm box (4:3), three to a row of the portrait page; the pixels give
# about 240 dpi at that size.
THUMB_BOX_PX = (480, 360)
THUMB_QUALITY = 85


# --- periods --------------------------------------------------------------------


def period_bounds(plan_year: int, period: int) -> tuple[date, date]:
    """First and last day of the period: 6 → 1 Oct – 31 Mar of the plan year, 12 → the whole fiscal year."""
    if period not in PERIODS:
        raise ValueError(f"the period is 6 or 12 months, not {period!r}")
    first, last = fiscal_year_bounds(plan_year)
    if period == 6:
        last = date(first.year + 1, 3, 31)
    return first, last


def oit_item_code(plan_year: int) -> str:
    """The OIT item the report is published as: O26 from FY2569, O43 before."""
    return "O26" if plan_year >= 2569 else "O43"


# --- the data -------------------------------------------------------------------


def _thumbnail(evidence: Any) -> tuple[bytes, int, int] | None:
    """A JPEG that fits :data:`THUMB_BOX_PX` (white under any transparency), with its size; None if unreadable."""
    from PIL import Image, ImageOps

    if not evidence.file:
        return None
    try:
        with evidence.file.open("rb") as stream, Image.open(stream) as image:
            picture = ImageOps.exif_transpose(image)
            picture.thumbnail(THUMB_BOX_PX, Image.Resampling.LANCZOS)
            if picture.mode in ("RGBA", "LA", "P"):
                picture = picture.convert("RGBA")
                background = Image.new("RGB", picture.size, "white")
                background.paste(picture, mask=picture.getchannel("A"))
                picture = background
            elif picture.mode != "RGB":
                picture = picture.convert("RGB")
            buffer = io.BytesIO()
            picture.save(buffer, format="JPEG", quality=THUMB_QUALITY, optimize=True)
            return buffer.getvalue(), picture.width, picture.height
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def _summary(activities: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts by status and the mean percent of the activities that were not cancelled (None without any)."""
    counts: dict[str, Any] = {"activities": len(activities)} | {s: 0 for s in STATUSES}
    for activity in activities:
        counts[activity["status"]] = counts.get(activity["status"], 0) + 1
    counted = [a["percent"] for a in activities if a["status"] != "cancelled"]
    counts["percent"] = round(sum(counted) / len(counted), 2) if counted else None
    return counts


def progress_report_data(org: Organisation, plan_year: int, period: int) -> dict[str, Any]:
    """The progress report of ``org``'s plan for fiscal year ``plan_year`` (BE) after ``period`` (6 or 12) months.

    The plan is the PlanRows of the results year ``plan_year - 1``. Statuses are as at the end of the
    period: when it is past, each activity's tracked fields are rebuilt by undoing the changes recorded
    after that day (Bangkok); activities recorded after the period end are left out unless they start
    within the period (they then show the values they were recorded with). While the period runs the
    current values are used, "as at" today. Evidence is the evidence *dated* within the period.
    """
    first, last = period_bounds(plan_year, period)
    results_year = plan_year - 1
    today = local_today()
    current = last >= today
    cut = datetime.combine(last + timedelta(days=1), time.min, tzinfo=BANGKOK)
    with translation.override("th"):
        location = org.location()

    names: dict[int, str] = {}
    for year in (results_year, plan_year):
        try:
            framework = get_framework(year)
        except FrameworkError:
            framework = None
        if framework is not None:
            names = dict(framework.indicator_names)
            break

    rows = list(
        PlanRow.objects.filter(organisation=org, fiscal_year=results_year)
        .prefetch_related("units")
        .order_by("indicator", "position", "id")
    )
    activities = list(
        Activity.objects.filter(organisation=org, plan_row__fiscal_year=results_year)
        .select_related("unit")
        .order_by("due", "id")
    )
    unit_names = dict(Unit.objects.filter(organisation=org).values_list("id", "name"))
    later: dict[int, list[Change]] = {}
    if not current:
        for change in history.changes_of_many(Activity, [a.pk for a in activities], organisation_id=org.pk).filter(
            at__gte=cut, action=Change.Action.CHANGED
        ):
            later.setdefault(change.object_id, []).append(change)

    states: dict[int, dict[str, Any]] = {}
    for activity in activities:
        state = {name: getattr(activity, name) for name in TRACKED}
        for change in later.get(activity.pk, []):  # newest first: undo back to the period end
            for name in TRACKED:
                pair = history.state_pair(change, name.removesuffix("_id"))
                if pair is not None and pair[0] is not None:
                    state[name] = pair[0]
        for name in ("start", "due"):
            state[name] = _iso(state[name]) or getattr(activity, name)
        if not current and activity.created_at >= cut and state["start"] > last:
            continue
        if state["status"] not in STATUSES:
            state["status"] = activity.status
        try:
            state["percent"] = max(0, min(100, int(state["percent"])))
        except (TypeError, ValueError):
            state["percent"] = activity.percent
        state["recorded_after_period"] = not current and activity.created_at >= cut
        states[activity.pk] = state

    evidence_by_activity: dict[int, list[dict[str, Any]]] = {}
    for evidence in Evidence.objects.filter(activity_id__in=list(states), date__gte=first, date__lte=last).order_by(
        "date", "id"
    ):
        thumb = _thumbnail(evidence) if evidence.kind == Evidence.Kind.PHOTO else None
        evidence_by_activity.setdefault(evidence.activity_id, []).append(
            {
                "kind": evidence.kind,
                "caption": evidence.caption,
                "date": evidence.date.isoformat(),
                "file_name": evidence.file_name,
                "url": evidence.url,
                "note": evidence.note,
                "thumbnail": thumb[0] if thumb else None,
                "thumbnail_size": [thumb[1], thumb[2]] if thumb else None,
            }
        )

    by_row: dict[int, list[dict[str, Any]]] = {}
    for activity in activities:
        if activity.pk not in states:
            continue
        state = states[activity.pk]
        unit_id = state["unit_id"]
        by_row.setdefault(activity.plan_row_id, []).append(
            {
                "id": activity.pk,
                "title": state["title"],
                "status": state["status"],
                "status_reason": state["status_reason"] if state["status"] in ("blocked", "cancelled") else "",
                "percent": state["percent"],
                "start": state["start"].isoformat(),
                "due": state["due"].isoformat(),
                "unit": unit_names.get(unit_id, "") if unit_id else "",
                "recorded_after_period": state["recorded_after_period"],
                "evidence": evidence_by_activity.get(activity.pk, []),
            }
        )

    indicators: dict[int, dict[str, Any]] = {}
    for row in rows:
        group = indicators.setdefault(
            row.indicator, {"number": row.indicator, "name": names.get(row.indicator, ""), "measures": []}
        )
        row_activities = sorted(by_row.get(row.pk, []), key=lambda a: (a["start"], a["due"], a["id"]))
        group["measures"].append(
            {
                "id": row.pk,
                "kind": row.kind,
                "title": row.title,
                "o25_preventive": row.o25_preventive,
                "start": row.start.isoformat(),
                "end": row.end.isoformat(),
                "units": [unit.name for unit in sorted(row.units.all(), key=lambda u: (u.position, u.name))],
                "units_note": row.units_note,
                "activities": row_activities,
            }
        )
    everything: list[dict[str, Any]] = []
    for group in indicators.values():
        group_activities = [a for measure in group["measures"] for a in measure["activities"]]
        group["summary"] = _summary(group_activities)
        everything += group_activities

    return {
        "organization": {"slug": org.slug, "name": org.name, "location_th": location},
        "plan_year": plan_year,
        "results_year": results_year,
        "period": period,
        "period_start": first.isoformat(),
        "period_end": last.isoformat(),
        "current": current,
        "as_of": (today if current else last).isoformat(),
        "oit_item": oit_item_code(plan_year),
        "generated_at": timezone.now().isoformat(),
        "indicators": [indicators[n] for n in sorted(indicators)],
        "totals": _summary(everything),
        "measure_count": len(rows),
    }


# --- the documents ----------------------------------------------------------------


def render_report(data: Mapping[str, Any], fmt: str, *, thai_digits: bool = True) -> bytes:
    """The report as ``docx`` or ``pdf`` bytes (A4 portrait, Sarabun 16 pt, tables 14 pt, "หน้า ๑" footers)."""
    if fmt not in ("docx", "pdf"):
        raise ValueError(f"unknown report format {fmt!r}")
    from prongsai.plans.report_blocks import build_document

    return doc.render(build_document(data, thai_digits=thai_digits), fmt)


def render_docx(data: Mapping[str, Any], *, thai_digits: bool = True) -> bytes:
    """The report as a Word document."""
    return render_report(data, "docx", thai_digits=thai_digits)


def render_pdf(data: Mapping[str, Any], *, thai_digits: bool = True) -> bytes:
    """The report as PDF."""
    return render_report(data, "pdf", thai_digits=thai_digits)
