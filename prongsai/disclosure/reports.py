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
- :func:`render_docx` and :func:`render_pdf` lay the view out: page one portrait (the summary), the
  tables on landscape pages, Sarabun 16 pt (tables 14 pt), header rows repeated, "หน้า ๑" footers.

Public API: :func:`monthly_report_data`, :func:`render_monthly`, :func:`render_report`,
:func:`render_docx`, :func:`render_pdf`, :func:`render_pdf_html`, :func:`render_pdf_document`,
:func:`build_view`, :func:`parse_month`, :func:`month_bounds`, :data:`DEFECT_LABELS`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from prongsai.accounts.models import User
from prongsai.core import history
from prongsai.core.documents import (
    DASH,
    add_page_number_footer,
    add_section,
    clean_text,
    digits,
    fill_cell,
    render_html,
    set_cell_margins,
    set_cell_shading,
    set_cell_vertical_alignment,
    set_page_number_format,
    set_repeat_table_header,
    set_row_cant_split,
    set_run_font,
    set_table_borders,
    set_table_widths,
    setup_docx,
)
from prongsai.core.documents import add_paragraph as _paragraph
from prongsai.core.documents import as_int as _int
from prongsai.core.documents import as_list as _list
from prongsai.core.documents import as_mapping as _mapping
from prongsai.core.fonts import embed_docx_fonts
from prongsai.core.models import Change
from prongsai.core.thai import (
    BANGKOK,
    BE_OFFSET,
    THAI_MONTHS,
    format_date_long,
    format_date_short,
    local_today,
    to_arabic_digits,
)
from prongsai.disclosure.models import OitAudit, OitAuditItem, OitItem
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
    "render_pdf_document",
    "render_pdf_html",
    "render_report",
]

FORMATS = ("docx", "pdf")
TEMPLATE_NAME = "disclosure/report/monthly.html"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "disclosure" / "report"

STATES = tuple(OitItem.State.values)  # draft … published, in workflow order
STATE_LABELS: dict[str, Promise] = {
    "draft": pgettext_lazy("OIT item state", "draft"),
    "submitted": pgettext_lazy("OIT item state", "submitted"),
    "checked": pgettext_lazy("OIT item state", "checked"),
    "approved": pgettext_lazy("OIT item state", "approved"),
    "published": pgettext_lazy("OIT item state", "published"),
}
# What an unpublished item waits for, by state.
NEXT_STEPS: dict[str, Promise] = {
    "draft": _("Prepare the evidence and submit it"),
    "submitted": _("Waiting for the ITA coordinator's check"),
    "checked": _("Waiting for the executive's approval"),
    "approved": _("Waiting to be published"),
}
# Short labels of the auditor's categories (auditor.CATEGORIES) and of the item-level checks.
DEFECT_LABELS: dict[str, Promise] = {
    "http_error": _("Broken link"),
    "dns_error": _("Website name not found"),
    "connection_error": _("Website cannot be reached"),
    "timeout": _("Website does not answer in time"),
    "tls_error": _("Website security certificate (HTTPS) problem"),
    "redirect_loop": _("Link redirects in a loop"),
    "too_many_redirects": _("Link redirects too many times"),
    "access_wall": _("Needs permission or sign-in"),
    "soft_404": _("Page says “not found”"),
    "empty": _("No content"),
    "blocked": _("Address refused by the checker (private network)"),
    "unsupported": _("Link of a kind that cannot be checked"),
    "off_site": _("Not on the organisation's website"),
    "stale": _("Data not up to date"),
    "components_missing": _("Components incomplete"),
    "no_evidence": _("No evidence yet"),
    "not_published": _("Not published yet"),
}
HTTP_ERROR_WITH_STATUS = _("Broken link (HTTP %(status)s)")
ACTION_LABELS: dict[str, Promise] = {
    "submit": _("Submitted for checking"),
    "check": _("Checked"),
    "approve": _("Approved"),
    "publish": _("Published"),
    "return": _("Sent back for correction"),
    "reopened": _("Back to draft (evidence changed)"),
    "assigned": _("Responsibility assigned"),
    "document_added": _("Document added"),
    "link_added": _("Link added"),
    "version_added": _("New version uploaded"),
    "document_changed": _("Document details changed"),
    "document_withdrawn": _("Document withdrawn"),
    "activity_linked": _("Linked to a plan activity"),
    "activity_unlinked": _("Unlinked from a plan activity"),
}
ADDRESSEES: dict[str, Promise] = {
    "sao": pgettext_lazy("report addressee, SAO", "To the executives"),
    "pao": pgettext_lazy("report addressee, PAO", "To the executives"),
    "municipality": pgettext_lazy("report addressee, municipality", "To the executives"),
}

