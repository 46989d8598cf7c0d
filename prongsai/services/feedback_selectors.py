"""e-Feedback reads: scores per service and quarter (for the service report and the public page) and the live board.

``feedback_scores`` counts every answer, from a ticket or the standing QR; a public page passes ``minimum=5`` so a
group of fewer answers shows no scores. No reader here returns a comment except the staff board's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q
from django.utils import timezone

from prongsai.core.thai import format_date_short, local_date
from prongsai.orgs.models import Organisation
from prongsai.services.models import Feedback
from prongsai.services.models.feedback import LOW, QUESTIONS

PUBLIC_MINIMUM = 5


def feedback_scores(
    org: Organisation, year: int, quarter: int | None = None, *, minimum: int = 1
) -> list[dict[str, Any]]:
    """One dict per service (None: standing answers with no service) and quarter of fiscal year ``year`` (BE):
    ``service_id``, ``service``, ``year``, ``quarter``, ``answers``, ``standing``, ``hidden`` and, unless hidden
    (fewer than ``minimum`` answers), the mean of each question (``procedure`` … ``result``) and ``overall``."""
    rows = Feedback.objects.filter(organisation=org, year=year)
    if quarter is not None:
        rows = rows.filter(quarter=quarter)
    grouped = (
        rows.values("service_id", "service__name", "quarter")
        .annotate(
            answers=Count("pk"),
            standing_n=Count("pk", filter=Q(standing=True)),
            **{name: Avg(name) for name in QUESTIONS},
        )
        .order_by("service__name", "service_id", "quarter")
    )
    result: list[dict[str, Any]] = []
    for row in grouped:
        hidden = row["answers"] < minimum
        item: dict[str, Any] = {
            "service_id": row["service_id"],
            "service": row["service__name"] or "",
            "year": year,
            "quarter": row["quarter"],
            "answers": row["answers"],
            "standing": row["standing_n"],
            "hidden": hidden,
        }
        if not hidden:
            means = {name: round(float(row[name]), 2) for name in QUESTIONS}
            item |= means | {"overall": round(sum(means.values()) / len(QUESTIONS), 2)}
        result.append(item)
    return result


def board_state(org: Organisation, *, latest: int = 20) -> dict[str, Any]:
    """The live board: today's and this quarter's counts and means, and the latest answers (with comments)."""
    today = local_date(timezone.now())
    rows = Feedback.objects.filter(organisation=org)
    from prongsai.core.thai import fiscal_quarter, fiscal_year

    year, quarter = fiscal_year(today), fiscal_quarter(today)

    def summary(qs: Any) -> dict[str, Any]:
        agg = qs.aggregate(n=Count("pk"), **{name: Avg(name) for name in QUESTIONS})
        means = {name: round(float(agg[name]), 2) if agg[name] is not None else None for name in QUESTIONS}
        return {"answers": agg["n"], **means}

    low = Q(**{f"{QUESTIONS[0]}__lte": LOW})
    for name in QUESTIONS[1:]:
        low |= Q(**{f"{name}__lte": LOW})
    recent = rows.select_related("service", "point").order_by("-pk")[:latest]
    return {
        "today": summary(rows.filter(day=today)),
        "quarter": summary(rows.filter(year=year, quarter=quarter)) | {"year": year, "quarter": quarter},
        "low_today": rows.filter(low, day=today).count(),
        "latest": [
            {
                "id": f.pk,
                "day": f.day.isoformat(),
                "day_text": format_date_short(f.day),  # ๕ ธ.ค. ๖๙, as the board shows it
                "service": f.service.name if f.service else "",
                "point": f.point.name,
                "standing": f.standing,
                **{name: getattr(f, name) for name in QUESTIONS},
                "low": f.low,
                "comment": f.comment,
            }
            for f in recent
        ],
        "services": feedback_scores(org, year, quarter),
    }
