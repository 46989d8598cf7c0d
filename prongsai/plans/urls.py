from django.urls import path

from prongsai.plans import views

app_name = "plans"

urlpatterns = [
    path("<slug:org_slug>/plan/", views.public_index, name="public_index"),
    path("<slug:org_slug>/plan/<int:year>/", views.public_plan, name="public"),
    path("<slug:org_slug>/staff/plan/", views.index, name="index"),
    path("<slug:org_slug>/staff/plan/work/", views.my_work, name="my_work"),
    path("<slug:org_slug>/staff/plan/calendar/<int:year>/", views.calendar, name="calendar"),
    path("<slug:org_slug>/staff/plan/<int:year>/", views.overview, name="overview"),
    path("<slug:org_slug>/staff/plan/<int:year>/report-<int:period>m.<str:ext>", views.report, name="report"),
    path("<slug:org_slug>/staff/plan/measures/<int:row_id>/add/", views.activity_add, name="activity_add"),
    path("<slug:org_slug>/staff/plan/activities/<int:activity_id>/", views.activity, name="activity"),
    path("<slug:org_slug>/staff/plan/activities/<int:activity_id>/evidence/", views.evidence_add, name="evidence_add"),
    path("<slug:org_slug>/staff/plan/evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
]
