"""Complaint statistics: counts by period, category and state, the time to a conclusion, the clock.

Everything here is computed from a few *facts* of each case of one organisation and one fiscal year
(category, the day it arrived, the day it was due and the days of its steps): never its text, its
number, its reporter or anything encrypted. The Thai fiscal year runs 1 October – 30 September and is
named by its Buddhist-era year (FY2569 = 1 Oct 2025 – 30 Sep 2026); a case belongs to the fiscal year,
month and quarter in which it was *received*, whatever happened to it later.

Counting rules (the same on the public board and in the published PDF/XLSX):

- *Concluded* means concluded or closed; *in progress* means received, acknowledged or in fact-finding.
  The state is the one on ``as_of`` (normally today), read from the days of the case's steps.
- *Days to conclusion* are the days elapsed from the day received to the day concluded:
  ``(concluded_on - received_on).days``, so a case concluded the day it arrived took 0 days: the same
  count as the clock's :func:`prongsai.complaints.clock.day_of_clock` (a case concluded on its due
  day took 15 days of a 15-day clock).
- *Within the clock* means concluded on or before its ``due_on`` (received + the category's clock, 15
  days by default). The share within the clock is taken over the cases whose clock has run out or
  which are concluded: the concluded ones plus the open ones already past their due day on ``as_of``.
  An open case still inside its clock is not counted either way (it may yet finish in time); an open
  case past its due day counts as not within the clock (leaving it out would flatter the figure).
- Small numbers: a count of 1 or 2 is published as ``"< 3"`` (:func:`suppress`), since with so few
  cases in a month or category a colleague could guess who reported or who was reported. 0 is
  published as 0: it reveals no case. Counts of 3 and more are published as they are. A median or a
  share computed from fewer than 3 cases would describe one or two cases, so it is not published
  (``None`` here, shown as "–" with the reason). Known limit: a suppressed cell can sometimes be worked
  out from its row's other cells (a total of 5 with 3 in progress leaves 2 concluded); the rule keeps
  every published figure from describing fewer than three cases, not every difference between figures.

:func:`load_cases` reads the facts; :func:`tally` and the functions after it are pure; :func:`publish`
turns them into the rows of the board and of the exports, suppressed and labelled in the active
language (digits are left to the renderer).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.dates import MONTHS, MONTHS_3
from django.utils.translation import gettext

from prongsai.complaints.models import Case, Category
from prongsai.core.thai import BE_OFFSET, fiscal_quarter, fiscal_year_bounds
from prongsai.orgs.models import Organisation

__all__ = [
    "CONCLUDED_STATES",
    "DASH",
    "MIN_PUBLISHED",
    "OPEN_STATES",
    "SUPPRESSED",
    "CaseFacts",
    "Cell",
    "Published",
    "PublishedRow",
    "StateRow",
    "Tally",
    "by_category",
    "by_category_state",
    "by_month",
    "by_quarter",
    "days_to_conclusion",
    "first_half",
    "fiscal_months",
    "load_cases",
    "median_days",
    "month_label",
    "offered_years",
    "publish",
    "share_within",
    "state_on",
    "suppress",
    "tally",
]

MIN_PUBLISHED = 3
"""The smallest count published as it is; also the fewest cases a median or a share is taken from."""
SUPPRESSED = "< 3"
"""What a count of 1 or 2 is published as."""
DASH = "–"
"""What a figure that is not published (too few cases) is shown as."""

CONCLUDED_STATES = frozenset({Case.State.CONCLUDED.value, Case.State.CLOSED.value})
OPEN_STATES = frozenset({Case.State.RECEIVED.value, Case.State.ACKNOWLEDGED.value, Case.State.FACT_FINDING.value})

Cell = int | str
"""A published count: the number, ``SUPPRESSED``, or ``""`` for a month that has not begun."""


def suppress(count: int) -> Cell:
    """A count as published: 1 and 2 become ``"< 3"``; 0 and 3 or more stay numbers."""
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    return SUPPRESSED if 0 < count < MIN_PUBLISHED else count


# --- the facts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFacts:
    """What the statistics know of one case: nothing written, nobody named, no case number."""

    category: str
    state: str  # on the day the statistics are taken
    received_on: date
    due_on: date
    concluded_on: date | None  # None unless concluded (or closed) on that day

    @property
    def is_concluded(self) -> bool:
        return self.state in CONCLUDED_STATES

    @property
    def days(self) -> int | None:
        """Days elapsed from the day received to the day concluded (not the clock's day number)."""
        return days_to_conclusion(self.received_on, self.concluded_on) if self.is_concluded else None

    @property
    def within_clock(self) -> bool:
        return self.is_concluded and self.concluded_on is not None and self.concluded_on <= self.due_on


def days_to_conclusion(received_on: date, concluded_on: date | None) -> int | None:
    """``(concluded_on - received_on).days``: 0 for a case concluded the day it arrived.

    The same count as the clock's day (:func:`prongsai.complaints.clock.day_of_clock`).
    """
    return None if concluded_on is None else (concluded_on - received_on).days


def state_on(
    as_of: date,
    *,
    acknowledged_on: date | None,
    fact_finding_on: date | None,
    concluded_on: date | None,
    closed_on: date | None,
) -> str:
    """The state of a case on ``as_of``, from the days of its steps (every step records its day)."""
    for state, day in (
        (Case.State.CLOSED, closed_on),
        (Case.State.CONCLUDED, concluded_on),
        (Case.State.FACT_FINDING, fact_finding_on),
        (Case.State.ACKNOWLEDGED, acknowledged_on),
    ):
        if day is not None and day <= as_of:
            return state.value
    return Case.State.RECEIVED.value


def load_cases(org: Organisation, year: int, as_of: date) -> list[CaseFacts]:
    """The facts of ``org``'s cases of fiscal year ``year`` received on or before ``as_of``, as they stood on it.

    Only dates and the category are read from the database (``values_list``): the encrypted report and
    contact never leave it, so nothing written can reach a statistic.
    """
    rows = (
        Case.objects.filter(organisation=org, fiscal_year=year, received_on__lte=as_of)
        .order_by("received_on", "pk")
        .values_list(
            "category", "received_on", "due_on", "acknowledged_on", "fact_finding_on", "concluded_on", "closed_on"
        )
    )
    facts = []
    for category, received_on, due_on, acknowledged_on, fact_finding_on, concluded_on, closed_on in rows:
        state = state_on(
            as_of,
            acknowledged_on=acknowledged_on,
            fact_finding_on=fact_finding_on,
            concluded_on=concluded_on,
            closed_on=closed_on,
        )
        concluded = concluded_on if state in CONCLUDED_STATES else None
        facts.append(CaseFacts(category, state, received_on, due_on, concluded))
    return facts


def offered_years(org: Organisation, current: int) -> list[int]:
    """The fiscal years of ``org``'s cases and ``current``, newest first."""
    years = set(Case.objects.filter(organisation=org).order_by().values_list("fiscal_year", flat=True).distinct())
    years.add(current)
    return sorted(years, reverse=True)


# --- tallies (pure) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """The raw figures of a group of cases; :func:`publish` decides what of them may be shown."""

    total: int
    concluded: int
    in_progress: int
    days: tuple[int, ...]  # days to conclusion of the concluded cases, sorted
    within: int  # concluded within the clock
    clocked: int  # the basis of the share: concluded, or open and past the due day

    @property
    def median_days(self) -> float | None:
        """The median days to conclusion; None when fewer than 3 cases are concluded."""
        return float(statistics.median(self.days)) if len(self.days) >= MIN_PUBLISHED else None

    @property
    def share_within(self) -> float | None:
        """Concluded within the clock as a share (0–1) of :attr:`clocked`; None when that is below 3."""
        return self.within / self.clocked if self.clocked >= MIN_PUBLISHED else None


def tally(cases: Iterable[CaseFacts], as_of: date) -> Tally:
    """Count ``cases`` (see the module's rules); ``as_of`` tells which open cases are past their due day."""
    group = list(cases)
    concluded = [case for case in group if case.is_concluded]
    overdue = sum(1 for case in group if not case.is_concluded and case.due_on < as_of)
    return Tally(
        total=len(group),
        concluded=len(concluded),
        in_progress=len(group) - len(concluded),
        days=tuple(sorted(d for case in concluded if (d := case.days) is not None)),
        within=sum(1 for case in concluded if case.within_clock),
        clocked=len(concluded) + overdue,
    )


def median_days(cases: Iterable[CaseFacts]) -> float | None:
    """The median days to conclusion of the concluded ``cases``; None from fewer than 3."""
    return tally(cases, date.min).median_days


def share_within(cases: Iterable[CaseFacts], as_of: date) -> float | None:
    """The share (0–1) concluded within the clock; None when fewer than 3 cases count (see the module)."""
    return tally(cases, as_of).share_within


def fiscal_months(year: int) -> list[date]:
    """The first days of the twelve months of fiscal year ``year``, October first."""
    start, _end = fiscal_year_bounds(year)
    return [date(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1, 1) for i in range(12)]


def _month_key(day: date) -> tuple[int, int]:
    return day.year, day.month


def by_month(cases: Sequence[CaseFacts], year: int, as_of: date) -> list[tuple[date, Tally]]:
    """One tally per month of the fiscal year (October … September), by the month the case arrived."""
    return [
        (month, tally((c for c in cases if _month_key(c.received_on) == _month_key(month)), as_of))
        for month in fiscal_months(year)
    ]


def by_quarter(cases: Sequence[CaseFacts], as_of: date) -> list[tuple[int, Tally]]:
    """One tally per quarter: 1 = Oct–Dec, 2 = Jan–Mar, 3 = Apr–Jun, 4 = Jul–Sep."""
    return [(q, tally((c for c in cases if fiscal_quarter(c.received_on) == q), as_of)) for q in (1, 2, 3, 4)]


def first_half(cases: Sequence[CaseFacts]) -> list[CaseFacts]:
    """The cases received in the first six months of the fiscal year (October – March)."""
    return [case for case in cases if fiscal_quarter(case.received_on) <= 2]


def by_category(cases: Sequence[CaseFacts], as_of: date) -> list[tuple[str, Tally]]:
    """One tally per category, in the order of :class:`Category`, every category listed."""
    return [(value, tally((c for c in cases if c.category == value), as_of)) for value in Category.values]


def by_category_state(cases: Sequence[CaseFacts]) -> dict[str, dict[str, int]]:
    """``{category: {state: count}}`` for every category and every state, zeros included."""
    counts = {category: dict.fromkeys(Case.State.values, 0) for category in Category.values}
    for case in cases:
        if case.category in counts and case.state in counts[case.category]:
            counts[case.category][case.state] += 1
    return counts


# --- what is published ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedRow:
    """One row of a published table: counts already suppressed, median and share None when not shown."""

    label: str
    total: Cell
    concluded: Cell
    in_progress: Cell
    median_days: float | None
    share_within: float | None
    kind: str = ""  # "" for a plain row, "subtotal" (a quarter, the six months) or "total" (the year)

    @classmethod
    def of(cls, label: str, figures: Tally, kind: str = "") -> PublishedRow:
        return cls(
            label=label,
            total=suppress(figures.total),
            concluded=suppress(figures.concluded),
            in_progress=suppress(figures.in_progress),
            median_days=figures.median_days,
            share_within=figures.share_within,
            kind=kind,
        )

    @classmethod
    def not_begun(cls, label: str, kind: str = "") -> PublishedRow:
        """A period after the day of the statistics: blank, not 0 (0 would say there were none)."""
        return cls(label=label, total="", concluded="", in_progress="", median_days=None, share_within=None, kind=kind)

    @property
    def has_begun(self) -> bool:
        return self.total != ""


@dataclass(frozen=True)
class StateRow:
    label: str
    counts: tuple[Cell, ...]  # one per state of Case.State, then the row's total
    kind: str = ""


@dataclass(frozen=True)
class Published:
    """Everything the board and the exports show of one fiscal year; nothing in it describes a case."""

    year: int
    as_of: date
    has_cases: bool  # any case received in the year
    has_half_cases: bool  # any case received October – March
    year_row: PublishedRow
    half_row: PublishedRow
    months: list[PublishedRow]
    quarters: list[PublishedRow]
    half_by_category: list[PublishedRow]  # the categories, then the total
    year_by_category: list[PublishedRow]
    state_labels: list[str]  # Case.State labels, then "Total"
    category_states: list[StateRow]  # the categories, then the total
    period_labels: dict[str, str]  # "half", "year": the months they cover


def month_label(month: date) -> str:
    """``"ตุลาคม 2568"``: the month's name and Buddhist-era year, never a day."""
    return f"{MONTHS[month.month]} {month.year + BE_OFFSET}"


def _quarter_label(quarter: int, year: int) -> str:
    """``"ไตรมาส 1 (ต.ค. – ธ.ค. 2568)"``."""
    months = fiscal_months(year)[(quarter - 1) * 3 : quarter * 3]
    return gettext("Quarter %(number)s (%(first)s – %(last)s)") % {
        "number": quarter,
        "first": str(MONTHS_3[months[0].month]).title(),
        "last": f"{str(MONTHS_3[months[-1].month]).title()} {months[-1].year + BE_OFFSET}",
    }


def _category_rows(cases: Sequence[CaseFacts], as_of: date) -> list[PublishedRow]:
    labels = dict(Category.choices)
    rows = [PublishedRow.of(str(labels[value]), figures) for value, figures in by_category(cases, as_of)]
    rows.append(PublishedRow.of(gettext("Total"), tally(cases, as_of), "total"))
    return rows


def publish(cases: Sequence[CaseFacts], year: int, as_of: date) -> Published:
    """The published statistics of fiscal year ``year`` from the facts of its cases, labels in the active language."""
    half = first_half(cases)
    months = fiscal_months(year)
    state_counts = by_category_state(cases)
    categories = dict(Category.choices)
    state_rows = []
    for value in Category.values:
        counts = [state_counts[value][state] for state in Case.State.values]
        state_rows.append(StateRow(str(categories[value]), tuple(suppress(n) for n in [*counts, sum(counts)])))
    column_totals = [sum(state_counts[c][state] for c in Category.values) for state in Case.State.values]
    state_rows.append(
        StateRow(gettext("Total"), tuple(suppress(n) for n in [*column_totals, sum(column_totals)]), "total")
    )
    period = gettext("%(first)s – %(last)s")
    return Published(
        year=year,
        as_of=as_of,
        has_cases=bool(cases),
        has_half_cases=bool(half),
        year_row=PublishedRow.of(gettext("Whole fiscal year"), tally(cases, as_of), "total"),
        half_row=PublishedRow.of(gettext("First six months (October – March)"), tally(half, as_of), "subtotal"),
        months=[
            PublishedRow.of(month_label(month), figures)
            if month <= as_of
            else PublishedRow.not_begun(month_label(month))
            for month, figures in by_month(cases, year, as_of)
        ],
        quarters=[
            PublishedRow.of(_quarter_label(quarter, year), figures, "subtotal")
            if months[(quarter - 1) * 3] <= as_of
            else PublishedRow.not_begun(_quarter_label(quarter, year), "subtotal")
            for quarter, figures in by_quarter(cases, as_of)
        ],
        half_by_category=_category_rows(half, as_of),
        year_by_category=_category_rows(cases, as_of),
        state_labels=[str(label) for label in Case.State.labels] + [gettext("Total")],
        category_states=state_rows,
        period_labels={
            "half": period % {"first": month_label(months[0]), "last": month_label(months[5])},
            "year": period % {"first": month_label(months[0]), "last": month_label(months[11])},
        },
    )
