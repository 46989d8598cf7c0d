"""The auditor's defect details in the reader's language.

The link auditor (``auditor.py``) and the item checks (``periods.py``) run without Django's translation
machinery (``prongsai link-audit`` starts without loading the apps), so they store their details in
plain English: "name resolution failed: …", "www.example.com is not the organisation's website (…)".
:func:`detail_text` translates a stored detail when it is shown; the technical part (an error
message of the operating system, a URL) is kept as it is. Details it does not know are shown unchanged
(e.g. those written by ``audits.py``, already translated when they were stored).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _redirects(m: re.Match[str]) -> str:
    hops = int(m["hops"])
    return ngettext("HTTP %(status)s after %(hops)s redirect", "HTTP %(status)s after %(hops)s redirects", hops) % {
        "status": m["status"],
        "hops": hops,
    }


def _status(m: re.Match[str]) -> str:
    meanings = {
        "400": _("bad request"),
        "401": _("sign-in required"),
        "403": _("access forbidden"),
        "404": _("page not found"),
        "410": _("removed"),
        "429": _("too many requests"),
        "500": _("server error"),
        "502": _("server error"),
        "503": _("service unavailable"),
        "504": _("server error"),
    }
    meaning = meanings.get(m["status"], m["reason"] or "")
    if not meaning:
        return f"HTTP {m['status']}"
    return _("HTTP %(status)s (%(meaning)s)") % {"status": m["status"], "meaning": meaning}


_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^name resolution failed: (?P<message>.*)$", re.S),
        lambda m: _("the name of the website could not be found (%(message)s)") % {"message": m["message"]},
    ),
    (
        re.compile(r"^no answer in time \((?P<error>\w+)\)$"),
        lambda m: _("no answer in time (%(error)s)") % {"error": m["error"]},
    ),
    (
        re.compile(r"^more than (?P<n>\d+) redirects \(stopped at (?P<url>.*)\)$"),
        lambda m: _("more than %(n)s redirects (stopped at %(url)s)") % {"n": m["n"], "url": m["url"]},
    ),
    (re.compile(r"^HTTP (?P<status>\d{3}) after (?P<hops>\d+) redirect\(s\)$"), _redirects),
    (re.compile(r"^HTTP (?P<status>\d{3})(?: (?P<reason>[^;]*))?$"), _status),
    (
        re.compile(r"^(?P<host>\S+) is not the organisation's website \((?P<sites>.*)\)$"),
        lambda m: (
            _("%(host)s is not the organisation's website (%(sites)s)") % {"host": m["host"], "sites": m["sites"]}
        ),
    ),
    (
        re.compile(r"^the document names fiscal year (?P<named>\d+); the item requires (?P<needed>\d+) or later$"),
        lambda m: (
            _("the document names fiscal year %(named)s; the item requires %(needed)s or later")
            % {"named": m["named"], "needed": m["needed"]}
        ),
    ),
    (
        re.compile(r"^ends at a sign-in or permission page: (?P<url>.*)$"),
        lambda m: _("ends at a sign-in or permission page: %(url)s") % {"url": m["url"]},
    ),
    (
        re.compile(r"^the page asks for a password \(sign-in form\)$"),
        lambda m: _("the page asks for a password (sign-in form)"),
    ),
    (
        re.compile(r"^sign-in or access request page \((?P<words>.*)\)$"),
        lambda m: _("sign-in or access request page (%(words)s)") % {"words": m["words"]},
    ),
    (
        re.compile(r"^HTTP (?P<status>\d{3}) but the page says (?P<words>.*)$"),
        lambda m: _("HTTP %(status)s but the page says %(words)s") % {"status": m["status"], "words": m["words"]},
    ),
    (re.compile(r"^0 bytes( \(Content-Length: 0\))?$"), lambda m: _("an empty file (0 bytes)")),
    (
        re.compile(r"^HTML with only (?P<n>\d+) characters of visible text$"),
        lambda m: _("a web page with only %(n)s characters of visible text") % {"n": m["n"]},
    ),
    (
        re.compile(r"^PDF of (?P<n>\d+) bytes without a page$"),
        lambda m: _("a PDF of %(n)s bytes without a page") % {"n": m["n"]},
    ),
    (
        re.compile(r"^redirect loop back to (?P<url>.*)$"),
        lambda m: _("redirect loop back to %(url)s") % {"url": m["url"]},
    ),
    (
        re.compile(r"^redirects to a non-http\(s\) URL: (?P<url>.*)$"),
        lambda m: _("redirects to an address that is not http(s): %(url)s") % {"url": m["url"]},
    ),
    (
        re.compile(r"^redirects to a sign-in page: (?P<url>.*)$"),
        lambda m: _("redirects to a sign-in page: %(url)s") % {"url": m["url"]},
    ),
    (
        re.compile(r"^not an absolute http\(s\) URL, not fetched$"),
        lambda m: _("not a full http(s) address, not checked"),
    ),
    (
        re.compile(r"^(?P<scheme>[\w+.-]+): link, not fetched$"),
        lambda m: _("a %(scheme)s: link, not checked") % {"scheme": m["scheme"]},
    ),
    (
        re.compile(
            r"^Outgoing HTTP to '(?P<host>[^']*)' refused: it resolves to (?P<address>\S+), a (?P<kind>[\w -]+?) address\b.*$"
        ),
        lambda m: (
            _("not checked: %(host)s is a %(kind)s address (%(address)s), not a public website")
            % {"host": m["host"], "kind": m["kind"], "address": m["address"]}
        ),
    ),
    (
        re.compile(r"^(?P<error>\w+(Error|Exception|Timeout)): (?P<message>.*)$", re.S),
        lambda m: _("the connection failed (%(error)s: %(message)s)") % {"error": m["error"], "message": m["message"]},
    ),
]


def detail_text(detail: str) -> str:
    """``detail`` as stored by the auditor, in the active language."""
    text = (detail or "").strip()
    for pattern, translate in _PATTERNS:
        match = pattern.match(text)
        if match:
            return translate(match)
    return text
