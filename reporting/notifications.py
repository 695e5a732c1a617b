"""Reading notifications (the bell): the page and the API mark them read through here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from common.types import Person

from .models import Notification


def notification_read(*, user: Person, notification: Notification) -> Notification:
    """Mark one of the user's own notifications read. A conditional update: reading it
    again, or twice at once, keeps the time it was first read."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        now = timezone.now()
        unread = Notification.objects.filter(pk=notification.pk, read_at__isnull=True)
        if unread.update(read_at=now):
            notification.read_at = now
        else:
            notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_read_all(*, user: Person) -> int:
    """Mark every unread notification of the user read; how many there were."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    return unread.update(read_at=timezone.now())
