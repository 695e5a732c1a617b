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
