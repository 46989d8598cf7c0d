"""The OIT audit pages (run, follow, cancel, read an audit) and the monthly status report download."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.core.uploads import safe_download_response
from prongsai.core.views import signed_in_user
from prongsai.disclosure import selectors, services
from prongsai.disclosure.models import OitAudit
from prongsai.disclosure.views import _year_or_404, report_file_name
from prongsai.orgs.access import ORG_ADMINS, get_org_for_user
from prongsai.orgs.views import staff_context


@login_required
@require_http_methods(["GET", "POST"])
def audits(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    """The stored audits of the year; POST starts one (executives and the coordinator)."""
    from prongsai.disclosure import audits as audit_service

    org = get_org_for_user(request, org_slug, roles=ORG_ADMINS if request.method == "POST" else None)
    _year_or_404(year)
    if request.method == "POST":
        services.ensure_items(org, year)
        audit = audit_service.start_web_audit(org, year, by=signed_in_user(request))
        return redirect("disclosure:audit", org_slug=org.slug, year=year, audit_id=audit.pk)
    runs = OitAudit.objects.filter(organisation=org, fiscal_year=year).select_related("by")[:50]
    return render(request, "disclosure/audits.html", staff_context(request, org, year=year, runs=runs))


def _audit_for_user(request: HttpRequest, org_slug: str, year: int, audit_id: int) -> OitAudit:
    org = get_org_for_user(request, org_slug)
    return get_object_or_404(OitAudit, pk=audit_id, organisation=org, fiscal_year=year)


@login_required
@require_GET
def audit(request: HttpRequest, org_slug: str, year: int, audit_id: int) -> HttpResponse:
    run = _audit_for_user(request, org_slug, year, audit_id)
    results = list(run.items.select_related("item")) if run.status == OitAudit.Status.DONE else []
    diff = selectors.audit_diff(run) if run.status == OitAudit.Status.DONE else None
    context = staff_context(
        request, run.organisation, year=year, run=run, results=results, diff=diff, labels=_defect_labels()
    )
    context["poll_ms"] = round(settings.OIT_AUDIT_POLL_SECONDS * 1000)
    return render(request, "disclosure/audit.html", context)


@login_required
@require_POST
def audit_cancel(request: HttpRequest, org_slug: str, year: int, audit_id: int) -> HttpResponse:
    """Stop a queued or running audit (executives and the coordinator, who may start one)."""
    from prongsai.disclosure import audits as audit_service

    org = get_org_for_user(request, org_slug, roles=ORG_ADMINS)
    run = get_object_or_404(OitAudit, pk=audit_id, organisation=org, fiscal_year=year)
    if audit_service.cancel_audit(run, by=signed_in_user(request)):
        messages.success(request, _("The audit was cancelled."))
    else:
        messages.info(request, _("The audit had already ended."))
    return redirect("disclosure:audit", org_slug=org.slug, year=year, audit_id=run.pk)


@login_required
@require_GET
def audit_progress(request: HttpRequest, org_slug: str, year: int, audit_id: int) -> JsonResponse:
    """The state of a running audit, polled by the audit page."""
    run = _audit_for_user(request, org_slug, year, audit_id)
    response = JsonResponse(
        {
            "status": run.status,
            "done": run.links_done,
            "total": run.links_total,
            "finished": run.status in (OitAudit.Status.DONE, OitAudit.Status.FAILED),
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def _defect_labels() -> dict[str, str]:
    from prongsai.disclosure.reports import DEFECT_LABELS

    return {k: str(v) for k, v in DEFECT_LABELS.items()}


@login_required
@require_GET
def report(request: HttpRequest, org_slug: str, year: int, month: str, ext: str) -> HttpResponse:
    """The monthly status report to the executives (DOCX or PDF)."""
    from prongsai.disclosure import reports

    org = get_org_for_user(request, org_slug)
    _year_or_404(year)
    if ext not in ("docx", "pdf"):
        raise Http404("No such format")
    try:
        first = reports.parse_month(month)
    except ValueError as exc:
        raise Http404("No such month") from exc
    thai_digits = request.GET.get("digits") != "arabic"
    content = reports.render_monthly(org, year, ext, month=first, thai_digits=thai_digits)
    content_type = (
        "application/pdf" if ext == "pdf" else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return safe_download_response(
        content, filename=report_file_name(org, year, first, ext, thai_digits=thai_digits), content_type=content_type
    )
