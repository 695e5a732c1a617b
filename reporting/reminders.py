"""Reminders: planned as rows with a due time, sent by a frequent sweep exactly once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from directives.models import ReportingDuty
from units.choices import Role
from units.models import Membership

from .choices import ReminderStatus, ReminderStep
from .deliveries import claim_due, deliveries_cancel, deliveries_fan_out, deliveries_send
from .models import Deadline, Reminder
from .transports import Transport, default_transports

SEND_AT = time(7, 0)  # local time of day a reminder goes out
LEASE = timedelta(minutes=10)  # a claim older than this is taken over (the sweeper died)
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
    duty_steps = _duty_steps({d.duty_id for d in open_deadlines})
    parents = {d.unit_id: d.unit.parent_id for d in open_deadlines}
    reporters = _members_by_unit({d.unit_id for d in open_deadlines}, REPORTER_ROLES)
    leaders = _members_by_unit({p for p in parents.values() if p}, (Role.LEADER,))
    rows: list[Reminder] = []
    for deadline in open_deadlines:
        parent_id = parents[deadline.unit_id]
        rows += _deadline_reminders(
            deadline,
            steps or duty_steps[deadline.duty_id],
            reporters=reporters[deadline.unit_id],
            leaders=leaders[parent_id] if parent_id else set(),
        )
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)
    return len(rows)


def _duty_steps(duty_ids: set[int]) -> dict[int, tuple[ReminderStep, ...]]:
    duties = ReportingDuty.objects.filter(pk__in=duty_ids).only("pk", "reminder_steps")
    return {duty.pk: duty.steps for duty in duties}


def _members_by_unit(unit_ids: set[int], roles: tuple[str, ...]) -> dict[int, set[int]]:
    """The ids of the users holding one of `roles` in each unit (one query)."""
    members: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in Membership.objects.filter(
        unit_id__in=unit_ids, role__in=roles
    ).values_list("unit_id", "user_id"):
        members[unit_id].add(user_id)
    return members


def _deadline_reminders(
    deadline: Deadline,
    steps: tuple[ReminderStep, ...],
    *,
    reporters: set[int],
    leaders: set[int],
) -> list[Reminder]:
    """A row per step and recipient; the leaders only on the escalating steps."""
    rows: list[Reminder] = []
    for step in steps:
        people = {(u, False) for u in reporters}
        if step.escalates:
            people |= {(u, True) for u in leaders}
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
    return rows


def reminders_cancel(*, deadline: Deadline) -> int:
    """A submitted report cancels what is still pending for its deadline."""
    deliveries_cancel(deadline_id=deadline.pk)
    return Reminder.objects.filter(deadline=deadline, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.CANCELLED
    )


@dataclass
class SweepResult:
    sent: int = 0  # reminders handed to their transports
    cancelled: int = 0  # reminders no longer owed (report submitted, step passed)
    delivered: int = 0  # deliveries that went out
    skipped: int = 0  # deliveries with nobody to reach (no address, deactivated, deleted)
    retried: int = 0  # deliveries that failed for now and wait for their next attempt
    failed: int = 0  # deliveries in the dead letters (permanent error, retries used up)
    batches: int = 0


def _claim(now: datetime, batch_size: int) -> tuple[str, list[int]]:
    """Take up to `batch_size` due reminders with one conditional UPDATE; returns our claim."""
    due = Q(status=ReminderStatus.PENDING, due_at__lte=now) | Q(
        status=ReminderStatus.SENDING, claimed_at__lt=now - LEASE
    )
    return claim_due(
        Reminder, due, "due_at", batch_size, status=ReminderStatus.SENDING, claimed_at=now
    )


def _dispatch(
    claim: str, ids: list[int], now: datetime, transports: list[Transport]
) -> tuple[int, int]:
    """Turn claimed reminders into deliveries (or cancel them) in one transaction."""
    reminders = list(
        Reminder.objects.filter(id__in=ids, claim=claim)
        .select_related("deadline")
        .only(
            "id",
            "step",
            "round",
            "deadline__submitted_at",
            "deadline__due_on",
            "deadline__extended_to",
        )
    )
    today = timezone.localdate(now)
    cancelled = [
        r.pk
        for r in reminders
        if r.deadline.submitted_at is not None
        or (ReminderStep(r.step).offset < 0 and today > r.deadline.effective_due_on)
    ]
    owed = [r for r in reminders if r.pk not in set(cancelled)]
    with transaction.atomic():
        deliveries_fan_out(reminders=owed, transports=transports, now=now)
        sent = Reminder.objects.filter(pk__in=[r.pk for r in owed], claim=claim).update(
            status=ReminderStatus.SENT, sent_at=now
        )
        gone = Reminder.objects.filter(pk__in=cancelled, claim=claim).update(
            status=ReminderStatus.CANCELLED
        )
    return sent, gone


def reminders_sweep(
    *,
    now: datetime | None = None,
    batch_size: int = 500,
    transports: list[Transport] | None = None,
    max_batches: int = 1000,
) -> SweepResult:
    """Hand every reminder whose time has come to its transports, then send every due
    delivery; safe to run twice, in parallel, or after a crash.

    Each batch of reminders costs a fixed number of queries whatever its size; deliveries
    cost one mark each on the external transports (so that a crash resends nothing that
    went out) and a fixed number per batch on the bell.
    """
    now = now or timezone.now()
    transports = transports if transports is not None else default_transports()
    result = SweepResult()
    for _batch in range(max_batches):
        claim, ids = _claim(now, batch_size)
        if not ids:
            break
        result.batches += 1
        sent, cancelled = _dispatch(claim, ids, now, transports)
        result.sent += sent
        result.cancelled += cancelled
    sent_out = deliveries_send(now=now, transports=transports, batch_size=batch_size)
    result.delivered = sent_out.delivered
    result.skipped = sent_out.skipped
    result.retried = sent_out.retried
    result.failed = sent_out.dead
    return result
