"""The logbook's flags and the fuel account, as pure functions over trips and fuel slips.

Each flag names the vehicle, the day (Bangkok) and, when it is about one trip, the trip; its ``detail`` is
one sentence in the active language (Thai for the documents and the JSON of the commands).

- ``no_approval``: a trip with neither an allowed request nor an approver written in the logbook;
- ``self_approved``: the approver is the driver (or the requester);
- ``overlap``: two trips of one vehicle, or of one driver, at the same time;
- ``odometer_gap``: kilometres between a trip's return and the next trip's departure, with no trip;
- ``odometer_backwards``: the odometer lower than at the end of the trip before (or lower on return);
- ``overnight_away``: back on a later day than it left, without a permission covering it or a reason;
- ``off_hours``: out or back between 20:00 and 06:00, or on a weekend or public holiday (``core.holidays``),
  without a reason;
- ``fuel_rate``: km per litre over a full-to-full interval more than 20 % off the announced rate;
- ``late_entry``: a trip entered after the event (back-dated), shown with its reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _

from prongsai.core.holidays import holiday_name
from prongsai.core.thai import BANGKOK, fiscal_year

CODES = (
    "no_approval",
    "self_approved",
    "overlap",
    "odometer_gap",
    "odometer_backwards",
    "overnight_away",
    "off_hours",
    "fuel_rate",
    "late_entry",
)
GAP_TOLERANCE_KM = 1  # readings are whole kilometres: a difference of one is rounding
RATE_TOLERANCE = Decimal("0.20")
NIGHT_FROM = time(20, 0)
NIGHT_UNTIL = time(6, 0)


@dataclass(frozen=True)
class Flag:
    code: str
    plate: str
    date: date
    detail: str
    trip_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "plate": self.plate, "date": self.date.isoformat(), "detail": self.detail}


@dataclass(frozen=True)
class Interval:
    """A full-to-full interval: from one full tank to the next, the litres put in after the first."""

    plate: str
    start: date
    end: date
    odometer_start: int
    odometer_end: int
    litres: Decimal
    rate: Decimal | None  # the announced km/l of the fiscal year of ``end``

    @property
    def distance_km(self) -> int:
        return self.odometer_end - self.odometer_start

    @property
    def km_per_litre(self) -> Decimal | None:
        if self.litres <= 0:
            return None
        return (Decimal(self.distance_km) / self.litres).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def off_by(self) -> Decimal | None:
        """How far the figure is from the announced rate, as a fraction of it (0.25 = 25 % off)."""
        kmpl = self.km_per_litre
        if kmpl is None or not self.rate:
            return None
        return abs(kmpl - self.rate) / self.rate


def local(moment: datetime) -> datetime:
    return moment.astimezone(BANGKOK)


def _hm(moment: datetime) -> str:
    return local(moment).strftime("%H:%M")


def _day(moment: datetime) -> date:
    return local(moment).date()


def is_off_hours(moment: datetime) -> str:
    """Why ``moment`` is outside working hours ("" when it is not): night, weekend or a public holiday."""
    when = local(moment)
    if when.time() >= NIGHT_FROM or when.time() < NIGHT_UNTIL:
        return _("at night (%(time)s)") % {"time": when.strftime("%H:%M")}
    if when.weekday() >= 5:
        return _("on a weekend")
    name = holiday_name(when.date())
    if name:
        return _("on a public holiday (%(name)s)") % {"name": name}
    return ""


def _person(user_id: int | None, name: str) -> str:
    if user_id:
        return f"u{user_id}"
    return " ".join(name.split()).lower()


def _permitted(trip: Any) -> bool:
    """An allowed request covers the trip's whole time away."""
    request = trip.request
    if request is None or request.state != "allowed":
        return False
    end = trip.in_at or trip.out_at
    return _day(request.out_at) <= _day(trip.out_at) and _day(request.back_at) >= _day(end)


def _approver(trip: Any) -> tuple[str, str]:
    """(identity, name) of whoever approved the trip; empty when no one did."""
    request = trip.request
    if request is not None and request.state == "allowed" and request.approver_id:
        name = request.approver.get_full_name() or request.approver.username
        return _person(request.approver_id, ""), name
    if trip.approved_by_id:
        return _person(trip.approved_by_id, ""), trip.approved_by.get_full_name() or trip.approved_by.username
    if trip.approved_by_name.strip():
        return _person(None, trip.approved_by_name), trip.approved_by_name.strip()
    return "", ""


