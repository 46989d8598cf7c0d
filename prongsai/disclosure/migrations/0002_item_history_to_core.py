"""Move the history of OIT items (OitItemChange) into the one history of core (core.Change).

Workflow steps become ``step`` rows (the step's name in ``event``, the state change as a "state"
field, the comment as the note); documents, versions and plan activities added or taken off become
``added``/``removed`` rows naming the part; assignments keep units and officers as keys where the
recorded name still finds them (else the name as recorded). Every row keeps its old action name in
``event``, which the monthly report reads. The old table is removed by the next migration.
"""

from django.db import migrations

BATCH = 500
STEPS = ("submit", "check", "approve", "publish", "return", "reopened")
PARTS = {
    "document_added": ("added", "oitdocument", "document"),
    "link_added": ("added", "oitdocument", "document"),
    "version_added": ("added", "oitdocumentversion", "document"),
    "document_withdrawn": ("removed", "oitdocument", "document"),
    "activity_linked": ("added", "activity", "activity"),
    "activity_unlinked": ("removed", "activity", "activity"),
}


def _title(pair):
    return next((str(v) for v in reversed(pair) if v), "") if isinstance(pair, list) else ""


def forwards(apps, schema_editor):
    OitItemChange = apps.get_model("disclosure", "OitItemChange")
    Change = apps.get_model("core", "Change")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Unit = apps.get_model("orgs", "Unit")
    Membership = apps.get_model("orgs", "Membership")

    def content_type(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]

    item_type = content_type("disclosure", "oititem")
    part_types = {
        "oitdocument": content_type("disclosure", "oitdocument"),
        "oitdocumentversion": content_type("disclosure", "oitdocumentversion"),
        "activity": content_type("plans", "activity"),
    }
    units = {(org, name): pk for pk, org, name in Unit.objects.values_list("pk", "organisation_id", "name")}
    people = {}
    for org, pk, username, first, last in Membership.objects.values_list(
        "organisation_id", "user_id", "user__username", "user__first_name", "user__last_name"
    ):
        people[(org, f"{first} {last}".strip() or username)] = pk
        people.setdefault((org, username), pk)

    def key(table, org, value):
        return table.get((org, value), value) if value else None

    rows = []
    for old in OitItemChange.objects.select_related("item").order_by("id").iterator(chunk_size=BATCH):
        org = old.item.organisation_id
        raw = old.changes if isinstance(old.changes, dict) else {}
        row = Change(
            organisation_id=org,
            content_type=item_type,
            object_id=old.item_id,
            object_repr=f"{old.item.code} ({old.item.fiscal_year})",
            actor_id=old.by_id,
            at=old.at,
            event=old.action,
            note=old.comment,
            changes={},
        )
        if old.action in STEPS or (old.from_state and old.to_state):
            row.action = "step"
            row.changes = {"state": [old.from_state, old.to_state]}
        elif old.action in PARTS:
            row.action, model, name = PARTS[old.action]
            row.part_type, row.part_repr = part_types[model], _title(raw.get(name))[:300]
            if old.action == "link_added" and isinstance(raw.get("url"), list):
                row.changes = {"url": raw["url"]}
            if old.action == "version_added" and isinstance(raw.get("version"), list):
                row.changes = {"number": [None, raw["version"][-1]]}
        elif old.action == "assigned":
            row.action = "changed"
            for name, pair in raw.items():
                if not isinstance(pair, list) or len(pair) != 2:
                    continue
                if name == "unit":
                    pair = [key(units, org, v) for v in pair]
                elif name == "officer":
                    pair = [key(people, org, v) for v in pair]
                row.changes[name] = pair
        elif old.action == "document_changed":
            row.action = "changed"
            row.part_type = part_types["oitdocument"]
            row.part_repr = _title(raw.get("title"))[:300]
            row.changes = {k: v for k, v in raw.items() if isinstance(v, list) and len(v) == 2}
        else:
            row.action = "changed"
            row.changes = {k: v for k, v in raw.items() if isinstance(v, list) and len(v) == 2}
        rows.append(row)
        if len(rows) >= BATCH:
            Change.objects.bulk_create(rows)
            rows = []
    Change.objects.bulk_create(rows)


def backwards(apps, schema_editor):
    """Put the rows back into OitItemChange (recreated by reversing the next migration), names for keys."""
    OitItemChange = apps.get_model("disclosure", "OitItemChange")
    Change = apps.get_model("core", "Change")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Unit = apps.get_model("orgs", "Unit")
    User = apps.get_model("accounts", "User")
    unit_names = dict(Unit.objects.values_list("pk", "name"))
    people = {u.pk: f"{u.first_name} {u.last_name}".strip() or u.username for u in User.objects.all()}
    moved = Change.objects.filter(content_type__in=ContentType.objects.filter(app_label="disclosure", model="oititem"))
    for row in moved.order_by("at", "id").iterator(chunk_size=BATCH):
        changes = {}
        state = ["", ""]
        for name, pair in (row.changes or {}).items():
            if name == "state":
                state = [pair[0] or "", pair[1] or ""]
                continue
            if name == "unit":
                pair = [unit_names.get(v, v) if isinstance(v, int) else v or "" for v in pair]
            elif name == "officer":
                pair = [people.get(v, v) if isinstance(v, int) else v or "" for v in pair]
            changes[name] = pair
        if row.event in PARTS:
            _action, _model, name = PARTS[row.event]
            changes[name] = [None, row.part_repr] if row.action == "added" else [row.part_repr, None]
        old = OitItemChange.objects.create(
            item_id=row.object_id,
            by_id=row.actor_id,
            action=row.event or row.action,
            from_state=state[0],
            to_state=state[1],
            comment=row.note,
            changes=changes,
        )
        OitItemChange.objects.filter(pk=old.pk).update(at=row.at)
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_change"),
        ("disclosure", "0001_initial"),
        ("orgs", "0001_initial"),
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
