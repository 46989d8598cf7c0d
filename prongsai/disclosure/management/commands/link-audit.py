"""`prongsai link-audit URL … [--crawl] [--json]`: check links and report broken ones.

Exit status: 0 when every link is ok, 1 when any is not, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any, NoReturn, TextIO
from urllib.parse import urlsplit

from prongsai.core.commands import MainCommand
from prongsai.disclosure.auditor import CATEGORIES, LinkResult, run_audit

PROG = "prongsai link-audit"


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that writes to the given streams and returns instead of exiting."""

    def __init__(self, *, stdout: TextIO, stderr: TextIO, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._out = stdout
        self._err = stderr

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (self._out if file is None or file is sys.stdout else self._err).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._err.write(message)
        raise _Exit(status)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def build_parser(stdout: TextIO, stderr: TextIO) -> _Parser:
    parser = _Parser(
        stdout=stdout,
        stderr=stderr,
        prog=PROG,
        description="Check links: each distinct URL is fetched once and put in one category.",
    )
    parser.add_argument("urls", nargs="*", metavar="URL", help="http(s) URLs to check (start pages with --crawl)")
    parser.add_argument("--crawl", action="store_true", help="also check the links of same-host HTML pages")
    parser.add_argument("--max-depth", type=_non_negative, default=2, help="crawl depth (default 2)")
    parser.add_argument("--max-pages", type=_positive, default=100, help="pages to parse when crawling (default 100)")
    parser.add_argument("--concurrency", type=_positive, default=8, help="requests at once (default 8)")
    parser.add_argument("--per-host", type=_positive, default=2, help="requests at once per host (default 2)")
    parser.add_argument("--timeout", type=_seconds, default=10.0, help="seconds per request phase (default 10)")
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="host that may resolve to a local/private address (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    return parser


def _table(results: list[LinkResult], out: TextIO) -> None:
    url_width = min(70, max([len("URL"), *(len(r.url) for r in results)]))
    cat_width = max(len(c) for c in CATEGORIES)
    out.write(f"{'URL':<{url_width}}  {'CATEGORY':<{cat_width}}  STATUS  DETAIL\n")
    for r in results:
        url = r.url if len(r.url) <= url_width else r.url[: url_width - 1] + "…"
        status = "-" if r.http_status is None else str(r.http_status)
        out.write(f"{url:<{url_width}}  {r.category:<{cat_width}}  {status:<6}  {r.detail}\n")
    counts = Counter(r.category for r in results)
    out.write(f"\n{len(results)} link(s) checked\n")
    for category in CATEGORIES:
        if counts[category]:
            out.write(f"  {category}: {counts[category]}\n")


def main(argv: list[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the audit from command-line arguments; return the exit status."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser(out, err)
    try:
        args = parser.parse_args(sys.argv[2:] if argv is None else argv)
    except _Exit as exc:
        return exc.code
    if not args.urls:
        err.write(f"{PROG}: error: give at least one URL\n")
        return 2
    for url in args.urls:
        parts = urlsplit(url)
        if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
            err.write(f"{PROG}: error: not an http(s) URL: {url}\n")
            return 2

    show_progress = err.isatty()

    def progress(done: int, total: int, result: LinkResult) -> None:
        err.write(f"\r[{done}/{total}] {result.category:<18} {result.url[:60]:<60}")
        err.flush()

    results = run_audit(
        args.urls,
        crawl=args.crawl,
        max_depth=args.max_depth,
        max_pages=args.max_pages,
        concurrency=args.concurrency,
        per_host=args.per_host,
        timeout=args.timeout,
        allow_hosts=args.allow_host,
        progress=progress if show_progress else None,
    )
    if show_progress:
        err.write("\n")
    if args.json:
        json.dump([r.as_dict() for r in results], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _table(results, out)
    return 0 if all(r.category == "ok" for r in results) else 1


class Command(MainCommand):
    help = "Check links (optionally crawling same-host pages); exit 0 when all are ok, 1 otherwise, 2 on usage errors."

    main = staticmethod(main)
