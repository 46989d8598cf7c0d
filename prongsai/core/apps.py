from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "prongsai.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from prongsai.core import checks, tasks  # noqa: F401  (registers checks and periodic tasks)