def _driver_key(trip: Any) -> str:
    if trip.driver_id:
        return _person(trip.driver_id, "")
    return _person(None, trip.driver_name)


def trip_flags(trips: Sequence[Any], now: datetime) -> list[Flag]:
    """Every flag about trips (all but ``fuel_rate``); ``trips`` of any vehicles, with request/driver loaded."""
    flags: list[Flag] = []
    by_vehicle: dict[int, list[Any]] = defaultdict(list)
    for trip in trips:
        by_vehicle[trip.vehicle_id].append(trip)
        flags += _single(trip)
    for items in by_vehicle.values():
        items.sort(key=lambda t: (t.out_at, t.pk or 0))
        flags += _sequence(items, now)
    flags += _driver_overlaps(trips, now)
    return flags


def _single(trip: Any) -> list[Flag]:
    plate = trip.vehicle.plate
    day = _day(trip.out_at)
    found: list[Flag] = []

    def flag(code: str, detail: str) -> None:
        found.append(Flag(code, plate, day, detail, trip.pk))

    where = _("the trip to %(place)s on %(date)s") % {"place": trip.destination, "date": _thai_day(day)}
    approver_key, approver_name = _approver(trip)
    if not approver_key:
        flag(
            "no_approval",
            _("No one approved %(trip)s: no allowed request and no approver in the logbook.") % {"trip": where},
        )
    else:
        driver = _driver_key(trip)
        request = trip.request
        if (driver and approver_key == driver) or (
            request is not None and request.approver_id and request.approver_id == request.requester_id
        ):
            flag(
                "self_approved",
                _("%(name)s approved %(trip)s they drove themselves.") % {"name": approver_name, "trip": where},
            )
    reason = trip.exception_reason.strip()
    permitted = _permitted(trip)
    if trip.in_at is not None and _day(trip.in_at) > day and not (reason or permitted):
        nights = (_day(trip.in_at) - day).days
        flag(
            "overnight_away",
            _(
                "%(trip)s came back on %(back)s (%(nights)s night(s) away) with no permission and no reason: "
                "was the car kept somewhere other than its depot?"
            )
            % {"trip": where, "back": _thai_day(_day(trip.in_at)), "nights": nights},
        )
    if not (reason or permitted):
        out_why = is_off_hours(trip.out_at)
        in_why = is_off_hours(trip.in_at) if trip.in_at is not None else ""
        if out_why or in_why:
            parts = []
            if out_why and out_why == in_why:
                parts.append(_("was out %(why)s") % {"why": out_why})
            elif out_why:
                parts.append(_("left %(why)s") % {"why": out_why})
            if in_why and in_why != out_why:
                parts.append(_("came back %(why)s") % {"why": in_why})
            flag(
                "off_hours",
                _("%(trip)s %(what)s, with no reason recorded.") % {"trip": where, "what": _(" and ").join(parts)},
            )
    if trip.late_reason.strip():
        entered = _day(trip.entered_at) if trip.entered_at else None
        if entered is not None and trip.source != "import":
            detail = _("%(trip)s was entered late, on %(entered)s, because: %(reason)s") % {
                "trip": where,
                "entered": _thai_day(entered),
                "reason": trip.late_reason.strip(),
            }
        else:
            detail = _("%(trip)s was entered in the logbook after the event, because: %(reason)s") % {
                "trip": where,
                "reason": trip.late_reason.strip(),
            }
        flag("late_entry", detail)
    if trip.odometer_in is not None and trip.odometer_in < trip.odometer_out:
        flag(
            "odometer_backwards",
            _("On %(trip)s the odometer went back from %(out)s to %(in)s km.")
            % {"trip": where, "out": f"{trip.odometer_out:,}", "in": f"{trip.odometer_in:,}"},
        )
    return found


