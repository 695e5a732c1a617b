"""Reminders: planned as rows with a due time, sent by a frequent sweep exactly once."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.models import ReportingDuty
from units.choices import Role
from units.models import Membership

from .choices import ReminderStatus, ReminderStep
from .models import Deadline, Reminder
from .transports import Message, PermanentError, TransientError, Transport, default_transports

SEND_AT = time(7, 0)  # local time of day a reminder goes out
LEASE = timedelta(minutes=10)  # a claim older than this is taken over (the sweeper died)
MAX_ATTEMPTS = 5
REPORTER_ROLES = (Role.REPORTER, Role.UNIT_ADMIN)


def due_at(deadline: Deadline, step: ReminderStep) -> datetime:
    day = deadline.effective_due_on + timedelta(days=step.offset)
    return timezone.make_aware(datetime.combine(day, SEND_AT))


def reminders_plan(
    *, deadlines: list[Deadline], steps: tuple[ReminderStep, ...] | None = None
) -> int:
    """Rows for every step and recipient of open deadlines (four queries for any number).

    The steps are the duty's own (all of them unless it chose some) or `steps`. Reporters of
    the reporting unit get every step; leaders of its superior unit also get the overdue
    steps. Existing rows are kept (the unique key ignores repeats).
    """
    open_deadlines = [d for d in deadlines if d.submitted_at is None]
    if not open_deadlines:
        return 0
    duty_steps = {
        duty.pk: duty.steps
        for duty in ReportingDuty.objects.filter(pk__in={d.duty_id for d in open_deadlines}).only(
            "pk", "reminder_steps"
        )
    }
    unit_ids = {d.unit_id for d in open_deadlines}
    parents = {d.unit_id: d.unit.parent_id for d in open_deadlines}
    reporters: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in Membership.objects.filter(
        unit_id__in=unit_ids, role__in=REPORTER_ROLES
    ).values_list("unit_id", "user_id"):
        reporters[unit_id].add(user_id)
    leaders: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in Membership.objects.filter(
        unit_id__in={p for p in parents.values() if p}, role=Role.LEADER
    ).values_list("unit_id", "user_id"):
        leaders[unit_id].add(user_id)
    rows = []
    for deadline in open_deadlines:
        for step in steps or duty_steps[deadline.duty_id]:
            people = {(u, False) for u in reporters[deadline.unit_id]}
            if step.escalates and parents[deadline.unit_id]:
                people |= {(u, True) for u in leaders[parents[deadline.unit_id]]}
            rows += [
                Reminder(
                    deadline=deadline,
                    step=step,
                    recipient_id=user_id,
                    escalation=escalation,
                    due_at=due_at(deadline, step),
                )
                for user_id, escalation in people
            ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)
    return len(rows)


def reminders_cancel(*, deadline: Deadline) -> int:
    """A submitted report cancels what is still pending for its deadline."""
    return Reminder.objects.filter(deadline=deadline, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.CANCELLED
    )


@dataclass
class SweepResult:
    sent: int = 0
    cancelled: int = 0
    failed: int = 0
    retried: int = 0
    batches: int = 0


def _message(reminder: Reminder, labels: dict[int, str] | None = None) -> Message:
    """What a reminder says; `labels` caches the plan's printed name across a batch."""
    deadline = reminder.deadline
    document = deadline.duty.plan.document
    labels = {} if labels is None else labels
    if document.pk not in labels:
        labels[document.pk] = str(document)
    step = ReminderStep(reminder.step)
    due = deadline.effective_due_on.strftime("%d/%m/%Y")
    if step == ReminderStep.NUDGE:
        subject = _("Đôn đốc báo cáo (hạn %(due)s): %(unit)s") % {
            "due": due,
            "unit": deadline.unit.name,
        }
    elif step.offset < 0:
        subject = _("Sắp đến hạn báo cáo %(due)s: %(unit)s") % {
            "due": due,
            "unit": deadline.unit.name,
        }
    elif step.offset == 0:
        subject = _("Hôm nay là hạn báo cáo: %(unit)s") % {"unit": deadline.unit.name}
    else:
        subject = _("Quá hạn báo cáo %(days)s ngày: %(unit)s") % {
            "days": step.offset,
            "unit": deadline.unit.name,
        }
    body = _("%(plan)s — %(phrase)s (kỳ %(period)s, hạn %(due)s).") % {
        "plan": labels[document.pk],
        "phrase": deadline.duty.phrase[:300],
        "period": deadline.period_label,
        "due": due,
    }
    return Message(subject=subject, body=body, url=_deadline_url(deadline.pk))


def _deadline_url(pk: int) -> str:
    return reverse("reporting:deadline", args=[0]).replace("/0/", f"/{pk}/")


