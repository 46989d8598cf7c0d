"""The report charts are drawn by the worker when the scores change, and a download then finds them stored."""

from __future__ import annotations

import io
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.test import TestCase, override_settings

from prongsai.ita import charts
from prongsai.ita.documents import render_docx
from prongsai.ita.models import FrameworkYear
from prongsai.ita.selectors import report_data
from prongsai.ita.services import result_save
from prongsai.ita.tests.test_analysis import SEED, framework_data
from prongsai.orgs.models import Organisation


class ChartStoreTests(TestCase):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="prongsai-charts-"))
        # (the other tests run with the charts drawn by the downloads: conftest.py)
        self.enterContext(override_settings(ITA_CHART_DIR=str(self.folder), ITA_CHARTS_AHEAD=True))
        charts.clear_chart_cache()
        FrameworkYear.objects.create(fiscal_year=2568, data=framework_data(2568), file_name="t", file_sha256="-")
        self.org = Organisation.objects.create(slug="alpha", name="อบต.อัลฟา", province="นครพนม", district="เมือง")

    def save(self, **changes: str) -> None:
        scores = {n: Decimal(str(v)) for n, v in SEED.items()} | {int(k[1:]): Decimal(v) for k, v in changes.items()}
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            result_save(org=self.org, fiscal_year=2568, scores=scores, reported={}, user=None, source="test")
        self.assertEqual(len(callbacks), 1)

    def test_it_draws_the_charts_after_the_commit_and_the_download_does_not_draw_again(self) -> None:
        self.save()
        stored = sorted(self.folder.glob("*.png"))
        self.assertEqual(len(stored), 11)  # ten indicators and the summary
        charts.clear_chart_cache(stored=False)  # a web process that has drawn nothing itself
        data = report_data(self.org, 2568)
        assert data is not None
        with (
            mock.patch.object(charts, "_draw_indicator_chart", side_effect=AssertionError("drawn again")),
            mock.patch.object(charts, "_draw_summary_chart", side_effect=AssertionError("drawn again")),
        ):
            self.assertTrue(render_docx(data).startswith(b"PK"))
        self.save(i9="70.00")  # new scores: the charts that show them are drawn anew
        self.assertEqual(len(list(self.folder.glob("*.png"))), 13)  # indicator 9 and the summary

    @override_settings(ITA_CHARTS_AHEAD=False)
    def test_it_leaves_the_drawing_to_the_download_when_told_to(self) -> None:
        scores = {n: Decimal(str(v)) for n, v in SEED.items()}
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            result_save(org=self.org, fiscal_year=2568, scores=scores, reported={}, user=None, source="test")
        self.assertEqual(callbacks, [])
        self.assertEqual(list(self.folder.glob("*.png")), [])

    def test_it_prunes_stored_charts_unused_for_half_a_year(self) -> None:
        self.save()
        old, *recent = sorted(self.folder.glob("*.png"))
        os.utime(old, (0, 0))
        self.assertEqual(charts.prune_chart_store(), 1)
        self.assertEqual(sorted(self.folder.glob("*.png")), recent)

    def test_it_draws_the_charts_with_the_command_the_worker_runs_in_a_child_process(self) -> None:
        scores = {n: Decimal(str(v)) for n, v in SEED.items()}
        with self.captureOnCommitCallbacks(execute=False):  # the task does not run
            result_save(org=self.org, fiscal_year=2568, scores=scores, reported={}, user=None, source="test")
        self.assertEqual(list(self.folder.glob("*.png")), [])
        out = io.StringIO()
        call_command("ita-charts", str(self.org.pk), "2568", stdout=out)
        self.assertEqual(out.getvalue().strip(), "1")  # one report's charts
        self.assertEqual(len(list(self.folder.glob("*.png"))), 11)
