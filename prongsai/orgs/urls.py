from django.urls import path

from prongsai.orgs import views

app_name = "orgs"

urlpatterns = [
    path("<slug:org_slug>/", views.org_public, name="public"),
    path("<slug:org_slug>/staff/", views.dashboard, name="dashboard"),
    path("<slug:org_slug>/staff/profile/", views.profile_edit, name="profile"),
    path("<slug:org_slug>/staff/units/", views.units, name="units"),
    path("<slug:org_slug>/staff/units/<int:unit_id>/", views.unit_edit, name="unit_edit"),
    path("<slug:org_slug>/staff/people/", views.people, name="people"),
    path("<slug:org_slug>/staff/people/add/", views.person_add, name="person_add"),
]
