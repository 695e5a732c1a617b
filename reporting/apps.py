from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _on_plan_issued(sender: Any, document_id: int, previous_id: int | None, **kwargs: Any) -> None:
    from .tasks import plan_deadlines  # not at the top: apps.py loads before the models

    # Recorded with the issue, sent after its commit: a broker that is down delays the
    # deadlines, it does not lose them (a plan is issued once, hence the key).
    plan_deadlines.enqueue_on_commit(
        document_id, previous_id, key=f"{plan_deadlines.name}:{document_id}"
    )


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Báo cáo")

    def ready(self) -> None:
        from directives.signals import plan_issued
        from units.signals import unit_dissolved

        from .deadlines import on_unit_dissolved

        plan_issued.connect(_on_plan_issued, dispatch_uid="reporting.plan_deadlines")
        unit_dissolved.connect(on_unit_dissolved, dispatch_uid="reporting.deadlines_transfer")
