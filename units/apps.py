from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Đơn vị")

    def ready(self) -> None:
        from .accounts import receivers  # noqa: F401  (connects the logout receiver)
