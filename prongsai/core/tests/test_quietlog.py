"""No log line keeps the time of a visit to the anonymous reporting pages (issue 11 §7)."""

from __future__ import annotations

import io
import logging
import re
import runpy
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from django.test import TestCase
from gunicorn.config import Config

from prongsai.core.quietlog import AccessLogger, ReportingDayFilter

CONF = Path(__file__).parents[2] / "gunicorn_conf.py"


def gunicorn_access_lines(paths: list[str]) -> list[str]:
    """What gunicorn, configured by prongsai/gunicorn_conf.py, writes to its access log for GETs of ``paths``."""
    cfg = Config()
    for name, value in runpy.run_path(str(CONF)).items():
        if name in cfg.settings:
            cfg.set(name, value)
    log = cfg.logger_class(cfg)
    assert isinstance(log, AccessLogger)
    stream = io.StringIO()
    for handler in log.access_log.handlers:
        handler.setStream(stream)
    for path in paths:
        environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path, "SERVER_PROTOCOL": "HTTP/1.1"}
        response = SimpleNamespace(status="200 OK", sent=10, headers=[])
        log.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3))
    for handler in log.access_log.handlers:
        handler.setStream(sys.stdout)
    return stream.getvalue().splitlines()


class AccessLogTests(TestCase):
    def test_gunicorn_writes_no_access_line_for_the_reporting_pages(self) -> None:
        lines = gunicorn_access_lines(
            [
                "/healthz",
                "/pho-nong/complaints/",
                "/pho-nong/complaints/new/",
                "/pho-nong/complaints/receipt/",
                "/pho-nong/complaints/case/",
                "/pho-nong/staff/complaints/",
            ]
        )
        self.assertEqual(len(lines), 2, lines)
        self.assertIn('"GET /healthz"', lines[0])
        self.assertIn('"GET /pho-nong/staff/complaints/"', lines[1])  # the recipients' pages are logged
        self.assertFalse([line for line in lines if "/pho-nong/complaints/" in line])


class DayOnlyTests(TestCase):
    def _record(self, name: str, message: str, request: object = None) -> logging.LogRecord:
        record = logging.LogRecord(name, logging.WARNING, __file__, 1, message, None, None)
        record.created = 1_790_000_000.123  # some afternoon in 2026
        record.msecs = 123.0
        if request is not None:
            record.request = request
        return record

    def test_a_record_about_the_reporting_pages_keeps_its_day_only(self) -> None:
        day_only = ReportingDayFilter()
        about = [
            self._record("django.request", "Not Found: %s", SimpleNamespace(path_info="/pho-nong/complaints/x/")),
            self._record("prongsai.complaints.tasks", "notified"),
            self._record("huey", "Executing prongsai.complaints.tasks.notify_new_case: 5f2c"),
        ]
        other = [
            self._record("django.request", "Not Found", SimpleNamespace(path_info="/pho-nong/staff/complaints/")),
            self._record("huey", "Executing prongsai.ita.tasks.draw_report_charts_task: 5f2c"),
        ]
        for record in about + other:
            self.assertTrue(day_only.filter(record))  # every record is still logged
        for record in about:
            when = logging.Formatter("%(asctime)s").format(record)
            self.assertTrue(when.endswith("00:00:00,000"), (record.name, when))
        self.assertEqual([r.created for r in other], [1_790_000_000.123] * 2)

    def test_a_traceback_through_the_complaints_app_keeps_its_day_only(self) -> None:
        code = compile("raise RuntimeError('boom')", "/srv/prongsai/complaints/tasks.py", "exec")
        try:
            exec(code, {})  # noqa: S102 (a traceback whose frame is in the complaints app)
        except RuntimeError:
            record = self._record("huey", "Unhandled exception in task %s.")
            record.exc_info = sys.exc_info()
        ReportingDayFilter().filter(record)
        self.assertTrue(logging.Formatter().formatTime(record).endswith("00:00:00,000"))

    def test_the_console_log_of_a_reporting_page_shows_midnight(self) -> None:
        console = next(
            h for h in logging.getLogger().handlers if any(isinstance(f, ReportingDayFilter) for f in h.filters)
        )
        assert isinstance(console, logging.StreamHandler)
        stream = io.StringIO()
        previous = console.setStream(stream)
        try:
            self.client.get("/no-such-org/complaints/no-such-page/")
            self.client.get("/no-such-org/staff/no-such-page/")
        finally:
            console.setStream(previous)
        lines = stream.getvalue().splitlines()
        reporting = [line for line in lines if "/no-such-org/complaints/" in line]
        staff = [line for line in lines if "/no-such-org/staff/" in line]
        self.assertTrue(reporting and staff, lines)
        self.assertTrue(all(re.search(r" 00:00:00,000 ", line) for line in reporting), reporting)
        self.assertFalse(any(re.search(r" 00:00:00,000 ", line) for line in staff), staff)
