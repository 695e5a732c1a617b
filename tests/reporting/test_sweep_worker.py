"""The reminder sweep runs in a real Celery worker process: filesystem broker by default,
the real Redis queues in the CI PostgreSQL pass."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from directives.choices import DutyRule
from reporting.choices import ReminderStatus
from reporting.models import Deadline, Notification, Reminder
from reporting.reminders import reminders_plan
from reporting.tasks import sweep_reminders
from tests.builders import seed_duty

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_sends_the_due_reminders(
    seeded_transactional_db: None, make_member: Any, worker_queue: str
) -> None:
    duty = seed_duty("seed-002", DutyRule.ANNUAL, until=date(2025, 12, 31))
    deadlines = list(Deadline.objects.filter(duty=duty).select_related("unit")[:4])
    for i, deadline in enumerate(deadlines):
        make_member(f"worker-reporter-{i}", deadline.unit.key, "reporter")
    reminders_plan(deadlines=deadlines)
    # The worker runs on the real clock: the sweep is asked for 05/01/2026 explicitly.
    now = "2026-01-05T08:00:00+07:00"
    result = sweep_reminders.apply_async(kwargs={"now": now}, queue=worker_queue).get(timeout=120)
    sent = Reminder.objects.filter(status=ReminderStatus.SENT).count()
    assert result["sent"] == sent > 0  # the overdue and on-day steps of December 2025
    assert (
        result["cancelled"] == Reminder.objects.filter(status=ReminderStatus.CANCELLED).count() > 0
    )
    assert Notification.objects.count() == sent
