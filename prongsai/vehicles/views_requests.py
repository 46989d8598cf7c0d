"""Requests to use a vehicle (แบบ ๓): ask, the supervisor's opinion, the authorised person's decision (on a
phone: one page, two buttons), cancel, and the form printed from the record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.core.history_text import history
from prongsai.core.uploads import safe_download_response
from prongsai.core.views import signed_in_user
from prongsai.orgs.access import can
from prongsai.orgs.models import Membership
from prongsai.orgs.views import staff_context
from prongsai.vehicles import access, form3
from prongsai.vehicles.documents import CONTENT_TYPES
from prongsai.vehicles.forms import DecisionForm, OpinionForm, RequestForm
from prongsai.vehicles.models import UseRequest, Vehicle
from prongsai.vehicles.services import request_cancel, request_create, request_decide, request_opinion


@login_required
@require_GET
def requests(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug)
    found = UseRequest.objects.filter(organisation=org).select_related("vehicle", "requester")
    state = request.GET.get("state", "")
    if state in UseRequest.State.values:
        found = found.filter(state=state)
    context = staff_context(request, org, requests=found[:200], state=state, states=UseRequest.State.choices)
    return render(request, "vehicles/requests.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.org_for(request, org_slug, access.USERS)
    user = signed_in_user(request)
    position = (
        Membership.objects.filter(organisation=org, user=user)
        .exclude(position_title="")
        .values_list("position_title", flat=True)
        .first()
        or ""
    )
    initial = {"requester_position": position, "province": org.province, "driver": user.pk}
    plate = request.GET.get("vehicle")
    if plate:
        initial["vehicle"] = Vehicle.objects.filter(organisation=org, slug=plate).values_list("pk", flat=True).first()
    form = RequestForm(request.POST or None, org=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = request_create(vehicle=form.cleaned_data["vehicle"], requester=user, **form.request_fields())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Your request is sent for the supervisor's opinion."))
            return redirect("vehicles:request", org_slug=org.slug, request_id=made.pk)
    return render(request, "vehicles/request_form.html", staff_context(request, org, form=form))


@login_required
@require_GET
def request_detail(request: HttpRequest, org_slug: str, request_id: int) -> HttpResponse:
    found = access.request_for(request, org_slug, request_id)
    org = found.organisation
    user = signed_in_user(request)
    own = found.requester_id == user.pk
    context = staff_context(
        request,
        org,
        item=found,
        own=own,
        may_opine=found.state == UseRequest.State.OPINION and not own and can(user, org, access.SUPERVISORS),
        may_decide=found.state == UseRequest.State.DECISION and not own and can(user, org, access.DECIDERS),
        may_cancel=own and found.is_open,
        opinion_form=OpinionForm(),
        decision_form=DecisionForm(),
        history=history(found, limit=20),
    )
    return render(request, "vehicles/request.html", context)


def _step_error(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_POST
def request_opinion_view(request: HttpRequest, org_slug: str, request_id: int) -> HttpResponse:
    found = access.request_for(request, org_slug, request_id, access.SUPERVISORS)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether you agree."))
    else:
        try:
            request_opinion(request=found, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            _step_error(request, exc)
        else:
            messages.success(request, _("Your opinion is recorded; the request goes to the authorised person."))
    return redirect("vehicles:request", org_slug=org_slug, request_id=found.pk)


@login_required
@require_POST
def request_decide_view(request: HttpRequest, org_slug: str, request_id: int) -> HttpResponse:
    found = access.request_for(request, org_slug, request_id, access.DECIDERS)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose allow or refuse."))
    else:
        try:
            request_decide(request=found, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            _step_error(request, exc)
        else:
            messages.success(request, _("The decision is recorded and the requester is told."))
    return redirect("vehicles:request", org_slug=org_slug, request_id=found.pk)


@login_required
@require_POST
def request_cancel_view(request: HttpRequest, org_slug: str, request_id: int) -> HttpResponse:
    found = access.request_for(request, org_slug, request_id, access.USERS)
    try:
        request_cancel(request=found, by=signed_in_user(request))
    except ValidationError as exc:
        _step_error(request, exc)
    return redirect("vehicles:request", org_slug=org_slug, request_id=found.pk)


@login_required
@require_GET
def request_form(request: HttpRequest, org_slug: str, request_id: int, ext: str) -> HttpResponse:
    """แบบ ๓ of the request, DOCX or PDF."""
    found = access.request_for(request, org_slug, request_id)
    if ext not in ("docx", "pdf"):
        ext = "pdf"
    return safe_download_response(
        form3.render(found, ext), filename=f"form3-{found.pk}.{ext}", content_type=CONTENT_TYPES[ext]
    )