_STATUS = re.compile(r"\bHTTP (\d{3})\b")

FILL_HEADER = "D9D9D9"  # the header grey of the other reports
FILL_TOTAL = "F2F2F2"
FILL_NOTICE = "FFF4E0"
TABLE_FONT_PT = 14
# Widths (cm): the portrait text is 16.5 cm wide, the landscape text 25.2 cm (the margins of
# core.documents; the HTML template uses the same numbers), measured so that at 14 pt no item code
# ("O๒๖"), state ("เผยแพร่แล้ว"), short date ("๓๐ พ.ย. ๖๘") nor bold header word is broken.
STATE_WIDTHS_CM = (2.2, 3.0, 3.0, 3.0, 3.0, 2.3)
FIGURE_WIDTHS_CM = (11.0, 5.5)
ITEM_WIDTHS_CM = (1.5, 6.2, 4.8, 3.0, 2.7, 7.0)
DEFECT_WIDTHS_CM = (1.5, 6.2, 5.8, 11.7)
STEP_WIDTHS_CM = (3.1, 1.5, 5.0, 10.6, 5.0)
ACTION_WIDTHS_CM = (1.5, 6.2, 4.4, 3.0, 10.1)


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


# --- the view: everything printed, as strings ------------------------------------


def _thai() -> bool:
    return (get_language() or "th").lower().startswith("th")


