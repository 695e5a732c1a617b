from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Triển khai kế hoạch")

    def ready(self) -> None:
        from PIL import Image

        from units.services import register_path_copy

        from .models import Activity
        from .uploads import MAX_IMAGE_PIXELS

        register_path_copy(Activity, "unit_path", "root")
        # Pillow's own decompression-bomb check, wherever the portal opens an image, at the
        # project's limit (it warns above it and refuses at twice it); uploads refuse above.
        Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
