"""The one change history: how a module records who changed what, when, from what to what, and reads it back.

A module declares once (in its ``AppConfig.ready``) which models it keeps a history of and which
fields count::

    history.track(Activity, fields=("title", "unit", "start", "due", "status", "percent", "owners"))
    history.track(OitItem, fields=(...), verbs={"submit": _("handed the item in for checking")})

and its services record what happened, inside their own ``transaction.atomic``::

    before = history.snapshot(activity)          # raw values of the tracked fields
    ... change and save the activity ...
    history.record_changes(activity, before, actor=user)   # one row, nothing when nothing changed
    history.record(item, action=Change.Action.STEP, event="submit", changes={"state": [a, b]}, ...)

Imports build unsaved rows with :func:`entry` (no query per row) and write them with
:func:`record_many` (``bulk_create``). Pages read with :func:`changes_of` and show
``core/history.html`` with the entries of ``core.history_text.render`` (a fixed number of queries:
the changes, then one per kind of related record named in them). Values are stored raw (JSON):
ISO dates, primary keys of units and people, choice values; the reader's language turns them
into words when shown, so a history recorded today reads right in English tomorrow.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise

from prongsai.core.models import Change

Action = Change.Action
BULK_BATCH = 500


@dataclass(frozen=True)
class Tracked:
    """What a module declared about one model: its tracked fields and how to word its events."""

    model: type[models.Model]
    fields: tuple[str, ...]
    # For a part (evidence, a document): the record in whose history its entries are kept.
    part_of: type[models.Model] | None = None
    # event name → verb phrase ("handed the item in for checking", "attached the plan activity").
    verbs: Mapping[str, Promise | str] = field(default_factory=dict)
    # field name → function turning a raw value into what the reader sees, when the field type is not enough.
    formatters: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)


_REGISTRY: dict[type[models.Model], Tracked] = {}


def track(
    model: type[models.Model],
    *,
    fields: Sequence[str],
    part_of: type[models.Model] | None = None,
    verbs: Mapping[str, Promise | str] | None = None,
    formatters: Mapping[str, Callable[[Any], str]] | None = None,
) -> Tracked:
    """Declare a model's history (tracked fields must be real fields: their verbose names are the labels).

    A record (a model with an ``organisation``) has a history of its own; a part names the record
    it belongs to with ``part_of`` and its entries are kept in that record's history.
    """
    for name in fields:
        model._meta.get_field(name)  # FieldDoesNotExist now rather than a raw name on a page later
    declared = Tracked(
        model=model,
        fields=tuple(fields),
        part_of=part_of,
        verbs=dict(verbs or {}),
        formatters=dict(formatters or {}),
    )
    _REGISTRY[model] = declared
    return declared


def tracked(model: type[models.Model]) -> Tracked:
    try:
        return _REGISTRY[model]
    except KeyError:
        raise ImproperlyConfigured(f"{model.__name__} keeps no history: call core.history.track() for it") from None


def tracked_models() -> list[Tracked]:
    return list(_REGISTRY.values())


# --------------------------------------------------------------------------- raw values


def to_json(value: Any) -> Any:
    """A field value as stored in the history: JSON types only."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [to_json(v) for v in value]
    return value


def raw_value(obj: models.Model, name: str) -> Any:
    """The raw value of a field: the key of a foreign key, the sorted keys of a many-to-many (one query)."""
    model_field = obj._meta.get_field(name)
    if model_field.many_to_many:
        if obj.pk is None:
            return []
        return sorted(getattr(obj, name).values_list("pk", flat=True))
    return to_json(getattr(obj, model_field.attname))  # type: ignore[union-attr]


