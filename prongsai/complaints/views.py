"""The complaint channel: anonymous reporting pages and the recipients' pages.

Reporting pages (`/<slug>/complaints/…`) keep nothing of who is asking (see `anonymous.py`):
no session, no cookie, no messages framework; their forms carry a signed token instead of
Django's CSRF cookie. The reporter's case page is the answer to a POST of the receipt and
is never at an address of its own. Staff pages are for the case's recipients only: anyone
else, in the organisation or not, gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.complaints import anonymous, receipts, services
from prongsai.complaints.forms import (
    MAX_REQUEST_BYTES,
    InMemoryUploads,
    MessageForm,
    PolicyForm,
    ReceiptForm,
    ReplyForm,
    ReportForm,
    StepForm,
)
from prongsai.complaints.models import Access, Attachment, Case
from prongsai.core.thai import fiscal_year, local_today
from prongsai.core.uploads import MAX_UPLOAD_TEXT, safe_download_response
from prongsai.core.views import public, signed_in_user
from prongsai.orgs.access import get_org_for_user, roles_for
from prongsai.orgs.models import Organisation, Role
from prongsai.orgs.views import staff_context


def _org(org_slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=org_slug)


def _bucket(request: HttpRequest) -> str:
    bucket = getattr(request, "anonymous_bucket", None)
    if bucket is None:  # the middleware runs for every reporting path; never trust its absence
        raise Http404
    return str(bucket)


def _memory_uploads(request: HttpRequest) -> None:
    """Uploads of reporting pages stay in memory: no plaintext temporary file on disk."""
    request.upload_handlers = [InMemoryUploads(request)]


def _refused(request: HttpRequest, org: Organisation, text: str, status: int) -> HttpResponse:
    return render(request, "complaints/refused.html", {"org": org, "text": text}, status=status)


# --------------------------------------------------------------------------- public


@public
@require_GET
def start(request: HttpRequest, org_slug: str) -> HttpResponse:
    return render(request, "complaints/start.html", {"org": _org(org_slug)})


@public
@require_GET
def protection(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(org_slug)
    policy = services.policy_for(org)
    return render(request, "complaints/protection.html", {"org": org, "days": policy.days_corruption})


@public
@csrf_exempt  # own token: see anonymous.py
@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(org_slug)
    recipients = services.candidate_recipients(org)
    if request.method == "POST":
        _memory_uploads(request)
        if not anonymous.check_form_token(request, "report"):
            return _refused(
                request, org, _("This form has expired or did not come from this site. Open it again."), 403
            )
        if receipts.reports_blocked(_bucket(request)):
            return _refused(
                request, org, _("Too many reports were sent from here just now. Try again in a while."), 429
            )
        form = ReportForm(request.POST, request.FILES, recipients=recipients)
        length = request.META.get("CONTENT_LENGTH", "")
        if not request.FILES and length.isdigit() and int(length) > MAX_REQUEST_BYTES:  # InMemoryUploads stopped it
            form.add_error(
                None,
                _("The files together are too large: at most %(count)d files of %(size)s each.")
                % {"count": services.MAX_ATTACHMENTS, "size": MAX_UPLOAD_TEXT},
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                case, receipt = services.file_report(
                    org,
                    services.ReportData(
                        category=data["category"],
                        reporter_kind=data["reporter_kind"],
                        what=data["what"],
                        when=data["when"],
                        where=data["where"],
                        who=data["who"],
                        contact=data["contact"],
                        excluded=list(data["excluded"]),
                    ),
                    data["attachments"],
                    today=local_today(),
                )
            except services.CaseError as exc:
                form.add_error(None, str(exc))
            else:
                receipts.record_report(_bucket(request))
                days = (case.due_on - case.received_on).days
                context = {"org": org, "receipt": receipts.display(receipt), "case": case, "days": days}
                return render(request, "complaints/receipt.html", context, status=201)
    else:
        form = ReportForm(recipients=recipients)
    return render(
        request,
        "complaints/new.html",
        {"org": org, "form": form, "form_token": anonymous.form_token("report")},
        status=400 if form.is_bound else 200,
    )


def _reporter_page(
    request: HttpRequest, org: Organisation, case: Case, status: int = 200, **extra: Any
) -> HttpResponse:
    services.reporter_opened(case)
    shown = case.messages.filter(internal=False).prefetch_related("attachments")
    entries = [
        {
            "message": message,
            "body": services.message_body(message),
            "files": [services.attachment_name(a) for a in message.attachments.all()],
        }
        for message in shown
    ]
    first_files = [services.attachment_name(a) for a in case.attachments.filter(message__isnull=True)]
    context = {
        "org": org,
        "case": case,
        "entries": entries,
        "first_files": first_files,
        "report": services.report_fields(case),
        "case_token": anonymous.case_token(case.pk),
        "form_token": anonymous.form_token("reply"),
        "reply_form": extra.pop("reply_form", None) or ReplyForm(),
        **extra,
    }
    return render(request, "complaints/reporter_case.html", context, status=status)


@public
@csrf_exempt  # own token: see anonymous.py
@require_http_methods(["GET", "POST"])
def reporter_case(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Enter the receipt (GET form, POST it); from the case page, answer with the case token."""
    org = _org(org_slug)
    if request.method == "POST":
        _memory_uploads(request)
        purpose = "reply" if "case_token" in request.POST else "receipt"
        nonce = anonymous.check_form_token(request, purpose)
        if not nonce:
            return _refused(
                request, org, _("This form has expired or did not come from this site. Open it again."), 403
            )
        if purpose == "reply":
            case_id = anonymous.case_from_token(request.POST.get("case_token", ""))
            case = Case.objects.filter(pk=case_id, organisation=org).first() if case_id else None
            if case is None:
                return _refused(
                    request, org, _("Your half hour with this case has ended. Enter the receipt again."), 403
                )
            reply = ReplyForm(request.POST, request.FILES)
            if reply.is_valid():
                try:
                    services.reporter_writes(
                        case,
                        reply.cleaned_data["body"],
                        reply.cleaned_data["attachments"],
                        nonce=nonce,
                        today=local_today(),
                    )
                except services.CaseError as exc:
                    reply.add_error(None, str(exc))
                else:
                    return _reporter_page(request, org, case, sent=True)
            return _reporter_page(request, org, case, reply_form=reply, status=400)
        form = ReceiptForm(request.POST)
        bucket = _bucket(request)
        if receipts.receipt_attempts_blocked(org, bucket):
            return _refused(request, org, _("Too many wrong receipt numbers were tried. Try again in 15 minutes."), 429)
        if form.is_valid():
            receipt = receipts.normalise(form.cleaned_data["receipt"])
            case = services.find_case(org, receipt) if receipt else None
            if case is not None:
                return _reporter_page(request, org, case)
            receipts.record_failed_receipt(org, bucket)
            form.add_error("receipt", _("No report has this receipt number. Check the 16 digits."))
        return render(
            request,
            "complaints/receipt_entry.html",
            {"org": org, "form": form, "form_token": anonymous.form_token("receipt")},
            status=400,
        )
    return render(
        request,
        "complaints/receipt_entry.html",
        {"org": org, "form": ReceiptForm(), "form_token": anonymous.form_token("receipt")},
    )


