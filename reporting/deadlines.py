"""Deadlines per (duty, period, reporting unit), generated from a duty's rule."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from directives.choices import DutyRule
from directives.models import ReportingDuty
from units.models import Unit

from .choices import ReminderStatus
from .models import Deadline, Reminder


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str
    due_on: date


def _day(year: int, month: int, day: int | None) -> date:
    """The day of a month, or its last day when the month is shorter (31 → 30, 29/02 → 28/02)."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day or last, last))


def _months(start: date, until: date) -> list[tuple[int, int]]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (until.year, until.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _once(duty: ReportingDuty, start: date, until: date) -> list[Period]:
    if not duty.due_on:
        return []
    return [Period(start, duty.due_on, "Một lần", duty.due_on)]


def _annual(duty: ReportingDuty, start: date, until: date) -> list[Period]:
    if not (duty.day and duty.month):
        return []
    result = []
    for year in range(start.year, until.year + 1):
        due = _day(year, duty.month, duty.day)
        if due >= start:
            result.append(Period(date(year, 1, 1), date(year, 12, 31), f"Năm {year}", due))
    return result


def _monthly(duty: ReportingDuty, start: date, until: date) -> list[Period]:
    return [
        Period(
            date(year, month, 1),
            _day(year, month, None),
            f"Tháng {month}/{year}",
            _day(year, month, duty.day),
        )
        for year, month in _months(start, until)
    ]


def _span_label(size: int, index: int, year: int) -> str:
    if size == 3:
        return f"Quý {index}/{year}"
    return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"


def _spans(duty: ReportingDuty, start: date, until: date, size: int) -> list[Period]:
    """Quarters (size 3) or halves of the year (size 6), due on the duty's day of the month
    after (the last day of the period when it names none)."""
    result = []
    for year, month in _months(start, until):
        if (month - 1) % size:
            continue
        end_month = month + size - 1
        first, last = date(year, month, 1), _day(year, end_month, None)
        after = (year + 1, 1) if end_month == 12 else (year, end_month + 1)
        due = _day(*after, duty.day) if duty.day else last
        label = _span_label(size, (month - 1) // size + 1, year)
        result.append(Period(first, last, label, due))
    return result


def _quarterly(duty: ReportingDuty, start: date, until: date) -> list[Period]:
    return _spans(duty, start, until, 3)


def _half_yearly(duty: ReportingDuty, start: date, until: date) -> list[Period]:
    return _spans(duty, start, until, 6)


PERIODS_BY_RULE: dict[str, Callable[[ReportingDuty, date, date], list[Period]]] = {
    DutyRule.ONCE: _once,
    DutyRule.ANNUAL: _annual,
    DutyRule.MONTHLY: _monthly,
    DutyRule.QUARTERLY: _quarterly,
    DutyRule.HALF_YEARLY: _half_yearly,
}


def periods(duty: ReportingDuty, start: date, until: date) -> list[Period]:
    """Reporting periods of a duty between `start` (the plan) and `until` (the horizon);
    none for an unscheduled duty or one whose rule lacks its day."""
    make = PERIODS_BY_RULE.get(duty.rule)
    return make(duty, start, until) if make else []


def decree_09_window(period: Period) -> tuple[date, date]:
    """Decree 09/2019/NĐ-CP art. 12: figures from the 15th of the month before the period to
    the 14th of its last month (monthly 15/5–14/6, quarterly 15/12–14/3, yearly 15/12–14/12)."""
    year, month = period.start.year, period.start.month
    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return date(year, month, 15), date(period.end.year, period.end.month, 14)


def duty_units(duty: ReportingDuty) -> list[Unit]:
    units = list(duty.reporting_units.all())
    if not units and duty.assignment_id and duty.assignment is not None:
        units = list(duty.assignment.units.all())
    return units


def plan_start(duty: ReportingDuty) -> date | None:
    return duty.plan.document.in_force_from or duty.due_on


@transaction.atomic
def deadlines_generate(*, duty: ReportingDuty, until: date) -> int:
    """Create the missing deadlines of a duty up to `until`; running it again adds nothing."""
    start = plan_start(duty)
    if start is None:
        return 0
    windowed = duty.data_window and duty.rule != DutyRule.ONCE
    units = duty_units(duty)
    rows = []
    for p in periods(duty, start, until):
        data_start, data_end = decree_09_window(p) if windowed else (None, None)
        rows += [
            Deadline(
                duty=duty,
                unit=unit,
                period_start=p.start,
                period_end=p.end,
                period_label=p.label,
                data_start=data_start,
                data_end=data_end,
                due_on=p.due_on,
            )
            for unit in units
        ]
    before = Deadline.objects.filter(duty=duty).count()
    Deadline.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return Deadline.objects.filter(duty=duty).count() - before


@transaction.atomic
def deadlines_transfer(*, unit: Unit, successor: Unit, since: date) -> int:
    """A dissolved unit's open deadlines (due from `since`, not submitted) pass to its
    successor, with their reminders re-planned for the successor's people. Where the
    successor already owes the same report, the dissolved unit's copy goes unless a report
    was started on it (kept as a record)."""
    from .reminders import reminders_plan

    open_deadlines = list(
        Deadline.objects.filter(unit=unit, due_on__gte=since, submitted_at__isnull=True)
    )
    owed = set(
        Deadline.objects.filter(
            unit=successor, duty_id__in={d.duty_id for d in open_deadlines}
        ).values_list("duty_id", "period_start")
    )
    moving = [d.pk for d in open_deadlines if (d.duty_id, d.period_start) not in owed]
    duplicates = [d.pk for d in open_deadlines if (d.duty_id, d.period_start) in owed]
    Deadline.objects.filter(
        pk__in=duplicates, report__isnull=True, extensions__isnull=True
    ).delete()
    Reminder.objects.filter(deadline_id__in=moving, status=ReminderStatus.PENDING).delete()
    Deadline.objects.filter(pk__in=moving).update(unit=successor)
    reminders_plan(
        deadlines=list(
            upcoming(Deadline.objects.filter(pk__in=moving), timezone.localdate()).select_related(
                "unit"
            )
        )
    )
    return len(moving)


def on_unit_dissolved(
    sender: object, unit: Unit, successors: list[Unit], on: date, **kw: object
) -> None:
    """Open deadlines follow a dissolved unit to its (first) successor."""
    if successors:
        deadlines_transfer(unit=unit, successor=successors[0], since=on)


def deadlines_generate_all(*, until: date) -> int:
    """Deadlines of every scheduled duty of every issued plan, up to `until` (idempotent)."""
    from directives.choices import DocumentStatus

    duties = (
        ReportingDuty.objects.exclude(rule=DutyRule.UNSCHEDULED)
        .filter(plan__document__status=DocumentStatus.ISSUED)
        .select_related("plan__document", "assignment")
        .prefetch_related("reporting_units")
    )
    return sum(deadlines_generate(duty=duty, until=until) for duty in duties)


REMINDER_HORIZON = timedelta(days=31)  # reminders are planned this far ahead (daily task)


def horizon(today: date) -> date:
    """How far deadlines are generated: the end of next year."""
    return date(today.year + 1, 12, 31)


def upcoming(deadlines: QuerySet[Deadline], today: date) -> QuerySet[Deadline]:
    """Open deadlines whose reminders are due soon: effective date from 3 days ago (the last
    escalation) to the reminder horizon."""
    start, end = today - timedelta(days=3), today + REMINDER_HORIZON
    return deadlines.filter(submitted_at__isnull=True).filter(
        Q(extended_to__isnull=True, due_on__range=(start, end)) | Q(extended_to__range=(start, end))
    )


def deadlines_supersede(*, document_id: int, today: date) -> int:
    """A plan replaced by a new version: its future deadlines nobody has started a report
    for go away (the new version's duties make their own); the rest stay as a record."""
    deleted, _rows = (
        Deadline.objects.filter(
            duty__plan__document_id=document_id,
            submitted_at__isnull=True,
            report__isnull=True,
            extensions__isnull=True,
            due_on__gte=today,
        )
    ).delete()
    return deleted


def plan_deadlines(*, document_id: int, previous_id: int | None = None) -> int:
    """Everything an issued plan owes: its deadlines through next year and their reminders."""
    from .reminders import reminders_plan

    today = timezone.localdate()
    if previous_id:
        deadlines_supersede(document_id=previous_id, today=today)
    duties = (
        ReportingDuty.objects.exclude(rule=DutyRule.UNSCHEDULED)
        .filter(plan__document_id=document_id)
        .select_related("plan__document", "assignment")
        .prefetch_related("reporting_units")
    )
    created = sum(deadlines_generate(duty=duty, until=horizon(today)) for duty in duties)
    reminders_plan(
        deadlines=list(
            upcoming(
                Deadline.objects.filter(duty__plan__document_id=document_id), today
            ).select_related("unit")
        )
    )
    return created
