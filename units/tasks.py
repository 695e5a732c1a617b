"""Celery entry points of the units app."""

from common.task_base import portal_task

from .accounts.onboarding import welcome_mails_send
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


@portal_task("units.welcome_mail", soft_time_limit=600, time_limit=660)
def welcome_mail(user_ids: list[int], base_url: str) -> int:
    """The set-password e-mails of accounts made by a roster import (each sent once)."""
    return welcome_mails_send(user_ids=user_ids, base_url=base_url)
