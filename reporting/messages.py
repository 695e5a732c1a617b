"""What a reminder says (the same words on every transport)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .choices import ReminderStep
from .models import Reminder
from .transports import Message


def reminder_message(reminder: Reminder, labels: dict[int, str] | None = None) -> Message:
    """`labels` caches the plan's printed name across a batch."""
    deadline = reminder.deadline
    document = deadline.duty.plan.document
    labels = {} if labels is None else labels
    if document.pk not in labels:
        labels[document.pk] = str(document)
    step = ReminderStep(reminder.step)
    due = deadline.effective_due_on.strftime("%d/%m/%Y")
    unit = deadline.unit.name
    if step == ReminderStep.NUDGE:
        subject = _("Đôn đốc báo cáo (hạn %(due)s): %(unit)s") % {"due": due, "unit": unit}
    elif step.offset < 0:
        subject = _("Sắp đến hạn báo cáo %(due)s: %(unit)s") % {"due": due, "unit": unit}
    elif step.offset == 0:
        subject = _("Hôm nay là hạn báo cáo: %(unit)s") % {"unit": unit}
    else:
        subject = _("Quá hạn báo cáo %(days)s ngày: %(unit)s") % {"days": step.offset, "unit": unit}
    body = _("%(plan)s — %(phrase)s (kỳ %(period)s, hạn %(due)s).") % {
        "plan": labels[document.pk],
        "phrase": deadline.duty.phrase[:300],
        "period": deadline.period_label,
        "due": due,
    }
    return Message(subject=subject, body=body, url=deadline_url(deadline.pk))


def deadline_url(pk: int) -> str:
    return reverse("reporting:deadline", args=[0]).replace("/0/", f"/{pk}/")
