"""e-Feedback pages: the answer form (a ticket's token or a point's standing QR, no sign-in, no cookie), the public
summary per service and quarter, and the executives' live board with its JSON.

The answer pages live under ``/<slug>/f/`` so the anonymity middleware (complaints/anonymous.py) strips the address,
agent, referrer and cookies before they run, and the logs keep no time of them (core/quietlog.py). CSRF is the
complaint form's: a signed form token and ``Sec-Fetch-Site``, no cookie.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from prongsai.complaints import anonymous
from prongsai.core.thai import fiscal_quarter, fiscal_year, local_date
from prongsai.core.views import public
from prongsai.orgs.access import ORG_ADMINS
from prongsai.orgs.models import Organisation
from prongsai.services import feedback, feedback_selectors, feedback_throttle
from prongsai.services.access import org_for
from prongsai.services.models import PointService, Service, ServicePoint
from prongsai.services.models.feedback import QUESTIONS

PURPOSE = "services-feedback"
BOARD_ROLES = ORG_ADMINS


def _questions() -> list[tuple[str, str]]:
    from django.utils.translation import gettext as _

    labels = {
        "procedure": _("The steps of the service"),
        "staff": _("The staff"),
        "place": _("The place and facilities"),
        "result": _("What you received"),
    }
    return [(name, labels[name]) for name in QUESTIONS]


def _scores(request: HttpRequest) -> feedback.Scores | None:
    values = {}
    for name in QUESTIONS:
        raw = request.POST.get(name, "")
        if raw not in {"1", "2", "3", "4", "5"}:
            return None
        values[name] = int(raw)
    return feedback.Scores(**values, comment=request.POST.get("comment", "")[:1000])


def _page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    context = {"questions": _questions(), "form_token": anonymous.form_token(PURPOSE), "scale": range(1, 6)} | context
    return render(request, "services/feedback/answer.html", context, status=status)


@public
@csrf_exempt  # own token: see complaints/anonymous.py
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, org_slug: str, feedback_token: str) -> HttpResponse:
    ticket = feedback.ticket_for_token(org_slug, feedback_token)
    if ticket is None:
        get_object_or_404(Organisation, slug=org_slug)
        return render(request, "services/feedback/done.html", {"state": "unknown"}, status=404)
    context = {"org": ticket.point.organisation, "point": ticket.point, "service": ticket.service}
    if hasattr(ticket, "feedback"):
        return render(request, "services/feedback/done.html", context | {"state": "again"})
    if feedback.expired(ticket):
        return render(request, "services/feedback/done.html", context | {"state": "expired"})
    if request.method == "POST":
        scores = _scores(request)
        if anonymous.check_form_token(request, PURPOSE) is None or scores is None:
            return _page(request, context | {"refused": True}, status=400)
        saved = feedback.answer_ticket(ticket, scores)
        return render(request, "services/feedback/done.html", context | {"state": "thanks" if saved else "again"})
    return _page(request, context)


@public
@csrf_exempt  # own token: see complaints/anonymous.py
@require_http_methods(["GET", "POST"])
def standing(request: HttpRequest, org_slug: str, point_id: int) -> HttpResponse:
    point = get_object_or_404(
        ServicePoint.objects.select_related("organisation", "unit"), organisation__slug=org_slug, pk=point_id
    )
    offers = list(PointService.objects.filter(point=point).select_related("service"))
    context = {"org": point.organisation, "point": point, "offers": offers, "standing": True}
    if request.method == "POST":
        if feedback_throttle.standing_blocked(request, point):
            return _page(request, context | {"busy": True}, status=429)
        scores = _scores(request)
        if anonymous.check_form_token(request, PURPOSE) is None or scores is None:
            return _page(request, context | {"refused": True}, status=400)
        chosen = request.POST.get("service", "")
        service: Service | None = next((o.service for o in offers if str(o.service_id) == chosen), None)
        feedback_throttle.standing_count(request, point)
        feedback.answer_standing(point, service, scores)
        return render(request, "services/feedback/done.html", context | {"state": "thanks"})
    return _page(request, context)


def _year_quarter(request: HttpRequest) -> tuple[int, int | None]:
    today = local_date(timezone.now())
    year_raw, quarter_raw = request.GET.get("year", ""), request.GET.get("quarter", "")
    year = int(year_raw) if year_raw.isdigit() and 2500 < int(year_raw) < 2700 else fiscal_year(today)
    if quarter_raw == "all":
        return year, None
    quarter = int(quarter_raw) if quarter_raw in {"1", "2", "3", "4"} else fiscal_quarter(today)
    return year, quarter


@public
@require_GET
def summary(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=org_slug)
    year, quarter = _year_quarter(request)
    rows = feedback_selectors.feedback_scores(org, year, quarter, minimum=feedback_selectors.PUBLIC_MINIMUM)
    context = {
        "org": org,
        "year": year,
        "quarter": quarter,
        "rows": rows,
        "questions": _questions(),
        "minimum": feedback_selectors.PUBLIC_MINIMUM,
        "years": [year - 1, year, year + 1],
    }
    return render(request, "services/feedback/summary.html", context)


@login_required
@require_GET
def board(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = org_for(request, org_slug, BOARD_ROLES)
    points = ServicePoint.objects.filter(organisation=org)
    state = feedback_selectors.board_state(org)
    means = [(name, label, state["today"][name], state["quarter"][name]) for name, label in _questions()]
    context = {"org": org, "state": state, "means": means, "questions": _questions(), "points": points}
    context["poll_ms"] = round(settings.SERVICES_FEEDBACK_BOARD_POLL_SECONDS * 1000)
    return render(request, "services/feedback/board.html", context)


@login_required
@require_GET
def board_json(request: HttpRequest, org_slug: str) -> JsonResponse:
    org = org_for(request, org_slug, BOARD_ROLES)
    response = JsonResponse(feedback_selectors.board_state(org))
    response["Cache-Control"] = "no-store"
    return response
