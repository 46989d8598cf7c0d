"""URLs of the loans part of the assets module (included by assets/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from prongsai.assets.loans import rule_views, views

STAFF = "<slug:org_slug>/staff/assets"

urlpatterns: list[URLPattern] = [
    path(f"{STAFF}/loans/", views.my_loans, name="loans"),
    path(f"{STAFF}/loans/approve/", views.to_approve, name="loans_to_approve"),
    path(f"{STAFF}/loans/out/", views.out_now, name="loans_out"),
    path(f"{STAFF}/loans/overdue/", views.overdue, name="loans_overdue"),
    path(f"{STAFF}/loans/new/", views.loan_request, name="loan_request"),
    path(f"{STAFF}/loans/new/<str:code>/", views.loan_new, name="loan_new"),
    path(f"{STAFF}/loans/<int:loan_id>/", views.loan, name="loan"),
    path(f"{STAFF}/loans/<int:loan_id>/decide/", views.loan_decide, name="loan_decide"),
    path(f"{STAFF}/loans/<int:loan_id>/hand-over/", views.loan_hand_over, name="loan_hand_over"),
    path(f"{STAFF}/loans/<int:loan_id>/return/", views.loan_return, name="loan_return"),
    path(f"{STAFF}/loans/<int:loan_id>/cancel/", views.loan_cancel, name="loan_cancel"),
    path(f"{STAFF}/loans/<int:loan_id>/form.<str:ext>", views.loan_form, name="loan_form"),
    path(f"{STAFF}/rule/", rule_views.rule, name="rule"),
    path(f"{STAFF}/rule/new/", rule_views.rule_new, name="rule_new"),
    path(f"{STAFF}/rule/<int:version>/", rule_views.rule_version, name="rule_version"),
    path(f"{STAFF}/rule/<int:version>/publish/", rule_views.rule_publish, name="rule_publish"),
    path(f"{STAFF}/rule/<int:version>/acknowledge/", rule_views.rule_acknowledge, name="rule_acknowledge"),
    path(f"{STAFF}/rule/<int:version>/acknowledgements/", rule_views.rule_acknowledgements, name="rule_acks"),
    path(f"{STAFF}/rule/<int:version>/signed.pdf", rule_views.rule_signed, name="rule_signed"),
    path("<slug:org_slug>/assets/rule/", rule_views.rule_public, name="rule_public"),
    path(
        "<slug:org_slug>/assets/rule/<int:version>/signed.pdf", rule_views.rule_public_signed, name="rule_public_signed"
    ),
]