def snapshot(obj: models.Model, fields: Iterable[str] | None = None, *, many_to_many: bool = True) -> dict[str, Any]:
    """The raw values of the tracked fields (or of ``fields``); without many-to-many ones, no query."""
    names = tuple(fields) if fields is not None else tracked(type(obj)).fields
    return {name: raw_value(obj, name) for name in names if many_to_many or not obj._meta.get_field(name).many_to_many}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` of the fields whose value differs."""
    return {name: [before.get(name), after.get(name)] for name in after if before.get(name) != after[name]}


# --------------------------------------------------------------------------- writing


def _part_type(part: models.Model | type[models.Model] | None) -> ContentType | None:
    if part is None:
        return None
    return ContentType.objects.get_for_model(part if isinstance(part, type) else type(part))


def entry(
    obj: models.Model,
    *,
    action: str,
    actor: Any = None,
    changes: Mapping[str, Any] | None = None,
    event: str = "",
    part: models.Model | type[models.Model] | None = None,
    part_repr: str = "",
    note: str = "",
    at: datetime | None = None,
    organisation_id: int | None = None,
) -> Change:
    """An unsaved history row about ``obj`` (no query once the content types are cached).

    Refuses what could not be shown in words: an untracked model, a step whose event has no verb, a
    change of something that is not a field of the record (or of the part).
    """
    declared = tracked(type(obj))
    if action == Action.STEP and event not in declared.verbs:
        raise ValueError(f"step {event!r} of {type(obj).__name__} has no verb: declare it in history.track()")
    fields_model = (part if isinstance(part, type) else type(part)) if part is not None else type(obj)
    for name in changes or {}:
        fields_model._meta.get_field(name)  # FieldDoesNotExist: it would show as a raw name
    if part is not None and not part_repr and not isinstance(part, type):
        part_repr = str(part)
    change = Change(
        organisation_id=organisation_id or obj.organisation_id,  # type: ignore[attr-defined]
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        action=action,
        event=event,
        part_type=_part_type(part),
        part_repr=part_repr[:300],
        changes={k: [to_json(v[0]), to_json(v[1])] for k, v in (changes or {}).items()},
        actor=actor,
        note=note,
    )
    if at is not None:
        change.at = at
    return change


def record(obj: models.Model, **kwargs: Any) -> Change:
    change = entry(obj, **kwargs)
    change.save()
    return change


def created(obj: models.Model, *, actor: Any = None, at: datetime | None = None, note: str = "") -> Change:
    """The unsaved "created" row of a new record: its initial values (many-to-many ones left out: no query)."""
    initial = snapshot(obj, many_to_many=False)
    return entry(
        obj, action=Action.CREATED, actor=actor, changes={n: [None, v] for n, v in initial.items()}, at=at, note=note
    )


def record_created(obj: models.Model, *, actor: Any = None, note: str = "") -> Change:
    change = entry(
        obj,
        action=Action.CREATED,
        actor=actor,
        changes={n: [None, v] for n, v in snapshot(obj).items()},
        note=note,
    )
    change.save()
    return change


def record_changes(
    obj: models.Model, before: Mapping[str, Any], *, actor: Any = None, event: str = "", note: str = ""
) -> Change | None:
    """Record what changed since ``before`` (a :func:`snapshot`); nothing (None) when nothing did."""
    changes = diff(before, snapshot(obj, before.keys()))
    if not changes:
        return None
    return record(obj, action=Action.CHANGED, actor=actor, changes=changes, event=event, note=note)


def record_many(changes: Iterable[Change]) -> list[Change]:
    """Write many rows at once (imports): one INSERT per batch, not one per row."""
    return Change.objects.bulk_create(list(changes), batch_size=BULK_BATCH)


# --------------------------------------------------------------------------- reading


def changes_of(obj: models.Model) -> QuerySet[Change]:
    """The history of one record, newest first, within its own organisation only."""
    return changes_of_many(type(obj), [obj.pk], organisation_id=obj.organisation_id)  # type: ignore[attr-defined]


def changes_of_many(model: type[models.Model], ids: Iterable[Any], *, organisation_id: int) -> QuerySet[Change]:
    """The histories of many records of one model (e.g. for a report), newest first."""
    return (
        Change.objects.filter(
            organisation_id=organisation_id,
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=list(ids),
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )


def state_pair(change: Change, name: str) -> list[Any] | None:
    """``[before, after]`` of field ``name`` in a row, or None when the row does not change it."""
    pair = change.changes.get(name) if isinstance(change.changes, dict) else None
    return list(pair) if isinstance(pair, list | tuple) and len(pair) == 2 else None
