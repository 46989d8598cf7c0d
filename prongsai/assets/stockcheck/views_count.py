"""Counting: the room page on a phone (camera or typed codes, queued offline by assets/stockcheck-count.js),
the JSON endpoint that records the queue, the file import, and the downloads of the document set."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prongsai.assets.models import RoundRoom, Scan
from prongsai.assets.stockcheck import access, forms, report, services
from prongsai.assets.stockcheck.importing import SPEC, scans_import
from prongsai.assets.stockcheck.links import reverse_round
from prongsai.core.importing.web import import_page as import_page_response
from prongsai.core.importing.web import template_response
from prongsai.core.uploads import safe_download_response
from prongsai.orgs.views import staff_context

MAX_SYNC = 500  # scans per request
MAX_SYNC_BYTES = 256 * 1024
CAMERA_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"


@login_required
def room_page(request: HttpRequest, org_slug: str, round_id: int, round_room_id: int) -> HttpResponse:
    round_ = access.get_round(request, org_slug, round_id)
    room = get_object_or_404(RoundRoom, pk=round_room_id, round=round_)
    counter = access.can_count(request.user, round_)
    form = forms.ScanForm(request.POST or None)
    if request.method == "POST":  # the form without script
        if not counter:
            raise PermissionDenied
        if form.is_valid():
            try:
                scan, created = services.scan_record(
                    round_=round_,
                    data={**form.cleaned_data, "room": room.name},
                    by=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    (_("Counted: %(code)s") if created else _("Already counted: %(code)s")) % {"code": scan.code},
                )
            return redirect(reverse_round(round_, "room", round_room_id=room.pk))
    scans = Scan.objects.filter(round=round_, room=room.name).order_by("-counted_at")
    response = render(
        request,
        "assets/stockcheck/room.html",
        staff_context(
            request,
            round_.organisation,
            **{
                "round": round_,
                "room": room,
                "rooms": round_.rooms.all(),
                "counter": counter and round_.state == round_.State.COUNTING,
                "form": form,
                "scans": scans,
                "sync_url": reverse_round(round_, "sync"),
            },
        ),
    )
    response.headers["Permissions-Policy"] = CAMERA_POLICY  # the page's own camera, nothing else
    return response


@login_required
@require_POST
def sync(request: HttpRequest, org_slug: str, round_id: int) -> HttpResponse:
    """``{"scans": [{scan_id, code, room, condition, counted_at, note}]}`` → ``{"results": [...]}``.

    Each scan is answered on its own (a bad one does not lose the others); a scan sent again is answered
    ``created: false``, so the phone can drop it from its queue.
    """
    round_ = access.get_round(request, org_slug, round_id, count=True)
    if len(request.body) > MAX_SYNC_BYTES:
        return JsonResponse({"error": _("Too many scans at once.")}, status=413)
    try:
        payload = json.loads(request.body or b"{}")
        scans = payload["scans"]
        if not isinstance(scans, list) or not all(isinstance(s, dict) for s in scans):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("Unreadable request.")}, status=400)
    if len(scans) > MAX_SYNC:
        return JsonResponse({"error": _("Too many scans at once.")}, status=413)
    if round_.state != round_.State.COUNTING:
        return JsonResponse(
            {"error": _("The report of this round has been signed: its count can no longer change.")}, status=409
        )
    results = services.scans_sync(round_=round_, scans=scans, by=request.user)  # type: ignore[arg-type]
    return JsonResponse({"results": results})


@login_required
def import_page(request: HttpRequest, org_slug: str, round_id: int) -> HttpResponse:
    round_ = access.get_round(request, org_slug, round_id, count=request.method == "POST")

    def run(file_name: str, content: UploadedFile) -> str:
        done = scans_import(round_=round_, file_name=file_name, content=content, by=request.user)  # type: ignore[arg-type]
        return _("Imported %(rows)s row(s): %(added)s new scan(s), %(already)s counted already.") % {
            "rows": done.rows,
            "added": done.added,
            "already": done.already,
        }

    return import_page_response(
        request,
        SPEC,
        run=run,
        success_url=reverse_round(round_),
        template="assets/stockcheck/import.html",
        template_url=reverse_round(round_, "import_template_xlsx"),
        template_csv_url=reverse_round(round_, "import_template_csv"),
        organisation=round_.organisation,
        context=lambda page: staff_context(request, round_.organisation, **page, round=round_),
    )


@login_required
def import_template(request: HttpRequest, org_slug: str, round_id: int, fmt: str) -> HttpResponse:
    round_ = access.get_round(request, org_slug, round_id)
    return template_response(SPEC, fmt=fmt, organisation=round_.organisation)


@login_required
def download(request: HttpRequest, org_slug: str, round_id: int, fmt: str) -> HttpResponse:
    round_ = access.get_round(request, org_slug, round_id)
    content, content_type, filename = report.render(round_, fmt)
    return safe_download_response(content, filename=filename, content_type=content_type)
