"""Deliveries: each reminder round through each transport, sent exactly once.

A delivery row per (reminder, transport, round) carries an idempotency key. A sweep claims
due rows with a conditional UPDATE (as reminders are claimed) and marks each one the moment
its send returns, so a crash resends at most the sends that were in flight, and never
loses one: a claim whose lease ran out is taken over. The in-app transport writes its
notifications and the marks in one database transaction: exactly once, even then.

External sends (e-mail, webhook) run on a small thread pool, each call bounded by the
transport's timeout and each transport by a time budget per sweep, so a hanging endpoint
costs its own deliveries (retried with backoff, then dead letters an administrator sees
and can retry), never the sweep. Recipients are resolved at send time: a deactivated or
deleted user is skipped, and the reason recorded.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .choices import DeliveryStatus, ReminderStep
from .messages import reminder_message
from .models import Delivery, Reminder
from .transports import Envelope, PermanentError, Skip, TransientError, Transport

LEASE = timedelta(minutes=10)  # a claim older than this is taken over (its sweeper died)
MAX_ATTEMPTS = 6
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
BREAKER = 3  # chunks in a row where every send failed: leave the transport for this sweep
DB_RETRY_SECONDS = 120.0  # how long a finished send waits for the database to record it


@dataclass
class DeliveryResult:
    delivered: int = 0
    skipped: int = 0
    cancelled: int = 0
    retried: int = 0
    dead: int = 0


def delivery_key(reminder_id: int, round_: int, transport: str) -> str:
    return f"reminder-{reminder_id}-{round_}-{transport}"


def deliveries_fan_out(
    *, reminders: Iterable[Reminder], transports: list[Transport], now: datetime
) -> int:
    """One pending delivery per transport for each reminder's current round (repeats are
    ignored by the unique key)."""
    rows = [
        Delivery(
            reminder_id=reminder.pk,
            transport=transport.name,
            round=reminder.round,
            key=delivery_key(reminder.pk, reminder.round, transport.name),
            next_attempt_at=now,
        )
        for reminder in reminders
        for transport in transports
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return len(rows)


def deliveries_cancel(*, deadline_id: int) -> int:
    """A submitted report: what has not gone out yet never will."""
    return Delivery.objects.filter(
        reminder__deadline_id=deadline_id, status=DeliveryStatus.PENDING
    ).update(status=DeliveryStatus.CANCELLED)


def deliveries_retry(*, ids: Iterable[int], now: datetime | None = None) -> int:
    """An administrator sends dead letters again (the next sweep picks them up)."""
    return Delivery.objects.filter(pk__in=list(ids), status=DeliveryStatus.DEAD).update(
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=now or timezone.now(),
        claim="",
    )


def _db[T](call: Callable[[], T]) -> T:
    """Run a write, waiting out a database outage (bounded): a send that went out must be
    recorded, or the next sweep would send it again."""
    delay, started = 0.5, time.monotonic()
    while True:
        try:
            return call()
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or time.monotonic() - started > DB_RETRY_SECONDS:
                raise
            connection.close()
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def claim_due(model: Any, due: Q, order: str, limit: int, **marks: Any) -> tuple[str, list[int]]:
    """Take up to `limit` rows matching `due` with one conditional UPDATE (setting `marks`
    and a fresh claim); returns the claim and the ids that are ours. Safe to run twice or
    in parallel: a row another sweep took between the statements is not read back."""
    claim = uuid.uuid4().hex
    candidates = list(
        model.objects.filter(due).order_by(order, "id").values_list("id", flat=True)[:limit]
    )
    if not candidates:
        return claim, []
    model.objects.filter(due, id__in=candidates).update(claim=claim, **marks)
    return claim, list(
        model.objects.filter(id__in=candidates, claim=claim).values_list("id", flat=True)
    )


def _claim(transport: str, now: datetime, limit: int) -> tuple[str, list[int]]:
    due = Q(transport=transport) & (
        Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - LEASE)
    )
    return claim_due(
        Delivery,
        due,
        "next_attempt_at",
        limit,
        status=DeliveryStatus.SENDING,
        claimed_at=now,
        attempts=F("attempts") + 1,
    )


@dataclass
class _Batch:
    claim: str
    envelopes: dict[int, Envelope]  # delivery id → what to send
    attempts: dict[int, int]


def _resolve(claim: str, ids: list[int], now: datetime, result: DeliveryResult) -> _Batch:
    """Load the claimed rows, drop what is no longer owed, and resolve the recipients."""
    deliveries = list(
        Delivery.objects.filter(id__in=ids, claim=claim).select_related(
            "reminder__deadline__unit", "reminder__deadline__duty__plan__document"
        )
    )
    users = get_user_model()._default_manager.in_bulk({d.reminder.recipient_id for d in deliveries})
    labels: dict[int, str] = {}
    batch = _Batch(claim, {}, {})
    skipped: dict[str, list[int]] = {}
    cancelled: list[int] = []
    for delivery in deliveries:
        reminder, user = delivery.reminder, users.get(delivery.reminder.recipient_id)
        deadline = reminder.deadline
        stale = (
            ReminderStep(reminder.step).offset < 0
            and timezone.localdate(now) > deadline.effective_due_on
        )
        if deadline.submitted_at is not None or stale:
            cancelled.append(delivery.pk)
        elif user is None or not user.is_active:
            reason = "recipient deleted" if user is None else "recipient deactivated"
            skipped.setdefault(reason, []).append(delivery.pk)
        else:
            message = reminder_message(reminder, labels)
            batch.envelopes[delivery.pk] = Envelope(delivery.key, reminder.pk, user, message)
            batch.attempts[delivery.pk] = delivery.attempts
    result.cancelled += _mark(cancelled, claim, status=DeliveryStatus.CANCELLED)
    for reason, pks in skipped.items():
        result.skipped += _mark(pks, claim, status=DeliveryStatus.SKIPPED, last_error=reason)
    return batch


def _mark(pks: list[int], claim: str, **fields: Any) -> int:
    if not pks:
        return 0
    return _db(lambda: Delivery.objects.filter(pk__in=pks, claim=claim).update(**fields))


def _record(
    pk: int, batch: _Batch, error: Exception | None, now: datetime, result: DeliveryResult
) -> None:
    """Mark one delivery the moment its send returned."""
    claim = batch.claim
    if error is None:
        result.delivered += _mark([pk], claim, status=DeliveryStatus.SENT, sent_at=now)
    elif isinstance(error, Skip):
        result.skipped += _mark([pk], claim, status=DeliveryStatus.SKIPPED, last_error=str(error))
    elif isinstance(error, TransientError) and batch.attempts[pk] < MAX_ATTEMPTS:
        wait_for = BACKOFF_MINUTES[min(batch.attempts[pk], len(BACKOFF_MINUTES)) - 1]
        result.retried += _mark(
            [pk],
            claim,
            status=DeliveryStatus.PENDING,
            next_attempt_at=now + timedelta(minutes=wait_for),
            last_error=str(error)[:2000],
        )
    else:
        result.dead += _mark(
            [pk], claim, status=DeliveryStatus.DEAD, last_error=str(error)[:2000] or "failed"
        )


def _send_in_app(transport: Any, now: datetime, batch_size: int, result: DeliveryResult) -> int:
    """Notifications and marks in one transaction per batch: exactly once."""
    batches = 0
    while True:
        claim, ids = _db(lambda: _claim(transport.name, now, batch_size))
        if not ids:
            return batches
        batches += 1
        failures: dict[str, Exception] = {}
        for _try in range(2):  # a recipient deleted between resolving and writing: resolve again
            batch = _resolve(claim, ids, now, result)
            try:
                with transaction.atomic():
                    failures = transport.send_many(list(batch.envelopes.values()))
                    done = [pk for pk, e in batch.envelopes.items() if e.key not in failures]
                    result.delivered += Delivery.objects.filter(pk__in=done, claim=claim).update(
                        status=DeliveryStatus.SENT, sent_at=now
                    )
                break
            except IntegrityError:
                continue
        for pk, envelope in batch.envelopes.items():
            if envelope.key in failures:
                _record(pk, batch, failures[envelope.key], now, result)


def _send_external(transport: Any, now: datetime, result: DeliveryResult) -> int:
    """Chunks of `concurrency` sends at once; each marked when it returns. Stops when the
    transport's budget is spent or its sends keep failing (the rest wait for the next sweep)."""
    concurrency = getattr(settings, "REMINDER_SEND_CONCURRENCY", 8)
    budget = getattr(settings, "REMINDER_TRANSPORT_BUDGET", 60)
    started, failing, chunks = time.monotonic(), 0, 0
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix=f"send-{transport.name}")
    try:
        while time.monotonic() - started < budget and failing < BREAKER:
            claim, ids = _db(lambda: _claim(transport.name, now, concurrency))
            if not ids:
                break
            chunks += 1
            batch = _resolve(claim, ids, now, result)
            before = result.delivered + result.skipped
            _send_chunk(pool, transport, batch, now, result)
            sent_any = result.delivered + result.skipped > before
            failing = 0 if sent_any or not batch.envelopes else failing + 1
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        close = getattr(transport, "close", None)
        if close is not None:
            close()
    return chunks


