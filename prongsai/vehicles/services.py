"""Every write of the vehicles module: keyword-only ``<entity>_<action>()`` functions in one transaction each.

The rules kept here, whoever calls (a page, the QR page, the demo): a request that clashes with another of
the same vehicle is refused naming it; no one gives the opinion on or decides their own request. The trips
and fuel slips are written by ``vehicles/trip_services.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.core import history
from prongsai.core.models import Change
from prongsai.core.notify import notify
from prongsai.core.publiccache import public_pages_changed
from prongsai.core.thai import format_datetime_medium
from prongsai.orgs.models import Membership, Organisation, Role
from prongsai.vehicles.models import ConsumptionRate, UseRequest, UseRule, Vehicle

LATE_AFTER = timedelta(hours=24)
ACTIVE_REQUESTS = (UseRequest.State.OPINION, UseRequest.State.DECISION, UseRequest.State.ALLOWED)

VEHICLE_FIELDS = ("plate", "kind", "fuel", "brand", "unit", "depot", "custodian", "in_service", "notes")


def _when(moment: datetime) -> str:
    return format_datetime_medium(moment, thai_digits=False)


# --------------------------------------------------------------------------- vehicles


@transaction.atomic
def vehicle_create(*, organisation: Organisation, by: User | None, drivers: Any = (), **fields: Any) -> Vehicle:
    vehicle = Vehicle(organisation=organisation, **fields)
    _check_plate(vehicle)
    vehicle.save()
    vehicle.drivers.set(drivers)
    history.record_created(vehicle, actor=by)
    public_pages_changed(organisation.pk)
    return vehicle


@transaction.atomic
def vehicle_update(*, vehicle: Vehicle, by: User | None, drivers: Any = None, **fields: Any) -> Vehicle:
    before = history.snapshot(vehicle)
    for name, value in fields.items():
        setattr(vehicle, name, value)
    _check_plate(vehicle)
    vehicle.save()
    if drivers is not None:
        vehicle.drivers.set(drivers)
    history.record_changes(vehicle, before, actor=by)
    return vehicle


def _check_plate(vehicle: Vehicle) -> None:
    from prongsai.vehicles.models import plate_slug

    slug = plate_slug(vehicle.plate)
    if not slug:
        raise ValidationError(_("Write the registration plate."))
    clash = Vehicle.objects.filter(organisation_id=vehicle.organisation_id, slug=slug).exclude(pk=vehicle.pk)
    if clash.exists():
        raise ValidationError(_("The plate %(plate)s is already registered.") % {"plate": vehicle.plate})


@transaction.atomic
def rate_set(
    *, vehicle: Vehicle, fiscal_year: int, km_per_litre: Decimal, by: User | None, announced_on: Any = None
) -> ConsumptionRate:
    """The announced rate of ``fiscal_year`` (replaces an earlier figure of that year, kept in the history)."""
    if km_per_litre <= 0:
        raise ValidationError(_("The rate must be more than zero km per litre."))
    rate, made = ConsumptionRate.objects.get_or_create(
        vehicle=vehicle, fiscal_year=fiscal_year, defaults={"km_per_litre": km_per_litre, "announced_on": announced_on}
    )
    old = None if made else rate.km_per_litre
    if not made:
        rate.km_per_litre = km_per_litre
        rate.announced_on = announced_on
        rate.save()
    if old != km_per_litre:
        history.record(
            vehicle,
            action=Change.Action.ADDED if made else Change.Action.CHANGED,
            event="rate",
            part=rate,
            changes={"km_per_litre": [old, km_per_litre]},
            actor=by,
        )
    return rate


# --------------------------------------------------------------------------- requests (แบบ ๓)


def clashing_request(
    vehicle: Vehicle, out_at: datetime, back_at: datetime, *, exclude: int | None = None
) -> UseRequest | None:
    """Another active request of the vehicle whose time overlaps [out_at, back_at)."""
    found = UseRequest.objects.filter(
        vehicle=vehicle, state__in=ACTIVE_REQUESTS, out_at__lt=back_at, back_at__gt=out_at
    ).select_related("requester")
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.order_by("out_at").first()


def _clash_error(clash: UseRequest) -> ValidationError:
    return ValidationError(
        _(
            "%(plate)s is already booked from %(start)s to %(end)s for the trip to %(place)s "
            "(request no. %(number)s by %(person)s, %(state)s)."
        )
        % {
            "plate": clash.vehicle.plate,
            "start": _when(clash.out_at),
            "end": _when(clash.back_at),
            "place": clash.destination,
            "number": clash.pk,
            "person": clash.requester.get_full_name() or clash.requester.username,
            "state": clash.get_state_display(),
        }
    )


@transaction.atomic
def request_create(*, vehicle: Vehicle, requester: User, **fields: Any) -> UseRequest:
    request = UseRequest(organisation=vehicle.organisation, vehicle=vehicle, requester=requester, **fields)
    if request.unit_id is None:
        request.unit = _unit_of(vehicle.organisation, requester)
    if request.back_at <= request.out_at:
        raise ValidationError(_("The return must be after the departure."))
    Vehicle.objects.select_for_update().filter(pk=vehicle.pk).first()  # one booking at a time per vehicle
    clash = clashing_request(vehicle, request.out_at, request.back_at)
    if clash is not None:
        raise _clash_error(clash)
    request.save()
    history.record_created(request, actor=requester)
    transaction.on_commit(lambda: _notify_supervisors(request))
    return request


@transaction.atomic
def request_opinion(*, request: UseRequest, by: User, agrees: bool, reason: str = "") -> UseRequest:
    """The supervisor's opinion (เห็นควร / ไม่เห็นควร เพราะ…); the request then waits for the decision."""
    request = UseRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != UseRequest.State.OPINION:
        raise ValidationError(_("This request is not waiting for an opinion."))
    if by.pk == request.requester_id:
        raise ValidationError(_("You cannot give the opinion on your own request."))
    if not agrees and not reason.strip():
        raise ValidationError(_("Say why you do not agree."))
    before = history.snapshot(request, ("state", "supervisor", "supervisor_agrees", "supervisor_reason"))
    request.supervisor = by
    request.supervisor_agrees = agrees
    request.supervisor_reason = reason.strip()
    request.opinion_at = timezone.now()
    request.state = UseRequest.State.DECISION
    request.save()
    after = history.snapshot(request, before.keys())
    history.record(
        request, action=Change.Action.STEP, event="opinion", changes=history.diff(before, after), actor=by, note=reason
    )
    transaction.on_commit(lambda: _notify_deciders(request))
    return request


