"""gunicorn settings for `prongsai serve` and production (`gunicorn -c python:prongsai.gunicorn_conf prongsai.wsgi`).

The access log deliberately leaves out the client address, user agent and
referrer: the anonymous reporting pages must leave no trace of who visited,
and no other page needs them. For those pages it writes no line at all: the
second of a visit would date a case that keeps only its day (core/quietlog.py).
"""

import os
import secrets
import sys
from typing import Any

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = 60
# Memory (issue 11 §8; figures in benchmarks/RESULTS.md). The master loads Django, the apps and every view
# before it forks (preload_app, then gc.freeze in when_ready), so the workers share those pages instead of
# each importing its own copy (with preload, a HUP does not reload the code: restart to deploy). The document
# libraries (matplotlib, WeasyPrint, python-docx, openpyxl) stay out of it: a worker imports them when it
# first makes a report, and keeps them and what the layout left in its heap until it is replaced. After
# max_requests requests (± jitter, so the workers do not all go at once) a worker finishes the requests it
# has and exits, and the master forks a fresh one. The trade-off: the next report in a fresh worker pays the
# imports again (about a second of CPU), and a worker that only served pages is replaced for nothing (a fork).
preload_app = os.environ.get("WEB_PRELOAD", "1") != "0"
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))  # 0: never recycled
max_requests_jitter = max_requests // 10
# A worker that has made a document (WeasyPrint, python-docx, matplotlib or openpyxl loaded: the master never
# loads them, core/tests/test_memory.py) is replaced as soon as the request is answered (post_request below),
# so the ~80 MB they take leave with it instead of staying until max_requests; the next document pays the
# imports again (about a second of CPU), which a clerk's few downloads a day can afford. 0: keep it.
recycle_after_documents = os.environ.get("WEB_RECYCLE_AFTER_DOCUMENTS", "1") != "0"
DOCUMENT_LIBRARIES = ("weasyprint", "docx", "matplotlib", "openpyxl")
accesslog = "-"
logger_class = "prongsai.core.quietlog.AccessLogger"  # no access line for the reporting pages
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# gunicorn's control socket lives in $HOME and would clash between installations on one machine.
control_socket_disable = True
# The seed of the complaint throttle's window keys (complaints/receipts.py): made here, in the master,
# so that every forked worker agrees on it, and kept nowhere but in these processes' memory.
os.environ.setdefault("PRONGSAI_THROTTLE_SEED", secrets.token_hex(32))


def on_starting(server: Any) -> None:
    """Refuse the public development key when gunicorn listens beyond loopback (``--bind 0.0.0.0:8000``)."""
    from prongsai.core.exposure import DEV_SECRET_KEY, development_key_exposure, refusal

    if os.environ.get("SECRET_KEY", DEV_SECRET_KEY) == DEV_SECRET_KEY:
        reason = development_key_exposure(site_host="localhost", allowed_hosts=[], binds=list(server.cfg.bind))
        if reason:
            raise SystemExit(refusal(reason))


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    """Replace a worker that has loaded the document libraries (see ``recycle_after_documents``)."""
    if recycle_after_documents and worker.alive and any(name in sys.modules for name in DOCUMENT_LIBRARIES):
        worker.log.info("Replacing worker %s: it made a document (WEB_RECYCLE_AFTER_DOCUMENTS)", os.getpid())
        worker.alive = False  # as gunicorn's own max_requests: finish what is in hand, then exit


def when_ready(server: Any) -> None:
    """With preload_app: import every view in the master, then freeze its objects so the workers share them.

    gc.freeze() moves what the master holds out of the collector's reach: the workers' collections then do
    not touch (and copy) those pages.
    """
    if not server.cfg.preload_app:
        return
    import gc

    from django.urls import get_resolver

    def walk(patterns: Any) -> None:
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
            else:
                pattern.callback  # noqa: B018 (imports the view module)

    walk(get_resolver().url_patterns)
    from django.db import connections

    connections.close_all()  # nothing the workers could share by mistake
    gc.collect()
    gc.freeze()
