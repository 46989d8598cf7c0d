"""The mystery-shopper staff pages: the rounds, a round (its summary, checklists, findings, history) and a finding
(made into a plan activity). Every member and the province's supervisor read; executives and the ITA coordinator
manage; another organisation's round is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.core import history_text
from prongsai.core.views import signed_in_user
from prongsai.orgs.access import ORG_ADMINS, can, get_org_for_user
from prongsai.orgs.views import staff_context
from prongsai.services import mystery
from prongsai.services import mystery_selectors as selectors
from prongsai.services.forms_mystery import FindingForm, MakeActivityForm, RoundForm, VisitForm
from prongsai.services.models import MysteryFinding, MysteryRound


def _round_for(request: HttpRequest, slug: str, round_id: int, *, manage: bool = False) -> MysteryRound:
    org = get_org_for_user(request, slug, roles=ORG_ADMINS if manage else None)
    found = MysteryRound.objects.filter(organisation=org, pk=round_id).select_related("organisation", "led_by").first()
    if found is None:
        raise Http404("No such round")
    return found


def _errors(form: Form, exc: ValidationError) -> None:
    for field, messages_ in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug, roles=ORG_ADMINS if request.method == "POST" else None)
    may_manage = can(request.user, org, ORG_ADMINS)
    form = RoundForm(request.POST or None, org=org) if may_manage else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            item = mystery.round_create(organisation=org, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The round is saved."))
            return redirect("services:mystery_round", org_slug=org.slug, mystery_round_id=item.pk)
    context = staff_context(request, org, rounds=selectors.rounds_of(org), form=form)
    return render(request, "services/mystery/rounds.html", context)


def _round_page(
    request: HttpRequest,
    item: MysteryRound,
    *,
    visit_form: VisitForm | None = None,
    finding_form: FindingForm | None = None,
) -> HttpResponse:
    org = item.organisation
    visits, findings = selectors.visits_of(item), selectors.findings_of(item)
    may_manage = can(request.user, org, ORG_ADMINS)
    result = selectors.summary(visits, findings)
    context = staff_context(
        request,
        org,
        item=item,
        visits=visits,
        findings=findings,
        summary=result,
        severities=selectors.severity_rows(result),
        may_manage=may_manage,
        visit_form=(visit_form or VisitForm(org=org)) if may_manage else None,
        finding_form=(finding_form or FindingForm(org=org)) if may_manage else None,
        history=history_text.history(item, limit=100),
    )
    return render(request, "services/mystery/round.html", context)


@login_required
@require_GET
def round_page(request: HttpRequest, org_slug: str, mystery_round_id: int) -> HttpResponse:
    return _round_page(request, _round_for(request, org_slug, mystery_round_id))


@login_required
@require_POST
def visit_add(request: HttpRequest, org_slug: str, mystery_round_id: int) -> HttpResponse:
    item = _round_for(request, org_slug, mystery_round_id, manage=True)
    form = VisitForm(request.POST, org=item.organisation)
    if form.is_valid():
        try:
            mystery.visit_add(
                item=item, service=form.cleaned_data["service"], fields=form.values(), by=signed_in_user(request)
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The checklist is saved."))
            return redirect("services:mystery_round", org_slug=item.organisation.slug, mystery_round_id=item.pk)
    return _round_page(request, item, visit_form=form)


@login_required
@require_POST
def finding_add(request: HttpRequest, org_slug: str, mystery_round_id: int) -> HttpResponse:
    item = _round_for(request, org_slug, mystery_round_id, manage=True)
    form = FindingForm(request.POST, org=item.organisation)
    if form.is_valid():
        try:
            mystery.finding_add(item=item, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The finding is saved."))
            return redirect("services:mystery_round", org_slug=item.organisation.slug, mystery_round_id=item.pk)
    return _round_page(request, item, finding_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def finding(request: HttpRequest, org_slug: str, mystery_round_id: int, mystery_finding_id: int) -> HttpResponse:
    item = _round_for(request, org_slug, mystery_round_id, manage=request.method == "POST")
    org = item.organisation
    found = (
        MysteryFinding.objects.filter(round=item, pk=mystery_finding_id).select_related("service", "activity").first()
    )
    if found is None:
        raise Http404("No such finding")
    may_manage = can(request.user, org, ORG_ADMINS) and found.activity_id is None
    form = None
    if may_manage:
        initial = {"title": found.text[:500], "unit": found.service.unit_id if found.service else None}
        form = MakeActivityForm(request.POST or None, org=org, rows=selectors.plan_measures(org), initial=initial)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            mystery.finding_make_activity(
                finding=found,
                row=form.cleaned_data["row"],
                fields=form.fields_for_activity(),
                by=signed_in_user(request),
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The finding is now an activity of the plan."))
            return redirect(
                "services:mystery_finding", org_slug=org.slug, mystery_round_id=item.pk, mystery_finding_id=found.pk
            )
    context = staff_context(request, org, item=item, finding=found, form=form)
    return render(request, "services/mystery/finding.html", context)
