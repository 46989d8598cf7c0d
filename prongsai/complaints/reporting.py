"""The anonymous reporting pages: start, the report form, the one-time receipt, the reporter's case, the poster.

These pages keep nothing of who is asking (see `anonymous.py`): no session, no cookie, no messages
framework; their forms carry a signed one-time token instead of Django's CSRF cookie. A report form
files one case whatever the browser does (`onetime.py`): the POST answers 303 to a receipt page that
shows the receipt once. The reporter's case page is the answer to a POST of the receipt and is never
at an address of its own. Every form sent counts towards the throttle, refused or not, and is counted
before its body is read.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from prongsai.complaints import anonymous, onetime, receipts, services
from prongsai.complaints.forms import MAX_REQUEST_BYTES, InMemoryUploads, ReceiptForm, ReplyForm, ReportForm
from prongsai.complaints.models import Case
from prongsai.core.thai import local_today
from prongsai.core.uploads import MAX_UPLOAD_TEXT
from prongsai.core.views import public
from prongsai.orgs.models import Organisation

EXPIRED = gettext_noop("This form has expired or did not come from this site. Open it again.")


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


def _to_receipt(org: Organisation, view: str) -> HttpResponse:
    url = reverse("complaints:receipt", kwargs={"org_slug": org.slug}) + "?" + urlencode({"t": view})
    return HttpResponseRedirect(url, status=303)


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


def _report_data(data: dict[str, Any]) -> services.ReportData:
    return services.ReportData(
        category=data["category"],
        reporter_kind=data["reporter_kind"],
        what=data["what"],
        when=data["when"],
        where=data["where"],
        who=data["who"],
        contact=data["contact"],
        excluded=list(data["excluded"]),
    )


@public
@csrf_exempt  # own token: see anonymous.py
@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _org(org_slug)
    recipients = services.candidate_recipients(org)
    if request.method == "POST":
        bucket = _bucket(request)
        if receipts.reports_blocked(bucket):  # before the body is read
            return _refused(
                request, org, _("Too many reports were sent from here just now. Try again in a while."), 429
            )
        receipts.record_submission(bucket)
        _memory_uploads(request)
        nonce = anonymous.check_form_token(request, "report")
        if not nonce:
            return _refused(request, org, _(EXPIRED), 403)
        view = onetime.view_of_sent_form("report", nonce)
        if view is not None:  # sent again before its receipt was shown: the same receipt page
            return _to_receipt(org, view)
        form = ReportForm(request.POST, request.FILES, recipients=recipients)
        length = request.META.get("CONTENT_LENGTH", "")
        if not request.FILES and length.isdigit() and int(length) > MAX_REQUEST_BYTES:  # InMemoryUploads stopped it
            form.add_error(
                None,
                _("The files together are too large: at most %(count)d files of %(size)s each.")
                % {"count": services.MAX_ATTACHMENTS, "size": MAX_UPLOAD_TEXT},
            )
        if form.is_valid():
            try:
                view = services.file_report_from_form(
                    org,
                    _report_data(form.cleaned_data),
                    form.cleaned_data["attachments"],
                    today=local_today(),
                    nonce=nonce,
                )
            except onetime.FormAlreadySent as sent:
                if sent.view:
                    return _to_receipt(org, sent.view)
                return _refused(
                    request,
                    org,
                    _("This report was sent already, and its receipt was shown in answer. It was not filed again."),
                    409,
                )
            except services.CaseError as exc:
                form.add_error(None, str(exc))
            else:
                receipts.record_report(bucket)
                return _to_receipt(org, view)
    else:
        form = ReportForm(recipients=recipients)
    everyone_excluded = form.is_bound and "excluded" in form.errors
    return render(
        request,
        "complaints/new.html",
        {"org": org, "form": form, "form_token": anonymous.form_token("report"), "outside_channels": everyone_excluded},
        status=400 if form.is_bound else 200,
    )


@public
@require_GET
def receipt(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The receipt, shown once: a reload (or anyone later) finds it gone and files nothing."""
    org = _org(org_slug)
    shown = onetime.take_receipt(request.GET.get("t", ""))
    if shown is None:
        return render(request, "complaints/receipt_gone.html", {"org": org})  # an explanation, not an error page
    context = {"org": org, "receipt": receipts.display(str(shown["receipt"])), "days": int(shown["days"])}
    return render(request, "complaints/receipt.html", context)


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


