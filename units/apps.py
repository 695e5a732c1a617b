from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Đơn vị")

    def ready(self) -> None:
        from django.apps import apps

        from .accounts import receivers  # noqa: F401  (connects the logout receiver)

        # django-axes gives its app no translatable name; the admin index shows it to users.
        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = _("Khóa đăng nhập")
