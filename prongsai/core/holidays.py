"""Thai public holidays and working days: the shipped table, corrected by the platform admin.

The table is ``data/holidays/th.yaml`` (versioned, each entry with its source and confidence; the folder is
``settings.HOLIDAYS_DATA_DIR`` when set): the fixed-date holidays of every year (month, day, name) and the days
announced for one year (the lunar Buddhist days, substitution and special days). A ``core.PublicHoliday`` row,
edited in the admin, is the last word on its day: it adds a holiday announced later or renames a day of the
file, or with ``not_a_holiday`` takes a day of the file away; deleting the row gives the file's word back.

A year's holidays are worked out once per process (the file is read once, the year's rows in one query) and
kept, so a loop over a year of trips costs no query. Saving or deleting a row empties the cache of the process
that did it at once (the signals at the end of core/models.py); the other processes (other web workers, the
background worker) read the year again once it is ``MAX_AGE`` seconds old. Rows written without signals
(``bulk_create``, ``update``) are seen after ``MAX_AGE`` too. A rolled-back row sends no signal: a test that
adds rows calls ``clear_cache`` in its cleanup.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

FILE_NAME = "th.yaml"
CONFIDENCE_VALUES = ("confirmed", "likely", "unverified")
MAX_AGE = 300.0  # seconds a process keeps a year's holidays without a signal telling it they changed
_KEYS = {"fixed": {"month", "day"}, "announced": {"date"}}
_COMMON_KEYS = {"name", "source", "confidence"}
_OPTIONAL_KEYS = {"note"}


class HolidayDataError(ValueError):
    """A holiday file that cannot be used, with the entry that is wrong."""


@dataclass(frozen=True)
class Entry:
    name: str
    source: str
    confidence: str
    note: str = ""


@dataclass(frozen=True)
class HolidayTable:
    """A holiday file, checked: fixed days by (month, day), announced days by date."""

    fixed: Mapping[tuple[int, int], Entry]
    announced: Mapping[date, Entry]

    def year(self, year: int) -> dict[date, str]:
        days: dict[date, str] = {}
        for (month, day), entry in self.fixed.items():
            if month == 2 and day == 29 and not _leap(year):
                continue
            days[date(year, month, day)] = entry.name
        days.update({day: entry.name for day, entry in self.announced.items() if day.year == year})
        return days


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


class _Loader(yaml.SafeLoader):
    """YAML without implicit dates: a date is read here, so that a bad one names its entry."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _label(part: str, index: int, raw: Any) -> str:
    """How an error names item ``index`` (from 1) of the list ``part``: its place, day and name."""
    label = f"{part} entry {index}"
    if isinstance(raw, dict):
        when = f"{raw['date']}" if "date" in raw else f"{raw.get('day')}/{raw.get('month')}" if "month" in raw else ""
        said = " ".join(str(v) for v in (when, raw.get("name")) if v)
        if said:
            label += f" ({said})"
    return label


def _entry(part: str, index: int, raw: Any) -> tuple[tuple[int, int] | date, Entry]:
    """The key and the entry of item ``index`` of the list ``part``, or HolidayDataError naming it."""
    label = _label(part, index, raw)
    if not isinstance(raw, dict):
        raise HolidayDataError(f"{label}: not a mapping of keys to values")
    required = _KEYS[part] | _COMMON_KEYS
    missing = sorted(required - raw.keys())
    unknown = sorted(map(str, raw.keys() - required - _OPTIONAL_KEYS))
    problems = []
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown key {', '.join(unknown)}")
    if problems:
        raise HolidayDataError(f"{label}: {'; '.join(problems)}")
    for key in ("name", "source"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise HolidayDataError(f"{label}: {key} must be a text")
    if raw["confidence"] not in CONFIDENCE_VALUES:
        raise HolidayDataError(f"{label}: confidence must be one of {', '.join(CONFIDENCE_VALUES)}")
    entry = Entry(
        name=raw["name"].strip(), source=raw["source"], confidence=raw["confidence"], note=raw.get("note") or ""
    )
    if part == "announced":
        try:
            return date.fromisoformat(str(raw["date"])), entry
        except ValueError:
            raise HolidayDataError(f"{label}: date must be a real day written YYYY-MM-DD") from None
    month, day = raw["month"], raw["day"]
    if not (isinstance(month, int) and isinstance(day, int)):
        raise HolidayDataError(f"{label}: month and day must be numbers")
    try:
        date(2024, month, day)  # a leap year: 29 February is a possible fixed day
    except ValueError:
        raise HolidayDataError(f"{label}: no such day in the year") from None
    return (month, day), entry


def parse(text: str, *, name: str = FILE_NAME) -> HolidayTable:
    """The table in the YAML ``text``; HolidayDataError (starting with ``name``) naming the first bad entry."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506  (a SafeLoader)
    except yaml.YAMLError as exc:
        raise HolidayDataError(f"{name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("fixed"), list):
        raise HolidayDataError(f"{name}: needs a list “fixed” (and a list “announced”)")
    parts: dict[str, dict[Any, Entry]] = {"fixed": {}, "announced": {}}
    for part, found in parts.items():
        entries = data.get(part) or []
        if not isinstance(entries, list):
            raise HolidayDataError(f"{name}: “{part}” must be a list")
        for index, raw in enumerate(entries, start=1):
            try:
                key, entry = _entry(part, index, raw)
            except HolidayDataError as exc:
                raise HolidayDataError(f"{name}: {exc}") from None
            if key in found:
                raise HolidayDataError(f"{name}: {_label(part, index, raw)}: its day is already listed")
            found[key] = entry
    return HolidayTable(fixed=parts["fixed"], announced=parts["announced"])


def data_dir() -> Path:
    return Path(settings.HOLIDAYS_DATA_DIR)


def load_file(path: Path) -> HolidayTable:
    return parse(path.read_text(encoding="utf-8"), name=path.name)


@functools.cache
def _table(path: Path) -> HolidayTable:
    return load_file(path)


def shipped_table() -> HolidayTable:
    return _table(data_dir() / FILE_NAME)


def shipped_name(day: date) -> str:
    """What the file alone says of ``day`` (the name, or "" when it lists no holiday then)."""
    return shipped_table().year(day.year).get(day, "")


# --------------------------------------------------------------------------- the year in force

_years: dict[int, tuple[float, dict[date, str]]] = {}


def clear_cache() -> None:
    """Forget every year worked out (the file is kept: it changes only with a new release)."""
    _years.clear()


def holidays_of(year: int) -> Mapping[date, str]:
    """The holidays of CE ``year`` in force: day → name (the file, then the admin's rows over it)."""
    kept = _years.get(year)
    now = time.monotonic()
    if kept is not None and now - kept[0] < MAX_AGE:
        return kept[1]
    from prongsai.core.models import PublicHoliday

    days = shipped_table().year(year)
    for row in PublicHoliday.objects.filter(day__year=year).only("day", "name", "not_a_holiday"):
        if row.not_a_holiday:
            days.pop(row.day, None)
        else:
            days[row.day] = row.name
    _years[year] = (now, days)
    return days


def holiday_name(day: date) -> str:
    """The holiday's name, or "" on a day that is not one."""
    return holidays_of(day.year).get(day, "")


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in holidays_of(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day counting from ``start`` (the first working day on or after it is the 1st)."""
    day = next_working_day(start)
    counted = 1
    while counted < count:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
