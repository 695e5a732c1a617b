"""Writes on reports and deadlines: draft (pre-filled), submit, return, accept, nudge.
Extension requests are in reporting/extensions.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Activity
from campaigns.uploads import check_upload, upload_store
from common.exceptions import Conflict, DomainError
from common.types import Person
from units.scope import scope_for

from .access import (
    RECEIVER_ROLES,
    may_receive,
    notify,
    receivers_of,
    reporters_of,
    require_receiver,
    require_reporter,
)
from .choices import ReminderStatus, ReminderStep, ReportStatus
from .models import (
    Deadline,
    Notification,
    Reminder,
    Report,
    ReportAttachment,
    ReportEvent,
)
from .reminders import reminders_cancel
from .selectors import activities_for, figures_for, reporting_paths, synthesis_for
from .tasks import sweep_reminders

NARRATIVE = ("results", "shortcomings", "proposals")
NARRATIVE_MAX = 20_000
MAX_ATTACHMENTS = 20
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _require_editable(report: Report) -> None:
    if report.status not in EDITABLE:
        raise DomainError(
            _("Báo cáo đã nộp hoặc đã được tiếp nhận; không sửa được nữa.")
            if report.status == ReportStatus.ACCEPTED
            else _("Báo cáo đã nộp; chờ đơn vị nhận xem xét, hoặc đề nghị trả lại để sửa.")
        )


CONFLICT = _("Báo cáo vừa được người khác xử lý (nộp, tiếp nhận hoặc trả lại); hãy tải lại trang.")


def _locked(report: Report) -> Report:
    """The report row, locked until the end of the transaction, in the state the caller
    saw; if someone changed it meanwhile, the action is refused (409), never applied twice."""
    fresh = Report.objects.select_for_update().select_related("deadline").get(pk=report.pk)
    if (fresh.status, fresh.submitted_at) != (report.status, report.submitted_at):
        raise Conflict(CONFLICT)  # decided, or returned and submitted again, meanwhile
    return fresh


def _require_submitted(report: Report, message: str) -> None:
    """Only a submitted report is decided on; one another leader already decided on is a
    conflict (409), one never submitted a plain error (400)."""
    if report.status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED):
        raise Conflict(CONFLICT)
    if report.status != ReportStatus.SUBMITTED:
        raise DomainError(message)


@transaction.atomic
def report_draft(*, user: Person, deadline: Deadline) -> Report:
    """The unit's report for a deadline, pre-filled with its activities of the period and,
    for a unit that receives reports itself, the synthesis of its units' accepted reports."""
    require_reporter(user, deadline)
    report, created = Report.objects.get_or_create(deadline=deadline, defaults={"created_by": user})
    if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        synthesis = synthesis_for(
            receiver_id=deadline.unit_id,
            period_start=deadline.period_start,
            period_end=deadline.period_end,
        )
        # The units that report to this one count through their accepted reports, not
        # through their activities (which would count them twice, or before acceptance).
        report.figures = figures_for(deadline, synthesis["paths"])
        if synthesis["expected"]:
            report.figures = _merge(report.figures, synthesis["figures"])
            report.late_units = synthesis["late"] + synthesis["missing"]
        # Only while still editable: a parallel submit keeps the figures it counted.
        Report.objects.filter(pk=report.pk, status__in=EDITABLE).update(
            figures=report.figures, late_units=report.late_units, updated_at=timezone.now()
        )
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
def report_update(*, user: Person, deadline: Deadline, data: dict[str, str]) -> Report:
    """Save the narrative sections of a draft or returned report (figures come from the
    activities and are recomputed, never typed)."""
    report = _locked(report_draft(user=user, deadline=deadline))
    _require_editable(report)
    errors = {}
    for name in NARRATIVE:
        if name in data and len(data[name] or "") > NARRATIVE_MAX:
            errors[name] = _("Nội dung quá dài (tối đa %(max)s ký tự).") % {"max": NARRATIVE_MAX}
    if errors:
        raise DomainError(errors)
    changed = {name: (data[name] or "").strip() for name in NARRATIVE if name in data}
    for name, value in changed.items():
        setattr(report, name, value)
    report.save(update_fields=[*changed, "updated_at"])
    return report


