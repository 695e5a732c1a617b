"""Two sweeps at once send each reminder once (each on its own connection, committed)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection

from directives.choices import DutyRule
from reporting.choices import ReminderStatus
from reporting.models import Deadline, Notification, Reminder
from reporting.reminders import reminders_plan, reminders_sweep
from tests.builders import at, seed_duty

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_sweeps_at_once_send_each_reminder_once(
    seeded_transactional_db: None, make_member: Any
) -> None:
    duty = seed_duty("seed-002", DutyRule.ANNUAL, until=date(2025, 12, 31))
    deadlines = list(Deadline.objects.filter(duty=duty).select_related("unit"))
    for i, deadline in enumerate(deadlines):
        make_member(f"sweep-reporter-{i}", deadline.unit.key, "reporter")
    make_member("sweep-leader", "cg/ubnd", "leader")
    reminders_plan(deadlines=deadlines)
    now = at("2025-12-20")
    due = Reminder.objects.filter(due_at__lte=now).count()
    assert due > 60
    results: list[Any] = []
    barrier = threading.Barrier(2)

    def sweep() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(reminders_sweep(now=now, batch_size=7))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    sent = sum(r.sent for r in results)
    cancelled = sum(r.cancelled for r in results)
    assert len(results) == 2 and sent + cancelled == due
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == sent
    assert Notification.objects.count() == sent  # one notification per reminder, none twice
    assert not Reminder.objects.filter(
        status__in=[ReminderStatus.PENDING, ReminderStatus.SENDING], due_at__lte=now
    ).exists()