def _reply(request: HttpRequest, org: Organisation, nonce: str) -> HttpResponse:
    case_id = anonymous.case_from_token(request.POST.get("case_token", ""))
    case = Case.objects.filter(pk=case_id, organisation=org).first() if case_id else None
    if case is None:
        return _refused(request, org, _("Your half hour with this case has ended. Enter the receipt again."), 403)
    reply = ReplyForm(request.POST, request.FILES)
    if reply.is_valid():
        try:
            services.reporter_writes(
                case, reply.cleaned_data["body"], reply.cleaned_data["attachments"], nonce=nonce, today=local_today()
            )
        except services.CaseError as exc:
            reply.add_error(None, str(exc))
        else:
            return _reporter_page(request, org, case, sent=True)
    return _reporter_page(request, org, case, reply_form=reply, status=400)


def _receipt_entry(request: HttpRequest, org: Organisation, form: ReceiptForm, status: int = 200) -> HttpResponse:
    token, challenge = anonymous.form_token_with_challenge("receipt")
    context = {
        "org": org,
        "form": form,
        "form_token": token,
        "pow_challenge": challenge if receipts.proof_of_work_required(org.pk) else "",
        "pow_bits": receipts.POW_BITS,
    }
    return render(request, "complaints/receipt_entry.html", context, status=status)


@public
@csrf_exempt  # own token: see anonymous.py
@require_http_methods(["GET", "POST"])
def reporter_case(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Enter the receipt (GET form, POST it); from the case page, answer with the case token."""
    org = _org(org_slug)
    if request.method != "POST":
        return _receipt_entry(request, org, ReceiptForm())
    bucket = _bucket(request)
    _memory_uploads(request)
    purpose = "reply" if "case_token" in request.POST else "receipt"
    nonce = anonymous.check_form_token(request, purpose)
    if not nonce:
        if purpose == "receipt":
            receipts.record_failed_receipt(org.pk, bucket)  # a refused form counts like a wrong receipt
        return _refused(request, org, _(EXPIRED), 403)
    if purpose == "reply":
        return _reply(request, org, nonce)
    if receipts.receipt_attempts_blocked(bucket):
        return _refused(request, org, _("Too many wrong receipt numbers were tried. Try again in 15 minutes."), 429)
    form = ReceiptForm(request.POST)
    if receipts.proof_of_work_required(org.pk):
        solution = request.POST.get("pow", "")
        if not receipts.proof_of_work_ok(nonce, solution) or not onetime.consume_check(nonce, today=local_today()):
            form.add_error(
                None,
                _("Many wrong receipt numbers are being tried just now. Let the page finish its check, then send."),
            )
            receipts.record_failed_receipt(org.pk, bucket)
            return _receipt_entry(request, org, form, status=400)
    if form.is_valid():
        receipt = receipts.normalise(form.cleaned_data["receipt"])
        case = services.find_case(org, receipt) if receipt else None
        if case is not None:
            return _reporter_page(request, org, case)
        form.add_error("receipt", _("No report has this receipt number. Check the 16 digits."))
    receipts.record_failed_receipt(org.pk, bucket)
    return _receipt_entry(request, org, form, status=400)


@public
@require_GET
def poster(request: HttpRequest, org_slug: str) -> HttpResponse:
    from prongsai.complaints.poster import poster_pdf

    org = _org(org_slug)
    response = HttpResponse(poster_pdf(org, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="complaints-poster-{org.slug}.pdf"'
    return response