def _send_chunk(
    pool: ThreadPoolExecutor, transport: Any, batch: _Batch, now: datetime, result: DeliveryResult
) -> None:
    futures: dict[Future[None], int] = {
        pool.submit(transport.send, envelope): pk for pk, envelope in batch.envelopes.items()
    }
    deadline = time.monotonic() + float(transport.timeout) + 2.0
    pending = set(futures)
    while pending:
        done, pending = wait(
            pending, timeout=max(deadline - time.monotonic(), 0), return_when=FIRST_COMPLETED
        )
        if not done:
            break
        for future in done:
            _record(futures[future], batch, _outcome(future), now, result)
    for future in pending:  # still hanging past its bound: its own delivery pays
        future.cancel()
        _record(futures[future], batch, TransientError("timed out"), now, result)


def _outcome(future: Future[None]) -> Exception | None:
    error = future.exception()
    if error is None or isinstance(error, (TransientError, PermanentError, Skip)):
        return error
    return PermanentError(f"{type(error).__name__}: {error}")


def deliveries_send(
    *, now: datetime, transports: list[Transport], batch_size: int = 500
) -> DeliveryResult:
    """Send every due delivery of the given transports (the bell first, then the others,
    each on its own budget)."""
    result = DeliveryResult()
    for transport in transports:
        if hasattr(transport, "send_many"):
            _send_in_app(transport, now, batch_size, result)
        else:
            _send_external(transport, now, result)
    return result
