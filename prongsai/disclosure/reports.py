"""The monthly OIT status report to the executives, as DOCX and PDF.

The measure of the seed report (อบต.โพหนอง): the website's administrator reports, every month, to the
นายก and the ปลัด how ready and how up to date every OIT item is. This report is that: every item of the
assessment year in NACC order with its state, its responsible unit and officer, its health and defects
from the month's audit, what changed since the month before (new and fixed defects, the workflow steps
taken), and the items that need action, grouped by responsible unit so each unit head sees theirs.

- :func:`monthly_report_data` reads the database into a plain dict: the audit of the month (the last
  finished one created on or before the month's end), the comparison audit (the last finished one
  before the month began), each item's state and owners *as at the end of the month* (rebuilt from the
  item's history for a past month, today's values while the month runs) and the month's history.
- :func:`build_view` reads that dict into a :class:`MonthlyView` of printable strings in the active
  language (every text through gettext; Thai is the reference), with Thai or Arabic digits.
- :func:`render_docx` and :func:`render_pdf` lay the view out through the blocks of ``core.doc``
  (``disclosure/report_blocks.py``): page one portrait (the summary), the tables on landscape pages,
  Sarabun 16 pt (tables 14 pt), header rows repeated, "หน้า ๑" footers. The words and dates are in
  ``disclosure/report_text.py``, the view in ``disclosure/report_view.py``.

Public API: :func:`monthly_report_data`, :func:`render_monthly`, :func:`render_report`,
:func:`render_docx`, :func:`render_pdf`, :func:`build_view`, :func:`parse_month`, :func:`month_bounds`,
:data:`DEFECT_LABELS`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from prongsai.accounts.models import User
from prongsai.core import doc, history
from prongsai.core.documents import as_list as _list
from prongsai.core.documents import as_mapping as _mapping
from prongsai.core.models import Change
from prongsai.core.thai import BANGKOK, BE_OFFSET, local_today, to_arabic_digits
from prongsai.disclosure.models import OitAudit, OitAuditItem, OitItem
from prongsai.disclosure.report_text import ACTION_LABELS, DEFECT_LABELS, STATE_LABELS, STATES, defect_label
from prongsai.disclosure.report_view import MonthlyView, build_view
from prongsai.disclosure.selectors import audit_diff
from prongsai.disclosure.services import ensure_items
from prongsai.ita.framework import FrameworkError, get_framework
from prongsai.orgs.models import Organisation, Unit

__all__ = [
    "ACTION_LABELS",
    "DEFECT_LABELS",
    "FORMATS",
    "STATES",
    "STATE_LABELS",
    "MonthlyView",
    "build_view",
    "defect_label",
    "month_bounds",
    "monthly_report_data",
    "parse_month",
    "render_docx",
    "render_monthly",
    "render_pdf",
    "render_report",
]

FORMATS = ("docx", "pdf")


# --- months -----------------------------------------------------------------------


def month_bounds(month: date) -> tuple[date, date]:
    """First and last day of the month of ``month``."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def parse_month(text: str) -> date:
    """``"2026-01"`` or the Buddhist-era ``"2569-01"`` (Thai digits too) → 1 January 2026; ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", to_arabic_digits(str(text)))
    if not match:
        raise ValueError(f"not a month: {text!r} (expected YYYY-MM, e.g. 2026-01 or 2569-01)")
    year, month = int(match.group(1)), int(match.group(2))
    if year > 2400:
        year -= BE_OFFSET
    if not 1 <= month <= 12 or not 1900 < year < 2200:
        raise ValueError(f"not a month: {text!r} (expected YYYY-MM, e.g. 2026-01 or 2569-01)")
    return date(year, month, 1)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=BANGKOK)


# --- the data ---------------------------------------------------------------------


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)


def _audit_data(audit: OitAudit | None) -> dict[str, Any] | None:
    if audit is None:
        return None
    return {
        "id": audit.pk,
        "created_at": audit.created_at.isoformat(),
        "finished_at": audit.finished_at.isoformat() if audit.finished_at else None,
        "trigger": audit.trigger,
        "health": audit.health,
    }


def _defect(raw: Any) -> dict[str, str]:
    defect = _mapping(raw)
    return {key: str(defect.get(key) or "") for key in ("category", "url", "document", "detail")}


def _mean(values: Sequence[int]) -> int | None:
    return round(sum(values) / len(values)) if values else None


Owners = dict[tuple[str, int], str]


def _owners(org: Organisation, changes: Sequence[Change]) -> Owners:
    """The names of the units and officers the history rows name by key (two queries)."""
    keys: dict[str, set[int]] = {"unit": set(), "officer": set()}
    for change in changes:
        for key, wanted in keys.items():
            wanted.update(v for v in history.state_pair(change, key) or [] if isinstance(v, int))
    names: Owners = {
        ("unit", pk): name
        for pk, name in Unit.objects.filter(organisation=org, pk__in=keys["unit"]).values_list("pk", "name")
    }
    names |= {("officer", user.pk): _person(user) for user in User.objects.filter(pk__in=keys["officer"])}
    return names


def _owner(key: str, value: Any, names: Owners) -> str:
    """A unit or officer as recorded (a key; a name in histories older than core.history)."""
    if isinstance(value, int):
        return names.get((key, value), "")
    return str(value or "")


def _change_detail(change: Change, names: Owners) -> str:
    """What a history entry was about: the document or link, the new owner, or the comment."""
    if change.event == "assigned":
        parts = []
        for key in ("unit", "officer"):
            pair = history.state_pair(change, key)
            if pair and pair[1]:
                parts.append(_owner(key, pair[1], names))
        return " / ".join(p for p in parts if p) or change.note
    if change.action in (Change.Action.ADDED, Change.Action.REMOVED):
        title = change.part_repr
    else:
        pair = history.state_pair(change, "title") or []
        title = next((str(value) for value in reversed(pair) if value), "")
    if title and change.note:
        return f"{title}: {change.note}"
    return title or change.note


def _states_of(change: Change) -> tuple[str, str]:
    pair = history.state_pair(change, "state") or ["", ""]
    return str(pair[0] or ""), str(pair[1] or "")


def monthly_report_data(org: Organisation, year: int, month: date | None = None) -> dict[str, Any]:
    """The monthly status report of ``org``'s OIT items of assessment year ``year`` (BE) for ``month``.

    ``month`` is any day of the month reported (default: the current month in Bangkok). The audit used
    is the last finished one created on or before the month's end; it is compared with the last
    finished one created before the month began ("last month"). When the newest audit is older than
    the month, its results are shown and nothing is compared. States, units and officers are as at the
    end of the month: for a past month, the changes recorded after it are undone (newest first).
    """
    first, last = month_bounds(month or local_today())
    today = local_today()
    current = last >= today
    start_cut, end_cut = _start_of(first), _start_of(last + timedelta(days=1))

    try:
        framework = get_framework(year)
    except FrameworkError:
        framework = None
    if framework is not None:
        ensure_items(org, year, framework)
    items = list(
        OitItem.objects.filter(organisation=org, fiscal_year=year)
        .select_related("unit", "officer")
        .order_by("position", "id")
    )
    unit_positions = dict(Unit.objects.filter(organisation=org).values_list("name", "position"))

    done = OitAudit.objects.filter(organisation=org, fiscal_year=year, status=OitAudit.Status.DONE)
    audit = done.filter(created_at__lt=end_cut).order_by("-created_at", "-id").first()
    in_month = audit is not None and audit.created_at >= start_cut
    previous = (
        done.filter(created_at__lt=start_cut).exclude(pk=audit.pk).order_by("-created_at", "-id").first()
        if audit is not None and in_month
        else None
    )
    results = {r.code: r for r in OitAuditItem.objects.filter(audit=audit)} if audit else {}
    before = {r.code: r for r in OitAuditItem.objects.filter(audit=previous)} if previous else {}

    # Owners and states as at the end of the month.
    states = {
        item.pk: {"state": item.state, "unit": item.unit.name if item.unit else "", "officer": _person(item.officer)}
        for item in items
    }
    item_ids = [item.pk for item in items]
    later = (
        list(history.changes_of_many(OitItem, item_ids, organisation_id=org.pk).filter(at__gte=end_cut))
        if not current
        else []
    )
    in_month_changes = list(
        history.changes_of_many(OitItem, item_ids, organisation_id=org.pk)
        .filter(at__gte=start_cut, at__lt=end_cut)
        .order_by("at", "id")
    )
    names = _owners(org, later + in_month_changes)
    for change in later:  # newest first: undo back to the month's end
        state = states[change.object_id]
        from_state, to_state = _states_of(change)
        if from_state and to_state:
            state["state"] = from_state
        if change.event == "assigned":
            for key in ("unit", "officer"):
                pair = history.state_pair(change, key)
                if pair is not None:
                    state[key] = _owner(key, pair[0], names)

    titles: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for item in items:
        fw_item = framework.item(item.code) if framework else None
        titles[item.code] = fw_item.title_th if fw_item else ""
        state = states[item.pk]
        result, earlier = results.get(item.code), before.get(item.code)
        rows.append(
            {
                "code": item.code,
                "position": item.position,
                "title": titles[item.code],
                "state": state["state"] if state["state"] in STATES else item.state,
                "unit": state["unit"],
                "unit_position": unit_positions.get(state["unit"]),
                "officer": state["officer"],
                "audited": result is not None,
                "health": result.health if result else None,
                "health_before": earlier.health if earlier else None,
                "defects": [_defect(d) for d in _list(result.defects)] if result else [],
            }
        )

    new: list[dict[str, Any]] | None = None
    fixed: list[dict[str, Any]] | None = None
    if audit is not None and previous is not None:
        diff = audit_diff(audit, previous)
        new = [{"code": code, "title": titles.get(code, "")} | _defect(d) for code, d in diff.new]
        fixed = [{"code": code, "title": titles.get(code, "")} | _defect(d) for code, d in diff.fixed]

    codes = {item.pk: item.code for item in items}
    steps = [
        {
            "at": change.at.isoformat(),
            "code": codes[change.object_id],
            "action": change.event or change.action,
            "from_state": _states_of(change)[0],
            "to_state": _states_of(change)[1],
            "by": _person(change.actor),
            "detail": _change_detail(change, names),
        }
        for change in in_month_changes
    ]

    healths = [r["health"] for r in rows if r["health"] is not None]
    healths_before = [r["health_before"] for r in rows if r["health_before"] is not None]
    return {
        "organization": {
            "slug": org.slug,
            "name": org.name,
            "kind": org.kind,
            "district": org.district,
            "province": org.province,
        },
        "fiscal_year": year,
        "month": first.isoformat(),
        "month_end": last.isoformat(),
        "current": current,
        "as_of": (today if current else last).isoformat(),
        "report_date": today.isoformat(),
        "generated_at": timezone.now().isoformat(),
        "framework_loaded": framework is not None,
        "audit": _audit_data(audit),
        "audit_in_month": in_month,
        "previous_audit": _audit_data(previous),
        "items": rows,
        "counts": {s: sum(1 for r in rows if r["state"] == s) for s in STATES} | {"total": len(rows)},
        "health": audit.health if audit and audit.health is not None else _mean(healths),
        "health_before": (
            previous.health if previous and previous.health is not None else _mean(healths_before) if previous else None
        ),
        "items_with_defects": sum(1 for r in rows if r["defects"]),
        "defects": sum(len(r["defects"]) for r in rows),
        "new_defects": new,
        "fixed_defects": fixed,
        "steps": steps,
    }


# --- the documents ----------------------------------------------------------------


def render_report(data: Mapping[str, Any], fmt: str, *, thai_digits: bool = True) -> bytes:
    """The report as ``docx`` or ``pdf`` bytes: A4, page one portrait, the tables landscape, Sarabun 16 pt."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    from prongsai.disclosure.report_blocks import build_document

    return doc.render(build_document(data, thai_digits=thai_digits), fmt)


def render_docx(data: Mapping[str, Any], *, thai_digits: bool = True) -> bytes:
    """The report as a Word document."""
    return render_report(data, "docx", thai_digits=thai_digits)


def render_pdf(data: Mapping[str, Any], *, thai_digits: bool = True) -> bytes:
    """The report as PDF ("หน้า ๑" footers)."""
    return render_report(data, "pdf", thai_digits=thai_digits)


def render_monthly(
    org: Organisation, year: int, fmt: str, *, month: date | None = None, thai_digits: bool = True
) -> bytes:
    """The monthly status report of ``org``'s OIT items of ``year`` for ``month``, in the active language."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    return render_report(monthly_report_data(org, year, month), fmt, thai_digits=thai_digits)
