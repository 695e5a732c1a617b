"""Deadlines from the seed duties and reminders sent exactly once, with the clock moved."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.core import mail

from directives.choices import DutyRule
from directives.models import ReportingDuty
from reporting.choices import ReminderStatus
from reporting.deadlines import periods
from reporting.models import Deadline, Notification, Reminder
from reporting.reminders import _claim, reminders_plan, reminders_sweep
from reporting.services import report_submit
from tests.builders import at, seed_duty, unit

pytestmark = pytest.mark.django_db


def _prepare(
    plan_key: str, rule: str, make_member: Any, reporters: int = 2
) -> tuple[list[Deadline], list[Any]]:
    duty = seed_duty(plan_key, rule, until=date(2025, 12, 31))
    deadlines = list(
        Deadline.objects.filter(duty=duty).select_related("unit").order_by("unit__path")
    )
    users = [
        make_member(f"{plan_key}-reporter-{i}", deadlines[i].unit.key, "reporter")
        for i in range(reporters)
    ]
    return deadlines, users


def test_periods_follow_each_rule() -> None:
    def duty(**kw: Any) -> ReportingDuty:
        return ReportingDuty(phrase="x", **kw)

    annual = periods(
        duty(rule=DutyRule.ANNUAL, day=10, month=12), date(2025, 3, 1), date(2026, 12, 31)
    )
    assert [p.due_on for p in annual] == [date(2025, 12, 10), date(2026, 12, 10)]
    monthly = periods(duty(rule=DutyRule.MONTHLY), date(2025, 1, 15), date(2025, 3, 31))
    assert [p.due_on for p in monthly] == [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31)]
    leap = periods(
        duty(rule=DutyRule.ANNUAL, day=29, month=2), date(2025, 1, 1), date(2028, 12, 31)
    )
    assert [p.due_on for p in leap][-1] == date(2028, 2, 29) and leap[0].due_on == date(2025, 2, 28)
    quarterly = periods(duty(rule=DutyRule.QUARTERLY, day=15), date(2025, 1, 1), date(2025, 12, 31))
    assert [(p.label, p.due_on) for p in quarterly][:2] == [
        ("Quý 1/2025", date(2025, 4, 15)),
        ("Quý 2/2025", date(2025, 7, 15)),
    ]


def test_can_tho_units_get_their_t_minus_3_reminder_on_3_march(make_member: Any) -> None:
    deadlines, users = _prepare("seed-003", DutyRule.ONCE, make_member)
    duty = ReportingDuty.objects.get(plan__document__key="seed-003", rule=DutyRule.ONCE)
    assert len(deadlines) == duty.reporting_units.count() >= 9
    assert {d.due_on for d in deadlines} == {date(2025, 3, 7)}
    reminders_plan(deadlines=deadlines)
    reminders_sweep(now=at("2025-02-27"))  # the 7-days-left reminder
    mail.outbox.clear()
    result = reminders_sweep(now=at("2025-03-03"))
    sent = Reminder.objects.filter(status=ReminderStatus.SENT, step="before_3")
    assert result.sent == 2 and {r.recipient for r in sent} == set(users)
    assert all(
        n.title.startswith("Sắp đến hạn báo cáo 07/03/2025")
        for n in Notification.objects.filter(reminder__step="before_3")
    )
    assert reminders_sweep(now=at("2025-03-03", 9)).sent == 0  # nothing twice


def test_cam_giang_on_the_day_and_escalation_to_the_superiors_leaders(make_member: Any) -> None:
    deadlines, users = _prepare("seed-002", DutyRule.ANNUAL, make_member, reporters=3)
    assert {d.due_on for d in deadlines} == {date(2025, 12, 10)} and len(deadlines) == 16
    leader = make_member("cg-leader", "cg/ubnd", "leader")
    submitted = deadlines[2]
    reminders_plan(deadlines=deadlines)
    reminders_sweep(now=at("2025-12-08"))
    report_submit(user=users[2], deadline=submitted)
    result = reminders_sweep(now=at("2025-12-10"))
    on_day = Reminder.objects.filter(step="on_day", status=ReminderStatus.SENT)
    assert result.sent == 2 and {r.recipient for r in on_day} == set(users[:2])
    result = reminders_sweep(now=at("2025-12-13"))
    escalated = Reminder.objects.filter(step="after_3", status=ReminderStatus.SENT, escalation=True)
    assert {r.recipient for r in escalated} == {leader}
    assert escalated.count() == len(deadlines) - 1  # every open deadline, not the submitted one
    assert not Reminder.objects.filter(
        deadline=submitted, status=ReminderStatus.SENT, sent_at__gte=at("2025-12-09")
    ).exists()
    assert Reminder.objects.filter(deadline=submitted, status=ReminderStatus.CANCELLED).exists()


def test_submitting_twice_is_harmless(make_member: Any) -> None:
    deadlines, users = _prepare("seed-002", DutyRule.ANNUAL, make_member, reporters=1)
    first = report_submit(user=users[0], deadline=deadlines[0])
    again = report_submit(user=users[0], deadline=deadlines[0])
    assert first.pk == again.pk and again.submitted_at == first.submitted_at


def test_a_sweep_killed_after_claiming_is_finished_by_the_next(make_member: Any) -> None:
    deadlines, _users = _prepare("seed-002", DutyRule.ANNUAL, make_member, reporters=3)
    reminders_plan(deadlines=deadlines)
    now = at("2025-12-14")
    due = Reminder.objects.filter(due_at__lte=now).count()
    _claim(now, batch_size=5)  # the first sweep dies here, holding five rows
    assert Reminder.objects.filter(status=ReminderStatus.SENDING).count() == 5
    early = reminders_sweep(now=now, batch_size=4)
    assert early.sent + early.cancelled == due - 5  # the held rows are not touched yet
    later = reminders_sweep(now=at("2025-12-14", 9), batch_size=4)  # the lease has run out
    assert later.sent + later.cancelled == 5
    assert (
        Notification.objects.count() == Reminder.objects.filter(status=ReminderStatus.SENT).count()
    )
    assert not Reminder.objects.filter(status=ReminderStatus.SENDING).exists()


def test_deadlines_move_to_a_successor(make_member: Any) -> None:
    from reporting.deadlines import deadlines_transfer

    _prepare("seed-002", DutyRule.ANNUAL, make_member, reporters=0)
    center = unit("cg/ttvhtttt")
    moved = deadlines_transfer(
        unit=center, successor=unit("hp/xa-cam-giang/ubnd"), since=date(2025, 7, 1)
    )
    assert moved == 1 and Deadline.objects.filter(unit__key="hp/xa-cam-giang/ubnd").count() == 1
    assert not Deadline.objects.filter(unit=center).exists()


def test_dissolving_a_unit_hands_its_open_deadlines_and_reminders_to_the_successor(
    make_member: Any,
) -> None:
    from units.services import unit_dissolve

    seed_duty("seed-002", DutyRule.ANNUAL, until=date(2026, 12, 31))
    old, successor = unit("cg/ttvhtttt"), unit("hp/xa-cam-giang/ubnd")
    make_member("old-reporter", old.key, "reporter")
    heir = make_member("heir-reporter", successor.key, "reporter")
    reminders_plan(deadlines=list(Deadline.objects.filter(unit=old).select_related("unit")))
    past = Deadline.objects.get(unit=old, period_start=date(2025, 1, 1))
    report_submit(user=make_member("old-reporter-2", old.key, "reporter"), deadline=past)
    unit_dissolve(unit=old, on=date(2025, 12, 31), successors=[successor])
    moved = Deadline.objects.get(unit=successor, period_start=date(2026, 1, 1))
    assert Deadline.objects.filter(unit=old).get() == past  # the submitted one stays
    pending = Reminder.objects.filter(deadline=moved, status=ReminderStatus.PENDING)
    assert {r.recipient for r in pending} <= {heir}


def test_the_reminder_day_is_the_local_day_at_the_utc_boundary(make_member: Any) -> None:
    """Vietnam is UTC+7: 03/3 07:00 local is 03/3 00:00 UTC."""
    from datetime import UTC

    deadlines, users = _prepare("seed-003", DutyRule.ONCE, make_member, reporters=1)
    reminders_plan(deadlines=deadlines)
    reminders_sweep(now=at("2025-02-27"))
    before = datetime(2025, 3, 2, 23, 30, tzinfo=UTC)  # 06:30 local on 03/3
    assert reminders_sweep(now=before).sent == 0
    after = datetime(2025, 3, 3, 0, 30, tzinfo=UTC)  # 07:30 local on 03/3
    assert reminders_sweep(now=after).sent == 1
    assert Reminder.objects.get(recipient=users[0], step="before_3").status == ReminderStatus.SENT
