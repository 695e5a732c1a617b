"""Transactional outbox: work that must follow a commit survives a broker that is down.

`enqueue_on_commit` records the task in the caller's transaction (an `OutboxMessage`) and
sends it once that transaction commits. When the broker cannot be reached the send is
logged and retried later by the `common.dispatch_outbox` beat task (and by `run_portal`
at start); the user's request succeeds all the same. A row may be sent twice (a worker
that dies between sending and marking it), so every task enqueued here is idempotent.
"""

from __future__ import annotations

import enum
import logging
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from uuid import uuid4

from celery import Task, current_app
from celery.exceptions import NotRegistered
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# A dispatcher owns a claimed row this long; then another one may try it again.
LEASE = timedelta(seconds=60)
MAX_BACKOFF = timedelta(minutes=10)
KEEP_DISPATCHED = timedelta(days=7)
# One quick retry covers a pooled broker connection that went stale (Redis restarted);
# beyond that the request must not wait: the outbox sends it later.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# Errors that mean "the broker is unreachable right now", worth another attempt later.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (BrokerError, ConnectionError, TimeoutError)


def enqueue_on_commit(
    task: Task[Any, Any] | str, *args: Any, key: str | None = None
) -> OutboxMessage:
    """Record `task(*args)` in the current transaction and send it after the commit.

    Tasks call it as `task.enqueue_on_commit(*args)` (common/task_base.py); a module that
    may not import the task (it would import back) passes the task's name.

    `key` names the work (e.g. "reporting.plan_deadlines:42"): recording it again is a
    no-op. Without a key every call is new work. `args` must be JSON-serialisable.
    """
    name = task if isinstance(task, str) else task.name
    message, created = OutboxMessage.objects.get_or_create(
        key=key or f"{name}:{uuid4().hex}", defaults={"task": name, "args": list(args)}
    )
    if created:
        transaction.on_commit(partial(outbox_dispatch, message_id=message.pk), robust=True)
    return message


class Outcome(enum.Enum):
    SENT = "sent"
    NOT_DUE = "not_due"
    BROKER_DOWN = "broker_down"
    FAILED = "failed"


def outbox_dispatch(*, message_id: int, now: datetime | None = None) -> bool:
    """Send one recorded task if it is still pending and nobody else holds it."""
    return _dispatch(message_id, now=now or timezone.now()) is Outcome.SENT


def _dispatch(message_id: int, *, now: datetime) -> Outcome:
    claimed = OutboxMessage.objects.filter(
        pk=message_id, dispatched_at__isnull=True, available_at__lte=now
    ).update(available_at=now + LEASE)
    if not claimed:
        return Outcome.NOT_DUE
    return _send(OutboxMessage.objects.get(pk=message_id), now=now)


def outbox_dispatch_pending(*, now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Send what is due, oldest first; stop at the first broker failure (the rest would
    wait for the same timeout). Also forget rows sent more than a week ago."""
    now = now or timezone.now()
    pending = OutboxMessage.objects.filter(dispatched_at__isnull=True, available_at__lte=now)
    sent = failed = 0
    for message_id in pending.order_by("available_at").values_list("pk", flat=True)[:limit]:
        outcome = _dispatch(message_id, now=now)
        sent += outcome is Outcome.SENT
        failed += outcome in (Outcome.BROKER_DOWN, Outcome.FAILED)
        if outcome is Outcome.BROKER_DOWN:
            break
    purged, _ = OutboxMessage.objects.filter(dispatched_at__lt=now - KEEP_DISPATCHED).delete()
    return {"sent": sent, "failed": failed, "purged": purged}


def _send(message: OutboxMessage, *, now: datetime) -> Outcome:
    try:
        _task(message.task).apply_async(
            args=message.args, retry=True, retry_policy=PUBLISH_RETRY_POLICY
        )
    except TRANSIENT_ERRORS as exc:
        _record_failure(message, f"broker: {exc!r}", now=now)
        logger.warning(
            "Outbox: broker unreachable, %s [%s] will be sent later: %r",
            message.task,
            message.key,
            exc,
        )
        return Outcome.BROKER_DOWN
    except NotRegistered as exc:
        # A task renamed or removed by a deploy: nobody can run it until an operator acts.
        _record_failure(message, f"unknown task: {exc!r}", now=now)
        logger.error("Outbox: no task named %s [%s]", message.task, message.key)
        return Outcome.FAILED
    OutboxMessage.objects.filter(pk=message.pk).update(
        dispatched_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
    )
    return Outcome.SENT


def _record_failure(message: OutboxMessage, error: str, *, now: datetime) -> None:
    attempts = message.attempts + 1
    backoff = min(timedelta(seconds=2**attempts), MAX_BACKOFF)
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=attempts, last_error=error[:2000], available_at=now + backoff
    )


def _task(name: str) -> Task[Any, Any]:
    tasks = current_app.tasks
    if name not in tasks:
        # The web process imports task modules lazily; load them all once.
        current_app.loader.import_default_modules()
    return tasks[name]
