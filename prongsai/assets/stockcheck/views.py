"""The stock-check pages: the rounds, a round, its committee, rooms, moves and report (managers' writes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.assets.models import Asset, CommitteeMember, SupplyOfficer
from prongsai.assets.stockcheck import access, forms, selectors, services
from prongsai.assets.stockcheck.links import reverse_round
from prongsai.assets.stockcheck.wording import STATE_LABELS
from prongsai.core.history_text import history
from prongsai.core.importing.web import ImportForm
from prongsai.core.thai import fiscal_year, local_today
from prongsai.orgs.views import staff_context


@login_required
def rounds(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.get_org(request, org_slug)
    opener = access.can_open_some(request.user, org)
    form = forms.RoundStartForm(
        request.POST or None, org=org, user=request.user, initial={"fiscal_year": fiscal_year(local_today())}
    )
    if request.method == "POST":
        if not opener:
            raise PermissionDenied
        if form.is_valid():
            unit = form.cleaned_data["unit"]
            if not access.can_open(request.user, org, form.cleaned_data["kind"], unit.pk if unit else None):
                form.add_error(None, _("A unit head opens the quarterly rounds of their own unit only."))
        if form.is_valid():
            try:
                round_ = services.round_start(
                    organisation=org,
                    kind=form.cleaned_data["kind"],
                    fiscal_year=form.cleaned_data["fiscal_year"],
                    unit=form.cleaned_data["unit"],
                    quarter=form.cleaned_data["quarter"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect(reverse_round(round_))
    return render(
        request,
        "assets/stockcheck/rounds.html",
        staff_context(request, org, **{"rounds": selectors.rounds_of(org), "form": form, "manager": opener}),
    )


@login_required
def officers(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = access.get_org(request, org_slug)
    form = forms.OfficerForm(request.POST or None, org=org)
    if request.method == "POST":
        org = access.get_org(request, org_slug, manage=True)
        if form.is_valid():
            try:
                services.supply_officer_add(
                    organisation=org, user=form.cleaned_data["user"], since=form.cleaned_data["since"]
                )
            except ValidationError as exc:
                form.add_error("user", exc)
            else:
                return redirect("assets:stockcheck_officers", org_slug=org.slug)
    return render(
        request,
        "assets/stockcheck/officers.html",
        staff_context(
            request,
            org,
            **{
                "officers": selectors.supply_officers_of(org),
                "form": form,
                "manager": access.can_manage(request.user, org),
            },
        ),
    )


@login_required
@require_POST
def officer_remove(request: HttpRequest, org_slug: str, supply_officer_id: int) -> HttpResponse:
    org = access.get_org(request, org_slug, manage=True)
    services.supply_officer_remove(officer=get_object_or_404(SupplyOfficer, pk=supply_officer_id, organisation=org))
    return redirect("assets:stockcheck_officers", org_slug=org.slug)


@login_required
def round_page(request: HttpRequest, org_slug: str, round_id: int) -> HttpResponse:
    round_ = access.get_round(request, org_slug, round_id)
    org = round_.organisation
    result = selectors.reconciliation_of(round_)
    moves = selectors.moves_of(round_)
    elsewhere = [{"item": i, "decision": moves.get(i.code)} for i in result.of("elsewhere")]
    counts = result.counts
    manager = access.can_manage_round(request.user, round_)
    return render(
        request,
        "assets/stockcheck/round.html",
        staff_context(
            request,
            org,
            **{
                "round": round_,
                "manager": manager,
                "counter": access.can_count(request.user, round_),
                "counts": [(state, STATE_LABELS[state], n) for state, n in counts.items()],
                "problems": result.of("missing", "damaged", "not_needed", "unknown_code"),
                "elsewhere": elsewhere,
                "assets": dict(
                    Asset.objects.filter(
                        organisation=org, code__in=[i.code for i in result.of("elsewhere")]
                    ).values_list("code", "pk")
                ),
                "rooms": selectors.room_progress(round_),
                "room_ids": {r.name: r.pk for r in round_.rooms.all()},
                "committee": round_.committee.select_related("user"),
                "committee_form": forms.CommitteeForm(org=org),
                "room_form": forms.RoomForm(),
                "edit_form": forms.RoundEditForm(initial={f: getattr(round_, f) for f in services.ROUND_EDIT_FIELDS}),
                "report_form": forms.ReportForm(initial={"reported_on": local_today()}),
                "copy_form": forms.AuditCopyForm(initial={"sent_on": local_today()}),
                "history": history(round_, limit=30),
                "import_form": ImportForm(),
            },
        ),
    )


def _check(form: Any) -> None:
    """Raise the form's errors as one ValidationError (shown on the round page by :func:`_back`)."""
    if not form.is_valid():
        raise ValidationError([str(e) for errs in form.errors.values() for e in errs])


