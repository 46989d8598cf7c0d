"""Pages of the disclosure centre: the year's items, one item, its documents and workflow, audits; the public page."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.core import history_text
from prongsai.core.publiccache import cached_public_page
from prongsai.core.thai import fiscal_year, local_today
from prongsai.core.uploads import safe_download_response
from prongsai.core.views import public, signed_in_user
from prongsai.disclosure import access, feeds, selectors, services
from prongsai.disclosure.forms import AssignForm, DocumentForm, StepForm, VersionForm, WithdrawForm
from prongsai.disclosure.models import OitAudit, OitAuditItem, OitDocument, OitDocumentVersion, OitItem
from prongsai.ita.framework import get_framework
from prongsai.orgs.access import get_org_for_user
from prongsai.orgs.models import Organisation
from prongsai.orgs.views import staff_context
from prongsai.plans.models import Activity, Evidence

PUBLIC_FILE_CACHE = "public, max-age=300"


def _year_or_404(year: int) -> None:
    if get_framework(year) is None:
        raise Http404("No ITA framework for this year")


def _show_errors(request: HttpRequest, form: Any = None, exc: ValidationError | None = None) -> None:
    """Form and service errors as messages naming the field (the pages redirect back to the item)."""
    errors: dict[str, list[str]] = {}
    if form is not None:
        errors.update({k: [str(e) for e in v] for k, v in form.errors.items()})
    if exc is not None:
        errors.update(exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages})
    for field, texts in errors.items():
        label = form.fields[field].label if form is not None and field in form.fields else ""
        for text in texts:
            messages.error(request, f"{label}: {text}" if label else text)


def _item_url(item: OitItem) -> HttpResponse:
    return redirect("disclosure:item", org_slug=item.organisation.slug, year=item.fiscal_year, item_code=item.slug)


# --------------------------------------------------------------------------- staff


@login_required
@require_GET
def index(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    year = fiscal_year(local_today())  # the current fiscal year, as every page
    if get_framework(year) is None:
        context = staff_context(request, org, year=year, years=selectors.years(org))
        return render(request, "disclosure/empty.html", context)
    return redirect("disclosure:year", org_slug=org.slug, year=year)


def _running_audit(org: Organisation, year: int) -> OitAudit | None:
    from prongsai.disclosure import audits as audit_service

    return audit_service.running_audit(org, year)


@login_required
@require_GET
def year_items(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    _year_or_404(year)
    views = selectors.item_views(org, year)
    audit = OitAudit.objects.filter(organisation=org, fiscal_year=year, status=OitAudit.Status.DONE).first()
    health = {r.code: r for r in OitAuditItem.objects.filter(audit=audit)} if audit else {}
    states = Counter(v.item.state for v in views)
    today = local_today()
    context = staff_context(
        request,
        org,
        year=year,
        views=views,
        audit=audit,
        running=_running_audit(org, year),
        health=health,
        state_counts=[(value, label, states.get(value, 0)) for value, label in OitItem.State.choices],
        years=selectors.years(org) or [year],
        month=date(today.year, today.month, 1),
        month_slug=report_month(date(today.year, today.month, 1)),
        generated=feeds.item_targets(org, year, [v.item for v in views], user=request.user),
    )
    return render(request, "disclosure/year.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, org_slug: str, year: int, item_code: str) -> HttpResponse:
    """One item: its framework facts, documents, checklist, workflow and history; POST assigns it (admins)."""
    _year_or_404(year)
    it = access.get_item_for_user(request, org_slug, year, item_code, manage=request.method == "POST")
    org = it.organisation
    fw = get_framework(year)
    view = selectors.item_view(it, fw.item(it.code) if fw else None)
    user = request.user
    assign_form = None
    if access.can_manage(user, it):
        assign_form = AssignForm(
            request.POST or None,
            organisation=org,
            initial={"unit": it.unit, "officer": it.officer, "note": it.note},
        )
        if request.method == "POST" and assign_form.is_valid():
            d = assign_form.cleaned_data
            try:
                services.assign(it, unit=d["unit"], officer=d["officer"], note=d["note"], by=signed_in_user(request))
            except ValidationError as exc:
                _show_errors(request, assign_form, exc)
            else:
                messages.success(request, _("The item was assigned."))
                return _item_url(it)
    components = [c["text"] for c in view.components]
    editable = access.can_edit(user, it)
    last_audit = (
        OitAuditItem.objects.filter(item=it, audit__status=OitAudit.Status.DONE).select_related("audit").first()
    )
    context = staff_context(
        request,
        org,
        year=year,
        it=it,
        view=view,
        assign_form=assign_form,
        document_form=DocumentForm(components=components) if editable else None,
        editable=editable,
        actions=access.actions_for(user, it),
        step_form=StepForm(),
        history=history_text.history(it, limit=100),
        withdrawn=it.documents.filter(withdrawn_at__isnull=False),
        linked=it.activities.select_related("plan_row"),
        activities=Activity.objects.filter(organisation=org)
        .select_related("plan_row")
        .order_by("plan_row__indicator", "due")
        if access.can_manage(user, it)
        else None,
        last_audit=last_audit,
        generated=feeds.item_targets(org, year, [it], user=user).get(it.code, []),
    )
    return render(request, "disclosure/item.html", context)


@login_required
@require_POST
def document_add(request: HttpRequest, org_slug: str, year: int, item_code: str) -> HttpResponse:
    it = access.get_item_for_user(request, org_slug, year, item_code, edit=True)
    fw = get_framework(year)
    texts = services.component_texts(fw.item(it.code)) if fw and fw.item(it.code) else []  # type: ignore[arg-type]
    form = DocumentForm(request.POST, request.FILES, components=texts)
    if not form.is_valid():
        _show_errors(request, form)
        return _item_url(it)
    d = form.cleaned_data
    fields = services.DocumentFields(d["title"], d.get("period_start"), d.get("period_end"), d.get("components") or [])
    try:
        if d["kind"] == "file":
            services.document_add_file(it, fields, d["clean_file"], by=signed_in_user(request))
        else:
            services.document_add_link(it, fields, d["url"], by=signed_in_user(request))
    except ValidationError as exc:
        _show_errors(request, form, exc)
    else:
        messages.success(request, _("The document was added."))
    return _item_url(it)


@login_required
@require_POST
def document_change(request: HttpRequest, org_slug: str, year: int, item_code: str, document_id: int) -> HttpResponse:
    """One of: the document's details (``op=details``), a new version (``op=version``), withdrawal (``op=withdraw``)."""
    document = access.get_document_for_editor(request, org_slug, year, item_code, document_id)
    it = document.item
    by = signed_in_user(request)
    op = request.POST.get("op", "")
    form: Any
    try:
        if op == "version":
            form = VersionForm(request.POST, request.FILES)
            if form.is_valid():
                version = services.document_new_version(document, form.cleaned_data["clean_file"], by=by)
                messages.success(request, _("Version %(n)s was uploaded.") % {"n": version.number})
            else:
                _show_errors(request, form)
        elif op == "withdraw":
            form = WithdrawForm(request.POST)
            if form.is_valid():
                services.document_withdraw(document, by=by, reason=form.cleaned_data["reason"])
                messages.success(request, _("The document was withdrawn."))
            else:
                _show_errors(request, form)
        elif op == "details":
            fw = get_framework(year)
            fw_item = fw.item(it.code) if fw else None
            form = DocumentForm(
                request.POST, components=services.component_texts(fw_item) if fw_item else [], existing=True
            )
            if form.is_valid():
                d = form.cleaned_data
                fields = services.DocumentFields(
                    d["title"], d.get("period_start"), d.get("period_end"), d.get("components") or []
                )
                services.document_update(document, fields, url=d.get("url") or None, by=by)
                messages.success(request, _("The document was saved."))
            else:
                _show_errors(request, form)
        else:
            messages.error(request, _("Choose what to change: the details, a new version or withdrawal."))
    except ValidationError as exc:
        _show_errors(request, None, exc)
    return _item_url(it)


