"""`prongsai oit-audit --org SLUG --year YYYY [--json]`: audit every OIT item of a year and store the run.

Exit status: 0 when no item has any defect (``not_published`` included: the year's
disclosure is complete and public), 1 when any item has one or the audit failed,
2 on a usage error (unknown organisation, a year without an ITA framework, bad options).
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any, TextIO

from django.utils.translation import gettext as _

from prongsai.core.commands import MainCommand
from prongsai.disclosure.audits import run_oit_audit, start_audit, summary
from prongsai.disclosure.details import detail_text
from prongsai.disclosure.models import OitAudit, OitAuditItem, OitItem
from prongsai.disclosure.selectors import audit_diff
from prongsai.ita.framework import get_framework
from prongsai.orgs.models import Organisation

# The argument parser that returns instead of exiting, and the option types, are link-audit's.
link_audit = importlib.import_module("prongsai.disclosure.management.commands.link-audit")

PROG = "prongsai oit-audit"


def build_parser(stdout: TextIO, stderr: TextIO) -> Any:
    parser = link_audit._Parser(
        stdout=stdout,
        stderr=stderr,
        prog=PROG,
        description="Audit every OIT item of an organisation's fiscal year (links, hosting, periods, "
        "components) and store the run.",
    )
    parser.add_argument("--org", required=True, metavar="SLUG", help="the organisation's slug")
    parser.add_argument("--year", required=True, type=int, metavar="YYYY", help="the fiscal year (BE), e.g. 2568")
    parser.add_argument("--concurrency", type=link_audit._positive, default=8, help="requests at once (default 8)")
    parser.add_argument(
        "--per-host", type=link_audit._positive, default=2, help="requests at once per host (default 2)"
    )
    parser.add_argument(
        "--timeout", type=link_audit._seconds, default=15.0, help="seconds per request phase (default 15)"
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="host that may resolve to a local/private address (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON object instead of a table")
    return parser


def _owner(row: OitAuditItem) -> str:
    return " / ".join(part for part in (row.unit_name, row.officer_name) if part) or "-"


def _state(state: str) -> str:
    try:
        return str(OitItem.State(state).label)
    except ValueError:
        return state


def _table(audit: OitAudit, rows: list[OitAuditItem], new: int, fixed: int, out: TextIO) -> None:
    heads = (_("ITEM"), _("STATE"), _("HEALTH"), _("OWNER"), _("DEFECTS"))
    lines = [
        (r.code, _state(r.state), str(r.health), _owner(r), ", ".join(d["category"] for d in r.defects) or "-")
        for r in rows
    ]
    widths = [
        max(len(head), *(len(line[i]) for line in lines)) if lines else len(head) for i, head in enumerate(heads[:4])
    ]
    for line in [heads, *lines]:
        out.write("  ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(line)).rstrip() + "\n")
    details = [(r.code, d) for r in rows for d in r.defects if d["category"] != "not_published"]
    if details:
        out.write("\n" + _("Defects:") + "\n")
        for code, d in details:
            where = d.get("url") or d.get("document") or ""
            out.write(f"  {code}  {d['category']}  {where}  {detail_text(d.get('detail', ''))}".rstrip() + "\n")
    out.write("\n")
    out.write(
        _("Health %(health)s of 100 over %(items)s items (audit %(id)s).")
        % {"health": audit.health if audit.health is not None else "-", "items": len(rows), "id": audit.pk}
        + "\n"
    )
    out.write(_("New defects since the last audit: %(new)s; fixed: %(fixed)s.") % {"new": new, "fixed": fixed} + "\n")


def main(argv: list[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the audit from command-line arguments; return the exit status."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser(out, err)
    try:
        args = parser.parse_args(sys.argv[2:] if argv is None else argv)
    except link_audit._Exit as exc:
        return int(exc.code)
    org = Organisation.objects.filter(slug=args.org).first()
    if org is None:
        err.write(
            f"{PROG}: "
            + _("error: no organisation with the slug %(slug)s (create it with: prongsai org-create)")
            % {"slug": args.org}
            + "\n"
        )
        return 2
    if get_framework(args.year) is None:
        err.write(
            f"{PROG}: "
            + _("error: no ITA framework for fiscal year %(year)s (load it with: prongsai ita-framework-load)")
            % {"year": args.year}
            + "\n"
        )
        return 2

    show_progress = err.isatty()

    def progress(done: int, total: int) -> None:
        err.write(f"\r[{done}/{total}]")
        err.flush()

    audit = start_audit(org, args.year, trigger=OitAudit.Trigger.COMMAND)
    try:
        run_oit_audit(
            audit,
            concurrency=args.concurrency,
            per_host=args.per_host,
            timeout=args.timeout,
            allow_hosts=args.allow_host,
            progress=progress if show_progress else None,
        )
    except Exception as exc:
        err.write(f"{PROG}: " + _("the audit failed: %(error)s") % {"error": exc} + "\n")
        return 1
    finally:
        if show_progress:
            err.write("\n")
    rows = summary(audit).items
    diff = audit_diff(audit)
    if args.json:
        data = {
            "audit_id": audit.pk,
            "organisation": org.slug,
            "fiscal_year": audit.fiscal_year,
            "health": audit.health,
            "items": [
                {
                    "code": r.code,
                    "state": r.state,
                    "health": r.health,
                    "unit": r.unit_name,
                    "officer": r.officer_name,
                    "checks": r.checks,
                    "defects": r.defects,
                }
                for r in rows
            ],
            "new_defects": [{"code": code, **defect} for code, defect in diff.new],
            "fixed_defects": [{"code": code, **defect} for code, defect in diff.fixed],
        }
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _table(audit, rows, len(diff.new), len(diff.fixed), out)
    return 1 if any(r.defects for r in rows) else 0


class Command(MainCommand):
    help = (
        "Audit every OIT item of an organisation's fiscal year and store the run; "
        "exit 0 when no item has a defect, 1 otherwise, 2 on usage errors."
    )

    main = staticmethod(main)
