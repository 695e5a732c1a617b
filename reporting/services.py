"""Writes on reports and deadlines: draft (pre-filled), submit, return, accept, extensions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Activity
from campaigns.uploads import check_upload
from common.exceptions import Conflict
from units.choices import Role
from units.models import Membership
from units.scope import scope_for

from .choices import ExtensionStatus, ReminderStatus, ReminderStep, ReportStatus
from .models import (
    Deadline,
    Extension,
    Notification,
    Reminder,
    Report,
    ReportAttachment,
    ReportEvent,
)
from .reminders import REPORTER_ROLES, due_at, reminders_cancel
from .selectors import activities_for, figures_for, reporting_paths, synthesis_for

RECEIVER_ROLES = (Role.LEADER, Role.UNIT_ADMIN)
NARRATIVE = ("results", "shortcomings", "proposals")
NARRATIVE_MAX = 20_000
MAX_ATTACHMENTS = 20
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def may_report(user: Any, deadline: Deadline) -> bool:
    return scope_for(user).has_role_over(deadline.unit.path, REPORTER_ROLES)


def may_receive(user: Any, deadline: Deadline) -> bool:
    receiver = deadline.duty.receiver
    return receiver is not None and scope_for(user).has_role_over(receiver.path, RECEIVER_ROLES)


def _notify(user_ids: set[int], title: str, deadline: Deadline, body: str = "") -> None:
    """In-app notifications about a report's workflow (reminders have their own transports)."""
    url = reverse("reporting:deadline", args=[deadline.pk])
    Notification.objects.bulk_create(
        Notification(recipient_id=uid, title=title[:300], body=body, url=url)
        for uid in sorted(user_ids)
    )


def _receivers(deadline: Deadline) -> set[int]:
    receiver_id = deadline.duty.receiver_id
    if receiver_id is None:
        return set()
    return set(
        Membership.objects.filter(unit_id=receiver_id, role__in=RECEIVER_ROLES).values_list(
            "user_id", flat=True
        )
    )


def _reporters(deadline: Deadline) -> set[int]:
    return set(
        Membership.objects.filter(unit_id=deadline.unit_id, role__in=REPORTER_ROLES).values_list(
            "user_id", flat=True
        )
    )


def _require_reporter(user: Any, deadline: Deadline) -> None:
    if not may_report(user, deadline):
        raise PermissionDenied(_("Bạn không có quyền báo cáo cho đơn vị này."))


def _require_receiver(user: Any, deadline: Deadline) -> None:
    if not may_receive(user, deadline):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị nhận báo cáo mới được xử lý."))


