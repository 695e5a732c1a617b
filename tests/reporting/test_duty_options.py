"""Options of a reporting duty (Decree 09 data window, reminder steps), deadlines made when a
plan is issued."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from directives.choices import DocumentStatus, DutyRule
from directives.models import ReportingDuty
from directives.services.parts import parts_apply
from directives.services.plans import plan_issue, plan_new_version
from reporting.deadlines import deadlines_generate, periods
from reporting.models import Deadline, Reminder, Report, ReportEvent
from reporting.reminders import reminders_plan
from reporting.services import report_draft
from tests.builders import draft_plan, log_activity, plan_form_data, signed_in, unit

pytestmark = pytest.mark.django_db


def test_decree_09_window_runs_from_the_15th_before_to_the_14th(cam_giang: dict) -> None:
    monthly = periods(
        ReportingDuty(phrase="x", rule=DutyRule.MONTHLY, day=20),
        date(2025, 1, 1),
        date(2025, 3, 31),
    )
    from reporting.deadlines import decree_09_window

    assert [decree_09_window(p) for p in monthly] == [
        (date(2024, 12, 15), date(2025, 1, 14)),
        (date(2025, 1, 15), date(2025, 2, 14)),
        (date(2025, 2, 15), date(2025, 3, 14)),
    ]
    key = cam_giang["keys"][0]
    user = cam_giang["reporters"][key]
    log_activity(user, key, 2, date(2025, 12, 20))  # in the 2026 window, not the 2026 year
    log_activity(user, key, 5, date(2025, 12, 10))  # in the 2025 window and the 2025 year
    plain = report_draft(user=user, deadline=cam_giang["deadlines"][key])
    assert plain.figures == []  # the calendar year 2026 has no activity yet

    duty = cam_giang["duty"]
    duty.data_window = True
    duty.save()
    # Start over (a draft and its history are protected: removed explicitly).
    ReportEvent.objects.filter(report__deadline__duty=duty).delete()
    Report.objects.filter(deadline__duty=duty).delete()
    Deadline.objects.filter(duty=duty).delete()
    deadlines_generate(duty=duty, until=date(2026, 12, 31))
    windowed = Deadline.objects.get(duty=duty, unit=unit(key), period_start=date(2026, 1, 1))
    assert (windowed.data_from, windowed.data_until) == (date(2025, 12, 15), date(2026, 12, 14))
    [row] = report_draft(user=user, deadline=windowed).figures
    assert row["quantity"] == 2


def test_a_duty_chooses_its_reminder_steps(cam_giang: dict) -> None:
    duty = cam_giang["duty"]
    deadline = cam_giang["deadlines"][cam_giang["keys"][0]]
    duty.reminder_steps = ["on_day", "before_3", "not-a-step"]
    duty.save()
    reminders_plan(deadlines=[deadline])
    assert set(Reminder.objects.filter(deadline=deadline).values_list("step", flat=True)) == {
        "before_3",
        "on_day",
    }


def test_issuing_a_plan_makes_its_deadlines_and_reminders(
    hy_editor: Any,
    make_member: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    clock: Any,
) -> None:
    from directives.editor import unit_choices

    draft = draft_plan(hy_editor, "báo cáo hằng tháng")
    reporting_unit = unit_choices(draft).exclude(pk=unit("hy/btgdv").pk).exclude(key=None).first()
    make_member("hy-unit-reporter", reporting_unit.key, "reporter")
    # A body outside the issuer's own subtree reports because the plan assigns it.
    parts_apply(
        plan=draft.plan,
        parts={
            "assignments": [
                {"label": "1.", "title": "Phối hợp", "role": "lead", "units": [reporting_unit]}
            ]
        },
    )
    client = signed_in(hy_editor)
    data = plan_form_data(draft)
    data.update(
        {
            "duties-TOTAL_FORMS": 1,
            "duties-0-phrase": "Báo cáo kết quả trước ngày 20 hằng tháng",
            "duties-0-rule": "monthly",
            "duties-0-day": 20,
            "duties-0-receiver": unit("hy/btgdv").pk,
            "duties-0-reporting_units": [reporting_unit.pk],
            "duties-0-reminder_steps": ["before_3", "after_1"],
            "duties-0-data_window": "on",
        }
    )
    saved = client.post(reverse("directives:plan_edit", args=[draft.pk]), data)
    assert saved.status_code == 302
    duty = draft.plan.duties.get()
    assert duty.data_window and duty.reminder_steps == ["before_3", "after_1"]

    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("directives:plan_issue", args=[draft.pk]))
        deadlines = list(Deadline.objects.filter(duty=duty).order_by("due_on"))
        today = timezone.localdate()
        assert today == date(2026, 11, 20)  # the fixed clock
        months = 14  # November 2026 to December 2027: through the end of next year
        assert len(deadlines) == months and all(d.unit_id == reporting_unit.pk for d in deadlines)
        assert all(d.data_start.day == 15 and d.data_end.day == 14 for d in deadlines)
        steps = set(Reminder.objects.filter(deadline__duty=duty).values_list("step", flat=True))
        assert steps and steps <= {"before_3", "after_1"}

        # A new version replaces the plan: the old deadlines still ahead go, the new come.
        draft.refresh_from_db()
        version = plan_new_version(user=hy_editor, document=draft)
        with django_capture_on_commit_callbacks(execute=True):
            plan_issue(user=hy_editor, document=version)
        draft.refresh_from_db()
        assert draft.status == DocumentStatus.SUPERSEDED
        assert not Deadline.objects.filter(duty=duty, due_on__gte=today).exists()
        new_duty = version.plan.duties.get()
        assert Deadline.objects.filter(duty=new_duty).count() == months
    finally:
        app.conf.task_always_eager = False
