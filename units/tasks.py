"""Celery entry points of the units app."""

from common.task_base import portal_task

from .choices import UnitKind
from .models import Unit


# Named "common.ping" since before it moved here: probes and the outbox tests send it by name.
@portal_task("common.ping", ignore_result=False)
def ping() -> dict[str, int | str]:
    """Health probe: proves a worker consumes the queue and reaches the database."""
    return {
        "status": "pong",
        "provinces": Unit.objects.filter(kind=UnitKind.PROVINCE, is_active=True).count(),
    }
