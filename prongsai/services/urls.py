"""The service catalogue's URLs: staff pages under ``<slug>/staff/services/``, the public catalogue under
``<slug>/services/``."""

from __future__ import annotations

from django.urls import path

from prongsai.services import (
    views,
    views_documents,
    views_feedback,
    views_mystery,
    views_public,
    views_queue,
    views_queue_public,
    views_report,
)

app_name = "services"

staff = "<slug:org_slug>/staff/services/"
one = staff + "<int:service_id>/"
public = "<slug:org_slug>/services/"
queue_staff = "<slug:org_slug>/staff/queue/"
queue_public = "<slug:org_slug>/queue/"
mystery = staff + "mystery/"
mystery_one = mystery + "<int:mystery_round_id>/"
feedback = "<slug:org_slug>/f/"  # the anonymous answer pages (core/quietlog.py)

urlpatterns = [
    path(staff, views.index, name="index"),
    path(staff + "new/", views.service_new, name="service_new"),
    path(staff + "import/", views.import_page, name="import"),
    path(staff + "import/template.<str:template_fmt>", views.import_template, name="import_template"),
    path(staff + "export.xlsx", views.export, name="export"),
    path(staff + "catalogue.<str:ext>", views_documents.catalogue_document, name="catalogue_document"),
    path(staff + "attach-oit/", views_documents.attach_oit, name="attach_oit"),
    path(staff + "report.<str:ext>", views_report.report, name="report"),
    path(staff + "times/import/", views_report.times_import_page, name="times_import"),
    path(staff + "times/import/template.<str:template_fmt>", views_report.times_template, name="times_template"),
    path(one, views.service, name="service"),
    path(one + "sheet.<str:ext>", views.sheet, name="sheet"),
    path(one + "edit/", views.service_edit, name="service_edit"),
    path(one + "withdraw/", views.service_withdraw, name="service_withdraw"),
    path(one + "revisions/<int:revision_number>/", views.revision, name="revision"),
    path(one + "forms/", views.form_add, name="form_add"),
    path(one + "forms/<int:form_id>/remove/", views.form_remove, name="form_remove"),
    path(public, views_public.public_list, name="public"),
    path(public + "<int:service_id>/", views_public.public_service, name="public_service"),
    path(public + "<int:service_id>/sheet.<str:ext>", views_public.public_sheet, name="public_sheet"),
    path(public + "<int:service_id>/forms/<int:form_id>/", views_public.public_form, name="public_form"),
    path(queue_staff, views_queue.points, name="queue_points"),
    path(queue_staff + "<int:point_id>/", views_queue.point, name="queue_point"),
    path(queue_staff + "<int:point_id>/services/", views_queue.point_offer, name="queue_offer"),
    path(queue_staff + "<int:point_id>/counters/", views_queue.counter_save, name="queue_counter_save"),
    path(queue_staff + "<int:point_id>/counters/<int:counter_number>/", views_queue.counter, name="queue_counter"),
    path(queue_public + "<int:point_id>/kiosk/", views_queue_public.kiosk, name="queue_kiosk"),
    path(queue_public + "<int:point_id>/display/", views_queue_public.display, name="queue_display"),
    path(queue_public + "<int:point_id>/display.json", views_queue_public.display_json, name="queue_display_json"),
    path(queue_public + "t/<str:ticket_token>/", views_queue_public.ticket, name="queue_ticket"),
    path(mystery, views_mystery.rounds, name="mystery_rounds"),
    path(mystery_one, views_mystery.round_page, name="mystery_round"),
    path(mystery_one + "visits/", views_mystery.visit_add, name="mystery_visit_add"),
    path(mystery_one + "findings/", views_mystery.finding_add, name="mystery_finding_add"),
    path(mystery_one + "findings/<int:mystery_finding_id>/", views_mystery.finding, name="mystery_finding"),
    path(feedback + "point/<int:point_id>/", views_feedback.standing, name="feedback_standing"),
    path(feedback + "<str:feedback_token>/", views_feedback.answer, name="feedback_answer"),
    path("<slug:org_slug>/feedback/", views_feedback.summary, name="feedback_summary"),
    path("<slug:org_slug>/staff/feedback/", views_feedback.board, name="feedback_board"),
    path("<slug:org_slug>/staff/feedback/board.json", views_feedback.board_json, name="feedback_board_json"),
]
