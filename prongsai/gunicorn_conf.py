"""gunicorn settings for `prongsai serve` and production (`gunicorn -c python:prongsai.gunicorn_conf prongsai.wsgi`).

The access log deliberately leaves out the client address, user agent and
referrer: the anonymous reporting pages must leave no trace of who visited,
and no other page needs them.
"""

import os
import secrets
from typing import Any

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = 60
accesslog = "-"
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
