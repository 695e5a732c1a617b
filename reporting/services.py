"""Writes on reports. (Drafting with pre-filled figures, review, extensions and upward
synthesis come next; submission is here because it stops the reminders.)"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.scope import scope_for

from .choices import ReportStatus
from .models import Deadline, Report
from .reminders import REPORTER_ROLES, reminders_cancel


@transaction.atomic
def report_submit(*, user: Any, deadline: Deadline) -> Report:
    """Submit the unit's report for a deadline; submitting twice changes nothing."""
    if not scope_for(user).has_role_over(deadline.unit.path, REPORTER_ROLES):
        raise PermissionDenied(_("Bạn không có quyền nộp báo cáo của đơn vị này."))
    report, _created = Report.objects.get_or_create(
        deadline=deadline, defaults={"created_by": user}
    )
    if report.status == ReportStatus.ACCEPTED:
        raise ValidationError(_("Báo cáo đã được tiếp nhận; không nộp lại được."))
    if report.status == ReportStatus.SUBMITTED:
        return report
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED, submitted_at=now)
    Deadline.objects.filter(pk=deadline.pk, submitted_at__isnull=True).update(submitted_at=now)
    reminders_cancel(deadline=deadline)
    report.refresh_from_db()
    return report
