"""The year's items, their assignment and attached activities, the workflow, and what of them is public.

Also the history helpers the document services share: a part added or removed, and an item sent back to draft.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.accounts.models import User
from prongsai.core import history
from prongsai.core.models import Change
from prongsai.core.publiccache import public_pages_changed
from prongsai.core.thai import fiscal_year_bounds
from prongsai.disclosure.access import TRANSITIONS
from prongsai.disclosure.models import OitDocument, OitDocumentVersion, OitItem
from prongsai.ita.framework import Framework, Item, get_framework
from prongsai.orgs.models import Organisation, Unit
from prongsai.plans.models import Activity

# What the history keeps (see core/history.py; declared in disclosure/apps.py).
ITEM_HISTORY_FIELDS = ("unit", "officer", "note", "state")
DOCUMENT_HISTORY_FIELDS = ("title", "period_start", "period_end", "components", "url")
VERSION_HISTORY_FIELDS = ("number",)
Action = Change.Action


# --------------------------------------------------------------------------- the year's items


def ensure_items(org: Organisation, year: int, framework: Framework | None = None) -> list[OitItem]:
    """The organisation's items of ``year`` in NACC order, created from the framework when missing."""
    framework = framework or get_framework(year)
    if framework is None:
        return []
    existing = {i.code: i for i in OitItem.objects.filter(organisation=org, fiscal_year=year)}
    for position, fw_item in enumerate(framework.items, 1):
        item = existing.get(fw_item.code)
        if item is None:
            existing[fw_item.code] = OitItem.objects.create(
                organisation=org, fiscal_year=year, code=fw_item.code, position=position
            )
        elif item.position != position:  # the framework's order was corrected
            OitItem.objects.filter(pk=item.pk).update(position=position)
            item.position = position
    return sorted(existing.values(), key=lambda i: (i.position, i.pk))


def component_texts(fw_item: Item) -> list[str]:
    """The checklist of an item: the framework's components, or the item's own title when it lists none."""
    texts = [str(c.get("text", "")) for c in fw_item.components if c.get("text")]
    return texts or [fw_item.title_th]


def window_text(window: str, year: int) -> str:
    """The data period an item requires, in words, for the assessment of ``year``."""
    if window == "current_fy":
        return _("fiscal year %(year)s") % {"year": year}
    if window == "previous_fy":
        return _("fiscal year %(year)s") % {"year": year - 1}
    if window == "first_half_current_fy":
        return _("first six months of fiscal year %(year)s") % {"year": year}
    return _("current data, no fixed period")


def window_bounds(window: str, year: int) -> tuple[date, date] | None:
    if window == "current_fy":
        return fiscal_year_bounds(year)
    if window == "previous_fy":
        return fiscal_year_bounds(year - 1)
    if window == "first_half_current_fy":
        first, _last = fiscal_year_bounds(year)
        return first, date(first.year + 1, 3, 31)
    return None


# --------------------------------------------------------------------------- history


def record_part(item: OitItem, by: User | None, action: str, event: str, part: Any, **kwargs: Any) -> None:
    """A document, version or activity added to or taken off the item (``event``: the module's name for it)."""
    history.record(item, action=action, event=event, part=part, actor=by, **kwargs)
    public_pages_changed(item.organisation_id)


def added_with(obj: Any, fields: Sequence[str]) -> dict[str, list[Any]]:
    """The values a part was added with, as history changes (empty ones left out)."""
    return {n: [None, v] for n, v in history.snapshot(obj, fields).items() if v not in (None, "", [])}


def reopen(item: OitItem, by: User | None) -> None:
    """Evidence changed after the unit handed the item in: it goes back to draft and must be checked again."""
    if item.state != OitItem.State.DRAFT:
        before = item.state
        item.state = OitItem.State.DRAFT
        item.save(update_fields=["state", "updated_at"])
        public_pages_changed(item.organisation_id)
        history.record(
            item,
            action=Action.STEP,
            event="reopened",
            actor=by,
            changes={"state": [before, item.state]},
            note=_("The evidence changed; the item must be checked again."),
        )


# --------------------------------------------------------------------------- assignment and links


@transaction.atomic
def assign(item: OitItem, *, unit: Unit | None, officer: User | None, note: str, by: User | None) -> OitItem:
    errors: dict[str, str] = {}
    if unit is not None and unit.organisation_id != item.organisation_id:
        errors["unit"] = _("The unit belongs to another organisation.")
    if officer is not None and not item.organisation.memberships.filter(user=officer).exists():
        errors["officer"] = _("The officer must belong to the organisation.")
    if errors:
        raise ValidationError(errors)
    before = history.snapshot(item, ("unit", "officer", "note"))
    item.unit, item.officer, item.note = unit, officer, note.strip()
    item.save()
    history.record_changes(item, before, actor=by, event="assigned")
    public_pages_changed(item.organisation_id)
    return item


@transaction.atomic
def link_activity(item: OitItem, activity: Activity, *, by: User | None, remove: bool = False) -> None:
    if activity.organisation_id != item.organisation_id:
        raise ValidationError({"activity": _("The activity belongs to another organisation.")})
    if remove:
        item.activities.remove(activity)
        record_part(item, by, Action.REMOVED, "activity_unlinked", activity)
    else:
        item.activities.add(activity)
        record_part(item, by, Action.ADDED, "activity_linked", activity)


# --------------------------------------------------------------------------- workflow


@transaction.atomic
def transition(item: OitItem, action: str, *, by: User | None, comment: str = "") -> OitItem:
    """Take a workflow step (the caller has checked the role with access.can_take)."""
    if action not in TRANSITIONS:
        raise ValidationError(_("Unknown step."))
    sources, target, _roles = TRANSITIONS[action]
    item = OitItem.objects.select_for_update().get(pk=item.pk)
    if item.state not in sources:
        raise ValidationError(_("The item is no longer in a state that allows this step; reload the page."))
    live = item.documents.filter(withdrawn_at__isnull=True)
    if action == "submit" and not live.exists():
        raise ValidationError(_("Add at least one document or link before handing the item in."))
    if action == "return" and not comment.strip():
        raise ValidationError(_("Say what must be corrected."))
    before = item.state
    item.state = target
    now = timezone.now()
    if action == "publish":
        item.published_at = item.published_at or now
        for document in live:
            if document.kind == OitDocument.Kind.LINK:
                if document.published_at is None:
                    document.published_at = now
                    document.save(update_fields=["published_at"])
            else:
                newest = document.versions.order_by("-number").first()
                if newest is not None and newest.published_at is None:
                    newest.published_at = now
                    newest.save(update_fields=["published_at"])
    item.save()
    history.record(
        item, action=Action.STEP, event=action, actor=by, changes={"state": [before, target]}, note=comment.strip()
    )
    public_pages_changed(item.organisation_id)
    return item


# --------------------------------------------------------------------------- what is public


def served_version(document: OitDocument, *, staff: bool) -> OitDocumentVersion | None:
    """The version a document's permanent URL serves: the newest published one (staff: the newest)."""
    if document.withdrawn_at is not None and not staff:
        return None
    versions = document.versions.order_by("-number")
    if not staff:
        versions = versions.filter(published_at__isnull=False)
    return versions.first()


def is_public(document: OitDocument) -> bool:
    if document.withdrawn_at is not None:
        return False
    if document.kind == OitDocument.Kind.LINK:
        return document.published_at is not None
    return document.versions.filter(published_at__isnull=False).exists()