@login_required
@require_POST
def step(request: HttpRequest, org_slug: str, year: int, item_code: str) -> HttpResponse:
    it = access.get_item_for_user(request, org_slug, year, item_code)
    form = StepForm(request.POST)
    if not form.is_valid():
        _show_errors(request, form)
        return _item_url(it)
    action = form.cleaned_data["action"]
    if it.state not in access.TRANSITIONS[action][0]:
        messages.error(request, _("The item is no longer in a state that allows this step; reload the page."))
        return _item_url(it)
    if not access.can_take(request.user, it, action):
        raise PermissionDenied
    try:
        services.transition(it, action, by=signed_in_user(request), comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        _show_errors(request, None, exc)
    else:
        messages.success(
            request, _("The item is now: %(state)s.") % {"state": OitItem.objects.get(pk=it.pk).get_state_display()}
        )
    return _item_url(it)


@login_required
@require_POST
def link(request: HttpRequest, org_slug: str, year: int, item_code: str) -> HttpResponse:
    """Attach (or detach) a plan activity, or disclose a plan evidence under the item."""
    by = signed_in_user(request)
    if request.POST.get("evidence"):
        it = access.get_item_for_user(request, org_slug, year, item_code, edit=True)
        evidence = get_object_or_404(
            Evidence.objects.select_related("activity"),
            pk=_int(request.POST.get("evidence")),
            activity__organisation=it.organisation,
        )
        try:
            services.document_from_plan_evidence(it, evidence, by=by)
        except ValidationError as exc:
            _show_errors(request, None, exc)
        else:
            messages.success(request, _("The evidence is now a document of this item."))
        return _item_url(it)
    it = access.get_item_for_user(request, org_slug, year, item_code, manage=True)
    if not request.POST.get("activity", "").isdigit():
        messages.error(request, _("Choose a plan activity."))
        return _item_url(it)
    activity = get_object_or_404(Activity, pk=int(request.POST["activity"]), organisation=it.organisation)
    services.link_activity(it, activity, by=by, remove=request.POST.get("remove") == "1")
    messages.success(request, _("The plan activities of the item were saved."))
    return _item_url(it)


def _int(value: str | None) -> int:
    if not value or not value.isdigit():
        raise Http404("No such record")
    return int(value)


@login_required
@require_GET
def version_preview(
    request: HttpRequest, org_slug: str, year: int, item_code: str, document_id: int, number: int
) -> HttpResponse:
    """Any version of a document, for the organisation's members (before it is published)."""
    it = access.get_item_for_user(request, org_slug, year, item_code)
    version = get_object_or_404(OitDocumentVersion, document_id=document_id, document__item=it, number=number)
    return _serve(version)


def _serve(version: OitDocumentVersion, *, cache_control: str = "private, no-store") -> HttpResponse:
    try:
        with version.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as exc:
        raise Http404("The stored file is missing") from exc
    response = safe_download_response(
        content,
        filename=version.original_name or version.document.name,
        content_type=version.content_type,
        cache_control=cache_control,
    )
    response["ETag"] = f'"{version.sha256}"'
    return response


def report_month(month: date) -> str:
    """The month in the report's address, always in the Buddhist era as the report prints it: "2569-01"."""
    return f"{month.year + 543}-{month.month:02d}"


def report_file_name(org: Organisation, year: int, month: date, ext: str, *, thai_digits: bool = True) -> str:
    """The file name of the monthly report: the address's own words ("report-2569-01"), and which digits it uses."""
    digits = "" if thai_digits else "-arabic-digits"
    return f"oit-{org.slug}-{year}-report-{report_month(month)}{digits}.{ext}"


# --------------------------------------------------------------------------- public


@public
@require_GET
@cached_public_page
def public_year(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    """The year's items in NACC order with their published documents: the page the website links to."""
    org = get_object_or_404(Organisation, slug=org_slug)
    if get_framework(year) is None:
        raise Http404("No ITA framework for this year")
    views = selectors.item_views(org, year, create=False)
    context = {
        "org": org,
        "year": year,
        "views": views,
        "years": selectors.years(org),
        "published": sum(1 for v in views if v.public_documents),
        "updated": max((v.item.updated_at for v in views), default=None),
    }
    return render(request, "disclosure/public.html", context)


@public
@require_GET
def public_index(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=org_slug)
    year = fiscal_year(local_today())  # the current fiscal year, as every page
    years = selectors.years(org)
    if get_framework(year) is None or not years:  # the address the website links to once: it always answers
        return render(request, "disclosure/public_none.html", {"org": org, "year": year, "years": years})
    return redirect("disclosure:public", org_slug=org.slug, year=year)


def _public_document(org_slug: str, year: int, item_code: str, name: str) -> OitDocument:
    return get_object_or_404(
        OitDocument.objects.select_related("item"),
        item__organisation__slug=org_slug,
        item__fiscal_year=year,
        item__code__iexact=item_code,
        name=name,
        kind=OitDocument.Kind.FILE,
        withdrawn_at__isnull=True,
    )


@public
@require_GET
@cached_public_page
def public_file(request: HttpRequest, org_slug: str, year: int, item_code: str, name: str) -> HttpResponse:
    """The permanent URL of a document: its newest published version."""
    document = _public_document(org_slug, year, item_code, name)
    version = services.served_version(document, staff=False)
    if version is None:
        raise Http404("Not published")
    return _serve(version, cache_control=PUBLIC_FILE_CACHE)


@public
@require_GET
@cached_public_page
def public_version(
    request: HttpRequest, org_slug: str, year: int, item_code: str, number: int, name: str
) -> HttpResponse:
    """A published version by number: the address keeps working after newer versions come."""
    document = _public_document(org_slug, year, item_code, name)
    version = get_object_or_404(document.versions, number=number, published_at__isnull=False)
    return _serve(version, cache_control=PUBLIC_FILE_CACHE)
