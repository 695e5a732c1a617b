"""Writes on extension requests: a unit asks for a later due date, its receiver decides."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import Conflict, DomainError
from common.types import Person

from .access import notify, receivers_of, require_receiver, require_reporter
from .choices import ExtensionStatus, ReminderStatus, ReminderStep
from .models import Deadline, Extension, Reminder
from .reminders import due_at


@transaction.atomic
def extension_request(*, user: Person, deadline: Deadline, until: date, reason: str) -> Extension:
    require_reporter(user, deadline)
    errors: dict[str, str] = {}
    if until <= max(deadline.effective_due_on, timezone.localdate()):
        errors["requested_until"] = _("Ngày xin gia hạn phải sau hạn hiện tại và sau hôm nay.")
    if not reason.strip():
        errors["reason"] = _("Hãy nêu lý do xin gia hạn.")
    if errors:
        raise DomainError(errors)
    deadline = (
        Deadline.objects.select_for_update().select_related("unit", "duty").get(pk=deadline.pk)
    )  # two requests at once: the second waits and finds the first
    if deadline.submitted_at is not None:
        raise DomainError(_("Báo cáo đã nộp; không cần xin gia hạn."))
    if deadline.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise DomainError(_("Đã có một đề nghị gia hạn đang chờ xét."))
    extension = Extension.objects.create(
        deadline=deadline, requested_until=until, reason=reason.strip(), requested_by=user
    )
    notify(
        receivers_of(deadline),
        _("%(unit)s xin gia hạn báo cáo %(period)s đến %(until)s")
        % {
            "unit": deadline.unit.name,
            "period": deadline.period_label,
            "until": until.strftime("%d/%m/%Y"),
        },
        deadline,
        reason.strip()[:2000],
        key=f"extension-requested:{extension.pk}",
    )
    return extension


@transaction.atomic
def extension_decide(
    *, user: Person, extension: Extension, grant: bool, note: str = ""
) -> Extension:
    """Grant (the deadline and its pending reminders move) or refuse a request."""
    deadline = extension.deadline
    require_receiver(user, deadline)
    if extension.status != ExtensionStatus.PENDING:
        raise DomainError(_("Yêu cầu này đã được xét."))
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
        notify(
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
            key=f"extension-decided:{extension.pk}",
        )
    return extension