def _require_editable(report: Report) -> None:
    if report.status not in EDITABLE:
        raise ValidationError(
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
        raise ValidationError(message)


@transaction.atomic
def report_draft(*, user: Any, deadline: Deadline) -> Report:
    """The unit's report for a deadline, pre-filled with its activities of the period and,
    for a unit that receives reports itself, the synthesis of its units' accepted reports."""
    _require_reporter(user, deadline)
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
def report_update(*, user: Any, deadline: Deadline, data: dict[str, str]) -> Report:
    """Save the narrative sections of a draft or returned report (figures come from the
    activities and are recomputed, never typed)."""
    report = _locked(report_draft(user=user, deadline=deadline))
    _require_editable(report)
    errors = {}
    for name in NARRATIVE:
        if name in data and len(data[name] or "") > NARRATIVE_MAX:
            errors[name] = _("Nội dung quá dài (tối đa %(max)s ký tự).") % {"max": NARRATIVE_MAX}
    if errors:
        raise ValidationError(errors)
    changed = {name: (data[name] or "").strip() for name in NARRATIVE if name in data}
    for name, value in changed.items():
        setattr(report, name, value)
    report.save(update_fields=[*changed, "updated_at"])
    return report


@transaction.atomic
def report_attach(*, user: Any, deadline: Deadline, upload: Any) -> ReportAttachment:
    """Attach a file (checked by content: PDF, DOCX, XLSX, JPEG, PNG, WebP; ≤ 20 MB)."""
    report = _locked(report_draft(user=user, deadline=deadline))
    _require_editable(report)
    if report.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {"file": _("Mỗi báo cáo đính kèm tối đa %(n)s tệp.") % {"n": MAX_ATTACHMENTS}}
        )
    checked = check_upload(upload)
    attachment = ReportAttachment(
        report=report,
        original_name=checked.display_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    upload.seek(0)
    attachment.file.save(checked.stored_name, File(upload), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def report_detach(*, user: Any, attachment: ReportAttachment) -> None:
    report = _locked(attachment.report)
    _require_reporter(user, report.deadline)
    _require_editable(report)
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: attachment.file.delete(save=False))


@transaction.atomic
def report_submit(*, user: Any, deadline: Deadline) -> Report:
    """Submit the unit's report; submitting twice changes nothing; the counted activities
    are locked and the pending reminders cancelled."""
    _require_reporter(user, deadline)
    report = _locked(
        Report.objects.filter(deadline=deadline).first()
        or report_draft(user=user, deadline=deadline)
    )
    if report.status == ReportStatus.ACCEPTED:
        raise ValidationError(_("Báo cáo đã được tiếp nhận; không nộp lại được."))
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
    ReportEvent.objects.create(report=report, action=ReportStatus.SUBMITTED, actor=user)
    _notify(
        _receivers(deadline),
        _("%(unit)s đã nộp báo cáo %(period)s")
        % {
            "unit": deadline.unit.name,
            "period": deadline.period_label,
        },
        deadline,
    )
    report.refresh_from_db()
    return report


@transaction.atomic
def report_return(*, user: Any, report: Report, reason: str) -> Report:
    _require_receiver(user, report.deadline)
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy nêu lý do trả lại báo cáo.")})
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
    ReportEvent.objects.create(
        report=report, action=ReportStatus.RETURNED, actor=user, reason=reason.strip()
    )
    deadline = report.deadline
    _notify(
        _reporters(deadline) | ({report.created_by_id} if report.created_by_id else set()),
        _("Báo cáo %(period)s bị trả lại") % {"period": deadline.period_label},
        deadline,
        reason.strip()[:2000],
    )
    report.refresh_from_db()
    return report


@transaction.atomic
def report_accept(*, user: Any, report: Report) -> Report:
    _require_receiver(user, report.deadline)
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
    _notify(
        _reporters(deadline) | ({report.created_by_id} if report.created_by_id else set()),
        _("Báo cáo %(period)s đã được tiếp nhận") % {"period": deadline.period_label},
        deadline,
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
    deadline = (
        Deadline.objects.select_for_update().select_related("unit", "duty").get(pk=deadline.pk)
    )  # two requests at once: the second waits and finds the first
    if deadline.submitted_at is not None:
        raise ValidationError(_("Báo cáo đã nộp; không cần xin gia hạn."))
    if deadline.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("Đã có một đề nghị gia hạn đang chờ xét."))
    extension = Extension.objects.create(
        deadline=deadline, requested_until=until, reason=reason.strip(), requested_by=user
    )
    _notify(
        _receivers(deadline),
        _("%(unit)s xin gia hạn báo cáo %(period)s đến %(until)s")
        % {
            "unit": deadline.unit.name,
            "period": deadline.period_label,
            "until": until.strftime("%d/%m/%Y"),
        },
        deadline,
        reason.strip()[:2000],
    )
    return extension


@transaction.atomic
def extension_decide(*, user: Any, extension: Extension, grant: bool, note: str = "") -> Extension:
    """Grant (the deadline and its pending reminders move) or refuse a request."""
    deadline = extension.deadline
    _require_receiver(user, deadline)
    if extension.status != ExtensionStatus.PENDING:
        raise ValidationError(_("Yêu cầu này đã được xét."))
    if extension.requested_by_id == user.pk:
        raise PermissionDenied(_("Người xin gia hạn không được tự xét đề nghị của mình."))
    extension.status = ExtensionStatus.GRANTED if grant else ExtensionStatus.REFUSED
    extension.decided_by, extension.decided_at, extension.decision_note = user, timezone.now(), note
    if not Extension.objects.filter(pk=extension.pk, status=ExtensionStatus.PENDING).update(
        status=extension.status,
        decided_by=user,
        decided_at=extension.decided_at,
        decision_note=note,
    ):
        raise Conflict(_("Đề nghị gia hạn vừa được người khác xét; hãy tải lại trang."))
    if grant:
        Deadline.objects.filter(pk=deadline.pk).update(extended_to=extension.requested_until)
        deadline.refresh_from_db()
        for step in ReminderStep:
            Reminder.objects.filter(
                deadline=deadline, step=step, status=ReminderStatus.PENDING
            ).update(due_at=due_at(deadline, step))
    if extension.requested_by_id:
        _notify(
            {extension.requested_by_id},
            (
                _("Đồng ý gia hạn báo cáo %(period)s đến %(until)s")
                if grant
                else _("Không đồng ý gia hạn báo cáo %(period)s đến %(until)s")
            )
            % {
                "period": deadline.period_label,
                "until": extension.requested_until.strftime("%d/%m/%Y"),
            },
            deadline,
            note[:2000],
        )
    return extension


NUDGE_INTERVAL = timedelta(hours=12)


@transaction.atomic
def deadline_nudge(*, user: Any, deadline: Deadline) -> int:
    """A leader above the unit (or of the receiver) asks its reporters to report now: a
    NUDGE reminder per reporter, sent by the next sweep (queued at once). Asking again
    within NUDGE_INTERVAL adds nothing. Returns how many people will be reminded."""
    scope = scope_for(user)
    if not (scope.has_role_over(deadline.unit.path, RECEIVER_ROLES) or may_receive(user, deadline)):
        raise PermissionDenied(_("Chỉ lãnh đạo cấp trên hoặc đơn vị nhận báo cáo được đôn đốc."))
    if deadline.submitted_at is not None:
        raise ValidationError(_("Đơn vị đã nộp báo cáo; không cần đôn đốc."))
    now = timezone.now()
    people = _reporters(deadline)
    if not people:
        raise ValidationError(_("Đơn vị chưa có người được giao báo cáo để nhận đôn đốc."))
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
        from common.outbox import enqueue_on_commit

        from .tasks import sweep_reminders

        enqueue_on_commit(sweep_reminders)
    return queued
