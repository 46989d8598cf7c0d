"""URLs of the register part of the assets module (included by assets/urls.py).

The ``assetcode`` converter (assets/converters.py) takes an organisation's own asset numbers, e.g.
``416-59-0001``; the other parts use it too (``<assetcode:code>``).
"""

from __future__ import annotations

from django.urls import URLPattern, path

from prongsai.assets import converters

converters.register()

from prongsai.assets.register import views, views_files, views_public  # noqa: E402

urlpatterns: list[URLPattern] = [
    # public
    path("<slug:org_slug>/a/<assetcode:code>/", views_public.scan, name="scan"),
    path("<slug:org_slug>/assets/", views_public.public_counts, name="public"),
    # staff
    path("<slug:org_slug>/staff/assets/", views.asset_list, name="list"),
    path("<slug:org_slug>/staff/assets/new/", views.asset_new, name="new"),
    path("<slug:org_slug>/staff/assets/custodians/", views.custodians, name="custodians"),
    path("<slug:org_slug>/staff/assets/custodians/<int:custodian_id>/end/", views.custodian_end, name="custodian_end"),
    path("<slug:org_slug>/staff/assets/import/", views_files.asset_import, name="import"),
    path(
        "<slug:org_slug>/staff/assets/import/template.<str:template_format>",
        views_files.import_template,
        name="import_template",
    ),
    path("<slug:org_slug>/staff/assets/export.xlsx", views_files.export, name="export"),
    path("<slug:org_slug>/staff/assets/labels/", views_files.labels, name="labels"),
    path("<slug:org_slug>/staff/assets/item/<assetcode:code>/", views.asset_detail, name="detail"),
    path("<slug:org_slug>/staff/assets/item/<assetcode:code>/edit/", views.asset_edit, name="edit"),
    path("<slug:org_slug>/staff/assets/item/<assetcode:code>/photos/", views.photo_add, name="photo_add"),
    path("<slug:org_slug>/staff/assets/item/<assetcode:code>/photos/<int:photo_id>/", views_files.photo, name="photo"),
    path("<slug:org_slug>/staff/assets/item/<assetcode:code>/dispose/", views.dispose, name="dispose"),
    path(
        "<slug:org_slug>/staff/assets/disposals/<int:disposal_id>/document/",
        views_files.disposal_document,
        name="disposal_document",
    ),
    path("<slug:org_slug>/staff/assets/item/<assetcode:code>/damage/", views.report_damage, name="damage"),
    path("<slug:org_slug>/staff/assets/item/<assetcode:code>/move/", views.move, name="move"),
]
