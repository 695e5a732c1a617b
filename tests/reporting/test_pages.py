"""The bell and the deadline list, scoped to the user."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from directives.choices import DutyRule
from reporting.models import Deadline, Notification
from reporting.reminders import reminders_plan, reminders_sweep
from tests.builders import at, seed_duty, signed_in

pytestmark = pytest.mark.django_db


def test_bell_counts_unread_notifications_and_marks_them_read(make_member: Any) -> None:
    duty = seed_duty("seed-003", DutyRule.ONCE, until=date(2025, 12, 31))
    deadline = Deadline.objects.filter(duty=duty).select_related("unit").first()
    user = make_member("bell-user", deadline.unit.key, "reporter")
    reminders_plan(deadlines=[deadline])
    reminders_sweep(now=at("2025-03-10"))
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    assert unread >= 2
    client = signed_in(user)
    home = client.get(reverse("home")).content.decode()
    assert f'data-testid="unread">{unread}<' in home
    page = client.get(reverse("reporting:notifications")).content.decode()
    assert "Quá hạn báo cáo" in page
    first = Notification.objects.filter(recipient=user).first()
    opened = client.get(reverse("reporting:notification_open", args=[first.pk]))
    assert opened.status_code == 302 and opened["Location"] == first.url
    assert f'data-testid="unread">{unread - 1}<' in client.get(reverse("home")).content.decode()
    stranger = make_member("bell-stranger", deadline.unit.key, "reporter")
    other = signed_in(stranger)
    assert other.get(reverse("reporting:notification_open", args=[first.pk])).status_code == 404
    client.post(reverse("reporting:notifications_read"))
    assert 'data-testid="unread"' not in client.get(reverse("home")).content.decode()


def test_deadline_list_is_scoped_and_shows_timeliness(make_member: Any, kyl_reporter: Any) -> None:
    seed_duty("seed-003", DutyRule.ONCE, until=date(2025, 12, 31))
    client = signed_in(make_member("ct-deadlines", "ct/thanh-uy", "leader"))
    page = client.get(reverse("reporting:deadlines")).content.decode()
    assert "Quận ủy Ninh Kiều" in page and "Quá hạn" in page
    outsider = signed_in(kyl_reporter)
    assert "Quận ủy Ninh Kiều" not in outsider.get(reverse("reporting:deadlines")).content.decode()
