from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo logins and activities (`manage.py load_demo`): above every other app, since it
    fills all of them."""

    name = "demo"
    verbose_name = _("Dữ liệu mẫu")