def _iso_date(value: Any) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _iso_datetime(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment.astimezone(BANGKOK) if moment.tzinfo else None


def _date_long(day: date, thai_digits: bool) -> str:
    if _thai():
        return format_date_long(day, thai_digits=thai_digits)
    return digits(f"{day.day} {MONTHS[day.month]} {day.year + BE_OFFSET}", thai_digits=thai_digits)


def _date_short(day: date, thai_digits: bool) -> str:
    if _thai():
        return format_date_short(day, thai_digits=thai_digits)
    return digits(f"{day.day} {str(MONTHS_3[day.month]).title()} {day.year + BE_OFFSET}", thai_digits=thai_digits)


def _month_text(day: date, thai_digits: bool) -> str:
    name = THAI_MONTHS[day.month - 1] if _thai() else str(MONTHS[day.month])
    return digits(f"{name} {day.year + BE_OFFSET}", thai_digits=thai_digits)


def _moment(value: Any, thai_digits: bool) -> str:
    """``"๒๘ มกราคม ๒๕๖๙ เวลา ๐๙.๓๐ น."``: an audit's time, Bangkok."""
    moment = _iso_datetime(value)
    if moment is None:
        return DASH
    text = gettext("%(date)s at %(time)s") % {
        "date": _date_long(moment.date(), False),
        "time": f"{moment:%H.%M}" if _thai() else f"{moment:%H:%M}",
    }
    return digits(text, thai_digits=thai_digits)


def defect_label(defect: Mapping[str, Any]) -> str:
    """The short label of a defect in the active language: "ลิงก์เสีย (HTTP 404)", "ต้องขอสิทธิ์/ลงชื่อเข้าใช้"."""
    category = str(defect.get("category") or "")
    if category == "http_error":
        match = _STATUS.search(str(defect.get("detail") or ""))
        if match:
            return str(HTTP_ERROR_WITH_STATUS) % {"status": match.group(1)}
    label = DEFECT_LABELS.get(category)
    return str(label) if label is not None else category or DASH


def _addressee(kind: str) -> str:
    if kind == "sao":
        return str(ADDRESSEES["sao"])
    if kind == "pao":
        return str(ADDRESSEES["pao"])
    return str(ADDRESSEES["municipality"])


@dataclass(frozen=True)
class ItemRowView:
    code: str
    title: str
    unit: str
    officer: str
    state: str
    state_code: str
    health: str
    change: str
    change_class: str  # "up", "down" or ""
    defects: list[str]
    todo: list[str]  # what to do: the defects, else the next workflow step

    @property
    def responsible(self) -> list[str]:
        return [line for line in (self.unit, self.officer) if line] or [DASH]


@dataclass(frozen=True)
class DefectRowView:
    code: str
    title: str
    label: str
    document: str
    url: str


@dataclass(frozen=True)
class StepRowView:
    date: str
    code: str
    action: str
    detail: str
    by: str


@dataclass(frozen=True)
class UnitGroupView:
    heading: str
    items: list[ItemRowView]


@dataclass
class MonthlyView:
    """The report as printed: strings in the active language, digits already in the document's style."""

    thai_digits: bool
    language: str
    title: str
    period_line: str
    org_line: str
    year_line: str
    addressee: str
    date_line: str
    intro: str
    audit_lines: list[tuple[str, str]]
    notices: list[str] = field(default_factory=list)
    command: str = ""
    state_headers: list[str] = field(default_factory=list)
    state_counts: list[str] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)
    items: list[ItemRowView] = field(default_factory=list)
    item_note: str = ""
    new_defects: list[DefectRowView] | None = None
    fixed_defects: list[DefectRowView] | None = None
    defects_note: str = ""
    steps: list[StepRowView] = field(default_factory=list)
    groups: list[UnitGroupView] = field(default_factory=list)
    text: dict[str, str] = field(default_factory=dict)
    headers: dict[str, list[str]] = field(default_factory=dict)

    @property
    def docx_title(self) -> str:
        return f"{self.title} {self.period_line}"

    @property
    def defect_sections(self) -> list[tuple[str, list[DefectRowView] | None, str]]:
        """(heading, rows or None when not compared, text when there are none) of new and fixed defects."""
        return [
            (self.text["new_defects"], self.new_defects, self.text["none_new"]),
            (self.text["fixed_defects"], self.fixed_defects, self.text["none_fixed"]),
        ]


def _headers() -> dict[str, list[str]]:
    item, title = gettext("Item"), gettext("Title")
    return {
        "items": [
            item,
            title,
            gettext("Responsible unit and officer"),
            pgettext("OIT report column", "State"),
            gettext("Health"),
            gettext("Defects found by the audit"),
        ],
        "defects": [item, title, pgettext("OIT report column", "Defect"), gettext("Document or link")],
        "steps": [gettext("Date"), item, pgettext("OIT report column", "Step"), gettext("Details"), gettext("By")],
        "actions": [
            item,
            title,
            gettext("Responsible officer"),
            pgettext("OIT report column", "State"),
            gettext("What to do"),
        ],
    }


def _texts() -> dict[str, str]:
    return {
        "summary": gettext("Summary"),
        "states": gettext("Items by state"),
        "items": gettext("Every item"),
        "changes": gettext("What changed since last month"),
        "new_defects": gettext("New defects"),
        "fixed_defects": gettext("Defects fixed"),
        "steps": gettext("Steps taken this month"),
        "action": gettext("Items needing action, by responsible unit"),
        "no_items": gettext("The year has no OIT items: the framework of the year is not loaded."),
        "none_new": gettext("No new defects."),
        "none_fixed": gettext("No defect was fixed."),
        "no_steps": gettext("No step was taken on any item this month."),
        "no_action": gettext("Every item is published and has no defect."),
        "page": gettext("Page") + " ",
    }


