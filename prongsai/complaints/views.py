"""The complaint channel: the recipients' pages (the anonymous reporting pages are in `reporting.py`).

Staff pages are for the case's recipients only: anyone else, in the organisation or not, gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.complaints import clock, services
from prongsai.complaints.forms import (
    MessageForm,
    PolicyForm,
    StepForm,
)
from prongsai.complaints.models import Access, Attachment, Case
from prongsai.core.thai import fiscal_year, local_today
from prongsai.core.uploads import safe_download_response
from prongsai.core.views import signed_in_user
from prongsai.orgs.access import get_org_for_user, roles_for
from prongsai.orgs.models import Organisation, Role
from prongsai.orgs.views import staff_context


def _org(org_slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=org_slug)


# --------------------------------------------------------------------------- staff


def _recipient_org(request: HttpRequest, org_slug: str) -> Organisation:
    """The organisation, for its executives and ethics committee only (everyone else: 404)."""
    return get_org_for_user(request, org_slug, roles=[Role.EXECUTIVE, Role.ETHICS_COMMITTEE])


def _case(request: HttpRequest, org_slug: str, case_number: str) -> tuple[Organisation, Case]:
    org = _recipient_org(request, org_slug)
    case = services.cases_for(signed_in_user(request), org).filter(number=case_number).first()
    if case is None:
        raise Http404("No such case for you")
    return org, case


SEEN_KEY = "complaints:still-open"


def _back(request: HttpRequest, case: Case) -> HttpResponse:
    """Back to the case page after an action: the same opening, so the page does not log another read."""
    request.session[SEEN_KEY] = case.pk
    return redirect("complaints:case", org_slug=case.organisation.slug, case_number=case.number)


@login_required
@require_GET
def inbox(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _recipient_org(request, org_slug)
    user = signed_in_user(request)
    today = local_today()
    cases = list(services.cases_for(user, org))
    rows = [
        {
            "case": case,
            "day": clock.day_of_clock(case, today) if case.is_open else None,
            "overdue": case.is_open and today > case.due_on,
        }
        for case in cases
    ]
    context = staff_context(
        request,
        org,
        rows=rows,
        today=today,
        year=fiscal_year(today),
        review=clock.due_for_review(org, today).exclude(excluded=user),
        can_set_policy=Role.EXECUTIVE in roles_for(request.user, org),
    )
    return render(request, "complaints/inbox.html", context)


def _state_label(state: str) -> str:
    return str(Case.State(state).label) if state in Case.State.values else state


def _access_detail(access: Access) -> str:
    """The stored detail, with a step's "from → to" states in words."""
    if access.action == Access.Action.STEP and " → " in access.detail:
        return " → ".join(_state_label(part) for part in access.detail.split(" → "))
    return access.detail


@login_required
@require_GET
def case(request: HttpRequest, org_slug: str, case_number: str) -> HttpResponse:
    org, case = _case(request, org_slug, case_number)
    user = signed_in_user(request)
    # One opening, one record: coming back from an action taken on this page is not a new read.
    services.recipient_opened(case, user, log=request.session.pop(SEEN_KEY, None) != case.pk)
    names = {a.pk: services.attachment_name(a) for a in case.attachments.all()}

    def files(attachments: Any) -> list[dict[str, Any]]:
        return [{"attachment": a, "name": names[a.pk]} for a in attachments]

    entries = [
        {
            "message": m,
            "body": services.message_body(m),
            "files": files(m.attachments.all()),
            "step": _state_label(m.to_state),
        }
        for m in case.messages.select_related("author").prefetch_related("attachments")
    ]
    today = local_today()
    context = staff_context(
        request,
        org,
        case=case,
        report=services.report_fields(case),
        first_files=files(case.attachments.filter(message__isnull=True)),
        entries=entries,
        accesses=[(access, _access_detail(access)) for access in case.accesses.select_related("user")[:200]],
        recipients=services.recipients(case),
        excluded_count=case.excluded.count(),
        next_states=[(state, Case.State(state).label) for state in services.NEXT_STATES[case.state]],
        message_form=MessageForm(),
        step_form=StepForm(),
        day=clock.day_of_clock(case, today) if case.is_open else None,
        overdue=case.is_open and today > case.due_on,
        has_contact=bool(case.contact),
    )
    return render(request, "complaints/case.html", context)


