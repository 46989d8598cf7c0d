"""Logs that keep no time of a visit to the anonymous reporting pages (issue 11 §7).

A case keeps only the day it was received (``received_on``); a log line with the second of a visit to
``/<slug>/complaints/…`` would give the rest back, and joined with a proxy's access log by that second, the
reporter's address. So:

- :class:`AccessLogger` (gunicorn's ``logger_class``) writes no access line for those pages at all (a line
  with the day only would still sit between timed lines);
- :class:`ReportingDayFilter` (on the console handler of ``settings.LOGGING``) moves the time of any record
  about them to the start of its day: Django's request warnings and tracebacks (the record carries the
  request), the complaints app's own lines, huey's lines about the complaint tasks (the message names
  ``prongsai.complaints.tasks``) and any traceback through ``prongsai/complaints/``.
  The error is still logged; its time reads 00:00:00 of the day.

No Django import at module level: gunicorn's master loads this before the application.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from gunicorn.glogging import Logger

__all__ = ["REPORTING_PATH", "AccessLogger", "ReportingDayFilter", "is_reporting_path"]

# The public complaint pages (the recipients' pages live under /<slug>/staff/complaints/), and the e-Feedback
# answer pages /<slug>/f/… (services/feedback.py): a line with a ticket's token and an address would name who answered.
REPORTING_PATH = re.compile(r"^/[^/]+/(complaints|f)(/|$)")
_REPORTING_TASKS = "prongsai.complaints."
_REPORTING_FILES = "/prongsai/complaints/"


def is_reporting_path(path: str) -> bool:
    """Whether ``path`` (a URL path, no query) is one of the anonymous reporting pages."""
    return bool(REPORTING_PATH.match(path))


class AccessLogger(Logger):
    """gunicorn's logger, without access lines for the reporting pages."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if is_reporting_path(environ.get("PATH_INFO") or ""):
            return
        super().access(resp, req, environ, request_time)


def _about_reporting(record: logging.LogRecord) -> bool:
    request = getattr(record, "request", None)
    path = getattr(request, "path_info", None) or getattr(request, "path", None)
    if isinstance(path, str) and is_reporting_path(path):
        return True
    if record.name.startswith("prongsai.complaints"):
        return True
    if record.name.startswith("huey"):
        try:
            if _REPORTING_TASKS in record.getMessage():
                return True
        except Exception:  # a record whose arguments do not fit its message: not ours to judge
            return False
    # "Unhandled exception in task <id>" names no task: the traceback tells where it came from.
    traceback = record.exc_info[2] if record.exc_info else None
    while traceback is not None:
        if _REPORTING_FILES in traceback.tb_frame.f_code.co_filename.replace("\\", "/"):
            return True
        traceback = traceback.tb_next
    return False


class ReportingDayFilter(logging.Filter):
    """Keeps every record, but gives one about the reporting pages or the complaint tasks its day only."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _about_reporting(record):
            day = time.localtime(record.created)
            record.created = time.mktime((day.tm_year, day.tm_mon, day.tm_mday, 0, 0, 0, 0, 0, -1))
            record.msecs = 0.0
            record.relativeCreated = 0.0
        return True