def _claim(now: datetime, batch_size: int) -> tuple[str, list[int]]:
    """Take up to `batch_size` due reminders with one conditional UPDATE; returns our claim."""
    claim = uuid.uuid4().hex
    due = Q(status=ReminderStatus.PENDING, due_at__lte=now) | Q(
        status=ReminderStatus.SENDING, claimed_at__lt=now - LEASE
    )
    candidates = list(
        Reminder.objects.filter(due)
        .order_by("due_at", "id")
        .values_list("id", flat=True)[:batch_size]
    )
    if not candidates:
        return claim, []
    Reminder.objects.filter(due, id__in=candidates).update(
        status=ReminderStatus.SENDING, claim=claim, claimed_at=now
    )
    # Read back by primary key: what another sweep took between the two statements is not ours.
    return claim, list(
        Reminder.objects.filter(id__in=candidates, claim=claim).values_list("id", flat=True)
    )


def _deliver(
    transports: list[Transport], items: list[tuple[Reminder, Message]]
) -> dict[int, Exception]:
    """Hand a batch to every transport (in one call when it can take a batch); the first
    error of each reminder wins, a permanent one over a transient one."""
    errors: dict[int, Exception] = {}
    for transport in transports:
        send_many = getattr(transport, "send_many", None)
        if send_many is not None:
            failures = send_many(items)
        else:
            failures = {}
            for reminder, message in items:
                try:
                    transport.send(reminder, message)
                except (TransientError, PermanentError) as exc:
                    failures[reminder.pk] = exc
        for pk, exc in failures.items():
            if pk not in errors or isinstance(exc, PermanentError):
                errors[pk] = exc
    return errors


def reminders_sweep(
    *,
    now: datetime | None = None,
    batch_size: int = 500,
    transports: list[Transport] | None = None,
    max_batches: int = 1000,
) -> SweepResult:
    """Send every reminder whose time has come, in batches; safe to run twice or in parallel.

    Each batch costs a fixed number of queries whatever its size: claim, load, one call per
    batch-capable transport, and one UPDATE per outcome.
    """
    now = now or timezone.now()
    transports = transports if transports is not None else default_transports()
    result = SweepResult()
    labels: dict[int, str] = {}
    for _batch in range(max_batches):
        claim, ids = _claim(now, batch_size)
        if not ids:
            break
        result.batches += 1
        reminders = list(
            Reminder.objects.filter(id__in=ids).select_related(
                "deadline__unit", "deadline__duty__plan__document", "recipient"
            )
        )
        cancelled, items = [], []
        for reminder in reminders:
            deadline = reminder.deadline
            stale = (
                ReminderStep(reminder.step).offset < 0
                and timezone.localdate(now) > deadline.effective_due_on
            )
            if deadline.submitted_at is not None or stale:
                cancelled.append(reminder.pk)
            else:
                items.append((reminder, _message(reminder, labels)))
        errors = _deliver(transports, items)
        retry: dict[int, list[int]] = defaultdict(list)  # attempts → reminders
        failed: dict[int, list[int]] = defaultdict(list)
        last_error: dict[int, str] = {}
        for reminder, _message_sent in items:
            exc = errors.get(reminder.pk)
            if exc is None:
                continue
            attempts = reminder.attempts + 1
            last_error[reminder.pk] = str(exc)[:2000]
            if isinstance(exc, TransientError) and attempts < MAX_ATTEMPTS:
                retry[attempts].append(reminder.pk)
            else:
                failed[attempts].append(reminder.pk)
        sent = [r.pk for r, _m in items if r.pk not in errors]
        result.sent += Reminder.objects.filter(pk__in=sent, claim=claim).update(
            status=ReminderStatus.SENT, sent_at=now
        )
        result.cancelled += Reminder.objects.filter(pk__in=cancelled, claim=claim).update(
            status=ReminderStatus.CANCELLED
        )
        for attempts, pks in retry.items():
            result.retried += Reminder.objects.filter(pk__in=pks, claim=claim).update(
                status=ReminderStatus.PENDING,
                attempts=attempts,
                due_at=now + timedelta(minutes=5 * attempts),
                last_error=_first_error(pks, last_error),
            )
        for attempts, pks in failed.items():
            result.failed += Reminder.objects.filter(pk__in=pks, claim=claim).update(
                status=ReminderStatus.FAILED,
                attempts=attempts,
                last_error=_first_error(pks, last_error),
            )
    return result


def _first_error(pks: list[int], errors: dict[int, str]) -> str:
    """One message for a group (errors of one batch and transport are alike); exact per-row
    text would cost a query per row."""
    distinct = sorted({errors[pk] for pk in pks})
    return distinct[0] if len(distinct) == 1 else " | ".join(distinct)[:2000]


def pending_for(user: Any) -> int:
    return Reminder.objects.filter(recipient=user, status=ReminderStatus.PENDING).count()
