"""History entries as sentences in the reader's language: the one way every page shows a history.

"นายสมชาย ใจดี เปลี่ยนสถานะจาก “ยังไม่เริ่ม” เป็น “กำลังดำเนินการ” เมื่อ 1 พ.ย. 2568 09:30 น."

Field labels are the models' verbose names; values are what the reader sees elsewhere: choices by
their label, dates in the Buddhist era (Thai) via core/thai.py, units and people by name, "ไม่มี"
for empty, ใช่/ไม่ใช่ for booleans. :func:`render` reads the names of every unit and person named in
the rows with one query per related model, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, pgettext

from prongsai.core.history import _REGISTRY, Action, Tracked
from prongsai.core.models import Change
from prongsai.core.thai import format_date_medium, format_datetime_medium

MAX_VALUE_CHARS = 200
Names = dict[tuple[type[models.Model], Any], str]


@dataclass(frozen=True)
class Entry:
    """One history row, ready to print."""

    at: datetime
    actor: str
    action: str
    event: str
    sentence: str
    note: str


def _thai() -> bool:
    return (get_language() or "th").startswith("th")


def _model_of(content_type_id: int | None) -> type[models.Model] | None:
    if content_type_id is None:
        return None
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist: a name the model no longer has
        return None
    return found if isinstance(found, models.Field) else None


def _fields_model(change: Change) -> type[models.Model] | None:
    """The model whose fields the row's changes are: the part's when it names one, else the record's."""
    return _model_of(change.part_type_id) or _model_of(change.content_type_id)


def _names(changes: Sequence[Change]) -> Names:
    """The display name of every related record (unit, person …) named in the rows: one query per model."""
    wanted: dict[type[models.Model], set[Any]] = {}
    for change in changes:
        model = _fields_model(change)
        for name, pair in (change.changes or {}).items():
            model_field = _field(model, name)
            if model_field is None or not model_field.is_relation or model_field.related_model is None:
                continue
            related = model_field.related_model
            assert isinstance(related, type)
            for value in pair if isinstance(pair, list) else []:
                for key in value if isinstance(value, list) else [value]:
                    if isinstance(key, int):
                        wanted.setdefault(related, set()).add(key)
    names: Names = {}
    for related, keys in wanted.items():
        for obj in related._base_manager.filter(pk__in=keys):
            names[(related, obj.pk)] = _display_name(obj)
    return names


def _display_name(obj: Any) -> str:
    """A person by their full name (``User.display_name``), anything else by its ``str``."""
    display = getattr(obj, "display_name", None)
    return str(display() if callable(display) else obj)


def empty() -> str:
    return gettext("none")


def _related_name(related: type[models.Model], key: Any, names: Names) -> str:
    if isinstance(key, int):
        return names.get((related, key)) or gettext("(deleted)")
    return str(key)  # recorded as a name before the history kept keys


def _date_text(value: Any) -> str:
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return format_date_medium(day, thai_digits=False) if _thai() else formats.date_format(day, "j M Y")


def _datetime_text(moment: datetime) -> str:
    if _thai():
        return format_datetime_medium(moment, thai_digits=False)
    return formats.date_format(timezone.localtime(moment), "j M Y, H:i")


def value_text(
    model_field: models.Field[Any, Any] | None, value: Any, names: Names, declared: Tracked | None = None
) -> str:
    """A raw value as the reader sees it, quoted (“…”); the word for "none" unquoted when empty."""
    if value is None or value == "" or value == []:
        return empty()
    name = model_field.name if model_field is not None else ""
    if declared is not None and name in declared.formatters:
        text = declared.formatters[name](value)
    elif model_field is None:
        text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    elif model_field.choices:
        text = str(dict(model_field.flatchoices).get(value, value))
    elif isinstance(model_field, models.BooleanField):
        text = gettext("yes") if value else gettext("no")
    elif isinstance(model_field, models.DateTimeField):
        try:
            text = _datetime_text(datetime.fromisoformat(str(value)))
        except ValueError:
            text = str(value)
    elif isinstance(model_field, models.DateField):
        text = _date_text(value)
    elif model_field.is_relation and model_field.related_model is not None:
        related = model_field.related_model
        assert isinstance(related, type)
        keys = value if isinstance(value, list) else [value]
        text = ", ".join(_related_name(related, k, names) for k in keys)
    elif isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 1] + "…"
    return f"“{text}”"


def _label(model_field: models.Field[Any, Any] | None, name: str) -> str:
    return str(model_field.verbose_name) if model_field is not None else name


def _join(pieces: list[str]) -> str:
    if len(pieces) <= 1:
        return "".join(pieces)
    head = pgettext("list separator", ", ").join(pieces[:-1])
    return pgettext("list, before the last item", "%(items)s and %(last)s") % {"items": head, "last": pieces[-1]}


