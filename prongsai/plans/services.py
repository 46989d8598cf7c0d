"""Writes of the plans module: activities (with their history) and evidence."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.core import history
from prongsai.core.models import Change
from prongsai.core.publiccache import public_pages_changed
from prongsai.core.thai import fiscal_year_bounds
from prongsai.ita.models import PlanRow
from prongsai.plans.models import Activity, Evidence

# The activity's values the progress report rebuilds from the history (attribute names).
TRACKED = ("title", "unit_id", "start", "due", "status", "status_reason", "percent")
# What the history keeps of an activity (field names; see core/history.py and plans/apps.py).
HISTORY_FIELDS = ("title", "unit", "start", "due", "status", "status_reason", "percent", "owners")
EVIDENCE_HISTORY_FIELDS = ("kind", "date", "url")


def _validate(activity: Activity) -> None:
    errors: dict[str, str] = {}
    first, last = fiscal_year_bounds(activity.plan_row.fiscal_year + 1)
    if activity.start and not first <= activity.start <= last:
        errors["start"] = _("The start must fall inside the plan's fiscal year.")
    if activity.due and not first <= activity.due <= last:
        errors["due"] = _("The due date must fall inside the plan's fiscal year.")
    if activity.start and activity.due and activity.due < activity.start:
        errors["due"] = _("The due date is before the start.")
    if activity.status in (Activity.Status.BLOCKED, Activity.Status.CANCELLED) and not activity.status_reason.strip():
        errors["status_reason"] = _("Say why the activity is blocked or cancelled.")
    if activity.unit_id and activity.unit and activity.unit.organisation_id != activity.organisation_id:
        errors["unit"] = _("The unit belongs to another organisation.")
    if errors:
        raise ValidationError(errors)


def _owners_of_org(activity: Activity, owners: Iterable[User]) -> list[User]:
    owners = list(owners)
    member_ids = set(activity.organisation.memberships.values_list("user_id", flat=True))
    if any(o.pk not in member_ids for o in owners):
        raise ValidationError({"owners": _("Every responsible person must belong to the organisation.")})
    return owners


def _apply_and_save(activity: Activity, fields: Mapping[str, Any]) -> None:
    """Set fields (done means 100 %), check the plan's rules and the model's, save."""
    for name, value in fields.items():
        setattr(activity, name, value)
    if activity.status == Activity.Status.DONE:
        activity.percent = 100
    _validate(activity)
    activity.full_clean(exclude=["organisation", "plan_row"])
    activity.save()


@transaction.atomic
def activity_create(
    *, row: PlanRow, fields: Mapping[str, Any], owners: Iterable[User] = (), by: User | None
) -> Activity:
    activity = Activity(organisation=row.organisation, plan_row=row)
    _apply_and_save(activity, fields)
    activity.owners.set(_owners_of_org(activity, owners))
    public_pages_changed(activity.organisation_id)
    history.record_created(activity, actor=by)
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, fields: Mapping[str, Any], owners: Iterable[User] | None = None, by: User | None
) -> Activity:
    """Change an activity; the history records every field that changed (nothing when nothing did)."""
    # "Before" comes from the database: a ModelForm has already written the new values onto the instance.
    before = history.snapshot(Activity.objects.get(pk=activity.pk))
    _apply_and_save(activity, fields)
    if owners is not None:
        activity.owners.set(_owners_of_org(activity, owners))
    public_pages_changed(activity.organisation_id)
    history.record_changes(activity, before, actor=by)
    return activity


@transaction.atomic
def evidence_add(
    *,
    activity: Activity,
    kind: str,
    caption: str,
    when: date,
    by: User | None,
    content: bytes | None = None,
    file_name: str = "",
    content_type: str = "",
    sha256: str = "",
    url: str = "",
    note: str = "",
) -> Evidence:
    """Add evidence: a checked file (see core.uploads), a link or a short note."""
    evidence = Evidence(
        activity=activity, kind=kind, caption=caption.strip(), date=when, url=url, note=note.strip(), added_by=by
    )
    if kind in (Evidence.Kind.FILE, Evidence.Kind.PHOTO):
        if not content:
            raise ValidationError({"file": _("Choose a file.")})
        evidence.file_name, evidence.content_type, evidence.sha256, evidence.size = (
            file_name,
            content_type,
            sha256,
            len(content),
        )
        evidence.file.save(file_name, ContentFile(content), save=False)
    elif kind == Evidence.Kind.LINK and not url:
        raise ValidationError({"url": _("Give the web address.")})
    elif kind == Evidence.Kind.NOTE and not evidence.note:
        raise ValidationError({"note": _("Write the note.")})
    evidence.full_clean(exclude=["file"])
    evidence.save()
    public_pages_changed(activity.organisation_id)
    history.record(
        activity,
        action=Change.Action.ADDED,
        actor=by,
        part=evidence,
        changes={n: [None, v] for n, v in history.snapshot(evidence, EVIDENCE_HISTORY_FIELDS).items()},
    )
    return evidence
