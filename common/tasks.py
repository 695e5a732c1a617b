"""Celery tasks that belong to no domain app (the health probe `common.ping` lives in
units/tasks.py: it counts provinces, and common imports no app)."""

from .outbox import outbox_dispatch_pending
from .task_base import portal_task


@portal_task("common.dispatch_outbox", soft_time_limit=120, time_limit=150)
def dispatch_outbox() -> dict[str, int]:
    """Beat, every minute: send the recorded tasks whose send failed (broker was down)."""
    return outbox_dispatch_pending()
