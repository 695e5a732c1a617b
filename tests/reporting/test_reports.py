"""Reports with the seed units: pre-filled figures, return with reason, acceptance,
extensions, and the receiving unit's synthesis."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reporting.choices import ReminderStatus, ReportStatus, Timeliness
from reporting.extensions import extension_decide, extension_request
from reporting.models import Reminder
from reporting.reminders import reminders_plan
from reporting.selectors import DeadlineState, synthesis_for, timeliness
from reporting.services import (
    report_accept,
    report_draft,
    report_return,
    report_submit,
)
from tests.builders import log_activity, two_accepted_one_late, unit

pytestmark = pytest.mark.django_db


def test_report_is_prefilled_from_the_units_activities(cam_giang: dict) -> None:
    key = cam_giang["keys"][0]
    user = cam_giang["reporters"][key]
    log_activity(user, key, 4, date(2026, 3, 2))
    log_activity(user, key, 6, date(2026, 5, 9))
    report = report_draft(user=user, deadline=cam_giang["deadlines"][key])
    [row] = report.figures
    assert (row["count"], row["quantity"], row["reach"]) == (2, 10, 1000)


def test_return_needs_a_reason_then_resubmission_and_acceptance(cam_giang: dict) -> None:
    key = cam_giang["keys"][0]
    user, leader = cam_giang["reporters"][key], cam_giang["leader"]
    deadline = cam_giang["deadlines"][key]
    report = report_submit(user=user, deadline=deadline)
    with pytest.raises(ValidationError) as error:
        report_return(user=leader, report=report, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        report_return(user=user, report=report, reason="tự trả")
    report = report_return(user=leader, report=report, reason="Thiếu số liệu tháng 11")
    assert (
        report.status == ReportStatus.RETURNED
        and report.returned_reason == "Thiếu số liệu tháng 11"
    )
    report = report_submit(user=user, deadline=deadline)
    report = report_accept(user=leader, report=report)
    assert report.status == ReportStatus.ACCEPTED
    assert [e.action for e in report.events.all()] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
    with pytest.raises(ValidationError, match="đã được tiếp nhận"):
        report_submit(user=user, deadline=deadline)


def test_submitting_locks_the_counted_activities(cam_giang: dict) -> None:
    key = cam_giang["keys"][1]
    user = cam_giang["reporters"][key]
    log_activity(user, key, 2, date(2026, 4, 1))
    report_submit(user=user, deadline=cam_giang["deadlines"][key])
    from campaigns.models import Activity

    assert Activity.objects.get(unit__key=key).locked


def test_extension_grant_moves_the_deadline_and_its_reminders(cam_giang: dict, clock: Any) -> None:
    key = cam_giang["keys"][0]
    deadline = cam_giang["deadlines"][key]
    reminders_plan(deadlines=[deadline])
    with pytest.raises(ValidationError) as past:
        extension_request(
            user=cam_giang["reporters"][key], deadline=deadline, until=date(2025, 1, 1), reason="x"
        )
    assert "requested_until" in past.value.message_dict
    extension = extension_request(
        user=cam_giang["reporters"][key],
        deadline=deadline,
        until=date(2026, 12, 20),
        reason="Chờ số liệu khối phố",
    )
    extension_decide(user=cam_giang["leader"], extension=extension, grant=True)
    deadline.refresh_from_db()
    assert deadline.effective_due_on == date(2026, 12, 20)
    on_day = Reminder.objects.get(deadline=deadline, step="on_day")
    assert (
        timezone.localtime(on_day.due_at).date() == date(2026, 12, 20)
        and on_day.status == ReminderStatus.PENDING
    )


def test_timeliness_states(cam_giang: dict) -> None:
    deadline = cam_giang["deadlines"][cam_giang["keys"][0]]
    assert timeliness(deadline, today=date(2026, 12, 1)) == DeadlineState(Timeliness.NOT_DUE, 9)
    assert timeliness(deadline, today=date(2026, 12, 15)) == DeadlineState(Timeliness.OVERDUE, 5)
    deadline.submitted_at = timezone.make_aware(timezone.datetime(2026, 12, 12, 9))
    assert timeliness(deadline) == DeadlineState(Timeliness.LATE, 2)
    deadline.submitted_at = timezone.make_aware(timezone.datetime(2026, 12, 10, 16))
    assert timeliness(deadline) == DeadlineState(Timeliness.ON_TIME, 0)


def test_upward_synthesis_sums_accepted_reports_and_lists_late_and_missing(cam_giang: dict) -> None:
    third = two_accepted_one_late(cam_giang)[2]
    synthesis = synthesis_for(
        receiver_id=unit("cg/ubnd").pk,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        today=date(2026, 12, 20),
    )
    [row] = synthesis["figures"]
    assert row["quantity"] == 8 and synthesis["accepted"] == 2
    assert [u["unit"] for u in synthesis["late"]] == [unit(third).name]
    assert len(synthesis["missing"]) == synthesis["expected"] - 3 == 13
