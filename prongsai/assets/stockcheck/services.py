"""Every write of the stock check: keyword-only ``<entity>_<action>()`` functions, each in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.assets.models import Asset, CommitteeMember, CountRound, MoveDecision, RoundRoom, Scan, SupplyOfficer
from prongsai.assets.stockcheck import calendar
from prongsai.assets.stockcheck.codes import normalise_code
from prongsai.core import history
from prongsai.core.models import Change
from prongsai.core.thai import fiscal_quarter, local_today
from prongsai.orgs.models import Membership, Organisation, Unit

CONDITIONS = set(Scan.Condition.values)


def _in_thai(write: Any, *args: Any, **kwargs: Any) -> Any:
    """A history write with the record's name in the site's language (a command runs without one)."""
    with translation.override(settings.LANGUAGE_CODE):
        return write(*args, **kwargs)


def _person(user: User) -> str:
    return user.get_full_name() or user.username


def _open(round_: CountRound) -> None:
    if round_.state != CountRound.State.COUNTING:
        raise ValidationError(_("The report of this round has been signed: its count can no longer change."))


def scope_assets(round_: CountRound) -> Any:
    """The registered assets the round must find: not disposed of, of its unit for a unit's round."""
    assets = Asset.objects.filter(organisation_id=round_.organisation_id).exclude(status=Asset.Status.DISPOSED)
    if round_.unit_id:
        assets = assets.filter(unit_id=round_.unit_id)
    return assets


# --------------------------------------------------------------------------- supplies officers


@transaction.atomic
def supply_officer_add(*, organisation: Organisation, user: User, since: date | None = None) -> SupplyOfficer:
    if not Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(_("%(name)s is not a member of this organisation.") % {"name": _person(user)})
    officer, _created = SupplyOfficer.objects.get_or_create(
        organisation=organisation, user=user, defaults={"since": since}
    )
    return officer


@transaction.atomic
def supply_officer_remove(*, officer: SupplyOfficer) -> None:
    officer.delete()


# --------------------------------------------------------------------------- rounds


@transaction.atomic
def round_start(
    *,
    organisation: Organisation,
    kind: str,
    fiscal_year: int,
    unit: Unit | None = None,
    quarter: int | None = None,
    by: User | None = None,
) -> CountRound:
    """Open a round with its calendar and the rooms of its scope taken from the register."""
    if kind == CountRound.Kind.ANNUAL:
        if unit is not None:
            raise ValidationError(_("The annual stock check covers the whole organisation, not one unit."))
        as_of, starts_on, due_on = calendar.annual_dates(fiscal_year)
        quarter = None
    elif kind == CountRound.Kind.QUARTERLY:
        if quarter is None:
            today = local_today()
            from prongsai.core.thai import fiscal_year as fy_of

            quarter = fiscal_quarter(today) if fy_of(today) == fiscal_year else 4
        if quarter not in (1, 2, 3, 4):
            raise ValidationError(_("A quarter is 1, 2, 3 or 4."))
        as_of, starts_on, due_on = calendar.quarter_dates(fiscal_year, quarter)
    else:
        raise ValidationError(_("Unknown kind of round."))
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("The unit belongs to another organisation."))
    round_ = CountRound.objects.create(
        organisation=organisation,
        kind=kind,
        fiscal_year=fiscal_year,
        quarter=quarter,
        unit=unit,
        as_of=as_of,
        starts_on=starts_on,
        due_on=due_on,
        created_by=by,
    )
    rooms = sorted(set(scope_assets(round_).exclude(room="").values_list("room", flat=True)))
    RoundRoom.objects.bulk_create([RoundRoom(round=round_, name=name) for name in rooms])
    _in_thai(history.record_created, round_, actor=by)
    return round_


ROUND_EDIT_FIELDS = ("as_of", "starts_on", "due_on", "order_number", "order_date")


@transaction.atomic
def round_update(*, round_: CountRound, values: Mapping[str, Any], by: User | None) -> CountRound:
    _open(round_)
    before = history.snapshot(round_)
    for name in ROUND_EDIT_FIELDS:
        if name in values:
            setattr(round_, name, values[name])
    round_.full_clean()
    round_.save()
    _in_thai(history.record_changes, round_, before, actor=by)
    return round_


