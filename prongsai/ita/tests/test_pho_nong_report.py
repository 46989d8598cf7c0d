"""The demo reproduces the seed report of อบต.โพหนอง (FY2568) — every number and measure, without its inconsistencies."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

import yaml
from django.core.management import call_command
from django.test import TestCase

from prongsai.core.tests.test_fonts import pdf_texts
from prongsai.ita import demo as ita_demo
from prongsai.ita.framework import data_dir
from prongsai.ita.models import PlanRow
from prongsai.ita.selectors import report_data
from prongsai.ita.tests.test_analysis import NAMES
from prongsai.orgs.demo import load_demo
from prongsai.orgs.models import Organisation
from prongsai.plans import demo as plans_demo

SEED_SCORES = {
    1: "๙๐.๑๐",
    2: "๘๕.๒๕",
    3: "๙๐.๑๐",
    4: "๗๓.๓๓",
    5: "๗๔.๗๕",
    6: "๙๗.๗๓",
    7: "๙๗.๐๐",
    8: "๙๕.๖๐",
    9: "๕๙.๒๕",
    10: "๙๐.๐๐",
}
FRAMEWORK_NAMES = NAMES  # the framework files name the indicators exactly as the unit tests do


class PhoNongReportTests(TestCase):
    org: Organisation

    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(steps=[ita_demo.load, plans_demo.load])  # the organisations and the steps this test reads
        cls.org = Organisation.objects.get(slug="pho-nong")

    def test_it_has_only_the_seeds_year_nothing_invented(self) -> None:
        data = report_data(self.org, 2568)
        assert data is not None
        self.assertEqual([y["fiscal_year"] for y in data["years"]], [2568])
        self.assertEqual(data["years"][0]["overall"], 90.10)
        self.assertEqual(data["years"][0]["overall_source"], "reported")

    def test_it_reproduces_every_score_with_one_name_per_indicator(self) -> None:
        data = report_data(self.org, 2568)
        assert data is not None
        for indicator in data["indicators"]:
            n = indicator["number"]
            self.assertEqual(indicator["name_th"], FRAMEWORK_NAMES[n])
            self.assertIn(SEED_SCORES[n], indicator["analysis_text"])
            self.assertIn(f"ตัวชี้วัดที่ {to_thai(n)} {FRAMEWORK_NAMES[n]}", indicator["analysis_text"])
            # one overall everywhere: the reported 90.10, never 80.1 or 90
            self.assertIn("คะแนนภาพรวม ๙๐.๑๐ คะแนน", indicator["analysis_text"])
            self.assertNotRegex(indicator["analysis_text"], r"(๘๐\.๑|๙๐\.๑(?!๐)|๙๐ คะแนน)")

    def test_it_warns_that_the_reported_overall_does_not_follow_from_the_scores(self) -> None:
        data = report_data(self.org, 2568)
        assert data is not None
        [warning] = [w for w in data["warnings"] if w["code"] == "reported_overall_mismatch"]
        self.assertIn("๙๐.๑๐", warning["message"])
        self.assertIn("๘๓.๖๙", warning["message"])
        self.assertEqual(data["weakest"], [9, 4, 5, 2])

    def test_it_carries_every_measure_of_the_seed_as_the_plan(self) -> None:
        templates = yaml.safe_load((data_dir() / "measure_templates.yaml").read_text())["templates"]
        rows = PlanRow.objects.filter(organisation=self.org, fiscal_year=2568)
        self.assertEqual(rows.count(), len(templates))
        self.assertEqual(sorted(r.title for r in rows), sorted(t["title"] for t in templates))
        data = report_data(self.org, 2568)
        assert data is not None
        self.assertEqual({p["indicator"] for p in data["plan"]}, set(range(1, 11)))
        self.assertTrue(all(p["time_frame"] == "๑ ต.ค. ๖๘ – ๓๐ ก.ย. ๖๙" for p in data["plan"]))
        self.assertTrue(all(p["units"] for p in data["plan"]), "every measure has a responsible unit")
        for plan in data["plan"]:
            self.assertNotRegex(plan["analysis"], r"\{(overall|score)\}")
        # The 2569 O25 rule: indicator 9 (lowest) with a preventive measure that has an owner.
        self.assertEqual(data["o25"]["indicator"], 9)
        self.assertFalse([w for w in data["warnings"] if w["code"].startswith("o25")])
        self.assertEqual(sum(p["o25_preventive"] for p in data["plan"]), 1)

    def test_it_writes_the_json_from_the_command(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "r.json"
            call_command(
                "ita-report",
                "--org",
                "pho-nong",
                "--year",
                "2568",
                "--format",
                "json",
                "--output",
                str(path),
                stderr=StringIO(),
            )
            data = json.loads(path.read_text())
        self.assertEqual(
            data["organization"], data["organization"] | {"slug": "pho-nong", "name": "องค์การบริหารส่วนตำบลโพหนอง"}
        )
        self.assertEqual(len(data["indicators"]), 10)

    def test_it_keeps_sara_am_in_the_text_copied_out_of_the_pdf(self) -> None:
        # pdftotext and pypdf gave "ตาบล", "ดาเนินการ" (see prongsai/core/fonts.py)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "report.pdf"
            options = ["--org", "pho-nong", "--year", "2568", "--format", "pdf", "--output", str(path)]
            call_command("ita-report", *options, stdout=StringIO(), stderr=StringIO())
            texts = pdf_texts(path.read_bytes(), Path(tmp))
        for extractor, text in texts.items():
            self.assertIn("ดำเนิน", text, extractor)
            self.assertIn("องค์การบริหารส่วนตำบลโพหนอง", text, extractor)
            for wrong in ("ตาบล", "ดาเนิน", "อาเภอ", "สานัก"):
                self.assertNotIn(wrong, text, extractor)


def to_thai(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


def test_it_prints_json_to_standard_output(tmp_path: Path) -> None:
    """`--output -` really writes to stdout (a subprocess with its own database: migrated, one organisation, the
    seed's scores imported — no whole demo, which the command does not need)."""
    env = {"DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    csv = tmp_path / "ita.csv"
    scores = ["59.25"] + ["88.50"] * 9
    csv.write_text("ปีงบประมาณ," + ",".join(f"ตัวชี้วัดที่ {n}" for n in range(1, 11)) + "\n2568," + ",".join(scores) + "\n")
    setup = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "call_command('org-create', slug='pho-nong', name='องค์การบริหารส่วนตำบลโพหนอง')\n"
        f"call_command('ita-import', {str(csv)!r}, org='pho-nong')\n"
    )
    prepared = subprocess.run(
        [sys.executable, "-c", setup],
        env=env | {"DJANGO_SETTINGS_MODULE": "prongsai.settings"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert prepared.returncode == 0, prepared.stderr[-2000:]
    command = ["ita-report", "--org", "pho-nong", "--year", "2568", "--format", "json", "--output", "-"]
    result = subprocess.run(
        [sys.executable, "-m", "prongsai", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["fiscal_year"] == 2568
    assert re.search("๕๙.๒๕", json.dumps(data, ensure_ascii=False))
