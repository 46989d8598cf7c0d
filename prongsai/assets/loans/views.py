"""Staff pages of loans: my loans, to approve, out now, overdue, the request form, a loan and its steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.assets.loans import access, selectors, services
from prongsai.assets.loans.forms import CancelForm, DecisionForm, HandOverForm, LoanRequestForm, ReturnForm
from prongsai.assets.models import Asset, Loan
from prongsai.core import history_text
from prongsai.core.thai import local_today
from prongsai.core.views import signed_in_user
from prongsai.orgs.access import ORG_MEMBERS, can, get_org_for_user
from prongsai.orgs.models import Membership, Organisation
from prongsai.orgs.views import staff_context


def _context(request: HttpRequest, org: Organisation, **extra: Any) -> dict[str, Any]:
    user = signed_in_user(request)
    return staff_context(
        request,
        org,
        can_borrow=can(user, org, ORG_MEMBERS) and not user.is_superuser,
        waiting=len(selectors.to_approve(org, user)),
        today=local_today(),
        **extra,
    )


def _errors(request: HttpRequest, exc: ValidationError | access.NotAllowed) -> None:
    if isinstance(exc, access.NotAllowed):
        messages.error(request, str(exc))
        return
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_GET
def my_loans(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    loans = selectors.my_loans(org, signed_in_user(request))
    return render(request, "assets/loans/my_loans.html", _context(request, org, loans=loans, tab="mine"))


@login_required
@require_GET
def to_approve(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    user = signed_in_user(request)
    context = _context(
        request,
        org,
        loans=selectors.to_approve(org, user),
        others=selectors.waiting_for_others(org, user),
        tab="approve",
    )
    return render(request, "assets/loans/to_approve.html", context)


@login_required
@require_GET
def out_now(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    context = _context(request, org, loans=selectors.out_now(org), tab="out")
    return render(request, "assets/loans/out_now.html", context)


@login_required
@require_GET
def overdue(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    today = local_today()
    loans = [(loan, selectors.days_overdue(loan, today)) for loan in selectors.overdue(org, today)]
    return render(request, "assets/loans/overdue.html", _context(request, org, loans=loans, tab="overdue"))


def _request_form(request: HttpRequest, org: Organisation, *, asset: Asset | None) -> HttpResponse:
    user = signed_in_user(request)
    membership = (
        Membership.objects.filter(user=user, organisation=org).exclude(position_title="", unit__isnull=True).first()
    )
    initial: dict[str, Any] = {"starts_on": local_today(), "due_on": local_today()}
    if membership is not None:
        initial |= {"position": membership.position_title, "unit": membership.unit}
    if asset is not None:
        initial["codes"] = asset.code
    form = LoanRequestForm(request.POST or None, organisation=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            loan = services.loan_request(
                org=org,
                borrower=user,
                codes=services.split_codes(d["codes"]),
                purpose=d["purpose"],
                place=d["place"],
                starts_on=d["starts_on"],
                due_on=d["due_on"],
                position=d.get("position") or "",
                unit=d.get("unit"),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your loan request %(ref)s was sent for approval.") % {"ref": loan.reference})
            return redirect("assets:loan", org_slug=org.slug, loan_id=loan.pk)
    return render(request, "assets/loans/request.html", _context(request, org, form=form, asset=asset, tab="new"))


@login_required
@require_http_methods(["GET", "POST"])
def loan_request(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug, roles=ORG_MEMBERS)
    return _request_form(request, org, asset=None)


@login_required
@require_http_methods(["GET", "POST"])
def loan_new(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    """Start a loan request for one asset (the link of the asset's QR page)."""
    org = get_org_for_user(request, org_slug, roles=ORG_MEMBERS)
    asset = selectors.asset_by_code(org, code)
    if asset is None:
        raise Http404("No such asset")
    return _request_form(request, org, asset=asset)


@login_required
@require_GET
def loan(request: HttpRequest, org_slug: str, loan_id: int) -> HttpResponse:
    item = access.get_loan_for_user(request, org_slug, loan_id)
    user = signed_in_user(request)
    org = item.organisation
    decide_reason = access.decider_reason(user, item) if item.state == Loan.State.REQUESTED else None
    context = _context(
        request,
        org,
        loan=item,
        items=list(item.items.all()),
        days_overdue=selectors.days_overdue(item),
        decision_form=DecisionForm() if access.may_decide(user, item) else None,
        own_request=item.state == Loan.State.REQUESTED and user.pk == item.borrower_id,
        decide_reason=decide_reason,
        hand_form=HandOverForm() if item.state == Loan.State.APPROVED and access.may_keep(user, item) else None,
        return_form=ReturnForm(loan=item) if item.state == Loan.State.OUT and access.may_keep(user, item) else None,
        cancel_form=CancelForm() if access.may_cancel(user, item) else None,
        history=history_text.history(item, limit=100),
    )
    return render(request, "assets/loans/loan.html", context)


def _back(item: Loan) -> HttpResponse:
    return redirect("assets:loan", org_slug=item.organisation.slug, loan_id=item.pk)


@login_required
@require_POST
def loan_decide(request: HttpRequest, org_slug: str, loan_id: int) -> HttpResponse:
    item = access.get_loan_for_user(request, org_slug, loan_id, act=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(item)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.loan_decide(loan=item, by=signed_in_user(request), approve=approve, note=form.cleaned_data["note"])
    except (ValidationError, access.NotAllowed) as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The loan was approved.") if approve else _("The loan was refused."))
    return _back(item)


@login_required
@require_POST
def loan_hand_over(request: HttpRequest, org_slug: str, loan_id: int) -> HttpResponse:
    item = access.get_loan_for_user(request, org_slug, loan_id, act=True)
    form = HandOverForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say in what condition the assets were handed over."))
        return _back(item)
    try:
        services.loan_hand_over(loan=item, by=signed_in_user(request), condition_out=form.cleaned_data["condition_out"])
    except (ValidationError, access.NotAllowed) as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The hand-over was recorded."))
    return _back(item)


@login_required
@require_POST
def loan_return(request: HttpRequest, org_slug: str, loan_id: int) -> HttpResponse:
    item = access.get_loan_for_user(request, org_slug, loan_id, act=True)
    form = ReturnForm(request.POST, loan=item)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(item)
    try:
        services.loan_return(
            loan=item, by=signed_in_user(request), conditions=form.conditions(), note=form.cleaned_data["note"]
        )
    except (ValidationError, access.NotAllowed) as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The return was recorded."))
    return _back(item)


@login_required
@require_POST
def loan_cancel(request: HttpRequest, org_slug: str, loan_id: int) -> HttpResponse:
    item = access.get_loan_for_user(request, org_slug, loan_id, act=True)
    form = CancelForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.loan_cancel(loan=item, by=signed_in_user(request), note=note)
    except (ValidationError, access.NotAllowed) as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The loan request was cancelled."))
    return _back(item)


@login_required
@require_GET
def loan_form(request: HttpRequest, org_slug: str, loan_id: int, ext: str) -> HttpResponse:
    """The ใบยืมพัสดุ of the loan as DOCX or PDF."""
    from prongsai.assets.loans.documents import CONTENT_TYPES, FORMATS, file_name, render_loan_form
    from prongsai.core.uploads import safe_download_response

    item = access.get_loan_for_user(request, org_slug, loan_id)
    if ext not in FORMATS:
        raise Http404("No such format")
    thai_digits = request.GET.get("digits") != "arabic"
    return safe_download_response(
        render_loan_form(item, ext, thai_digits=thai_digits),
        filename=file_name(item, ext),
        content_type=CONTENT_TYPES[ext],
    )
