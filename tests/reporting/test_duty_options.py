"""Options of a reporting duty (Decree 09 data window, reminder steps), deadlines made when a
plan is issued, and the webhook transport against a real local HTTP server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directives.choices import DocumentStatus, DutyRule
from directives.models import ReportingDuty
from directives.services.plans import plan_create, plan_issue, plan_new_version
from reporting.choices import ReminderStatus
from reporting.deadlines import deadlines_generate, periods
from reporting.models import Deadline, Reminder
from reporting.reminders import reminders_plan, reminders_sweep
from reporting.services import report_draft
from reporting.transports import PermanentError, TransientError, WebhookTransport
from tests.conftest import unit
from tests.reporting.conftest import log_activity

pytestmark = pytest.mark.django_db


def test_decree_09_window_runs_from_the_15th_before_to_the_14th(cam_giang: dict) -> None:
    monthly = periods(
        ReportingDuty(phrase="x", rule=DutyRule.MONTHLY, day=20),
        date(2025, 1, 1),
        date(2025, 3, 31),
    )
    from reporting.deadlines import decree_09_window

    assert [decree_09_window(p) for p in monthly] == [
        (date(2024, 12, 15), date(2025, 1, 14)),
        (date(2025, 1, 15), date(2025, 2, 14)),
        (date(2025, 2, 15), date(2025, 3, 14)),
    ]
    key = cam_giang["keys"][0]
    user = cam_giang["reporters"][key]
    log_activity(user, key, 2, date(2025, 12, 20))  # in the 2026 window, not the 2026 year
    log_activity(user, key, 5, date(2025, 12, 10))  # in the 2025 window and the 2025 year
    plain = report_draft(user=user, deadline=cam_giang["deadlines"][key])
    assert plain.figures == []  # the calendar year 2026 has no activity yet

    duty = cam_giang["duty"]
    duty.data_window = True
    duty.save()
    Deadline.objects.filter(duty=duty).delete()
    deadlines_generate(duty=duty, until=date(2026, 12, 31))
    windowed = Deadline.objects.get(duty=duty, unit=unit(key), period_start=date(2026, 1, 1))
    assert (windowed.data_from, windowed.data_until) == (date(2025, 12, 15), date(2026, 12, 14))
    [row] = report_draft(user=user, deadline=windowed).figures
    assert row["quantity"] == 2


def test_a_duty_chooses_its_reminder_steps(cam_giang: dict) -> None:
    duty = cam_giang["duty"]
    deadline = cam_giang["deadlines"][cam_giang["keys"][0]]
    duty.reminder_steps = ["on_day", "before_3", "not-a-step"]
    duty.save()
    reminders_plan(deadlines=[deadline])
    assert set(Reminder.objects.filter(deadline=deadline).values_list("step", flat=True)) == {
        "before_3",
        "on_day",
    }


def _editor_data(client: Client, document: Any) -> dict[str, Any]:
    from tests.directives.test_plan_pages import _form_data

    return _form_data(client, document)


def test_issuing_a_plan_makes_its_deadlines_and_reminders(
    hy_editor: Any, make_member: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from directives.editor import unit_choices

    draft = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="báo cáo hằng tháng")
    reporting_unit = unit_choices(draft).exclude(pk=unit("hy/btgdv").pk).exclude(key=None).first()
    make_member("hy-unit-reporter", reporting_unit.key, "reporter")
    client = Client()
    client.force_login(hy_editor)
    data = _editor_data(client, draft)
    data.update(
        {
            "duties-TOTAL_FORMS": 1,
            "duties-0-phrase": "Báo cáo kết quả trước ngày 20 hằng tháng",
            "duties-0-rule": "monthly",
            "duties-0-day": 20,
            "duties-0-receiver": unit("hy/btgdv").pk,
            "duties-0-reporting_units": [reporting_unit.pk],
            "duties-0-reminder_steps": ["before_3", "after_1"],
            "duties-0-data_window": "on",
        }
    )
    saved = client.post(reverse("directives:plan_edit", args=[draft.pk]), data)
    assert saved.status_code == 302
    duty = draft.plan.duties.get()
    assert duty.data_window and duty.reminder_steps == ["before_3", "after_1"]

    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("directives:plan_issue", args=[draft.pk]))
        deadlines = list(Deadline.objects.filter(duty=duty).order_by("due_on"))
        today = timezone.localdate()
        months = (today.year + 1 - today.year) * 12 + 12 - today.month + 1
        assert len(deadlines) == months and all(d.unit_id == reporting_unit.pk for d in deadlines)
        assert all(d.data_start.day == 15 and d.data_end.day == 14 for d in deadlines)
        steps = set(Reminder.objects.filter(deadline__duty=duty).values_list("step", flat=True))
        assert steps and steps <= {"before_3", "after_1"}

        # A new version replaces the plan: the old deadlines still ahead go, the new come.
        draft.refresh_from_db()
        version = plan_new_version(user=hy_editor, document=draft)
        with django_capture_on_commit_callbacks(execute=True):
            plan_issue(user=hy_editor, document=version)
        draft.refresh_from_db()
        assert draft.status == DocumentStatus.SUPERSEDED
        assert not Deadline.objects.filter(duty=duty, due_on__gte=today).exists()
        new_duty = version.plan.duties.get()
        assert Deadline.objects.filter(duty=new_duty).count() == months
    finally:
        app.conf.task_always_eager = False


class _Hook(BaseHTTPRequestHandler):
    statuses: list[int] = []
    received: list[tuple[dict[str, str], dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((dict(self.headers), json.loads(body)))
        self.send_response(self.statuses.pop(0) if self.statuses else 200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[str]:
    _Hook.statuses, _Hook.received = [], []
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


def test_webhook_transport_retries_transient_and_records_permanent_errors(
    cam_giang: dict, hook: str
) -> None:
    keys = cam_giang["keys"]
    deadlines = [cam_giang["deadlines"][k] for k in keys]
    cam_giang["duty"].reminder_steps = ["on_day"]
    cam_giang["duty"].save()
    reminders_plan(deadlines=deadlines)
    now = timezone.make_aware(datetime(2026, 12, 10, 8))
    transport = WebhookTransport(hook, timeout=2)
    _Hook.statuses = [503, 400, 200]
    result = reminders_sweep(now=now, transports=[transport])
    on_day = Reminder.objects.filter(step="on_day").order_by("due_at", "id")
    statuses = [r.status for r in on_day]
    assert result.retried == 1 and result.failed == 1 and result.sent >= 1
    assert statuses.count(ReminderStatus.FAILED) == 1 and "HTTP 400" in "".join(
        r.last_error for r in on_day
    )
    headers, payload = _Hook.received[0]
    assert headers["Idempotency-Key"].startswith("reminder-") and payload["subject"]
    assert payload["url"].startswith("/reports/deadlines/")
    retry = on_day.get(status=ReminderStatus.PENDING)
    assert retry.attempts == 1 and retry.due_at > now
    later = reminders_sweep(now=retry.due_at, transports=[transport])
    retry.refresh_from_db()
    assert later.sent >= 1 and retry.status == ReminderStatus.SENT

    with pytest.raises(TransientError):
        WebhookTransport("http://127.0.0.1:9/closed", timeout=1).send(retry, _message(retry))
    _Hook.statuses = [410]
    with pytest.raises(PermanentError):
        transport.send(retry, _message(retry))


def _message(reminder: Reminder) -> Any:
    from reporting.reminders import _message as build

    return build(reminder)