def _health(value: Any, thai_digits: bool) -> str:
    number = _int(value)
    return DASH if number is None else digits(str(number), thai_digits=thai_digits)


def _change(now: Any, before: Any, thai_digits: bool) -> tuple[str, str]:
    """``("▲ ๕", "up")``: the points gained or lost since last month; ``("", "")`` when not comparable."""
    a, b = _int(now), _int(before)
    if a is None or b is None or a == b:
        return "", ""
    points = digits(str(abs(a - b)), thai_digits=thai_digits)
    return (f"▲ {points}", "up") if a > b else (f"▼ {points}", "down")


def _defect_line(defect: Mapping[str, Any], thai_digits: bool) -> str:
    label = digits(defect_label(defect), thai_digits=thai_digits)
    document = clean_text(defect.get("document"), thai_digits=thai_digits)
    return f"{label}: {document}" if document else label


def _defect_row(raw: Mapping[str, Any], thai_digits: bool) -> DefectRowView:
    return DefectRowView(
        code=digits(str(raw.get("code") or ""), thai_digits=thai_digits),
        title=clean_text(raw.get("title"), thai_digits=thai_digits) or DASH,
        label=digits(defect_label(raw), thai_digits=thai_digits),
        document=clean_text(raw.get("document"), thai_digits=thai_digits),
        url=clean_text(raw.get("url")),  # printed as written
    )


def _audit_line(audit: Mapping[str, Any], thai_digits: bool) -> str:
    trigger = str(audit.get("trigger") or "")
    try:
        how = str(OitAudit.Trigger(trigger).label)
    except ValueError:
        how = trigger
    text = _moment(audit.get("created_at"), thai_digits)
    health = _int(audit.get("health"))
    if health is not None:
        text = gettext("%(when)s (%(how)s; mean health %(health)s)") % {
            "when": text,
            "how": how,
            "health": digits(str(health), thai_digits=thai_digits),
        }
    elif how:
        text = f"{text} ({how})"
    return text


