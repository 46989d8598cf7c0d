"""The queue's pages without sign-in: the kiosk (take a ticket), the ticket (printed, and followed on a phone), the
TV display and its JSON. None shows a staff name: only counter numbers."""

from __future__ import annotations

import base64

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from prongsai.core.views import public
from prongsai.services import queue, queue_selectors, queue_throttle
from prongsai.services.models import PointService, Ticket
from prongsai.services.queue_access import public_point


def _qr_data_uri(url: str) -> str:
    import io

    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", scale=4, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


@public
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, org_slug: str, point_id: int) -> HttpResponse:
    point = public_point(org_slug, point_id)
    context = {"org": point.organisation, "point": point, "offers": queue_selectors.waiting_by_service(point)}
    if request.method == "POST":
        if queue_throttle.kiosk_blocked(request, point):
            return render(request, "services/queue/kiosk.html", context | {"busy": True}, status=429)
        offer = PointService.objects.filter(point=point, pk=request.POST.get("offer") or 0).select_related("service")
        found = offer.first()
        if found is not None:
            queue_throttle.kiosk_count(request, point)
            try:
                ticket = queue.ticket_take(point=point, service=found.service)
            except ValidationError:
                pass
            else:
                url = reverse("services:queue_ticket", kwargs={"org_slug": org_slug, "ticket_token": ticket.token})
                return redirect(url + "?kiosk=1", permanent=False)
        return render(request, "services/queue/kiosk.html", context | {"refused": True}, status=400)
    return render(request, "services/queue/kiosk.html", context)


@public
@require_GET
def ticket(request: HttpRequest, org_slug: str, ticket_token: str) -> HttpResponse:
    found = get_object_or_404(
        Ticket.objects.select_related("point", "point__organisation", "service", "counter"),
        point__organisation__slug=org_slug,
        token=ticket_token,
    )
    path = reverse("services:queue_ticket", kwargs={"org_slug": org_slug, "ticket_token": found.token})
    context = {
        "org": found.point.organisation,
        "ticket": found,
        "ahead": queue_selectors.people_ahead(found),
        "qr": _qr_data_uri(settings.SITE_URL + path),
        "kiosk": request.GET.get("kiosk") == "1",
        "kiosk_url": reverse("services:queue_kiosk", kwargs={"org_slug": org_slug, "point_id": found.point_id}),
    }
    response = render(request, "services/queue/ticket.html", context)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@public
@require_GET
def display(request: HttpRequest, org_slug: str, point_id: int) -> HttpResponse:
    point = public_point(org_slug, point_id)
    context = {"org": point.organisation, "point": point, "state": queue_selectors.display_state(point)}
    return render(request, "services/queue/display.html", context)


@public
@require_GET
def display_json(request: HttpRequest, org_slug: str, point_id: int) -> JsonResponse:
    point = public_point(org_slug, point_id)
    response = JsonResponse(queue_selectors.display_state(point))
    response["Cache-Control"] = "no-store"
    return response
