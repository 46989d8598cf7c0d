"""The assets module's URLs: one file per part, so each part keeps its own."""

from __future__ import annotations

from prongsai.assets import urls_loans, urls_register, urls_stockcheck

app_name = "assets"

urlpatterns = [*urls_register.urlpatterns, *urls_loans.urlpatterns, *urls_stockcheck.urlpatterns]