@public
@require_GET
def poster(request: HttpRequest, org_slug: str) -> HttpResponse:
    from prongsai.complaints.poster import poster_pdf

    org = _org(org_slug)
    response = HttpResponse(poster_pdf(org, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="complaints-poster-{org.slug}.pdf"'
    return response


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


def _back(case: Case) -> HttpResponse:
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
            "day": services.day_of_clock(case, today) if case.is_open else None,
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
        review=services.due_for_review(org, today).exclude(excluded=user),
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
    services.recipient_opened(case, user)
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
        day=services.day_of_clock(case, today) if case.is_open else None,
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
        return _back(case)
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
        return _back(case)
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
    return _back(case)


@login_required
@require_POST
def case_step(request: HttpRequest, org_slug: str, case_number: str) -> HttpResponse:
    case = _case(request, org_slug, case_number)[1]
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the next step of the case."))
        return _back(case)
    data = form.cleaned_data
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
    return _back(case)


@login_required
@require_POST
def case_hold(request: HttpRequest, org_slug: str, case_number: str) -> HttpResponse:
    case = _case(request, org_slug, case_number)[1]
    hold = request.POST.get("hold") == "on"
    services.set_legal_hold(case, signed_in_user(request), hold)
    messages.success(request, _("Legal hold is on.") if hold else _("Legal hold is off."))
    return _back(case)


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
    from prongsai.complaints.oit import NoStatisticsItem, attach_statistics

    org = _recipient_org(request, org_slug)
    raw = request.POST.get("year", "")
    year = int(raw) if raw.isdigit() else fiscal_year(local_today())
    try:
        item = attach_statistics(org, year, by=signed_in_user(request), today=local_today())
    except NoStatisticsItem as exc:
        messages.error(request, str(exc))
        return redirect("complaints:inbox", org_slug=org.slug)
    messages.success(
        request,
        _(
            "The statistics of %(year)s are now evidence of OIT item %(code)s; it goes back to draft to be checked and published."
        )
        % {"year": year, "code": item.code},
    )
    return redirect("disclosure:item", org_slug=org.slug, year=year, item_code=item.slug)


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
