"""The vehicles module's URLs: staff pages under ``<slug>/staff/vehicles/``, the logbook on a phone under
``<slug>/v/`` (each vehicle's permanent QR address ``<slug>/v/<plate>/``) and the public page."""

from __future__ import annotations

from django.urls import path

from prongsai.vehicles import views, views_logbook, views_requests

app_name = "vehicles"

staff = "<slug:org_slug>/staff/vehicles/"
one = staff + "v/<str:plate>/"
req = staff + "requests/<int:request_id>/"
qr = "<slug:org_slug>/v/"

urlpatterns = [
    path(staff, views.index, name="index"),
    path(staff + "new/", views.vehicle_new, name="vehicle_new"),
    path(staff + "import/", views.import_page, name="import"),
    path(staff + "import/template.<str:template_fmt>", views.import_template, name="import_template"),
    path(staff + "report/", views.report, name="report"),
    path(staff + "rules/", views.rules, name="rules"),
    path(staff + "rules/<int:rule_id>/remove/", views.rule_remove, name="rule_remove"),
    path(staff + "poster.pdf", views.poster_pdf, name="poster"),
    path(one, views.vehicle, name="vehicle"),
    path(one + "edit/", views.vehicle_edit, name="vehicle_edit"),
    path(one + "qr.png", views.vehicle_qr, name="vehicle_qr"),
    path(one + "rates/", views.rate_add, name="rate_add"),
    path(one + "fuel/", views.fuel_new, name="fuel_new"),
    path(one + "trips/new/", views.trip_new, name="trip_new"),
    path(staff + "requests/", views_requests.requests, name="requests"),
    path(staff + "requests/new/", views_requests.request_new, name="request_new"),
    path(req, views_requests.request_detail, name="request"),
    path(req + "opinion/", views_requests.request_opinion_view, name="request_opinion"),
    path(req + "decision/", views_requests.request_decide_view, name="request_decide"),
    path(req + "cancel/", views_requests.request_cancel_view, name="request_cancel"),
    path(req + "form3.<str:ext>", views_requests.request_form, name="request_form"),
    path(qr, views_logbook.logbook, name="logbook"),
    path(qr + "<str:plate>/", views_logbook.qr, name="qr"),
    path(qr + "<str:plate>/start/", views_logbook.trip_start, name="trip_start"),
    path(qr + "<str:plate>/close/", views_logbook.trip_close, name="trip_close"),
    path("<slug:org_slug>/vehicles/", views.public_use, name="public"),
]
