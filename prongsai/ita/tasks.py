"""Background work of the ITA module: the report's charts, drawn when the results change, and their pruning."""

from __future__ import annotations

import logging
import subprocess
import sys

from django.utils import translation
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from prongsai.ita.models import ItaResult
from prongsai.orgs.models import Organisation

log = logging.getLogger(__name__)


def draw_report_charts(org_id: int, fiscal_year: int) -> int:
    """Draw and store the charts of the reports of ``fiscal_year`` and every later year with results.

    A year's scores appear in the charts of its own report and of the later ones (their history). The
    charts are stored by their inputs (``ita/charts.py``), so the next download of any of those reports,
    in the web process, finds them drawn. Returns the number of reports whose charts were drawn.
    """
    from prongsai.ita.report_view import build_view
    from prongsai.ita.selectors import report_data

    org = Organisation.objects.filter(pk=org_id).first()
    if org is None:
        return 0
    years = ItaResult.objects.filter(organisation=org, fiscal_year__gte=fiscal_year).values_list(
        "fiscal_year", flat=True
    )
    drawn = 0
    with translation.override("th"):
        for year in sorted(set(years)):
            data = report_data(org, year)  # Thai digits: what a download gives by default
            if data is not None:
                build_view(data, thai_digits=True, charts=True)
                drawn += 1
    log.info("ITA charts of %s from FY%s drawn for %s report(s)", org.slug, fiscal_year, drawn)
    return drawn


def draw_report_charts_in_child(org_id: int, fiscal_year: int) -> int:
    """:func:`draw_report_charts` in a child process (``prongsai ita-charts``), so that the worker stays small.

    matplotlib and numpy (~55 MB) and the drawing's memory go with the child; the charts are stored on disk,
    where the web processes look for them. The child loads the settings from the same environment.
    """
    done = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-m", "prongsai", "ita-charts", str(org_id), str(fiscal_year)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"prongsai ita-charts {org_id} {fiscal_year} failed: {done.stderr[-2000:]}")
    return int(done.stdout.split()[-1])


@db_task()
def draw_report_charts_task(org_id: int, fiscal_year: int) -> int:
    if HUEY.immediate:  # tests and setups without a worker: in this process, within its database
        return draw_report_charts(org_id, fiscal_year)
    return draw_report_charts_in_child(org_id, fiscal_year)


@db_periodic_task(crontab(hour="20", minute="30"))  # 03:30 Asia/Bangkok
def prune_stored_charts() -> int:
    """Stored charts unused for half a year are removed (a download draws them again)."""
    from prongsai.ita.charts import prune_chart_store

    removed = prune_chart_store()
    log.info("ITA charts: %s unused stored chart(s) removed", removed)
    return removed