@transaction.atomic
def request_decide(*, request: UseRequest, by: User, allow: bool, reason: str = "") -> UseRequest:
    """The authorised person's decision: allowed, or refused with a reason."""
    request = UseRequest.objects.select_for_update().select_related("vehicle").get(pk=request.pk)
    if request.state != UseRequest.State.DECISION:
        raise ValidationError(_("This request is not waiting for a decision."))
    if by.pk == request.requester_id:
        raise ValidationError(_("You cannot decide your own request: another authorised person must."))
    if not allow and not reason.strip():
        raise ValidationError(_("Say why the request is refused."))
    if allow:
        clash = clashing_request(request.vehicle, request.out_at, request.back_at, exclude=request.pk)
        if clash is not None and clash.state == UseRequest.State.ALLOWED:
            raise _clash_error(clash)
    before = history.snapshot(request, ("state", "approver", "decision_reason"))
    request.approver = by
    request.decision_reason = reason.strip()
    request.decided_at = timezone.now()
    request.state = UseRequest.State.ALLOWED if allow else UseRequest.State.REFUSED
    request.save()
    after = history.snapshot(request, before.keys())
    history.record(
        request, action=Change.Action.STEP, event="decide", changes=history.diff(before, after), actor=by, note=reason
    )
    transaction.on_commit(lambda: _notify_requester(request))
    return request


@transaction.atomic
def request_cancel(*, request: UseRequest, by: User) -> UseRequest:
    if by.pk != request.requester_id:
        raise ValidationError(_("Only the requester can cancel the request."))
    if request.state not in ACTIVE_REQUESTS or request.trips.exists():
        raise ValidationError(_("This request can no longer be cancelled."))
    before = history.snapshot(request, ("state",))
    request.state = UseRequest.State.CANCELLED
    request.save(update_fields=["state"])
    history.record(
        request,
        action=Change.Action.STEP,
        event="cancel",
        changes=history.diff(before, {"state": request.state}),
        actor=by,
    )
    return request


def _unit_of(org: Organisation, user: User | None) -> Any:
    if user is None:
        return None
    found = Membership.objects.filter(organisation=org, user=user, unit__isnull=False).select_related("unit").first()
    return found.unit if found else None


def _request_url(request: UseRequest) -> str:
    return settings.SITE_URL + reverse(
        "vehicles:request", kwargs={"org_slug": request.organisation.slug, "request_id": request.pk}
    )


