"""Marking notifications read is one service, which the bell page and the API both call."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from reporting.models import Notification
from reporting.notifications import notification_read, notifications_read_all
from tests.builders import api_as, signed_in

pytestmark = pytest.mark.django_db


def _bell(user: Any, title: str) -> Notification:
    return Notification.objects.create(recipient=user, title=title, url="/")


def test_reading_again_keeps_the_time_it_was_first_read(kyl_reporter: Any) -> None:
    note = _bell(kyl_reporter, "Nhắc hạn")
    stale = Notification.objects.get(pk=note.pk)  # loaded by a second tab, still unread
    first = notification_read(user=kyl_reporter, notification=note).read_at
    assert first is not None
    assert notification_read(user=kyl_reporter, notification=note).read_at == first
    assert notification_read(user=kyl_reporter, notification=stale).read_at == first
    assert Notification.objects.get(pk=note.pk).read_at == first


def test_ward_reporter_cannot_mark_someone_elses_notification(
    kyl_reporter: Any, hy_leader: Any
) -> None:
    note = _bell(hy_leader, "Báo cáo đã nộp")
    with pytest.raises(PermissionDenied):
        notification_read(user=kyl_reporter, notification=note)
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_read_all_marks_only_the_users_own_unread(kyl_reporter: Any, hy_leader: Any) -> None:
    earlier = timezone.now() - timedelta(days=1)
    Notification.objects.create(recipient=kyl_reporter, title="Cũ", url="/", read_at=earlier)
    _bell(kyl_reporter, "Một")
    _bell(kyl_reporter, "Hai")
    theirs = _bell(hy_leader, "Ba")
    assert notifications_read_all(user=kyl_reporter) == 2
    assert not Notification.objects.filter(recipient=kyl_reporter, read_at__isnull=True).exists()
    assert Notification.objects.get(title="Cũ").read_at == earlier
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_page_and_api_mark_the_same_way(kyl_reporter: Any) -> None:
    by_page, by_api = _bell(kyl_reporter, "Trang"), _bell(kyl_reporter, "API")
    signed_in(kyl_reporter).get(reverse("reporting:notification_open", args=[by_page.pk]))
    api_as(kyl_reporter).post(f"/api/v1/notifications/{by_api.pk}/read/")
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    _bell(kyl_reporter, "Sau")
    signed_in(kyl_reporter).post(reverse("reporting:notifications_read"))
    assert api_as(kyl_reporter).post("/api/v1/notifications/read-all/").json() == {"read": 0}