@login_required
def _back(request: HttpRequest, round_: object, exc: ValidationError | None = None) -> HttpResponse:
    if exc is not None:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(reverse_round(round_))  # type: ignore[arg-type]


@login_required
@require_POST
def committee_add(request: HttpRequest, org_slug: str, round_id: int) -> HttpResponse:
    round_ = access.get_round(request, org_slug, round_id, manage=True)
    form = forms.CommitteeForm(request.POST, org=round_.organisation)
    if not form.is_valid():
        return _back(request, round_, ValidationError([str(e) for errs in form.errors.values() for e in errs]))
    try:
        services.committee_member_add(
            round_=round_,
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
            position_title=form.cleaned_data["position_title"],
            by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        return _back(request, round_, exc)
    return _back(request, round_)


@login_required
@require_POST
def committee_remove(request: HttpRequest, org_slug: str, round_id: int, committee_member_id: int) -> HttpResponse:
    round_ = access.get_round(request, org_slug, round_id, manage=True)
    member = get_object_or_404(CommitteeMember, pk=committee_member_id, round=round_)
    try:
        services.committee_member_remove(member=member, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        return _back(request, round_, exc)
    return _back(request, round_)


@login_required
@require_POST
def room_add(request: HttpRequest, org_slug: str, round_id: int) -> HttpResponse:
    round_ = access.get_round(request, org_slug, round_id, manage=True)
    form = forms.RoomForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Name the room."))
        services.round_room_add(round_=round_, name=form.cleaned_data["name"], by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        return _back(request, round_, exc)
    return _back(request, round_)


@login_required
@require_POST
def round_edit(request: HttpRequest, org_slug: str, round_id: int) -> HttpResponse:
    round_ = access.get_round(request, org_slug, round_id, manage=True)
    form = forms.RoundEditForm(request.POST)
    try:
        _check(form)
        services.round_update(round_=round_, values=form.cleaned_data, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        return _back(request, round_, exc)
    return _back(request, round_)


@login_required
@require_POST
def move_decide(request: HttpRequest, org_slug: str, round_id: int, move_asset_id: int) -> HttpResponse:
    round_ = access.get_round(request, org_slug, round_id, manage=True)
    asset = get_object_or_404(Asset, pk=move_asset_id, organisation=round_.organisation)
    try:
        services.move_decide(
            round_=round_,
            asset=asset,
            to_room=request.POST.get("to_room", ""),
            accept=request.POST.get("decision") == "accept",
            by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        return _back(request, round_, exc)
    return _back(request, round_)


@login_required
@require_POST
def round_report(request: HttpRequest, org_slug: str, round_id: int) -> HttpResponse:
    round_ = access.get_round(request, org_slug, round_id, manage=True)
    form = forms.ReportForm(request.POST)
    try:
        _check(form)
        services.round_report(round_=round_, reported_on=form.cleaned_data["reported_on"], by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        return _back(request, round_, exc)
    return _back(request, round_)


@login_required
@require_POST
def audit_copy(request: HttpRequest, org_slug: str, round_id: int) -> HttpResponse:
    round_ = access.get_round(request, org_slug, round_id, manage=True)
    form = forms.AuditCopyForm(request.POST)
    try:
        _check(form)
        services.round_audit_copy(
            round_=round_,
            sent_on=form.cleaned_data["sent_on"],
            reference=form.cleaned_data["reference"],
            by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        return _back(request, round_, exc)
    return _back(request, round_)
