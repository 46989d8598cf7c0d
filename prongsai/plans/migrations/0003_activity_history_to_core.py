"""Move the history of activities (ActivityChange) into the one history of core (core.Change).

Old rows kept {field: [before, after]} with "unit_id" for the unit, usernames for the responsible
people, a "created" key on the first row and an "evidence" key when evidence was added. The new rows
keep the same raw values under field names ("unit"), people as keys, and say what happened in
``action``. The old table is removed by the next migration.
"""

from django.db import migrations

BATCH = 500


def _changes(raw, user_ids):
    changes = {}
    for name, pair in (raw or {}).items():
        if not isinstance(pair, list) or len(pair) != 2:
            continue
        if name == "unit_id":
            name = "unit"
        if name == "owners":
            pair = [sorted(user_ids[u] for u in (side or []) if u in user_ids) for side in pair]
        changes[name] = pair
    return changes


def forwards(apps, schema_editor):
    ActivityChange = apps.get_model("plans", "ActivityChange")
    Change = apps.get_model("core", "Change")
    ContentType = apps.get_model("contenttypes", "ContentType")
    User = apps.get_model("accounts", "User")
    activity_type, _ = ContentType.objects.get_or_create(app_label="plans", model="activity")
    evidence_type, _ = ContentType.objects.get_or_create(app_label="plans", model="evidence")
    user_ids = dict(User.objects.values_list("username", "pk"))
    rows = []
    for old in ActivityChange.objects.select_related("activity").order_by("id").iterator(chunk_size=BATCH):
        raw = old.changes if isinstance(old.changes, dict) else {}
        row = Change(
            organisation_id=old.activity.organisation_id,
            content_type=activity_type,
            object_id=old.activity_id,
            object_repr=old.activity.title[:300],
            actor_id=old.by_id,
            at=old.at,
        )
        if "created" in raw:
            row.action = "created"
            row.changes = _changes({k: v for k, v in raw.items() if k != "created"}, user_ids)
        elif "evidence" in raw:
            pair = raw["evidence"] if isinstance(raw["evidence"], list) else [None, ""]
            row.action, row.part_type, row.part_repr = "added", evidence_type, str(pair[-1] or "")[:300]
            row.changes = {}
        else:
            row.action = "changed"
            row.changes = _changes(raw, user_ids)
        rows.append(row)
        if len(rows) >= BATCH:
            Change.objects.bulk_create(rows)
            rows = []
    Change.objects.bulk_create(rows)


def backwards(apps, schema_editor):
    """Put the rows back into ActivityChange (recreated by reversing the next migration)."""
    ActivityChange = apps.get_model("plans", "ActivityChange")
    Change = apps.get_model("core", "Change")
    ContentType = apps.get_model("contenttypes", "ContentType")
    User = apps.get_model("accounts", "User")
    usernames = dict(User.objects.values_list("pk", "username"))
    moved = Change.objects.filter(content_type__in=ContentType.objects.filter(app_label="plans", model="activity"))
    rows = []
    for row in moved.order_by("at", "id").iterator(chunk_size=BATCH):
        changes = {}
        for name, pair in (row.changes or {}).items():
            if name == "owners":
                pair = [sorted(usernames.get(pk, "") for pk in side or []) for side in pair]
            changes["unit_id" if name == "unit" else name] = pair
        if row.action == "created":
            changes = {"created": [None, row.object_repr]} | changes
        elif row.action == "added":
            changes = {"evidence": [None, row.part_repr]}
        rows.append(ActivityChange(activity_id=row.object_id, by_id=row.actor_id, changes=changes))
    created = ActivityChange.objects.bulk_create(rows)
    for old, row in zip(created, moved.order_by("at", "id")):  # "at" is auto_now_add: set it afterwards
        ActivityChange.objects.filter(pk=old.pk).update(at=row.at)
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_change"),
        ("plans", "0002_itacalendar_owndeadline_and_more"),
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
