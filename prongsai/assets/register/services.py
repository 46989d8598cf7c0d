"""Writes of the register: every change of an asset is kept in the one change history (core.history).

Nothing is deleted. A disposal is a recorded step (status ``disposed``, with its reason and document);
a damage report and a move are recorded as changes of the asset under the name of whoever made them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.assets.models import Asset, AssetPhoto, Custodian, Disposal
from prongsai.core import history
from prongsai.core.models import Change
from prongsai.core.publiccache import public_pages_changed
from prongsai.core.thai import to_arabic_digits
from prongsai.orgs.models import Membership, Organisation, Unit

if TYPE_CHECKING:
    from prongsai.core.uploads import CleanFile

# What the history keeps of an asset (field names; see core/history.py and assets/apps.py).
HISTORY_FIELDS = (
    "code",
    "name",
    "category",
    "brand",
    "model_name",
    "serial",
    "acquired_on",
    "method",
    "contract_number",
    "funds",
    "cost",
    "unit",
    "room",
    "custodian",
    "status",
    "notes",
)
PHOTO_HISTORY_FIELDS = ("caption",)
DISPOSAL_HISTORY_FIELDS = ("method", "disposed_on", "reason", "reference", "proceeds")
# The fields a form or an import may set (the status "disposed" only through asset_dispose).
EDITABLE = tuple(f for f in HISTORY_FIELDS)

# A code goes into the permanent address /<slug>/a/<code>/: no slash, no space.
CODE_PATTERN = re.compile(r"^[^/\\\s?#%]+$")


def clean_code(code: str) -> str:
    code = to_arabic_digits((code or "").strip())
    if not code:
        raise ValidationError({"code": _("Give the asset number.")})
    if not CODE_PATTERN.match(code):
        raise ValidationError({"code": _("An asset number cannot hold a space, a slash or the signs ? # %.")})
    return code


def _member_ids(org: Organisation) -> set[int]:
    return set(Membership.objects.filter(organisation=org).values_list("user_id", flat=True))


def _validate(asset: Asset, *, members: set[int] | None = None) -> None:
    errors: dict[str, str] = {}
    try:
        asset.code = clean_code(asset.code)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if asset.unit_id is not None and asset.unit is not None and asset.unit.organisation_id != asset.organisation_id:
        errors["unit"] = _("The unit belongs to another organisation.")
    if asset.custodian_id is not None and asset.custodian_id not in (
        members if members is not None else _member_ids(asset.organisation)
    ):
        errors["custodian"] = _("The custodian must be a person of the organisation.")
    if asset.cost is not None and asset.cost < 0:
        errors["cost"] = _("The cost cannot be negative.")
    duplicate = Asset.objects.filter(organisation_id=asset.organisation_id, code=asset.code).exclude(pk=asset.pk)
    if asset.code and duplicate.exists():
        errors["code"] = _("Another asset of the organisation has this number.")
    if errors:
        raise ValidationError(errors)


def _apply(asset: Asset, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        if name not in EDITABLE:
            raise ValueError(f"{name} is not an editable field of an asset")
        setattr(
            asset, name, "" if value is None and name not in ("unit", "custodian", "acquired_on", "cost") else value
        )


@transaction.atomic
def asset_create(*, organisation: Organisation, fields: Mapping[str, Any], by: User | None) -> Asset:
    asset = Asset(organisation=organisation)
    _apply(asset, fields)
    if asset.status == Asset.Status.DISPOSED:
        raise ValidationError({"status": _("An asset is disposed of through the disposal step, with its reason.")})
    _validate(asset)
    asset.full_clean(exclude=["organisation"], validate_unique=False)
    asset.save()
    history.record_created(asset, actor=by)
    public_pages_changed(organisation.pk)
    return asset


@transaction.atomic
def asset_update(
    *, asset: Asset, fields: Mapping[str, Any], by: User | None, event: str = "", note: str = ""
) -> Change | None:
    """Change an asset; one history entry with every field that changed (none when nothing did)."""
    stored = Asset.objects.select_for_update().get(pk=asset.pk)
    if stored.status == Asset.Status.DISPOSED:
        raise ValidationError(_("The asset has been disposed of: its record can no longer be changed."))
    before = history.snapshot(stored)
    _apply(asset, fields)
    if asset.status == Asset.Status.DISPOSED:
        raise ValidationError({"status": _("An asset is disposed of through the disposal step, with its reason.")})
    _validate(asset)
    asset.full_clean(exclude=["organisation"], validate_unique=False)
    asset.save()
    public_pages_changed(asset.organisation_id)
    return history.record_changes(asset, before, actor=by, event=event, note=note)


def asset_move(*, asset: Asset, room: str, unit: Unit | None = None, by: User | None, note: str = "") -> Change | None:
    """Move an asset to another room (and, for those who may, another unit): a change with the event "move"."""
    fields: dict[str, Any] = {"room": room.strip()}
    if unit is not None:
        fields["unit"] = unit
    return asset_update(asset=asset, fields=fields, by=by, event="move", note=note.strip())


@transaction.atomic
def asset_report_damage(*, asset: Asset, what: str, by: User | None, status: str = Asset.Status.DAMAGED) -> Change:
    """Someone reports an asset damaged (or deteriorated, lost): a step of its history with what they saw."""
    if not what.strip():
        raise ValidationError({"what": _("Say what is wrong with it.")})
    if status not in (Asset.Status.DAMAGED, Asset.Status.DETERIORATED, Asset.Status.LOST):
        raise ValidationError({"status": _("Choose damaged, deteriorated or lost.")})
    stored = Asset.objects.select_for_update().get(pk=asset.pk)
    if stored.status == Asset.Status.DISPOSED:
        raise ValidationError(_("The asset has been disposed of: its record can no longer be changed."))
    old = stored.status
    asset.status = status
    asset.save(update_fields=["status", "updated_at"])
    public_pages_changed(asset.organisation_id)
    return history.record(
        asset,
        action=Change.Action.STEP,
        event="report_damage",
        changes={"status": [old, status]} if old != status else {},
        note=what.strip(),
        actor=by,
    )


@transaction.atomic
def asset_photo_add(*, asset: Asset, photo: CleanFile, caption: str, by: User | None) -> AssetPhoto:
    """A photo checked and re-encoded without metadata by core.uploads (``clean_upload``)."""
    item = AssetPhoto(asset=asset, caption=caption.strip()[:200], uploaded_by=by)
    item.file.save(photo.name, ContentFile(photo.content), save=False)
    item.save()
    history.record(
        asset,
        action=Change.Action.ADDED,
        part=item,
        changes={"caption": [None, item.caption]} if item.caption else {},
        actor=by,
    )
    return item


@transaction.atomic
def asset_dispose(
    *,
    asset: Asset,
    method: str,
    disposed_on: date,
    reason: str,
    by: User | None,
    reference: str = "",
    document: CleanFile | None = None,
    proceeds: Decimal | None = None,
) -> Disposal:
    """Dispose of an asset (จำหน่าย): the disposal is recorded with its reason and document, the asset stays in
    the register with the status "disposed". Never a deletion."""
    stored = Asset.objects.select_for_update().get(pk=asset.pk)
    if stored.status == Asset.Status.DISPOSED or Disposal.objects.filter(asset=stored).exists():
        raise ValidationError(_("The asset has already been disposed of."))
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason for the disposal.")
    if not reference.strip() and document is None:
        errors["reference"] = _("Give the number of the order or report, or attach the document.")
    if method not in Disposal.Method.values:
        errors["method"] = _("Choose how the asset was disposed of.")
    if proceeds is not None and proceeds < 0:
        errors["proceeds"] = _("The proceeds cannot be negative.")
    if errors:
        raise ValidationError(errors)
    disposal = Disposal(
        asset=asset,
        method=method,
        disposed_on=disposed_on,
        reason=reason.strip(),
        reference=reference.strip(),
        proceeds=proceeds,
        recorded_by=by,
    )
    if document is not None:
        disposal.document.save(document.name, ContentFile(document.content), save=False)
    disposal.save()
    old = stored.status
    asset.status = Asset.Status.DISPOSED
    asset.save(update_fields=["status", "updated_at"])
    history.record(
        asset,
        action=Change.Action.ADDED,
        part=disposal,
        changes={n: [None, v] for n, v in history.snapshot(disposal, DISPOSAL_HISTORY_FIELDS).items()},
        actor=by,
    )
    history.record(
        asset,
        action=Change.Action.STEP,
        event="dispose",
        changes={"status": [old, Asset.Status.DISPOSED]},
        note=disposal.reason,
        actor=by,
    )
    public_pages_changed(asset.organisation_id)
    return disposal


def _validate_custodian(custodian: Custodian) -> None:
    errors: dict[str, str] = {}
    if custodian.unit.organisation_id != custodian.organisation_id:
        errors["unit"] = _("The unit belongs to another organisation.")
    if custodian.user_id not in _member_ids(custodian.organisation):
        errors["user"] = _("The custodian must be a person of the organisation.")
    if custodian.ends_on and custodian.ends_on < custodian.starts_on:
        errors["ends_on"] = _("The end is before the start.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def custodian_appoint(
    *,
    organisation: Organisation,
    unit: Unit,
    user: User,
    starts_on: date,
    by: User | None,
    ends_on: date | None = None,
    order_reference: str = "",
) -> Custodian:
    custodian = Custodian(
        organisation=organisation,
        unit=unit,
        user=user,
        starts_on=starts_on,
        ends_on=ends_on,
        order_reference=order_reference.strip(),
        appointed_by=by,
    )
    _validate_custodian(custodian)
    custodian.save()
    return custodian


@transaction.atomic
def custodian_end(*, custodian: Custodian, ends_on: date, by: User | None) -> Custodian:
    """The appointment ends on ``ends_on`` (kept, never deleted, with who ended it)."""
    if custodian.ends_on is not None:
        raise ValidationError({"ends_on": _("The appointment has already ended.")})
    custodian.ends_on = ends_on
    custodian.ended_by = by
    _validate_custodian(custodian)
    custodian.save(update_fields=["ends_on", "ended_by"])
    return custodian
