"""The monthly OIT report read into printable strings: :func:`build_view` → :class:`MonthlyView`.

A pure function of the report data dict of :func:`prongsai.disclosure.reports.monthly_report_data`, in
the active language, with Thai or Arabic digits; ``disclosure/report_blocks.py`` makes it into blocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, ngettext

from prongsai.core.documents import DASH, clean_text, digits
from prongsai.core.documents import as_int as _int
from prongsai.core.documents import as_list as _list
from prongsai.core.documents import as_mapping as _mapping
from prongsai.core.thai import local_today
from prongsai.disclosure.models import OitAudit
from prongsai.disclosure.report_text import (
    ACTION_LABELS,
    ADDRESSEES,
    DEFECT_LABELS,
    NEXT_STEPS,
    STATE_LABELS,
    STATES,
    _date_long,
    _date_short,
    _iso_date,
    _iso_datetime,
    _moment,
    _month_text,
    _thai,
    defect_label,
    headers,
    texts,
)

__all__ = ["MonthlyView", "build_view"]


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
        text=texts(),
        headers={key: [str(h) for h in value] for key, value in headers().items()},
    )
    if not items:
        view.notices.insert(0, view.text["no_items"])
    return view
