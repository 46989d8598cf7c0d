from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.core.importing.web import import_page, template_response
from prongsai.core.views import signed_in_user
from prongsai.ita import services
from prongsai.ita.forms import ItemResultsForm, O25Form, PlanRowForm, ResultForm, TemplatePickForm
from prongsai.ita.framework import Framework, available_years, get_framework
from prongsai.ita.importing import SPEC
from prongsai.ita.models import ItaResult, MeasureTemplate, OitItemResult, PlanRow
from prongsai.ita.selectors import analysis_texts, org_analysis, plan_rows, report_data, units_once
from prongsai.orgs.access import ORG_ADMINS, get_org_for_user
from prongsai.orgs.models import Organisation
from prongsai.orgs.views import staff_context

DOWNLOAD_TYPES = {
    "json": "application/json; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _org(request: HttpRequest, org_slug: str, *, write: bool = False) -> Organisation:
    return get_org_for_user(request, org_slug, roles=ORG_ADMINS if write else None)


def _framework(year: int) -> Framework:
    fw = get_framework(year)
    if fw is None:
        raise Http404("No ITA framework for that year")
    return fw


def _get_rw_row_for_user(request: HttpRequest, org_slug: str, year: int, row_id: int) -> PlanRow:
    org = _org(request, org_slug, write=True)
    return get_object_or_404(PlanRow, pk=row_id, organisation=org, fiscal_year=year)


@login_required
@require_GET
def index(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(request, org_slug)
    results = ItaResult.objects.filter(organisation=org).order_by("-fiscal_year")
    summaries = []
    for result in results:
        data = org_analysis(org, result.fiscal_year)
        summaries.append({"result": result, "current": data.analysis.current if data else None})
    years = [y for y in available_years() if get_framework(y) is not None]
    return render(request, "ita/index.html", staff_context(request, org, summaries=summaries, framework_years=years))


@login_required
@require_GET
def year(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    org = _org(request, org_slug)
    data = report_data(org, year, thai_digits=False)  # web pages use Arabic digits throughout
    if data is None:
        raise Http404("No results for that year")
    framework = _framework(year)
    from prongsai.disclosure.feeds import target
    from prongsai.ita.oit import KEY

    oit = target(KEY, year, org=org, user=request.user)
    context = staff_context(request, org, year=year, report=data, framework=framework, oit=oit)
    return render(request, "ita/year.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    org = _org(request, org_slug, write=True)
    framework = _framework(year)
    result = ItaResult.objects.filter(organisation=org, fiscal_year=year).first()
    initial = {}
    if result is not None:
        initial = {f"i{n}": v for n, v in result.scores().items()} | {
            f: getattr(result, f)
            for f in ("reported_iit", "reported_eit", "reported_oit", "reported_overall", "reported_level")
        }
    form = ResultForm(request.POST or None, initial=initial, framework=framework)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.result_save(
            org=org,
            fiscal_year=year,
            scores={n: d[f"i{n}"] for n in range(1, 11)},
            reported={
                "iit": d["reported_iit"],
                "eit": d["reported_eit"],
                "oit": d["reported_oit"],
                "overall": d["reported_overall"],
                "level": d["reported_level"],
            },
            user=signed_in_user(request),
            source="web",
        )
        messages.success(request, _("The results were saved."))
        return redirect("ita:year", org_slug=org.slug, year=year)
    return render(request, "ita/edit.html", staff_context(request, org, year=year, form=form, framework=framework))


@login_required
@require_http_methods(["GET", "POST"])
def items(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    org = _org(request, org_slug, write=True)
    framework = _framework(year)
    existing = OitItemResult.objects.filter(organisation=org, fiscal_year=year)
    initial: dict[str, Any] = {}
    for r in existing:
        initial[f"item_{r.item_code}"] = "pass" if r.passed else "fail"
        initial[f"comment_{r.item_code}"] = r.comment
    form = ItemResultsForm(request.POST or None, initial=initial, framework=framework)
    if request.method == "POST" and form.is_valid():
        services.item_results_replace(
            org=org,
            fiscal_year=year,
            items=form.item_results(),
            user=signed_in_user(request),
            source="web",
        )
        messages.success(request, _("The OIT item results were saved."))
        return redirect("ita:year", org_slug=org.slug, year=year)
    rows = [(item, form[f"item_{item.code}"], form[f"comment_{item.code}"]) for item in framework.items]
    return render(
        request, "ita/items.html", staff_context(request, org, year=year, form=form, rows=rows, framework=framework)
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_results(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(request, org_slug, write=True)

    def run(file_name: str, content: UploadedFile) -> str:
        parsed = services.results_import(org=org, file_name=file_name, content=content, user=signed_in_user(request))
        return _("Imported fiscal year(s) %(years)s.") % {"years": ", ".join(str(y) for y in parsed.years)}

    return import_page(
        request,
        SPEC,
        run=run,
        success_url=reverse("ita:index", kwargs={"org_slug": org.slug}),
        template="ita/import.html",
        template_url=reverse("ita:import_template", kwargs={"org_slug": org.slug}),
        template_csv_url=reverse("ita:import_template_csv", kwargs={"org_slug": org.slug}),
        context=lambda page: staff_context(request, org, **page),
    )


@login_required
@require_GET
def import_template(request: HttpRequest, org_slug: str, fmt: str) -> HttpResponse:
    """The import's template: XLSX with the results and OIT item sheets (Thai headers, notes, an example
    row), or the results header row as CSV."""
    org = _org(request, org_slug)
    return template_response(SPEC, fmt=fmt, organisation=org)


@login_required
@require_http_methods(["GET", "POST"])
def analysis(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    org = _org(request, org_slug, write=request.method == "POST")
    data = org_analysis(org, year)
    if data is None:
        raise Http404("No results for that year")
    if request.method == "POST":
        try:
            number = int(request.POST.get("indicator", ""))
        except ValueError:
            number = 0
        if number not in range(1, 11):
            messages.error(request, _("Choose an indicator from 1 to 10."))
        elif "reset" in request.POST:
            services.analysis_edit_reset(org=org, fiscal_year=year, indicator=number)
            messages.success(request, _("Indicator %(number)s uses the generated text again.") % {"number": number})
        elif request.POST.get("text", "").strip():
            services.analysis_edit_save(
                org=org, fiscal_year=year, indicator=number, text=request.POST["text"], user=signed_in_user(request)
            )
            messages.success(request, _("The analysis of indicator %(number)s was saved.") % {"number": number})
        else:
            messages.error(request, _("The analysis cannot be empty; use “Reset” to go back to the generated text."))
        return redirect(f"{request.path}#indicator-{number}")
    texts = analysis_texts(data)
    rows = [(i, texts[i["number"]]) for i in data.analysis.indicators]
    return render(request, "ita/analysis.html", staff_context(request, org, year=year, rows=rows))


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    org = _org(request, org_slug, write=request.method == "POST")
    data = org_analysis(org, year)
    if data is None:
        raise Http404("No results for that year")
    weak = data.analysis.weakest
    pick = TemplatePickForm(request.POST if "add_templates" in request.POST else None, indicators=list(range(1, 11)))
    o25_form = O25Form(
        request.POST if "o25" in request.POST else None,
        initial={"basis": data.result.o25_basis, "indicator": data.result.o25_indicator},
    )
    if request.method == "POST":
        if "add_templates" in request.POST and pick.is_valid():
            scores = {i["number"]: i["score"] for i in data.analysis.indicators}
            rows = services.plan_rows_from_templates(
                org=org,
                fiscal_year=year,
                templates=pick.cleaned_data["templates"],
                overall=data.analysis.current.overall,
                scores=scores,
            )
            messages.success(request, _("%(count)s row(s) were added to the plan.") % {"count": len(rows)})
            return redirect("ita:plan", org_slug=org.slug, year=year)
        if "o25" in request.POST and o25_form.is_valid():
            services.o25_choose(
                result=data.result,
                indicator=o25_form.cleaned_data.get("indicator"),
                basis=o25_form.cleaned_data["basis"],
            )
            messages.success(request, _("The choice for item O25 was saved."))
            return redirect("ita:plan", org_slug=org.slug, year=year)
    proposals = MeasureTemplate.objects.filter(indicator__in=weak).order_by("indicator", "key")
    report = report_data(org, year, thai_digits=False)
    for item in (report or {}).get("plan", []):
        item["units_once"] = units_once(item["units"])
    context = staff_context(
        request,
        org,
        year=year,
        rows=plan_rows(org, year),
        report=report,
        proposals=proposals,
        weak=weak,
        pick=pick,
        o25_form=o25_form,
        all_templates=MeasureTemplate.objects.order_by("indicator", "key"),
    )
    return render(request, "ita/plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_row(request: HttpRequest, org_slug: str, year: int, row_id: int | None = None) -> HttpResponse:
    row = _get_rw_row_for_user(request, org_slug, year, row_id) if row_id else None
    org = row.organisation if row else _org(request, org_slug, write=True)
    framework = _framework(year)
    initial = {}
    if row is None:
        start, end = services.plan_default_period(year)
        initial = {"start": start, "end": end, "kind": "measure"}
    form = PlanRowForm(request.POST or None, instance=row, initial=initial, organisation=org, framework=framework)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "units"}
        services.plan_row_save(org=org, fiscal_year=year, row=row, fields=fields, units=form.cleaned_data["units"])
        messages.success(request, _("The plan row was saved."))
        return redirect("ita:plan", org_slug=org.slug, year=year)
    return render(request, "ita/plan_row.html", staff_context(request, org, year=year, form=form, row=row))


@login_required
@require_POST
def plan_row_delete(request: HttpRequest, org_slug: str, year: int, row_id: int) -> HttpResponse:
    row = _get_rw_row_for_user(request, org_slug, year, row_id)
    services.plan_row_delete(row=row)
    messages.success(request, _("The plan row was removed."))
    return redirect("ita:plan", org_slug=org_slug, year=year)


@login_required
@require_GET
def chart(request: HttpRequest, org_slug: str, year: int, which: str) -> HttpResponse:
    """A chart of the report as PNG: "summary" (the ten indicators) or "1" … "10" (one indicator over the years)."""
    from prongsai.ita import documents

    org = _org(request, org_slug)
    data = report_data(org, year, thai_digits=False)
    if data is None or not (which == "summary" or (which.isdigit() and 1 <= int(which) <= 10)):
        raise Http404("No such chart")
    view = documents.build_view(data, thai_digits=False, charts=True, only_chart=which)  # that chart alone
    picture = view.summary_chart if which == "summary" else next(iter(view.indicator_charts), None)
    if picture is None:
        raise Http404("No such chart")
    response = HttpResponse(picture.png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_GET
def download(request: HttpRequest, org_slug: str, year: int, fmt: str) -> HttpResponse:
    org = _org(request, org_slug)
    if fmt not in DOWNLOAD_TYPES:
        raise Http404("Unknown format")
    thai_digits = request.GET.get("digits") != "arabic"
    data = report_data(org, year, thai_digits=thai_digits)
    if data is None:
        raise Http404("No results for that year")
    from prongsai.ita.documents import render_report

    content = render_report(data, fmt, thai_digits=thai_digits)
    response = HttpResponse(content, content_type=DOWNLOAD_TYPES[fmt])
    disposition = "inline" if fmt == "json" else "attachment"
    digits = "" if thai_digits else "-arabic-digits"
    response["Content-Disposition"] = f'{disposition}; filename="ita-{org.slug}-{year}{digits}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
