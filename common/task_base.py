"""The base of every Celery task of the portal (config/celery.py makes it the app's task class).

Work that follows a database write is sent with `task.enqueue_on_commit(*ids)`: the send is
recorded in the caller's transaction (common/outbox.py) and published once it commits, so a
rolled-back write sends nothing and a broker that is down delays the work instead of losing
it. Celery's own `delay_on_commit` (inherited from DjangoTask) publishes after the commit too
but loses the send when the broker is unreachable: use it only for work that may be lost.

Declare tasks with `@portal_task(name, ...)`: the app's task class already makes every task a
PortalTask at run time; naming the base lets mypy see `enqueue_on_commit`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from .models import OutboxMessage
from .outbox import enqueue_on_commit

if TYPE_CHECKING:
    _Base = DjangoTask[Any, Any]  # generic in celery-types only
else:
    _Base = DjangoTask


class PortalTask(_Base):
    def enqueue_on_commit(self, *args: Any, key: str | None = None) -> OutboxMessage:
        """Run this task with `args` (JSON-serialisable ids) once the current transaction
        commits, through the outbox. `key` names the work: recording it again is a no-op."""
        return enqueue_on_commit(self, *args, key=key)


def portal_task(
    name: str,
    *,
    soft_time_limit: int | None = None,
    time_limit: int | None = None,
    ignore_result: bool | None = None,
) -> Callable[[Callable[..., Any]], PortalTask]:
    """`@shared_task` as the portal declares its tasks: a PortalTask, acknowledged only once
    done (a task whose worker dies runs again: tasks are idempotent), with the options given
    (`soft_time_limit` raises inside the task, `time_limit` kills it; unset: the settings')."""
    given = {
        "soft_time_limit": soft_time_limit,
        "time_limit": time_limit,
        "ignore_result": ignore_result,
    }
    options: dict[str, Any] = {key: value for key, value in given.items() if value is not None}
    return shared_task(base=PortalTask, name=name, acks_late=True, **options)
