from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from prongsai.core.modules import modules, staff_banners
from prongsai.core.views import public
from prongsai.orgs import services
from prongsai.orgs.access import ORG_ADMINS, can, get_org_for_user, organisations_for, roles_for
from prongsai.orgs.forms import OrganisationProfileForm, PersonAddForm, UnitAddForm, UnitForm
from prongsai.orgs.models import Membership, Organisation, Role, Unit


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    orgs = Organisation.objects.order_by("province", "name")
    by_province = [(province, list(items)) for province, items in groupby(orgs, key=lambda o: o.province)]
    mine = list(organisations_for(request.user)) if request.user.is_authenticated else []
    return render(request, "orgs/home.html", {"by_province": by_province, "mine": mine})


@public
@require_GET
def org_public(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=org_slug)
    public_modules = [m for m in modules() if m.public_url_name]
    return render(request, "orgs/public.html", {"org": org, "units": org.units.all(), "public_modules": public_modules})


def staff_context(request: HttpRequest, org: Organisation, **extra: object) -> dict[str, object]:
    roles = roles_for(request.user, org)
    return {
        "org": org,
        "roles": sorted(Role(r).label for r in roles),
        "is_org_admin": can(request.user, org, ORG_ADMINS),
        "staff_modules": [
            m for m in modules() if m.staff_url_name and (m.roles is None or can(request.user, org, m.roles))
        ],
        "staff_banners": staff_banners(request, org),
    } | extra


@login_required
@require_GET
def dashboard(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    units = org.units.annotate(people=Count("memberships__user", distinct=True))
    people = (
        Membership.objects.filter(organisation=org).select_related("user", "unit").order_by("role", "user__first_name")
    )
    summaries = [
        {"module": m, "template": m.summary_template, **(m.summary(org) if m.summary else {})}
        for m in modules()
        if m.summary_template and (m.roles is None or can(request.user, org, m.roles))
    ]
    context = staff_context(request, org) | {"units": units, "people": people, "summaries": summaries}
    return render(request, "orgs/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug, roles=ORG_ADMINS)
    form = OrganisationProfileForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(org=org, fields=form.cleaned_data)
        messages.success(request, _("The profile was saved."))
        return redirect("orgs:dashboard", org_slug=org.slug)
    return render(request, "orgs/profile_form.html", staff_context(request, org) | {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def units(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug, roles=None if request.method == "GET" else ORG_ADMINS)
    form = UnitAddForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        services.unit_create(org=org, name=form.cleaned_data["name"])
        messages.success(request, _("The unit was added."))
        return redirect("orgs:units", org_slug=org.slug)
    unit_list = org.units.annotate(people=Count("memberships__user", distinct=True))
    return render(request, "orgs/units.html", staff_context(request, org) | {"form": form, "unit_list": unit_list})


def _get_rw_unit_for_user(request: HttpRequest, org_slug: str, unit_id: int) -> Unit:
    org = get_org_for_user(request, org_slug, roles=ORG_ADMINS)
    return get_object_or_404(Unit, pk=unit_id, organisation=org)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, org_slug: str, unit_id: int) -> HttpResponse:
    unit = _get_rw_unit_for_user(request, org_slug, unit_id)
    form = UnitForm(request.POST or None, instance=unit, organisation=unit.organisation)
    if request.method == "POST" and form.is_valid():
        services.unit_update(unit=unit, name=form.cleaned_data["name"], position=form.cleaned_data["position"])
        messages.success(request, _("The unit was saved."))
        return redirect("orgs:units", org_slug=org_slug)
    return render(
        request, "orgs/unit_form.html", staff_context(request, unit.organisation) | {"form": form, "unit": unit}
    )


@login_required
@require_GET
def people(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug)
    members = (
        Membership.objects.filter(organisation=org)
        .select_related("user", "unit")
        .order_by("user__first_name", "user__username")
    )
    return render(request, "orgs/people.html", staff_context(request, org) | {"members": members})


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_org_for_user(request, org_slug, roles=ORG_ADMINS)
    form = PersonAddForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        membership, password = services.member_add(org=org, **form.cleaned_data)
        context = staff_context(request, org) | {"membership": membership, "password": password}
        return render(request, "orgs/person_added.html", context)
    return render(request, "orgs/person_form.html", staff_context(request, org) | {"form": form})