@transaction.atomic
def report_attach(*, user: Person, deadline: Deadline, upload: Any) -> ReportAttachment:
    """Attach a file (checked by content: PDF, DOCX, XLSX, JPEG, PNG, WebP; ≤ 20 MB)."""
    report = _locked(report_draft(user=user, deadline=deadline))
    _require_editable(report)
    if report.attachments.count() >= MAX_ATTACHMENTS:
        raise DomainError(
            {"file": _("Mỗi báo cáo đính kèm tối đa %(n)s tệp.") % {"n": MAX_ATTACHMENTS}}
        )
    checked = check_upload(upload)
    attachment = ReportAttachment(report=report, uploaded_by=user, **checked.row_fields())
    upload_store(row=attachment, upload=upload, checked=checked)
    return attachment


@transaction.atomic
def report_detach(*, user: Person, attachment: ReportAttachment) -> None:
    report = _locked(attachment.report)
    require_reporter(user, report.deadline)
    _require_editable(report)
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: attachment.file.delete(save=False))


@transaction.atomic
def report_submit(*, user: Person, deadline: Deadline) -> Report:
    """Submit the unit's report; submitting twice changes nothing; the counted activities
    are locked and the pending reminders cancelled."""
    require_reporter(user, deadline)
    report = _locked(
        Report.objects.filter(deadline=deadline).first()
        or report_draft(user=user, deadline=deadline)
    )
    if report.status == ReportStatus.ACCEPTED:
        raise DomainError(_("Báo cáo đã được tiếp nhận; không nộp lại được."))
    if report.status == ReportStatus.SUBMITTED:
        return report  # a repeat (a retried request) changes nothing
    now = timezone.now()
    Report.objects.filter(pk=report.pk, status__in=EDITABLE).update(
        status=ReportStatus.SUBMITTED, submitted_at=now
    )
    Deadline.objects.filter(pk=deadline.pk).update(submitted_at=now)
    counted = activities_for(deadline, reporting_paths(deadline))
    Activity.objects.filter(pk__in=counted.values("pk")).update(locked=True)
    reminders_cancel(deadline=deadline)
    submitted = ReportEvent.objects.create(report=report, action=ReportStatus.SUBMITTED, actor=user)
    notify(
        receivers_of(deadline),
        _("%(unit)s đã nộp báo cáo %(period)s")
        % {
            "unit": deadline.unit.name,
            "period": deadline.period_label,
        },
        deadline,
        # One submission (a resubmission after a return is a new one) tells each leader once.
        key=f"report-submitted:{submitted.pk}",
    )
    report.refresh_from_db()
    return report


@transaction.atomic
def report_return(*, user: Person, report: Report, reason: str) -> Report:
    require_receiver(user, report.deadline)
    if not reason.strip():
        raise DomainError({"reason": _("Hãy nêu lý do trả lại báo cáo.")})
    _require_submitted(report, _("Chỉ trả lại được báo cáo đã nộp."))
    report = _locked(report)
    Report.objects.filter(pk=report.pk, status=ReportStatus.SUBMITTED).update(
        status=ReportStatus.RETURNED, returned_reason=reason.strip()
    )
    Deadline.objects.filter(pk=report.deadline_id).update(submitted_at=None)
    # Reminders still ahead come back: the unit owes the report again.
    Reminder.objects.filter(
        deadline_id=report.deadline_id, status=ReminderStatus.CANCELLED, due_at__gt=timezone.now()
    ).update(status=ReminderStatus.PENDING)
    returned = ReportEvent.objects.create(
        report=report, action=ReportStatus.RETURNED, actor=user, reason=reason.strip()
    )
    deadline = report.deadline
    notify(
        reporters_of(deadline) | ({report.created_by_id} if report.created_by_id else set()),
        _("Báo cáo %(period)s bị trả lại") % {"period": deadline.period_label},
        deadline,
        reason.strip()[:2000],
        key=f"report-returned:{returned.pk}",
    )
    report.refresh_from_db()
    return report