def _sequence(items: list[Any], now: datetime) -> list[Flag]:
    found: list[Flag] = []
    for before, trip in pairwise(items):
        plate = trip.vehicle.plate
        day = _day(trip.out_at)
        where = _("the trip to %(place)s on %(date)s") % {"place": trip.destination, "date": _thai_day(day)}
        before_end = before.in_at or now
        if trip.out_at < before_end:
            found.append(
                Flag(
                    "overlap",
                    plate,
                    day,
                    _("%(trip)s (from %(start)s) began before the trip to %(other)s had come back.")
                    % {"trip": where, "start": _hm(trip.out_at), "other": before.destination},
                    trip.pk,
                )
            )
        if before.odometer_in is None:
            continue
        if trip.odometer_out < before.odometer_in:
            found.append(
                Flag(
                    "odometer_backwards",
                    plate,
                    day,
                    _("%(trip)s left at %(out)s km, below the %(before)s km the trip before it came back with.")
                    % {"trip": where, "out": f"{trip.odometer_out:,}", "before": f"{before.odometer_in:,}"},
                    trip.pk,
                )
            )
        elif trip.odometer_out - before.odometer_in > GAP_TOLERANCE_KM:
            found.append(
                Flag(
                    "odometer_gap",
                    plate,
                    day,
                    _(
                        "%(km)s km are not in the logbook: the car came back at %(before)s km and %(trip)s left "
                        "at %(out)s km."
                    )
                    % {
                        "km": f"{trip.odometer_out - before.odometer_in:,}",
                        "before": f"{before.odometer_in:,}",
                        "trip": where,
                        "out": f"{trip.odometer_out:,}",
                    },
                    trip.pk,
                )
            )
    return found


def _driver_overlaps(trips: Sequence[Any], now: datetime) -> list[Flag]:
    found: list[Flag] = []
    by_driver: dict[str, list[Any]] = defaultdict(list)
    for trip in trips:
        key = _driver_key(trip)
        if key:
            by_driver[key].append(trip)
    for items in by_driver.values():
        items.sort(key=lambda t: (t.out_at, t.pk or 0))
        latest = None
        for trip in items:
            if latest is not None and latest.vehicle_id != trip.vehicle_id and trip.out_at < (latest.in_at or now):
                found.append(
                    Flag(
                        "overlap",
                        trip.vehicle.plate,
                        _day(trip.out_at),
                        _("%(driver)s was driving %(other)s when this trip to %(place)s began at %(start)s.")
                        % {
                            "driver": trip.who or latest.who,
                            "other": latest.vehicle.plate,
                            "place": trip.destination,
                            "start": _hm(trip.out_at),
                        },
                        trip.pk,
                    )
                )
            if latest is None or (trip.in_at or now) > (latest.in_at or now):
                latest = trip
    return found


def intervals(slips: Iterable[Any], rates: Mapping[tuple[int, int], Decimal]) -> list[Interval]:
    """The full-to-full intervals of one vehicle's slips (in any order)."""
    ordered = sorted(slips, key=lambda s: (s.date, s.odometer, s.pk or 0))
    found: list[Interval] = []
    last_full = None
    litres = Decimal("0")
    for slip in ordered:
        if last_full is not None:
            litres += slip.litres
        if slip.full_tank:
            if last_full is not None:
                found.append(
                    Interval(
                        plate=slip.vehicle.plate,
                        start=last_full.date,
                        end=slip.date,
                        odometer_start=last_full.odometer,
                        odometer_end=slip.odometer,
                        litres=litres,
                        rate=rates.get((slip.vehicle_id, fiscal_year(slip.date))),
                    )
                )
            last_full = slip
            litres = Decimal("0")
    return found


def fuel_flags(found: Iterable[Interval]) -> list[Flag]:
    flags = []
    for interval in found:
        off = interval.off_by
        if off is None or off <= RATE_TOLERANCE:
            continue
        flags.append(
            Flag(
                "fuel_rate",
                interval.plate,
                interval.end,
                _(
                    "From %(start)s to %(end)s the car ran %(km)s km on %(litres)s litres, %(kmpl)s km per litre "
                    "against the announced %(rate)s (%(percent)s%% off)."
                )
                % {
                    "start": _thai_day(interval.start),
                    "end": _thai_day(interval.end),
                    "km": f"{interval.distance_km:,}",
                    "litres": f"{interval.litres:,.2f}",
                    "kmpl": f"{interval.km_per_litre:.2f}",
                    "rate": f"{interval.rate:.2f}",
                    "percent": f"{off * 100:.0f}",
                },
            )
        )
    return flags


def _thai_day(day: date) -> str:
    from prongsai.core.thai import format_date_medium

    return format_date_medium(day, thai_digits=False)
