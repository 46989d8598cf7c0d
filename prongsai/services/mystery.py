"""Writes of the mystery-shopper rounds: a round, its checklists and findings, and a finding made into a plan
activity (through ``plans.services.activity_create``). Every write keeps its entry in the one change history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prongsai.accounts.models import User
from prongsai.core import history
from prongsai.core.models import Change
from prongsai.ita.models import PlanRow
from prongsai.orgs.models import Organisation
from prongsai.plans.models import Activity
from prongsai.plans.services import activity_create
from prongsai.services.models import MysteryFinding, MysteryRound, MysteryVisit, Service

ROUND_FIELDS = ("title", "starts_on", "ends_on", "led_by")
VISIT_FIELDS = (
    "visited_on",
    "greeted",
    "waiting_min",
    "extra_documents",
    "extra_documents_which",
    "fee_as_listed",
    "fee_charged",
    "total_min",
    "standard_min",
    "notes",
)
FINDING_FIELDS = ("text", "severity", "unit")


def track() -> None:
    """Declare the history of a round; its checklists and findings are parts of it (called by apps.py)."""
    history.track(
        MysteryRound,
        fields=ROUND_FIELDS,
        verbs={"activity_made": gettext_lazy("made a finding into a plan activity")},
    )
    history.track(MysteryVisit, fields=VISIT_FIELDS, part_of=MysteryRound)
    history.track(MysteryFinding, fields=FINDING_FIELDS, part_of=MysteryRound)


def _check_round(item: MysteryRound) -> None:
    if item.ends_on < item.starts_on:
        raise ValidationError({"ends_on": _("The last day is before the first day.")})
    if item.led_by_id and not item.organisation.memberships.filter(user_id=item.led_by_id).exists():
        raise ValidationError({"led_by": _("The leader must belong to the organisation.")})


@transaction.atomic
def round_create(
    *, organisation: Organisation, title: str, starts_on: date, ends_on: date, led_by: User | None, by: User | None
) -> MysteryRound:
    item = MysteryRound(organisation=organisation, title=title, starts_on=starts_on, ends_on=ends_on, led_by=led_by)
    _check_round(item)
    item.full_clean()
    item.save()
    history.record_created(item, actor=by)
    return item


@transaction.atomic
def round_update(*, item: MysteryRound, fields: Mapping[str, Any], by: User | None) -> MysteryRound:
    before = history.snapshot(MysteryRound.objects.get(pk=item.pk))
    for name, value in fields.items():
        setattr(item, name, value)
    _check_round(item)
    item.full_clean()
    item.save()
    history.record_changes(item, before, actor=by)
    return item


def _check_visit(visit: MysteryVisit) -> None:
    item = visit.round
    errors: dict[str, str] = {}
    if visit.service.organisation_id != item.organisation_id:
        errors["service"] = _("The service belongs to another organisation.")
    if not item.starts_on <= visit.visited_on <= item.ends_on:
        errors["visited_on"] = _("The visit must fall within the round's dates.")
    if visit.extra_documents and not visit.extra_documents_which.strip():
        errors["extra_documents_which"] = _("Say which documents were asked for.")
    if not visit.fee_as_listed and visit.fee_charged is None:
        errors["fee_charged"] = _("Say how much was charged.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def visit_add(*, item: MysteryRound, service: Service, fields: Mapping[str, Any], by: User | None) -> MysteryVisit:
    """Add a checklist; the service's time standard is copied from its current revision as it stands today."""
    visit = MysteryVisit(round=item, service=service, standard_min=service.latest.standard_min, **fields)
    _check_visit(visit)
    visit.full_clean()
    visit.save()
    history.record(
        item,
        action=Change.Action.ADDED,
        part=visit,
        changes={n: [None, v] for n, v in history.snapshot(visit, VISIT_FIELDS).items()},
        actor=by,
    )
    return visit


@transaction.atomic
def finding_add(
    *, item: MysteryRound, text: str, severity: str, service: Service | None, by: User | None
) -> MysteryFinding:
    unit = service.unit if service is not None else None
    finding = MysteryFinding(round=item, text=text, severity=severity, service=service, unit=unit)
    if service is not None and service.organisation_id != item.organisation_id:
        raise ValidationError({"service": _("The service belongs to another organisation.")})
    finding.full_clean(exclude=["activity"])
    finding.save()
    history.record(
        item,
        action=Change.Action.ADDED,
        part=finding,
        changes={n: [None, v] for n, v in history.snapshot(finding, FINDING_FIELDS).items()},
        actor=by,
    )
    return finding


@transaction.atomic
def finding_make_activity(
    *, finding: MysteryFinding, row: PlanRow, fields: Mapping[str, Any], by: User | None
) -> Activity:
    """Create a plan activity under ``row`` (a measure of the organisation's plan) and link the finding to it."""
    finding = MysteryFinding.objects.select_for_update().select_related("round").get(pk=finding.pk)
    item = finding.round
    if row.organisation_id != item.organisation_id:
        raise ValidationError({"row": _("The measure belongs to another organisation.")})
    if finding.activity_id is not None:
        raise ValidationError(_("This finding is already a plan activity."))
    activity = activity_create(row=row, fields=fields, by=by)
    finding.activity = activity
    finding.save(update_fields=["activity"])
    history.record(item, action=Change.Action.STEP, event="activity_made", part=finding, note=activity.title, actor=by)
    return activity
