from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _on_plan_issued(sender: Any, document_id: int, previous_id: int | None, **kwargs: Any) -> None:
    from .tasks import plan_deadlines

    plan_deadlines.delay(document_id, previous_id)


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Báo cáo")

    def ready(self) -> None:
        from directives.signals import plan_issued
        from units.signals import unit_dissolved

        from .deadlines import on_unit_dissolved

        plan_issued.connect(_on_plan_issued, dispatch_uid="reporting.plan_deadlines")
        unit_dissolved.connect(on_unit_dissolved, dispatch_uid="reporting.deadlines_transfer")
