"""Celery tasks that belong to no domain app."""

from celery import shared_task


@shared_task(ignore_result=False, name="common.ping")
def ping() -> dict[str, int | str]:
    """Health probe: proves a worker consumes the queue and reaches the database."""
    from units.models import Unit

    return {
        "status": "pong",
        "provinces": Unit.objects.filter(kind="province", is_active=True).count(),
    }


@shared_task(name="common.dispatch_outbox", acks_late=True, soft_time_limit=120, time_limit=150)
def dispatch_outbox() -> dict[str, int]:
    """Beat, every minute: send the recorded tasks whose send failed (broker was down)."""
    from .outbox import outbox_dispatch_pending

    return outbox_dispatch_pending()