@transaction.atomic
def report_accept(*, user: Person, report: Report) -> Report:
    require_receiver(user, report.deadline)
    if report.status == ReportStatus.ACCEPTED:
        return report
    _require_submitted(report, _("Chỉ tiếp nhận được báo cáo đã nộp."))
    report = _locked(report)
    if _submitted_by(report) == user.pk:
        raise PermissionDenied(_("Người nộp báo cáo không được tự tiếp nhận báo cáo của mình."))
    Report.objects.filter(pk=report.pk, status=ReportStatus.SUBMITTED).update(
        status=ReportStatus.ACCEPTED, accepted_at=timezone.now()
    )
    ReportEvent.objects.create(report=report, action=ReportStatus.ACCEPTED, actor=user)
    deadline = report.deadline
    notify(
        reporters_of(deadline) | ({report.created_by_id} if report.created_by_id else set()),
        _("Báo cáo %(period)s đã được tiếp nhận") % {"period": deadline.period_label},
        deadline,
        key=f"report-accepted:{report.pk}",
    )
    report.refresh_from_db()
    return report


def _submitted_by(report: Report) -> int | None:
    return (
        ReportEvent.objects.filter(report=report, action=ReportStatus.SUBMITTED)
        .order_by("-at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )


NUDGE_INTERVAL = timedelta(hours=12)


@transaction.atomic
def deadline_nudge(*, user: Person, deadline: Deadline) -> int:
    """A leader above the unit (or of the receiver) asks its reporters to report now: a
    NUDGE reminder per reporter, sent by the next sweep (queued at once). Asking again
    within NUDGE_INTERVAL adds nothing. Returns how many people will be reminded."""
    scope = scope_for(user)
    if not (scope.has_role_over(deadline.unit.path, RECEIVER_ROLES) or may_receive(user, deadline)):
        raise PermissionDenied(_("Chỉ lãnh đạo cấp trên hoặc đơn vị nhận báo cáo được đôn đốc."))
    if deadline.submitted_at is not None:
        raise DomainError(_("Đơn vị đã nộp báo cáo; không cần đôn đốc."))
    now = timezone.now()
    people = reporters_of(deadline)
    if not people:
        raise DomainError(_("Đơn vị chưa có người được giao báo cáo để nhận đôn đốc."))
    existing = Reminder.objects.filter(deadline=deadline, step=ReminderStep.NUDGE)
    again = existing.exclude(status__in=(ReminderStatus.PENDING, ReminderStatus.SENDING)).filter(
        Q(sent_at__isnull=True) | Q(sent_at__lt=now - NUDGE_INTERVAL)
    )
    # A new notification for a repeated nudge: free the one-to-one link of the old one; the
    # next round gets deliveries (and idempotency keys) of its own.
    Notification.objects.filter(reminder__in=again).update(reminder=None)
    renewed = again.update(
        status=ReminderStatus.PENDING,
        due_at=now,
        claim="",
        attempts=0,
        last_error="",
        round=F("round") + 1,
    )
    have = set(existing.values_list("recipient_id", flat=True))
    Reminder.objects.bulk_create(
        [
            Reminder(deadline=deadline, step=ReminderStep.NUDGE, recipient_id=uid, due_at=now)
            for uid in sorted(people - have)
        ],
        ignore_conflicts=True,
    )
    queued = renewed + len(people - have)
    if queued:
        sweep_reminders.enqueue_on_commit()
    return queued
