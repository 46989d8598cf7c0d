"""Reconciliation of a count: every registered asset in scope and every scanned code in exactly one state.

A pure function of plain data (no database, no Django), so 5,000 assets take milliseconds:

- ``found``: scanned in its registered room, in usable condition;
- ``elsewhere``: scanned only in other rooms (a proposed move for the committee, never applied here);
- ``missing``: an asset in scope that no scan saw;
- ``damaged``: scanned with the condition damaged or deteriorated (wherever it was);
- ``not_needed``: scanned with the condition not needed;
- ``unknown_code``: a scanned code that is not in the register.

The same code scanned twice in a room is one sighting; a code seen in several rooms is found when one of
them is its registered room. The condition is the worst one reported (damaged/deteriorated before not
needed before usable). A registered asset outside the round's scope (another unit's) that was scanned is
judged the same way, but is never ``missing``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

STATES = ("found", "elsewhere", "missing", "damaged", "not_needed", "unknown_code")
_DAMAGED = {"damaged", "deteriorated"}
_RANK = {"damaged": 3, "deteriorated": 3, "not_needed": 2, "usable": 1}


@dataclass(frozen=True)
class Registered:
    """An asset as the register has it. ``data`` carries what documents print (name, cost…), untouched."""

    code: str
    room: str
    data: Any = None


@dataclass(frozen=True)
class Sighting:
    code: str
    room: str
    condition: str = "usable"
    counted_at: datetime | None = None
    note: str = ""


@dataclass
class Item:
    code: str
    state: str
    room_registered: str | None
    room_found: str | None
    condition: str | None = None
    note: str = ""
    in_scope: bool = True
    rooms_seen: list[str] = field(default_factory=list)
    data: Any = None

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "state": self.state,
            "room_registered": self.room_registered,
            "room_found": self.room_found,
        }


@dataclass
class Reconciliation:
    items: list[Item]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for item in self.items:
            counts[item.state] += 1
        return counts

    def of(self, *states: str) -> list[Item]:
        return [item for item in self.items if item.state in states]

    def as_json(self) -> dict[str, Any]:
        return {"counts": self.counts, "items": [item.as_json() for item in self.items]}


def reconcile(
    assets: Iterable[Registered],
    sightings: Iterable[Sighting],
    *,
    register: Mapping[str, Registered] | None = None,
) -> Reconciliation:
    """The state of each asset in ``assets`` (the round's scope) and of each scanned code.

    ``register`` holds the other registered assets (outside the scope) by code, so that one of them
    scanned here is not taken for an unknown code.
    """
    by_code: dict[str, list[Sighting]] = {}
    for sighting in sightings:
        by_code.setdefault(sighting.code, []).append(sighting)
    items: list[Item] = []
    in_scope: set[str] = set()
    for asset in assets:
        in_scope.add(asset.code)
        items.append(_judge(asset, by_code.get(asset.code, []), in_scope=True))
    others = register or {}
    for code in sorted(by_code.keys() - in_scope):
        seen = by_code[code]
        outside = others.get(code)
        if outside is not None:
            items.append(_judge(outside, seen, in_scope=False))
            continue
        first = _first(seen)
        items.append(
            Item(
                code=code,
                state="unknown_code",
                room_registered=None,
                room_found=first.room,
                condition=_worst(seen),
                note=first.note,
                in_scope=False,
                rooms_seen=_rooms(seen),
            )
        )
    items.sort(key=lambda item: (item.state == "unknown_code", item.code))
    return Reconciliation(items)


def _first(seen: list[Sighting]) -> Sighting:
    """The earliest sighting (those without a time last, then by room)."""
    timed = [s for s in seen if s.counted_at is not None]
    if timed:
        return min(timed, key=lambda s: (s.counted_at, s.room))
    return min(seen, key=lambda s: s.room)


def _rooms(seen: list[Sighting]) -> list[str]:
    return sorted({s.room for s in seen})


def _worst(seen: list[Sighting]) -> str:
    return max((s.condition for s in seen), key=lambda c: _RANK.get(c, 0))


def _judge(asset: Registered, seen: list[Sighting], *, in_scope: bool) -> Item:
    if not seen:
        return Item(asset.code, "missing", asset.room, None, data=asset.data, in_scope=in_scope)
    rooms = _rooms(seen)
    at_home = asset.room in rooms
    condition = _worst(seen)
    room_found = asset.room if at_home else _first(seen).room
    note = next((s.note for s in seen if s.note), "")
    if condition in _DAMAGED:
        state = "damaged"
    elif condition == "not_needed":
        state = "not_needed"
    else:
        state = "found" if at_home else "elsewhere"
    return Item(asset.code, state, asset.room, room_found, condition, note, in_scope, rooms, asset.data)
