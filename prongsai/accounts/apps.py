from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "prongsai.accounts"
    label = "accounts"
    verbose_name = _("Accounts and audit")

    def ready(self) -> None:
        from prongsai.accounts import receivers  # noqa: F401  (connects the login audit)
