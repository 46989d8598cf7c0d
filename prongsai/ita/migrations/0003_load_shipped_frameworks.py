"""The ITA frameworks shipped in data/ita/ (and the measure templates) are loaded by `migrate` itself,
so `migrate` → `org-create` → `ita-import` works with nothing else run. Later years arrive on upgrade
through the post_migrate handler of ItaConfig (same loader: it only adds what is missing)."""

from django.db import migrations


def load(apps, schema_editor):
    from prongsai.ita.framework import load_missing

    load_missing(
        framework_model=apps.get_model("ita", "FrameworkYear"),
        template_model=apps.get_model("ita", "MeasureTemplate"),
    )


class Migration(migrations.Migration):
    dependencies = [("ita", "0002_plan_row_steps_optional")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
