from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Triển khai kế hoạch")

    def ready(self) -> None:
        from units.services import register_path_copy

        from .models import Activity

        register_path_copy(Activity, "unit_path", "root")
