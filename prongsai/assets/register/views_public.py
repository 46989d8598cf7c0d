"""The public pages of the register: an asset's permanent QR address and the organisation's asset counts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from prongsai.assets import access
from prongsai.assets.models import Asset
from prongsai.assets.register import selectors
from prongsai.assets.register.views import actions_for
from prongsai.core.publiccache import cached_public_page
from prongsai.core.views import public
from prongsai.orgs.access import roles_for
from prongsai.orgs.models import Organisation
from prongsai.orgs.views import staff_context


@public
@require_GET
@cached_public_page
def scan(request: HttpRequest, org_slug: str, code: str) -> HttpResponse:
    """What a phone shows after scanning an asset's label.

    Everyone: the item, its number, unit and status. A signed-in person of the organisation who may read
    the record: the record and who answers for it, with the actions their role allows (borrow, report
    damage, move); another member of the organisation: the same four facts and "report damage".
    """
    org = get_object_or_404(Organisation, slug=org_slug)
    asset = get_object_or_404(
        Asset.objects.select_related("unit", "custodian", "organisation"), organisation=org, code=code
    )
    user = request.user
    member = user.is_authenticated and (user.is_superuser or bool(roles_for(user, org)))
    context = {"asset": asset, "member": member}
    if member:
        context["full"] = access.can_read(user, asset)
        if context["full"]:
            context["answerable"] = selectors.answerable(asset)
        context.update(actions_for(request, asset))
        return render(request, "assets/register/scan.html", staff_context(request, org, **context))
    return render(request, "assets/register/scan.html", {"org": org, **context})


@public
@require_GET
@cached_public_page
def public_counts(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The count of the organisation's assets by status and by unit, and the other parts' sections."""
    from prongsai.assets.public import sections_for

    org = get_object_or_404(Organisation, slug=org_slug)
    context = {"org": org, "counts": selectors.public_counts(org), "sections": sections_for(org)}
    return render(request, "assets/register/public.html", context)
