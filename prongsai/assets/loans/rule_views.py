"""Pages of the asset-use rule: read and acknowledge, write a version, publish, who acknowledged; the public page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.assets.loans import rule_selectors, rule_services
from prongsai.assets.loans.access import EXECUTIVES, RULE_PUBLISHERS, RULE_WRITERS
from prongsai.assets.loans.forms import DEFAULT_TITLE, RuleForm, SignedCopyForm
from prongsai.assets.models import AssetRule
from prongsai.core.publiccache import cached_public_page
from prongsai.core.thai import local_today
from prongsai.core.views import public, signed_in_user
from prongsai.orgs.access import ORG_MEMBERS, can, get_org_for_user
from prongsai.orgs.models import Organisation
from prongsai.orgs.views import staff_context


def _rule_of(org: Organisation, version: int, *, drafts: bool) -> AssetRule:
    rule = AssetRule.objects.filter(organisation=org, version=version).first()
    if rule is None or (rule.state == AssetRule.State.DRAFT and not drafts):
        raise Http404("No such version")
    return rule


def _fields(form: RuleForm) -> rule_services.RuleFields:
    d = form.cleaned_data
    return rule_services.RuleFields(
        title=d["title"],
        intro=d.get("intro") or "",
        rules=d.get("rules") or "",
        effective_on=d["effective_on"],
        reference=d.get("reference") or "",
        signed_by=d.get("signed_by") or "",
    )


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_GET
def rule(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    user = signed_in_user(request)
    current = rule_services.current_rule(org)
    writer = can(user, org, RULE_WRITERS)
    versions = [v for v in rule_selectors.versions(org) if writer or v.state == AssetRule.State.PUBLISHED]
    context = staff_context(
        request,
        org,
        rule=current,
        acknowledged_at=rule_selectors.acknowledged_at(current, user),
        can_acknowledge=current is not None and can(user, org, ORG_MEMBERS) and not user.is_superuser,
        versions=versions,
        writer=writer,
        executive=can(user, org, EXECUTIVES),
        counts=rule_selectors.ack_counts(current) if current and can(user, org, EXECUTIVES) else None,
        tab="rule",
    )
    return render(request, "assets/loans/rule.html", context)


@login_required
@require_POST
def rule_acknowledge(request: HttpRequest, org_slug: str, version: int) -> HttpResponse:
    org = get_org_for_user(request, org_slug, roles=ORG_MEMBERS)
    item = _rule_of(org, version, drafts=False)
    rule_services.rule_acknowledge(rule=item, user=signed_in_user(request))
    messages.success(
        request, _("Thank you: your acknowledgement of version %(version)s is recorded.") % {"version": version}
    )
    return redirect("assets:rule", org_slug=org.slug)


@login_required
@require_http_methods(["GET", "POST"])
def rule_new(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug, roles=RULE_WRITERS)
    current = rule_services.current_rule(org)
    initial: dict[str, Any] = {"title": DEFAULT_TITLE, "effective_on": local_today()}
    if current is not None:
        initial |= {
            "title": current.title,
            "intro": current.intro,
            "rules": current.rules,
            "signed_by": current.signed_by,
        }
    form = RuleForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = rule_services.rule_draft(
                org=org, fields=_fields(form), by=signed_in_user(request), signed=form.cleaned_data.get("clean_file")
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Version %(version)s was saved as a draft.") % {"version": item.version})
            return redirect("assets:rule_version", org_slug=org.slug, version=item.version)
    return render(request, "assets/loans/rule_form.html", staff_context(request, org, form=form, item=None, tab="rule"))


@login_required
@require_http_methods(["GET", "POST"])
def rule_version(request: HttpRequest, org_slug: str, version: int) -> HttpResponse:
    """One version: a draft is edited (and published) here; a published one takes its signed copy once."""
    org = get_org_for_user(request, org_slug, roles=None if request.method == "GET" else RULE_WRITERS)
    user = signed_in_user(request)
    writer = can(user, org, RULE_WRITERS)
    item = _rule_of(org, version, drafts=writer)
    draft = item.state == AssetRule.State.DRAFT
    form: RuleForm | SignedCopyForm | None = None
    if writer and draft:
        initial = {
            "title": item.title,
            "reference": item.reference,
            "intro": item.intro,
            "rules": item.rules,
            "effective_on": item.effective_on,
            "signed_by": item.signed_by,
        }
        form = RuleForm(request.POST or None, request.FILES or None, initial=initial)
    elif writer and not item.signed_file:
        form = SignedCopyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form is None:
            raise Http404("Nothing to change")
        if form.is_valid():
            try:
                if isinstance(form, RuleForm):
                    signed = form.cleaned_data.get("clean_file")
                    rule_services.rule_update(rule=item, fields=_fields(form), by=user, signed=signed)
                else:
                    rule_services.rule_update(rule=item, fields=None, by=user, signed=form.cleaned_data["signed_file"])
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Version %(version)s was saved.") % {"version": item.version})
                return redirect("assets:rule_version", org_slug=org.slug, version=item.version)
    context = staff_context(
        request,
        org,
        item=item,
        form=form,
        draft=draft,
        can_publish=draft and can(user, org, RULE_PUBLISHERS),
        executive=can(user, org, EXECUTIVES),
        tab="rule",
    )
    return render(request, "assets/loans/rule_version.html", context)


@login_required
@require_POST
def rule_publish(request: HttpRequest, org_slug: str, version: int) -> HttpResponse:
    org = get_org_for_user(request, org_slug, roles=RULE_PUBLISHERS)
    item = _rule_of(org, version, drafts=True)
    try:
        rule_services.rule_publish(rule=item, by=signed_in_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("assets:rule_version", org_slug=org.slug, version=version)
    messages.success(
        request,
        _("Version %(version)s is published: every member is asked to read and acknowledge it.") % {"version": version},
    )
    return redirect("assets:rule", org_slug=org.slug)


@login_required
@require_GET
def rule_acknowledgements(request: HttpRequest, org_slug: str, version: int) -> HttpResponse:
    org = get_org_for_user(request, org_slug, roles=EXECUTIVES)
    item = _rule_of(org, version, drafts=False)
    rows = rule_selectors.acknowledgements(item)
    context = staff_context(
        request, org, item=item, rows=rows, done=sum(1 for r in rows if r.at), versions=rule_selectors.versions(org)
    )
    return render(request, "assets/loans/rule_acks.html", context)


def _signed_response(item: AssetRule) -> HttpResponse:
    from prongsai.core.uploads import safe_download_response

    if not item.signed_file:
        raise Http404("No signed copy")
    with item.signed_file.open("rb") as handle:
        content = handle.read()
    return safe_download_response(content, filename=f"asset-rule-{item.version}.pdf", content_type="application/pdf")


@login_required
@require_GET
def rule_signed(request: HttpRequest, org_slug: str, version: int) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    return _signed_response(_rule_of(org, version, drafts=can(request.user, org, RULE_WRITERS)))


@public
@require_GET
@cached_public_page
def rule_public(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The rule in force, for everyone (also a section of the organisation's public asset page)."""
    org = get_object_or_404(Organisation, slug=org_slug)
    return render(request, "assets/loans/rule_public.html", {"org": org, "rule": rule_services.public_rule(org)})


@public
@require_GET
@cached_public_page
def rule_public_signed(request: HttpRequest, org_slug: str, version: int) -> HttpResponse:
    """The signed copy of a published version, at a permanent address."""
    org = get_object_or_404(Organisation, slug=org_slug)
    return _signed_response(_rule_of(org, version, drafts=False))
