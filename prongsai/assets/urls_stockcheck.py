"""URLs of the stockcheck part of the assets module (included by assets/urls.py)."""

from __future__ import annotations

from django.urls import path

from prongsai.assets.stockcheck import views, views_count

P = "<slug:org_slug>/staff/assets/stockcheck/"
R = P + "<int:round_id>/"

urlpatterns = [
    path(P, views.rounds, name="stockcheck_rounds"),
    path(P + "officers/", views.officers, name="stockcheck_officers"),
    path(P + "officers/<int:supply_officer_id>/remove/", views.officer_remove, name="stockcheck_officer_remove"),
    path(R, views.round_page, name="stockcheck_round"),
    path(R + "edit/", views.round_edit, name="stockcheck_edit"),
    path(R + "committee/", views.committee_add, name="stockcheck_committee_add"),
    path(R + "committee/<int:committee_member_id>/remove/", views.committee_remove, name="stockcheck_committee_remove"),
    path(R + "rooms/", views.room_add, name="stockcheck_room_add"),
    path(R + "rooms/<int:round_room_id>/", views_count.room_page, name="stockcheck_room"),
    path(R + "scans/", views_count.sync, name="stockcheck_sync"),
    path(R + "moves/<int:move_asset_id>/", views.move_decide, name="stockcheck_move"),
    path(R + "report/", views.round_report, name="stockcheck_report"),
    path(R + "audit-copy/", views.audit_copy, name="stockcheck_audit_copy"),
    path(R + "import/", views_count.import_page, name="stockcheck_import"),
    path(
        R + "import/template.xlsx", views_count.import_template, {"fmt": "xlsx"}, name="stockcheck_import_template_xlsx"
    ),
    path(R + "import/template.csv", views_count.import_template, {"fmt": "csv"}, name="stockcheck_import_template_csv"),
    path(R + "documents.docx", views_count.download, {"fmt": "docx"}, name="stockcheck_docx"),
    path(R + "documents.pdf", views_count.download, {"fmt": "pdf"}, name="stockcheck_pdf"),
    path(R + "lists.xlsx", views_count.download, {"fmt": "xlsx"}, name="stockcheck_xlsx"),
    path(R + "reconciliation.json", views_count.download, {"fmt": "json"}, name="stockcheck_json"),
]
