from django.urls import path

from prongsai.disclosure import audit_views, feed_views, views

app_name = "disclosure"

staff = "<slug:org_slug>/staff/oit/"
item = staff + "<int:year>/<str:item_code>/"

urlpatterns = [
    # public: the year's page and the permanent document addresses
    path("<slug:org_slug>/oit/", views.public_index, name="public_index"),
    path("<slug:org_slug>/oit/<int:year>/", views.public_year, name="public"),
    path("<slug:org_slug>/oit/<int:year>/<str:item_code>/<str:name>", views.public_file, name="file"),
    path(
        "<slug:org_slug>/oit/<int:year>/<str:item_code>/v<int:number>/<str:name>",
        views.public_version,
        name="version_file",
    ),
    # staff
    path(staff, views.index, name="index"),
    path(staff + "<int:year>/", views.year_items, name="year"),
    path(staff + "<int:year>/audits/", audit_views.audits, name="audits"),
    path(staff + "<int:year>/audits/<int:audit_id>/", audit_views.audit, name="audit"),
    path(staff + "<int:year>/audits/<int:audit_id>/progress.json", audit_views.audit_progress, name="audit_progress"),
    path(staff + "<int:year>/audits/<int:audit_id>/cancel/", audit_views.audit_cancel, name="audit_cancel"),
    path(staff + "<int:year>/feeds/<slug:feed>/", feed_views.feed_attach, name="feed_attach"),
    path(staff + "<int:year>/report-<str:month>.<str:ext>", audit_views.report, name="report"),
    path(item, views.item, name="item"),
    path(item + "documents/", views.document_add, name="document_add"),
    path(item + "documents/<int:document_id>/", views.document_change, name="document_change"),
    path(item + "documents/<int:document_id>/v<int:number>/", views.version_preview, name="version_preview"),
    path(item + "step/", views.step, name="step"),
    path(item + "links/", views.link, name="link"),
]