@transaction.atomic
def round_room_add(*, round_: CountRound, name: str, by: User | None) -> RoundRoom:
    _open(round_)
    name = name.strip()
    if not name:
        raise ValidationError(_("Name the room."))
    room, created = RoundRoom.objects.get_or_create(round=round_, name=name)
    if created:
        _in_thai(history.record, round_, action=Change.Action.STEP, event="room_added", actor=by, note=name)
    return room


@transaction.atomic
def committee_member_add(
    *,
    round_: CountRound,
    user: User,
    role: str = CommitteeMember.Role.MEMBER,
    position_title: str = "",
    by: User | None,
) -> CommitteeMember:
    """Name a member of the committee; a supplies officer is refused (ข้อ 213: มิใช่เจ้าหน้าที่พัสดุ)."""
    _open(round_)
    name = _person(user)
    membership = Membership.objects.filter(organisation_id=round_.organisation_id, user=user).first()
    if membership is None:
        raise ValidationError(_("%(name)s is not a member of this organisation.") % {"name": name})
    if SupplyOfficer.objects.filter(organisation_id=round_.organisation_id, user=user).exists():
        raise ValidationError(
            _("%(name)s is a supplies officer and cannot sit on the stock-check committee.") % {"name": name}
        )
    if CommitteeMember.objects.filter(round=round_, user=user).exists():
        raise ValidationError(_("%(name)s is already on the committee.") % {"name": name})
    if role == CommitteeMember.Role.CHAIR and round_.committee.filter(role=CommitteeMember.Role.CHAIR).exists():
        raise ValidationError(_("The committee already has a chair."))
    member = CommitteeMember.objects.create(
        round=round_,
        user=user,
        role=role,
        position_title=position_title or membership.position_title,
        order={"chair": 0, "member": 1, "secretary": 2}.get(role, 1),
    )
    _in_thai(history.record, round_, action=Change.Action.STEP, event="committee_added", actor=by, note=name)
    return member


@transaction.atomic
def committee_member_remove(*, member: CommitteeMember, by: User | None) -> None:
    round_ = member.round
    _open(round_)
    name = _person(member.user)
    member.delete()
    _in_thai(history.record, round_, action=Change.Action.STEP, event="committee_removed", actor=by, note=name)


@transaction.atomic
def round_report(*, round_: CountRound, reported_on: date, by: User | None) -> CountRound:
    """The committee signed its report: the count is closed."""
    _open(round_)
    if not round_.committee.exists():
        raise ValidationError(_("Name the committee before the report is signed."))
    before = history.snapshot(round_)
    round_.state = CountRound.State.REPORTED
    round_.reported_on = reported_on
    round_.save()
    _in_thai(
        history.record,
        round_,
        action=Change.Action.STEP,
        event="reported",
        actor=by,
        changes=history.diff(before, history.snapshot(round_)),
    )
    return round_


@transaction.atomic
def round_audit_copy(*, round_: CountRound, sent_on: date, reference: str, by: User | None) -> CountRound:
    """The copy of the report sent to the State Audit Office (สตง.)."""
    if round_.state != CountRound.State.REPORTED:
        raise ValidationError(_("The report must be signed before its copy goes to the State Audit Office."))
    before = history.snapshot(round_)
    round_.audit_copy_sent_on = sent_on
    round_.audit_copy_reference = reference.strip()
    round_.save()
    _in_thai(history.record_changes, round_, before, actor=by, event="audit_copy")
    return round_


# --------------------------------------------------------------------------- scans