def _people(org: Organisation, roles: set[str], unit_id: int | None = None) -> list[User]:
    members = Membership.objects.filter(organisation=org, role__in=roles).select_related("user")
    if unit_id is not None:
        members = members.filter(Q(role=Role.EXECUTIVE) | Q(unit_id=unit_id))
    return list({m.user for m in members if m.user.is_active})


def _notify_supervisors(request: UseRequest) -> None:
    unit = Membership.objects.filter(organisation=request.organisation, user=request.requester).values_list(
        "unit_id", flat=True
    )
    unit_id = next((u for u in unit if u), None)
    for user in _people(request.organisation, {Role.UNIT_HEAD, Role.EXECUTIVE}, unit_id):
        if user.pk != request.requester_id:
            notify(
                user=user,
                key=f"vehicles:request:{request.pk}:opinion",
                subject=_("A request for %(plate)s waits for your opinion") % {"plate": request.vehicle.plate},
                body=f"{request.destination} · {_when(request.out_at)}",
                url=_request_url(request),
            )


def _notify_deciders(request: UseRequest) -> None:
    for user in _people(request.organisation, {Role.EXECUTIVE}):
        if user.pk != request.requester_id:
            notify(
                user=user,
                key=f"vehicles:request:{request.pk}:decision",
                subject=_("A request for %(plate)s waits for your decision") % {"plate": request.vehicle.plate},
                body=f"{request.destination} · {_when(request.out_at)}",
                url=_request_url(request),
            )


def _notify_requester(request: UseRequest) -> None:
    notify(
        user=request.requester,
        key=f"vehicles:request:{request.pk}:decided",
        subject=_("Your request for %(plate)s: %(state)s")
        % {"plate": request.vehicle.plate, "state": request.get_state_display()},
        body=request.decision_reason,
        url=_request_url(request),
    )


# --------------------------------------------------------------------------- the Do & Don't list

DEFAULT_RULES: tuple[tuple[str, str], ...] = (
    ("do", "ขออนุญาตใช้รถส่วนกลางตามแบบ ๓ และได้รับอนุญาตก่อนนำรถออกทุกครั้ง"),
    ("do", "บันทึกการใช้รถ (แบบ ๔) ทุกเที่ยว ระบุผู้ใช้ วัตถุประสงค์ สถานที่ เลขไมล์เริ่มต้น–สิ้นสุด"),
    ("do", "สแกนคิวอาร์โค้ดที่รถเพื่อเริ่มและปิดการเดินทาง ถ่ายภาพเลขไมล์เมื่อทำได้"),
    ("do", "เก็บใบเสร็จน้ำมันทุกครั้ง ระบุวันที่ จำนวนลิตร จำนวนเงิน และเลขไมล์"),
    ("do", "นำรถกลับมาจอดที่สำนักงานหลังเสร็จภารกิจ"),
    ("do", "ยืมทรัพย์สินของราชการไปใช้นอกสถานที่เป็นลายลักษณ์อักษร และคืนตามกำหนดในสภาพใช้งานได้"),
    ("dont", "ไม่นำรถหลวงไปจอดที่บ้านพักส่วนตัวโดยไม่มีความจำเป็นและไม่ได้รับอนุญาต"),
    ("dont", "ไม่ใช้รถหรือทรัพย์สินของราชการเพื่อประโยชน์ส่วนตัว"),
    ("dont", "ไม่ใช้รถนอกเวลาราชการหรือในวันหยุดโดยไม่มีคำสั่งหรือเหตุผลบันทึกไว้"),
    ("dont", "ไม่อนุมัติการใช้รถหรือการยืมทรัพย์สินของตนเอง"),
    ("dont", "ไม่นำน้ำมันหรือวัสดุของราชการไปใช้ส่วนตัว"),
)


@transaction.atomic
def rules_ensure_defaults(*, organisation: Organisation) -> list[UseRule]:
    """The organisation's list, created from the defaults the first time it is asked for."""
    rules = list(UseRule.objects.filter(organisation=organisation))
    if not rules:
        rules = UseRule.objects.bulk_create(
            [
                UseRule(organisation=organisation, kind=kind, text=text, position=n)
                for n, (kind, text) in enumerate(DEFAULT_RULES)
            ]
        )
    return rules


@transaction.atomic
def rule_add(*, organisation: Organisation, kind: str, text: str) -> UseRule:
    last = UseRule.objects.filter(organisation=organisation).aggregate(m=Max("position"))["m"] or 0
    return UseRule.objects.create(organisation=organisation, kind=kind, text=text.strip(), position=last + 1)


@transaction.atomic
def rule_remove(*, rule: UseRule) -> None:
    rule.delete()
