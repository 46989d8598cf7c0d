"""A fresh installation: `migrate` → `org-create` → `ita-import` works with nothing else run (the shipped
ITA frameworks come with the migrations), and a second `migrate` loads nothing twice."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

SCRIPT = """
import sys
import django
django.setup()
from django.core.management import call_command
from prongsai.ita.models import FrameworkYear, ItaResult, MeasureTemplate
call_command("migrate", verbosity=0)
call_command("org-create", slug="nong-bua", name="องค์การบริหารส่วนตำบลหนองบัว")
call_command("ita-import", sys.argv[1], org="nong-bua")
years = FrameworkYear.objects.count()
call_command("migrate", verbosity=0)
assert FrameworkYear.objects.count() == years, "a second migrate loaded a year again"
print("frameworks", years, "templates", MeasureTemplate.objects.count(), "results", ItaResult.objects.count())
"""


class FreshInstallTests(SimpleTestCase):
    def test_it_imports_results_right_after_migrate_and_org_create(self) -> None:
        with tempfile.TemporaryDirectory(prefix="prongsai-fresh-") as folder:
            csv = Path(folder) / "ita.csv"
            scores = ",".join(["88.5"] * 10)
            csv.write_text("ปีงบประมาณ," + ",".join(f"ตัวชี้วัดที่ {n}" for n in range(1, 11)) + f"\n2568,{scores}\n")
            env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SITE_URL")}
            env |= {"DATA_DIR": folder, "DJANGO_SETTINGS_MODULE": "prongsai.settings"}
            done = subprocess.run(
                [sys.executable, "-c", SCRIPT, str(csv)], env=env, capture_output=True, text=True, timeout=180
            )
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        words = done.stdout.split()
        counts = dict(zip(words[-6::2], map(int, words[-5::2]), strict=True))
        self.assertGreaterEqual(counts["frameworks"], 6)  # 2564–2569
        self.assertGreater(counts["templates"], 0)
        self.assertEqual(counts["results"], 1)
