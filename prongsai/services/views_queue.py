"""The queue's staff pages: the service points, setting one up (services with their prefix, counters), the day's
log, and the counter page (call next, call out of turn with a reason, call again, no-show, start, end, transfer)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.core.thai import local_date
from prongsai.core.views import signed_in_user
from prongsai.orgs.models import Unit
from prongsai.orgs.views import staff_context
from prongsai.services import queue, queue_access, queue_selectors, selectors
from prongsai.services.access import MANAGERS, manageable_units, org_for
from prongsai.services.models import Counter, QueueEvent, Service, ServicePoint, Ticket


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


@login_required
@require_http_methods(["GET", "POST"])
def points(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = org_for(request, org_slug)
    may_add = queue_access.may_set_up(request, org)
    units = manageable_units(request.user, org)
    if request.method == "POST":
        org_for(request, org_slug, MANAGERS)
        if not may_add:
            raise PermissionDenied("Heads no unit")
        choices = Unit.objects.filter(organisation=org) if units is None else units
        unit = next((u for u in choices if u.pk == _int(request.POST.get("unit"))), None)
        if units is not None and unit is None:
            messages.error(request, _("Choose the unit you head."))
        else:
            try:
                point = queue.point_create(organisation=org, name=request.POST.get("name", ""), unit=unit)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                return redirect("services:queue_point", org_slug=org.slug, point_id=point.pk)
    context = staff_context(
        request,
        org,
        points=ServicePoint.objects.filter(organisation=org).select_related("unit").prefetch_related("counters"),
        may_add=may_add,
        units=Unit.objects.filter(organisation=org).order_by("position", "name") if units is None else units,
    )
    return render(request, "services/queue/points.html", context)


@login_required
@require_GET
def point(request: HttpRequest, org_slug: str, point_id: int) -> HttpResponse:
    found = queue_access.point_for(request, org_slug, point_id)
    offered = {o["service"].pk for o in queue_selectors.waiting_by_service(found)}
    context = staff_context(
        request,
        found.organisation,
        point=found,
        offers=queue_selectors.waiting_by_service(found),
        counters=found.counters.prefetch_related("services"),
        may_set_up=queue_access.may_set_up(request, found.organisation, found),
        services=[s for s in selectors.catalogue(found.organisation) if s.pk not in offered],
        offered=[o["service"] for o in queue_selectors.waiting_by_service(found)],
        events=queue_selectors.log_of_day(found, local_date(timezone.now())),
    )
    return render(request, "services/queue/point.html", context)


@login_required
@require_POST
def point_offer(request: HttpRequest, org_slug: str, point_id: int) -> HttpResponse:
    found = queue_access.point_for(request, org_slug, point_id, set_up=True)
    service = Service.objects.filter(organisation=found.organisation, pk=_int(request.POST.get("service"))).first()
    if service is None:
        messages.error(request, _("Choose a service."))
    else:
        try:
            queue.point_offer(point=found, service=service, prefix=request.POST.get("prefix", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("services:queue_point", org_slug=org_slug, point_id=found.pk)


@login_required
@require_POST
def counter_save(request: HttpRequest, org_slug: str, point_id: int) -> HttpResponse:
    found = queue_access.point_for(request, org_slug, point_id, set_up=True)
    ids = {_int(v) for v in request.POST.getlist("services")}
    chosen = list(Service.objects.filter(organisation=found.organisation, pk__in=ids))
    try:
        queue.counter_save(
            point=found,
            number=_int(request.POST.get("number")),
            services=chosen,
            name=request.POST.get("name", ""),
            active=request.POST.get("closed") != "1",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("services:queue_point", org_slug=org_slug, point_id=found.pk)


def _counter_page(request: HttpRequest, counter: Counter, status: int = 200) -> HttpResponse:
    point = counter.point
    context = staff_context(
        request,
        point.organisation,
        point=point,
        counter=counter,
        current=queue.current_of(counter),
        waiting=list(queue.callable_by(counter).select_related("service")[:50]),
        others=point.counters.exclude(pk=counter.pk).filter(active=True),
        offered=[o["service"] for o in queue_selectors.waiting_by_service(point)],
        reasons=QueueEvent.Reason.choices,
    )
    return render(request, "services/queue/counter.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def counter(request: HttpRequest, org_slug: str, point_id: int, counter_number: int) -> HttpResponse:
    found = queue_access.counter_for(request, org_slug, point_id, counter_number)
    if request.method == "GET":
        return _counter_page(request, found)
    by = signed_in_user(request)
    action = request.POST.get("action", "")
    today = local_date(timezone.now())
    ticket = Ticket.objects.filter(point=found.point, day=today, pk=_int(request.POST.get("ticket"))).first()
    try:
        if action == "next":
            if queue.ticket_call_next(counter=found, by=by) is None:
                messages.info(request, _("Nobody is waiting for this counter."))
        elif ticket is None:
            raise ValidationError(_("Choose a ticket of today."))
        elif action == "call":
            queue.ticket_call(
                ticket=ticket,
                counter=found,
                by=by,
                reason=request.POST.get("reason", ""),
                reason_text=request.POST.get("reason_text", ""),
            )
        elif action in {"recall", "no_show", "start", "end"}:
            write = {
                "recall": queue.ticket_recall,
                "no_show": queue.ticket_no_show,
                "start": queue.ticket_start,
                "end": queue.ticket_end,
            }[action]
            write(ticket=ticket, counter=found, by=by)
        elif action == "transfer":
            service = Service.objects.filter(
                organisation=found.point.organisation, pk=_int(request.POST.get("service"))
            ).first()
            to = found.point.counters.filter(number=_int(request.POST.get("to"))).first()
            queue.ticket_transfer(ticket=ticket, counter=found, by=by, service=service, to=to)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _counter_page(request, found, status=400)
    url = reverse(
        "services:queue_counter", kwargs={"org_slug": org_slug, "point_id": point_id, "counter_number": counter_number}
    )
    return redirect(url)