def _in_order(changes: Any, declared: Tracked | None) -> list[tuple[str, Any]]:
    """The changes in the order the module declared its fields (PostgreSQL's jsonb keeps no order)."""
    order = {name: i for i, name in enumerate(declared.fields)} if declared else {}
    items = changes.items() if isinstance(changes, dict) else []
    return sorted(items, key=lambda item: (order.get(item[0], len(order)), item[0]))


def _from_to(change: Change, names: Names) -> str:
    model = _fields_model(change)
    declared = _REGISTRY.get(model) if model else None
    pieces = []
    for name, pair in _in_order(change.changes, declared):
        if not isinstance(pair, list) or len(pair) != 2:
            continue
        model_field = _field(model, name)
        pieces.append(
            gettext("%(field)s from %(old)s to %(new)s")
            % {
                "field": _label(model_field, name),
                "old": value_text(model_field, pair[0], names, declared),
                "new": value_text(model_field, pair[1], names, declared),
            }
        )
    return _join(pieces)


def _details(change: Change, names: Names) -> str:
    """The values a part was added with ("web address “https://…”")."""
    model = _fields_model(change)
    declared = _REGISTRY.get(model) if model else None
    pieces = []
    for name, pair in _in_order(change.changes, declared):
        value = pair[-1] if isinstance(pair, list) and pair else pair
        if value is None or value == "":
            continue
        model_field = _field(model, name)
        pieces.append(
            gettext("%(field)s %(value)s")
            % {"field": _label(model_field, name), "value": value_text(model_field, value, names, declared)}
        )
    return _join(pieces)


def _verbose(model: type[models.Model] | None) -> str:
    return str(model._meta.verbose_name) if model is not None else gettext("record")


def _sentence(change: Change, names: Names) -> str:
    record_model = _model_of(change.content_type_id)
    part_model = _model_of(change.part_type_id)
    declared = _REGISTRY.get(record_model) if record_model else None
    verb = str(declared.verbs[change.event]) if declared and change.event in declared.verbs else ""
    words = {
        "actor": _display_name(change.actor) if change.actor else gettext("The system"),
        "when": _datetime_text(change.at),
        "model": _verbose(record_model),
        "part": _verbose(part_model),
        "name": change.part_repr if part_model else change.object_repr,
        "verb": verb,
    }
    if change.action == Action.CREATED:
        if not words["name"]:
            return gettext("%(actor)s created the %(model)s on %(when)s.") % words
        return gettext("%(actor)s created the %(model)s “%(name)s” on %(when)s.") % words
    if change.action == Action.DELETED and not part_model:
        return gettext("%(actor)s deleted the %(model)s “%(name)s” on %(when)s.") % words
    if change.action == Action.STEP:
        words["verb"] = verb or change.event
        words["changes"] = _from_to(change, names)
        if not words["changes"]:
            return gettext("%(actor)s %(verb)s on %(when)s.") % words
        return gettext("%(actor)s %(verb)s (%(changes)s) on %(when)s.") % words
    if change.action in (Action.ADDED, Action.REMOVED, Action.DELETED):
        words["details"] = _details(change, names)
        if not verb:
            if change.action == Action.ADDED:
                words["verb"] = gettext("added the %(part)s") % words
            elif change.action == Action.REMOVED:
                words["verb"] = gettext("removed the %(part)s") % words
            else:
                words["verb"] = gettext("deleted the %(part)s") % words
        if words["details"]:
            return gettext("%(actor)s %(verb)s “%(name)s” (%(details)s) on %(when)s.") % words
        return gettext("%(actor)s %(verb)s “%(name)s” on %(when)s.") % words
    words["changes"] = _from_to(change, names)
    if part_model:
        return gettext("%(actor)s changed %(changes)s of the %(part)s “%(name)s” on %(when)s.") % words
    if verb:
        return gettext("%(actor)s %(verb)s: %(changes)s, on %(when)s.") % words
    return gettext("%(actor)s changed %(changes)s on %(when)s.") % words


def render(changes: Iterable[Change]) -> list[Entry]:
    """Sentences for history rows (fetched with ``select_related("actor")``), in the active language."""
    changes = list(changes)
    names = _names(changes)
    return [
        Entry(
            at=change.at,
            actor=_display_name(change.actor) if change.actor else "",
            action=change.action,
            event=change.event,
            sentence=_sentence(change, names),
            note=change.note,
        )
        for change in changes
    ]


def history(obj: models.Model, *, limit: int = 100) -> list[Entry]:
    """The newest ``limit`` entries of one record, rendered: what a page passes to ``core/history.html``."""
    from prongsai.core.history import changes_of

    return render(changes_of(obj)[:limit])
