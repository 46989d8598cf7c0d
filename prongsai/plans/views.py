from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.core import history_text
from prongsai.core.publiccache import cached_public_page
from prongsai.core.thai import fiscal_year, fiscal_year_bounds, local_today
from prongsai.core.views import public, signed_in_user
from prongsai.orgs.access import ORG_ADMINS, get_org_for_user
from prongsai.orgs.models import Organisation
from prongsai.orgs.views import staff_context
from prongsai.plans import selectors, services
from prongsai.plans.access import (
    can_edit_activity,
    can_manage_row,
    can_update_progress,
    get_activity_for_user,
    get_evidence_for_user,
    get_row_for_manager,
)
from prongsai.plans.forms import ActivityForm, EvidenceForm, ProgressForm
from prongsai.plans.models import Activity


def _form_errors(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
@require_GET
def index(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    if not selectors.plan_years(org):
        return render(request, "plans/empty.html", staff_context(request, org))
    # The current fiscal year, as every page; its overview points to the latest plan when it has none.
    return redirect("plans:overview", org_slug=org.slug, year=fiscal_year(local_today()))


@login_required
@require_GET
def overview(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    from prongsai.disclosure.feeds import target
    from prongsai.plans import oit as plan_oit

    org = get_org_for_user(request, org_slug)
    unit_id = int(request.GET["unit"]) if request.GET.get("unit", "").isdigit() else None
    indicator = int(request.GET["indicator"]) if request.GET.get("indicator", "").isdigit() else None
    data = selectors.overview(org, year, unit_id=unit_id, indicator=indicator)
    manageable = {r["row"].pk for g in data.indicators for r in g.rows if can_manage_row(request.user, r["row"])}
    context = staff_context(
        request,
        org,
        year=year,
        data=data,
        manageable=manageable,
        units=org.units.all(),
        unit_id=unit_id,
        indicator=indicator,
        statuses=Activity.Status.choices,
        years=selectors.plan_years(org),
        oit=[target(plan_oit.key(period), year, org=org, user=request.user) for period in (6, 12)],
    )
    return render(request, "plans/overview.html", context)


@login_required
@require_GET
def my_work(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    sections = selectors.my_work(org, signed_in_user(request))
    return render(request, "plans/my_work.html", staff_context(request, org, sections=sections, today=local_today()))


@login_required
@require_http_methods(["GET", "POST"])
def activity_add(request: HttpRequest, org_slug: str, row_id: int) -> HttpResponse:
    row = get_row_for_manager(request, org_slug, row_id)
    org = row.organisation
    start, end = fiscal_year_bounds(row.fiscal_year + 1)
    first_unit = row.units.first()
    form = ActivityForm(
        request.POST or None,
        organisation=org,
        initial={"start": max(start, min(local_today(), end)), "due": end, "unit": first_unit},
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "owners"}
        try:
            activity = services.activity_create(
                row=row, fields=fields, owners=form.cleaned_data["owners"], by=signed_in_user(request)
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The activity was added."))
            return redirect("plans:activity", org_slug=org.slug, activity_id=activity.pk)
    return render(
        request, "plans/activity_form.html", staff_context(request, org, form=form, row=row, year=row.fiscal_year + 1)
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity(request: HttpRequest, org_slug: str, activity_id: int) -> HttpResponse:
    act = get_activity_for_user(request, org_slug, activity_id, progress=request.method == "POST")
    org = act.organisation
    full = can_edit_activity(request.user, act)
    form_class = ActivityForm if full else ProgressForm
    kwargs: dict[str, Any] = {"organisation": org} if full else {}
    form = form_class(request.POST or None, instance=act, **kwargs) if can_update_progress(request.user, act) else None
    if request.method == "POST" and form is not None and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "owners"}
        try:
            services.activity_update(
                activity=act,
                fields=fields,
                owners=form.cleaned_data.get("owners") if full else None,
                by=signed_in_user(request),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("plans:activity", org_slug=org.slug, activity_id=act.pk)
    context = staff_context(
        request,
        org,
        act=act,
        form=form,
        evidence_form=EvidenceForm() if can_update_progress(request.user, act) else None,
        evidence=act.evidence.select_related("added_by"),
        history=history_text.history(act, limit=50),
        year=act.plan_year,
        overdue=selectors.is_overdue(act, local_today()),
    )
    return render(request, "plans/activity.html", context)


@login_required
@require_POST
def evidence_add(request: HttpRequest, org_slug: str, activity_id: int) -> HttpResponse:
    act = get_activity_for_user(request, org_slug, activity_id, progress=True)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        clean = d.get("clean_file")
        services.evidence_add(
            activity=act,
            kind=d["kind"],
            caption=d["caption"],
            when=d["date"],
            by=signed_in_user(request),
            content=clean.content if clean else None,
            file_name=clean.name if clean else "",
            content_type=clean.content_type if clean else "",
            sha256=clean.sha256 if clean else "",
            url=d.get("url") or "",
            note=d.get("note") or "",
        )
        messages.success(request, _("The evidence was added."))
        return redirect("plans:activity", org_slug=org_slug, activity_id=act.pk)
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {error}".lstrip(": "))
    return redirect("plans:activity", org_slug=org_slug, activity_id=act.pk)


@login_required
@require_GET
def evidence_file(request: HttpRequest, org_slug: str, evidence_id: int) -> HttpResponse:
    from prongsai.core.uploads import safe_download_response

    evidence = get_evidence_for_user(request, org_slug, evidence_id)
    if not evidence.file:
        raise Http404("No file")
    with evidence.file.open("rb") as handle:
        content = handle.read()
    return safe_download_response(
        content,
        filename=evidence.file_name,
        content_type=evidence.content_type,
        inline_images=request.GET.get("view") == "1",
    )


@public
@require_GET
@cached_public_page
def public_plan(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    """The measures of a fiscal year and their progress, for everyone: units only, no names, no notes."""
    org = get_object_or_404(Organisation, slug=org_slug)
    data = selectors.overview(org, year)
    years = selectors.plan_years(org)
    return render(request, "plans/public.html", {"org": org, "year": year, "data": data, "years": years})


@public
@require_GET
def public_index(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The current year's page (the address an organisation's website can link to once, for good)."""
    return public_plan(request, org_slug=org_slug, year=fiscal_year(local_today()))


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    from prongsai.plans.forms import CalendarForm, OwnDeadlineForm
    from prongsai.plans.models import OwnDeadline
    from prongsai.plans.reminders import calendar_for

    org = get_org_for_user(request, org_slug, roles=None if request.method == "GET" else ORG_ADMINS)
    cal = calendar_for(org, year)
    form = CalendarForm(request.POST if "dates" in request.POST else None, instance=cal)
    own = OwnDeadlineForm(request.POST if "own" in request.POST else None)
    if request.method == "POST":
        if "dates" in request.POST and form.is_valid():
            form.save()
            messages.success(request, _("The calendar was saved."))
            return redirect("plans:calendar", org_slug=org.slug, year=year)
        if "own" in request.POST and own.is_valid():
            OwnDeadline.objects.create(calendar=cal, title=own.cleaned_data["title"], date=own.cleaned_data["date"])
            messages.success(request, _("The deadline was added."))
            return redirect("plans:calendar", org_slug=org.slug, year=year)
    context = staff_context(
        request, org, year=year, cal=cal, form=form, own=own, deadlines=cal.deadlines(), today=local_today()
    )
    return render(request, "plans/calendar.html", context)


@login_required
@require_GET
def report(request: HttpRequest, org_slug: str, year: int, period: int, ext: str) -> HttpResponse:
    """The 6- or 12-month progress report (DOCX or PDF), the record published for the OIT item on integrity measures."""
    from prongsai.core.uploads import safe_download_response
    from prongsai.plans import reports

    org = get_org_for_user(request, org_slug)
    fmt = ext
    if period not in (6, 12) or fmt not in ("docx", "pdf"):
        raise Http404("No such report")
    thai_digits = request.GET.get("digits") != "arabic"
    data = reports.progress_report_data(org, year, period)
    render_doc = reports.render_docx if fmt == "docx" else reports.render_pdf
    content_type = (
        "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return safe_download_response(
        render_doc(data, thai_digits=thai_digits),
        filename=f"plan-{org.slug}-{year}-{period}m{'' if thai_digits else '-arabic-digits'}.{fmt}",
        content_type=content_type,
    )