def build_view(data: Mapping[str, Any], *, thai_digits: bool = True) -> MonthlyView:
    """Read the report data into printable strings in the active language."""

    def d(value: Any) -> str:
        return digits(str(value), thai_digits=thai_digits)

    def txt(value: Any) -> str:
        return clean_text(value, thai_digits=thai_digits)

    organization = _mapping(data.get("organization"))
    place = []
    if organization.get("district"):
        place.append(gettext("District %(district)s") % {"district": organization["district"]})
    if organization.get("province"):
        place.append(gettext("Province %(province)s") % {"province": organization["province"]})
    org_line = " ".join(part for part in (txt(organization.get("name")), txt(" ".join(place))) if part)
    year = _int(data.get("fiscal_year")) or 0
    month = _iso_date(data.get("month")) or local_today().replace(day=1)
    as_of = _iso_date(data.get("as_of")) or month
    report_date = _iso_date(data.get("report_date")) or local_today()
    month_text = _month_text(month, thai_digits)

    audit = _mapping(data.get("audit")) if data.get("audit") else None
    previous = _mapping(data.get("previous_audit")) if data.get("previous_audit") else None
    audit_lines: list[tuple[str, str]] = []
    notices: list[str] = []
    command = ""
    if audit is None:
        audit_lines.append((gettext("Audit used"), gettext("none")))
        notices.append(
            gettext(
                "No audit of the links and documents of fiscal year %(year)s had run by the end of %(month)s, "
                "so this report gives no health scores and no defects. Start an audit from the OIT page of "
                "Prongsai, or with this command:"
            )
            % {"year": d(year), "month": month_text}
        )
        command = f"prongsai oit-audit --org {organization.get('slug') or ''} --year {year}"
    else:
        audit_lines.append((gettext("Audit used"), _audit_line(audit, thai_digits)))
        if not data.get("audit_in_month"):
            audit_lines.append((gettext("Compared with"), gettext("nothing: no audit ran during the month")))
            notices.append(
                gettext(
                    "No audit ran during %(month)s: the health scores and defects are those of the latest "
                    "earlier audit, and no change can be shown."
                )
                % {"month": month_text}
            )
        elif previous is None:
            audit_lines.append((gettext("Compared with"), gettext("nothing: there is no earlier audit")))
        else:
            audit_lines.append((gettext("Compared with"), _audit_line(previous, thai_digits)))

    counts = _mapping(data.get("counts"))
    state_counts = [d(_int(counts.get(state)) or 0) for state in STATES] + [d(_int(counts.get("total")) or 0)]
    total = _int(counts.get("total")) or 0
    health, health_before = data.get("health"), data.get("health_before")
    change, _direction = _change(health, health_before, thai_digits)
    health_text = _health(health, thai_digits)
    if change:
        health_text = gettext("%(health)s (%(change)s since last month)") % {"health": health_text, "change": change}
    new, fixed = data.get("new_defects"), data.get("fixed_defects")
    figures = [
        (d(gettext("Mean health (out of 100)")), health_text),
        (
            gettext("Items with defects"),
            gettext("%(count)s of %(total)s")
            % {"count": d(_int(data.get("items_with_defects")) or 0), "total": d(total)}
            if audit
            else DASH,
        ),
        (gettext("New defects since last month"), d(len(new)) if isinstance(new, list) else DASH),
        (gettext("Defects fixed since last month"), d(len(fixed)) if isinstance(fixed, list) else DASH),
        (gettext("Steps taken on the items this month"), d(len(_list(data.get("steps"))))),
    ]

    items: list[ItemRowView] = []
    for raw in (_mapping(r) for r in _list(data.get("items"))):
        state = str(raw.get("state") or "")
        defects = [_defect_line(_mapping(x), thai_digits) for x in _list(raw.get("defects"))]
        change, direction = _change(raw.get("health"), raw.get("health_before"), thai_digits)
        # What to do: the defects, then the next workflow step of an unpublished item (which says more
        # than the audit's "not published").
        todo = [
            _defect_line(_mapping(x), thai_digits)
            for x in _list(raw.get("defects"))
            if _mapping(x).get("category") != "not_published"
        ]
        if state != "published":
            todo.append(str(NEXT_STEPS.get(state, DEFECT_LABELS["not_published"])))
        items.append(
            ItemRowView(
                code=d(raw.get("code") or ""),
                title=txt(raw.get("title")) or DASH,
                unit=txt(raw.get("unit")),
                officer=txt(raw.get("officer")),
                state=str(STATE_LABELS.get(state, state or DASH)),
                state_code=state,
                health=_health(raw.get("health"), thai_digits),
                change=change,
                change_class=direction,
                defects=defects or ([gettext("none")] if raw.get("audited") else [DASH]),
                todo=todo,
            )
        )

    # Items needing action, by unit in the organisation's order; items without a unit last.
    groups: dict[str, tuple[tuple[int, int, str], list[ItemRowView]]] = {}
    for raw, row in zip((_mapping(r) for r in _list(data.get("items"))), items, strict=True):
        if not row.todo:
            continue
        unit = str(raw.get("unit") or "")
        position = _int(raw.get("unit_position"))
        key = (1 if not unit else 0, position if position is not None else 10**6, unit)
        groups.setdefault(unit, (key, []))[1].append(row)
    group_views = []
    for unit, (_key, rows) in sorted(groups.items(), key=lambda pair: pair[1][0]):
        name = txt(unit) if unit else gettext("No responsible unit assigned")
        count = ngettext("%(count)s item", "%(count)s items", len(rows)) % {"count": d(len(rows))}
        group_views.append(UnitGroupView(heading=f"{name} ({count})", items=rows))

    view = MonthlyView(
        thai_digits=thai_digits,
        language="th" if _thai() else "en",
        title=gettext("Public disclosure (OIT) status report"),
        period_line=gettext("for the month of %(month)s") % {"month": month_text},
        org_line=org_line,
        year_line=gettext("ITA assessment of fiscal year %(year)s") % {"year": d(year)},
        addressee=_addressee(str(organization.get("kind") or "")),
        date_line=gettext("Report date: %(date)s") % {"date": _date_long(report_date, thai_digits)},
        intro=gettext(
            "This report gives the readiness and the updates of every public disclosure (OIT) item as at "
            "%(date)s: its responsible unit and officer, how far it has come in the workflow, its health and "
            "defects from the audit of its links and documents, and what changed since last month."
        )
        % {"date": _date_long(as_of, thai_digits)},
        audit_lines=audit_lines,
        notices=notices,
        command=command,
        state_headers=[str(STATE_LABELS[s]) for s in STATES] + [gettext("Total")],
        state_counts=state_counts,
        figures=figures,
        items=items,
        item_note=d(gettext("Health: 0–100 from the latest audit; ▲/▼ points gained or lost since last month.")),
        new_defects=[_defect_row(_mapping(x), thai_digits) for x in new] if isinstance(new, list) else None,
        fixed_defects=[_defect_row(_mapping(x), thai_digits) for x in fixed] if isinstance(fixed, list) else None,
        defects_note=""
        if isinstance(new, list)
        else gettext("Not compared: this needs an audit of the month and an earlier one."),
        steps=[
            StepRowView(
                date=_date_short(moment.date(), thai_digits) if (moment := _iso_datetime(s.get("at"))) else DASH,
                code=d(s.get("code") or ""),
                action=str(ACTION_LABELS.get(str(s.get("action")), s.get("action") or DASH)),
                detail=txt(s.get("detail")) or DASH,
                by=txt(s.get("by")) or DASH,
            )
            for s in (_mapping(x) for x in _list(data.get("steps")))
        ],
        groups=group_views,
        text=_texts(),
        headers={key: [str(h) for h in value] for key, value in _headers().items()},
    )
    if not items:
        view.notices.insert(0, view.text["no_items"])
    return view


