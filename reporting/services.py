"""Writes on reports and deadlines: draft (pre-filled), submit, return, accept, extensions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Activity
from units.choices import Role
from units.scope import scope_for

from .choices import ExtensionStatus, ReminderStatus, ReminderStep, ReportStatus
from .models import Deadline, Extension, Reminder, Report, ReportEvent
from .reminders import REPORTER_ROLES, due_at, reminders_cancel
from .selectors import activities_for, figures_for, synthesis_for

RECEIVER_ROLES = (Role.LEADER, Role.UNIT_ADMIN)


def _require_reporter(user: Any, deadline: Deadline) -> None:
    if not scope_for(user).has_role_over(deadline.unit.path, REPORTER_ROLES):
        raise PermissionDenied(_("Bạn không có quyền báo cáo cho đơn vị này."))


def _require_receiver(user: Any, deadline: Deadline) -> None:
    receiver = deadline.duty.receiver
    if receiver is None or not scope_for(user).has_role_over(receiver.path, RECEIVER_ROLES):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị nhận báo cáo mới được xử lý."))


@transaction.atomic
def report_draft(*, user: Any, deadline: Deadline) -> Report:
    """The unit's report for a deadline, pre-filled with its activities of the period and,
    for a unit that receives reports itself, the synthesis of its units' accepted reports."""
    _require_reporter(user, deadline)
    report, created = Report.objects.get_or_create(deadline=deadline, defaults={"created_by": user})
    if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        report.figures = figures_for(deadline)
        synthesis = synthesis_for(
            receiver_id=deadline.unit_id,
            period_start=deadline.period_start,
            period_end=deadline.period_end,
        )
        if synthesis["expected"]:
            report.figures = _merge(report.figures, synthesis["figures"])
            report.late_units = synthesis["late"] + synthesis["missing"]
        report.save()
    if created:
        ReportEvent.objects.create(report=report, action=ReportStatus.DRAFT, actor=user)
    return report


def _merge(mine: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: dict[Any, dict[str, Any]] = {}
    for row in [*mine, *theirs]:
        target = merged.setdefault(
            row["channel"],
            {**row, "count": 0, "quantity": 0, "participants": 0, "reach": 0, "views": 0},
        )
        for key in ("count", "quantity", "participants", "reach", "views"):
            target[key] += int(row.get(key) or 0)
    return sorted(merged.values(), key=lambda r: r["channel_name"])


@transaction.atomic
def report_submit(*, user: Any, deadline: Deadline) -> Report:
    """Submit the unit's report; submitting twice changes nothing; the counted activities
    are locked and the pending reminders cancelled."""
    _require_reporter(user, deadline)
    report = Report.objects.filter(deadline=deadline).first() or report_draft(
        user=user, deadline=deadline
    )
    if report.status == ReportStatus.ACCEPTED:
        raise ValidationError(_("Báo cáo đã được tiếp nhận; không nộp lại được."))
    if report.status == ReportStatus.SUBMITTED:
        return report
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED, submitted_at=now)
    Deadline.objects.filter(pk=deadline.pk).update(submitted_at=now)
    Activity.objects.filter(pk__in=activities_for(deadline).values("pk")).update(locked=True)
    reminders_cancel(deadline=deadline)
    ReportEvent.objects.create(report=report, action=ReportStatus.SUBMITTED, actor=user)
    report.refresh_from_db()
    return report


@transaction.atomic
def report_return(*, user: Any, report: Report, reason: str) -> Report:
    _require_receiver(user, report.deadline)
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy nêu lý do trả lại báo cáo.")})
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Chỉ trả lại được báo cáo đã nộp."))
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RETURNED, returned_reason=reason.strip()
    )
    Deadline.objects.filter(pk=report.deadline_id).update(submitted_at=None)
    ReportEvent.objects.create(
        report=report, action=ReportStatus.RETURNED, actor=user, reason=reason.strip()
    )
    report.refresh_from_db()
    return report


@transaction.atomic
def report_accept(*, user: Any, report: Report) -> Report:
    _require_receiver(user, report.deadline)
    if report.status == ReportStatus.ACCEPTED:
        return report
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Chỉ tiếp nhận được báo cáo đã nộp."))
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.ACCEPTED, accepted_at=timezone.now()
    )
    ReportEvent.objects.create(report=report, action=ReportStatus.ACCEPTED, actor=user)
    report.refresh_from_db()
    return report


@transaction.atomic
def extension_request(*, user: Any, deadline: Deadline, until: date, reason: str) -> Extension:
    _require_reporter(user, deadline)
    errors = {}
    if until <= max(deadline.effective_due_on, timezone.localdate()):
        errors["requested_until"] = _("Ngày xin gia hạn phải sau hạn hiện tại và sau hôm nay.")
    if not reason.strip():
        errors["reason"] = _("Hãy nêu lý do xin gia hạn.")
    if errors:
        raise ValidationError(errors)
    return Extension.objects.create(
        deadline=deadline, requested_until=until, reason=reason.strip(), requested_by=user
    )


@transaction.atomic
def extension_decide(*, user: Any, extension: Extension, grant: bool, note: str = "") -> Extension:
    """Grant (the deadline and its pending reminders move) or refuse a request."""
    deadline = extension.deadline
    _require_receiver(user, deadline)
    if extension.status != ExtensionStatus.PENDING:
        raise ValidationError(_("Yêu cầu này đã được xét."))
    extension.status = ExtensionStatus.GRANTED if grant else ExtensionStatus.REFUSED
    extension.decided_by, extension.decided_at, extension.decision_note = user, timezone.now(), note
    extension.save()
    if grant:
        Deadline.objects.filter(pk=deadline.pk).update(extended_to=extension.requested_until)
        deadline.refresh_from_db()
        for step in ReminderStep:
            Reminder.objects.filter(
                deadline=deadline, step=step, status=ReminderStatus.PENDING
            ).update(due_at=due_at(deadline, step))
    return extension