def _clean_scan(round_: CountRound, data: Mapping[str, Any]) -> dict[str, Any]:
    code = normalise_code(str(data.get("code") or ""))
    room = str(data.get("room") or "").strip()
    condition = str(data.get("condition") or Scan.Condition.USABLE)
    if not code or len(code) > 64:
        raise ValidationError(_("Scan or type an asset number."))
    if not room or len(room) > 200:
        raise ValidationError(_("Choose the room being counted."))
    if condition not in CONDITIONS:
        raise ValidationError(_("Unknown condition."))
    counted_at = data.get("counted_at") or timezone.now()
    if isinstance(counted_at, str):
        try:
            counted_at = datetime.fromisoformat(counted_at.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(_("Unreadable time of the scan.")) from None
        if timezone.is_naive(counted_at):
            counted_at = timezone.make_aware(counted_at)
    if counted_at > timezone.now() + timedelta(days=1):
        raise ValidationError(_("The time of the scan is in the future."))
    scan_id = str(data.get("scan_id") or "") or uuid.uuid4().hex
    if len(scan_id) > 64:
        raise ValidationError(_("Unreadable scan id."))
    return {
        "code": code,
        "room": room,
        "condition": condition,
        "counted_at": counted_at,
        "scan_id": scan_id,
        "note": str(data.get("note") or "")[:300],
    }


def scan_record(
    *, round_: CountRound, data: Mapping[str, Any], by: User | None, source: str = "phone"
) -> tuple[Scan, bool]:
    """Record one scan; ``(scan, False)`` when it was already counted (same scan id, or same code in the room).

    A second scan of the same code in the same room with another condition corrects the condition.
    """
    clean = _clean_scan(round_, data)
    with transaction.atomic():
        round_ = CountRound.objects.select_for_update().get(pk=round_.pk)
        _open(round_)
        same = Scan.objects.filter(round=round_, scan_id=clean["scan_id"]).first()
        if same is not None:
            return same, False
        existing = Scan.objects.filter(round=round_, code=clean["code"], room=clean["room"]).first()
        if existing is not None:
            if existing.condition != clean["condition"] or (clean["note"] and clean["note"] != existing.note):
                existing.condition = clean["condition"]
                existing.note = clean["note"] or existing.note
                existing.save(update_fields=["condition", "note"])
            return existing, False
        try:
            with transaction.atomic():
                scan = Scan.objects.create(round=round_, counted_by=by, source=source, **clean)
        except IntegrityError:  # a concurrent twin
            return Scan.objects.get(round=round_, code=clean["code"], room=clean["room"]), False
        return scan, True


def scans_sync(*, round_: CountRound, scans: Iterable[Mapping[str, Any]], by: User | None) -> list[dict[str, Any]]:
    """The phone's queue: each scan recorded (or recognised as counted already), each answered."""
    answers = []
    for data in scans:
        scan_id = str(data.get("scan_id") or "")
        try:
            scan, created = scan_record(round_=round_, data=data, by=by)
        except ValidationError as exc:
            answers.append({"scan_id": scan_id, "ok": False, "error": " ".join(exc.messages)})
            continue
        answers.append({"scan_id": scan_id, "ok": True, "created": created, "code": scan.code, "room": scan.room})
    return answers


# --------------------------------------------------------------------------- moves


@transaction.atomic
def move_decide(*, round_: CountRound, asset: Asset, to_room: str, accept: bool, by: User | None) -> MoveDecision:
    """The committee's answer to an asset found in another room. Accepting changes the register's room
    through the asset's history; rejecting leaves the register as it is. Decided once per round."""
    _open(round_)
    if asset.organisation_id != round_.organisation_id:
        raise ValidationError(_("The asset belongs to another organisation."))
    if not Scan.objects.filter(round=round_, code=asset.code, room=to_room).exists():
        raise ValidationError(_("The asset was not counted in that room."))
    if MoveDecision.objects.filter(round=round_, asset=asset).exists():
        raise ValidationError(_("The move of this asset has been decided already."))
    decision = MoveDecision.objects.create(
        round=round_,
        asset=asset,
        from_room=asset.room,
        to_room=to_room,
        decision=MoveDecision.Decision.ACCEPTED if accept else MoveDecision.Decision.REJECTED,
        decided_by=by,
    )
    note = f"{asset.code}: {asset.room or '-'} → {to_room}"
    if accept:
        before = history.snapshot(asset, ["room"])
        asset.room = to_room
        asset.save(update_fields=["room", "updated_at"])
        _in_thai(history.record_changes, asset, before, actor=by, note=str(round_))
    _in_thai(
        history.record,
        round_,
        action=Change.Action.STEP,
        event="move_accepted" if accept else "move_rejected",
        actor=by,
        note=note,
    )
    return decision