# --- DOCX -------------------------------------------------------------------------


def _cell(cell: Any, lines: Sequence[str], *, bold: bool = False, align: Any = None) -> None:
    fill_cell(cell, [(line, bold) for line in lines] or [("", False)], size_pt=TABLE_FONT_PT, align=align)


def _bullets(cell: Any, lines: Sequence[str]) -> None:
    """One line as it is; several as "• " items with a hanging indent (the HTML's list), so each stands apart."""
    if len(lines) < 2:
        _cell(cell, lines)
        return
    _cell(cell, [f"• {line}" for line in lines])
    for paragraph in cell.paragraphs:
        paragraph.paragraph_format.left_indent = Cm(0.4)
        paragraph.paragraph_format.first_line_indent = Cm(-0.4)


def _table(document: Any, headers: Sequence[str]) -> Any:
    table = document.add_table(rows=1, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table)
    set_cell_margins(table)
    row = table.rows[0]
    for cell, header in zip(row.cells, headers, strict=False):
        _cell(cell, [header], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        set_cell_shading(cell, FILL_HEADER)
        set_cell_vertical_alignment(cell, "center")
    set_repeat_table_header(row)
    return table


def _row(table: Any, cells: Sequence[Sequence[str]], *, centred: Sequence[int] = (), listed: Sequence[int] = ()) -> Any:
    """A row that stays on one page; ``centred`` columns are centred, ``listed`` ones bulleted."""
    row = table.add_row()
    set_row_cant_split(row)
    for index, (cell, lines) in enumerate(zip(row.cells, cells, strict=False)):
        if index in listed:
            _bullets(cell, lines)
        else:
            _cell(cell, lines, align=WD_ALIGN_PARAGRAPH.CENTER if index in centred else None)
    return row


def _widths(table: Any, widths_cm: Sequence[float]) -> None:
    set_table_widths(table, [Cm(w) for w in widths_cm])


def _heading(document: Any, text: str, level: int = 1) -> None:
    document.add_heading(text, level=level)


def _docx_summary(document: Any, view: MonthlyView) -> None:
    for index, line in enumerate((view.title, view.period_line, view.org_line, view.year_line)):
        if line:
            _paragraph(document, line, bold=True, size_pt=18 if index < 2 else 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    date_line = _paragraph(document, view.date_line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date_line.paragraph_format.space_before = Pt(12)
    addressee = _paragraph(document, view.addressee)
    addressee.paragraph_format.space_before = Pt(6)
    intro = _paragraph(document, view.intro)
    intro.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
    intro.paragraph_format.first_line_indent = Cm(1.25)
    intro.paragraph_format.space_before = Pt(6)
    intro.paragraph_format.space_after = Pt(4)
    for label, value in view.audit_lines:
        paragraph = _paragraph(document)
        set_run_font(paragraph.add_run(f"{label}: "), bold=True)
        paragraph.add_run(value)
    if view.notices:
        document.add_paragraph()
        box = document.add_table(rows=1, cols=1)
        box.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_table_borders(box, size=8, color="C0504D")
        set_cell_margins(box, top=80, bottom=80, left=140, right=140)
        cell = box.rows[0].cells[0]
        set_cell_shading(cell, FILL_NOTICE)
        fill_cell(cell, [(notice, False) for notice in view.notices])
        if view.command:
            paragraph = cell.add_paragraph()
            run = paragraph.add_run(view.command)
            set_run_font(run, size_pt=12)
            run.font.name = "DejaVu Sans Mono"  # after Sarabun: the command is typed, not read
        _widths(box, (16.5,))

    _heading(document, view.text["summary"])
    _paragraph(document, view.text["states"], bold=True, keep_with_next=True).paragraph_format.space_after = Pt(2)
    table = _table(document, view.state_headers)
    row = _row(table, [[count] for count in view.state_counts], centred=range(len(view.state_counts)))
    set_cell_shading(row.cells[-1], FILL_TOTAL)
    _widths(table, STATE_WIDTHS_CM)
    document.add_paragraph()
    figures = document.add_table(rows=0, cols=2)
    figures.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(figures)
    set_cell_margins(figures)
    for label, value in view.figures:
        row = _row(figures, [[label], [value]], centred=(1,))
        set_cell_shading(row.cells[0], FILL_TOTAL)
    _widths(figures, FIGURE_WIDTHS_CM)


def _docx_items(document: Any, view: MonthlyView) -> None:
    _heading(document, view.text["items"])
    if not view.items:
        _paragraph(document, view.text["no_items"])
        return
    table = _table(document, view.headers["items"])
    for item in view.items:
        health = [item.health] + ([item.change] if item.change else [])
        cells = [[item.code], [item.title], item.responsible, [item.state], health, item.defects]
        _row(table, cells, centred=(0, 4), listed=(5,))
    _widths(table, ITEM_WIDTHS_CM)
    _paragraph(document, view.item_note, size_pt=TABLE_FONT_PT).paragraph_format.space_before = Pt(2)


def _docx_defects(document: Any, rows: Sequence[DefectRowView], headers: Sequence[str]) -> None:
    table = _table(document, headers)
    for defect in rows:
        where = [line for line in (defect.document, defect.url) if line] or [DASH]
        _row(table, [[defect.code], [defect.title], [defect.label], where], centred=(0,))
    _widths(table, DEFECT_WIDTHS_CM)


def _docx_changes(document: Any, view: MonthlyView) -> None:
    _heading(document, view.text["changes"])
    for heading, rows, empty in view.defect_sections:
        _heading(document, heading, level=2)
        if rows is None:
            _paragraph(document, view.defects_note)
        elif not rows:
            _paragraph(document, empty)
        else:
            _docx_defects(document, rows, view.headers["defects"])
    _heading(document, view.text["steps"], level=2)
    if not view.steps:
        _paragraph(document, view.text["no_steps"])
        return
    table = _table(document, view.headers["steps"])
    for step in view.steps:
        _row(table, [[step.date], [step.code], [step.action], [step.detail], [step.by]], centred=(0, 1))
    _widths(table, STEP_WIDTHS_CM)


def _docx_actions(document: Any, view: MonthlyView) -> None:
    _heading(document, view.text["action"])
    if not view.groups:
        _paragraph(document, view.text["no_action"])
        return
    for group in view.groups:
        _heading(document, group.heading, level=2)
        table = _table(document, view.headers["actions"])
        for item in group.items:
            cells = [[item.code], [item.title], [item.officer or DASH], [item.state], item.todo]
            _row(table, cells, centred=(0,), listed=(4,))
        _widths(table, ACTION_WIDTHS_CM)


def render_docx_view(view: MonthlyView) -> bytes:
    document = Document()
    setup_docx(document)
    core = document.core_properties
    core.title = view.docx_title
    core.subject = view.org_line
    core.author = view.org_line or "Prongsai"
    core.keywords = "ITA, OIT"
    core.language = "th-TH" if view.language == "th" else "en"
    add_page_number_footer(document.sections[0], thai_digits=view.thai_digits, prefix=view.text["page"])
    _docx_summary(document, view)
    section = add_section(document, landscape=True)
    set_page_number_format(section, thai_digits=view.thai_digits)
    _docx_items(document, view)
    _docx_changes(document, view)
    _docx_actions(document, view)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_docx(data: Mapping[str, Any], *, thai_digits: bool = True) -> bytes:
    """The report as a Word document: A4, page one portrait, the tables landscape, Sarabun 16 pt."""
    return embed_docx_fonts(render_docx_view(build_view(data, thai_digits=thai_digits)))


# --- PDF --------------------------------------------------------------------------


def render_pdf_html(data: Mapping[str, Any], *, thai_digits: bool = True) -> str:
    """The HTML that :func:`render_pdf` lays out (every user string escaped by Django's autoescape)."""
    from django.template.loader import render_to_string

    context = {
        "r": build_view(data, thai_digits=thai_digits),
        "widths": {
            "states": STATE_WIDTHS_CM,
            "figures": FIGURE_WIDTHS_CM,
            "items": ITEM_WIDTHS_CM,
            "defects": DEFECT_WIDTHS_CM,
            "steps": STEP_WIDTHS_CM,
            "actions": ACTION_WIDTHS_CM,
        },
    }
    return render_to_string(TEMPLATE_NAME, context)


def render_pdf_document(data: Mapping[str, Any], *, thai_digits: bool = True) -> Any:
    """The laid-out WeasyPrint Document (``len(doc.pages)`` is the page count; ``doc.write_pdf()`` the bytes)."""
    return render_html(render_pdf_html(data, thai_digits=thai_digits), base_url=TEMPLATE_DIR)


def render_pdf(data: Mapping[str, Any], *, thai_digits: bool = True) -> bytes:
    """The report as PDF: A4, page one portrait, the tables landscape, Sarabun 16 pt, "หน้า ๑" footers."""
    return bytes(render_pdf_document(data, thai_digits=thai_digits).write_pdf())


def render_report(data: Mapping[str, Any], fmt: str, *, thai_digits: bool = True) -> bytes:
    """The report as ``docx`` or ``pdf`` bytes."""
    if fmt == "docx":
        return render_docx(data, thai_digits=thai_digits)
    if fmt == "pdf":
        return render_pdf(data, thai_digits=thai_digits)
    raise ValueError(f"unknown report format {fmt!r}")


def render_monthly(
    org: Organisation, year: int, fmt: str, *, month: date | None = None, thai_digits: bool = True
) -> bytes:
    """The monthly status report of ``org``'s OIT items of ``year`` for ``month``, in the active language."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    return render_report(monthly_report_data(org, year, month), fmt, thai_digits=thai_digits)