@login_required
@require_POST
def case_contact(request: HttpRequest, org_slug: str, case_number: str) -> HttpResponse:
    """The reporter's contact details, shown once per request and logged for the other recipients to see."""
    org, case = _case(request, org_slug, case_number)
    user = signed_in_user(request)
    if not case.contact:
        messages.info(request, _("The reporter gave no contact details."))
        return _back(request, case)
    services.log_access(case, user, Access.Action.READ_CONTACT)
    return render(
        request, "complaints/contact.html", staff_context(request, org, case=case, contact=services.contact_text(case))
    )


@login_required
@require_POST
def case_message(request: HttpRequest, org_slug: str, case_number: str) -> HttpResponse:
    case = _case(request, org_slug, case_number)[1]
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Message: %(error)s") % {"error": " ".join(str(e) for e in form.errors.get("body", []))}
        )
        return _back(request, case)
    try:
        services.recipient_writes(
            case,
            signed_in_user(request),
            form.cleaned_data["body"],
            internal=form.cleaned_data["internal"],
            today=local_today(),
        )
    except services.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The message was saved."))
    return _back(request, case)


@login_required
@require_POST
def case_step(request: HttpRequest, org_slug: str, case_number: str) -> HttpResponse:
    """Move the case one step on; closing it asks for a confirmation first (a closed case cannot be reopened)."""
    org, case = _case(request, org_slug, case_number)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the next step of the case."))
        return _back(request, case)
    data = form.cleaned_data
    if data["to_state"] == Case.State.CLOSED and request.POST.get("confirm") != "yes":
        context = staff_context(request, org, case=case, message=data["message"])
        return render(request, "complaints/confirm_close.html", context)
    try:
        services.step(
            case,
            signed_in_user(request),
            data["to_state"],
            message=data["message"],
            outcome=data["outcome"],
            referred_to=data["referred_to"],
            today=local_today(),
        )
    except services.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The case is now: %(state)s") % {"state": Case.State(data["to_state"]).label})
    return _back(request, case)


@login_required
@require_POST
def case_hold(request: HttpRequest, org_slug: str, case_number: str) -> HttpResponse:
    case = _case(request, org_slug, case_number)[1]
    hold = request.POST.get("hold") == "on"
    services.set_legal_hold(case, signed_in_user(request), hold)
    messages.success(request, _("Legal hold is on.") if hold else _("Legal hold is off."))
    return _back(request, case)


@login_required
@require_GET
def case_attachment(request: HttpRequest, org_slug: str, case_number: str, attachment_id: int) -> HttpResponse:
    case = _case(request, org_slug, case_number)[1]
    attachment = get_object_or_404(Attachment, pk=attachment_id, case=case)
    name = services.attachment_name(attachment)
    services.log_access(case, signed_in_user(request), Access.Action.READ_ATTACHMENT, name)
    response = safe_download_response(
        services.attachment_bytes(attachment),
        filename=name,
        content_type=attachment.content_type,
        cache_control="no-store",
    )
    return response


@login_required
@require_POST
def oit_statistics(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Host the year's statistics (PDF and XLSX) on the OIT complaint-statistics item, as a new version each time."""
    from django.urls import reverse

    from prongsai.complaints.oit import KEY
    from prongsai.disclosure.feed_views import attach_response
    from prongsai.disclosure.feeds import get_feed

    org = _recipient_org(request, org_slug)
    raw = request.POST.get("year", "")
    year = int(raw) if raw.isdigit() else fiscal_year(local_today())
    feed = get_feed(KEY)
    assert feed is not None  # registered by ComplaintsConfig.ready()
    return attach_response(request, org, year, feed, back=reverse("complaints:inbox", kwargs={"org_slug": org.slug}))


@login_required
@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug, roles=[Role.EXECUTIVE])
    current = services.policy_for(org)
    form = PolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The complaint rules were saved. New reports use them."))
        return redirect("complaints:inbox", org_slug=org.slug)
    return render(
        request, "complaints/policy.html", staff_context(request, org, form=form), status=400 if form.errors else 200
    )
