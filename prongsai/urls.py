from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from prongsai.core import views as core_views
from prongsai.orgs import views as org_views

admin.site.site_header = _("Prongsai platform administration")
admin.site.site_title = _("Prongsai")

urlpatterns = [
    path("", org_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("prongsai.accounts.urls")),
    path("admin/", admin.site.urls),
    # Organisation pages come last: /<slug>/ would otherwise shadow the paths above.
    path("<slug:org_slug>/staff/ita/", include("prongsai.ita.urls")),
    path("", include("prongsai.plans.urls")),
    path("", include("prongsai.disclosure.urls")),
    path("", include("prongsai.complaints.urls")),
    path("", include("prongsai.assets.urls")),
    path("", include("prongsai.vehicles.urls")),
    path("", include("prongsai.services.urls")),
    path("", include("prongsai.orgs.urls")),
]
