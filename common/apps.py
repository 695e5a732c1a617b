from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"

    def ready(self) -> None:
        from . import lookups  # noqa: F401  (registers `any_of`)
        from .widgets_dates import use_portal_dates

        use_portal_dates()
