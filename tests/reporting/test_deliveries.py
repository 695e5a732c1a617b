"""Deliveries: each reminder through each transport exactly once, against a real local
webhook receiver (which can answer, refuse or hang) and Django's locmem mail backend."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from reporting.choices import DeliveryStatus, ReminderStatus
from reporting.deliveries import _claim, deliveries_retry
from reporting.models import Deadline, Delivery, Notification, Reminder
from reporting.reminders import reminders_plan, reminders_sweep
from reporting.services import deadline_nudge, report_submit
from reporting.transports import EmailTransport, InAppTransport, WebhookTransport

pytestmark = pytest.mark.django_db

ON_DAY = timezone.make_aware(datetime(2026, 12, 10, 8))


class _Hook(BaseHTTPRequestHandler):
    statuses: list[int] = []
    received: list[tuple[dict[str, str], dict[str, Any]]] = []
    hang = 0.0
    lock = threading.Lock()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.hang:
            time.sleep(self.hang)  # a receiver that never answers in time
            return
        with self.lock:
            self.received.append((dict(self.headers), json.loads(body)))
            status = self.statuses.pop(0) if self.statuses else 200
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[str]:
    _Hook.statuses, _Hook.received, _Hook.hang = [], [], 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        _Hook.hang = 0.0
        server.shutdown()
        server.server_close()


def _on_day_reminders(cam_giang: dict) -> list[Deadline]:
    deadlines = [cam_giang["deadlines"][k] for k in cam_giang["keys"]]
    cam_giang["duty"].reminder_steps = ["on_day"]
    cam_giang["duty"].save()
    reminders_plan(deadlines=deadlines)
    return deadlines


def test_webhook_retries_transient_errors_with_backoff_and_dead_letters_permanent_ones(
    cam_giang: dict, hook: str
) -> None:
    _on_day_reminders(cam_giang)
    transport = WebhookTransport(hook, timeout=2)
    _Hook.statuses = [503, 400, 200]
    result = reminders_sweep(now=ON_DAY, transports=[transport])
    assert (result.sent, result.delivered, result.retried, result.failed) == (3, 1, 1, 1)
    deliveries = Delivery.objects.filter(transport="webhook")
    dead = deliveries.get(status=DeliveryStatus.DEAD)
    assert dead.last_error == "HTTP 400" and dead.attempts == 1
    retry = deliveries.get(status=DeliveryStatus.PENDING)
    assert retry.attempts == 1 and retry.next_attempt_at == ON_DAY + timedelta(minutes=1)
    assert retry.last_error == "HTTP 503"
    headers, payload = _Hook.received[0]
    assert headers["Idempotency-Key"].startswith("reminder-") and payload["subject"]
    assert payload["url"].startswith("/reports/deadlines/")
    assert reminders_sweep(now=ON_DAY, transports=[transport]).delivered == 0  # not yet due
    later = reminders_sweep(now=retry.next_attempt_at, transports=[transport])
    retry.refresh_from_db()
    assert later.delivered == 1 and retry.status == DeliveryStatus.SENT and retry.attempts == 2
    keys = [h["Idempotency-Key"] for h, _p in _Hook.received]
    assert keys.count(retry.key) == 2 and len(set(keys)) == 3  # the same key on the retry


def test_retries_are_bounded_then_the_delivery_is_a_dead_letter_an_admin_can_retry(
    cam_giang: dict, hook: str
) -> None:
    _on_day_reminders(cam_giang)
    transport = WebhookTransport(hook, timeout=2)
    _Hook.statuses = [503] * 100
    now = ON_DAY
    for _attempt in range(6):
        reminders_sweep(now=now, transports=[transport])
        now += timedelta(hours=5)
    deliveries = Delivery.objects.filter(transport="webhook")
    assert {d.status for d in deliveries} == {DeliveryStatus.DEAD}
    assert {d.attempts for d in deliveries} == {6}
    _Hook.statuses = []
    assert deliveries_retry(ids=deliveries.values_list("pk", flat=True), now=now) == 3
    assert reminders_sweep(now=now, transports=[transport]).delivered == 3
    assert len(_Hook.received) == 6 * 3 + 3


def test_a_hanging_webhook_costs_its_own_deliveries_not_the_sweep(
    cam_giang: dict, hook: str, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_TRANSPORT_BUDGET = 2
    for user in cam_giang["reporters"].values():
        user.email = f"{user.username}@example.org"
        user.save()
    _on_day_reminders(cam_giang)
    _Hook.hang = 5.0
    transports = [InAppTransport(), EmailTransport(), WebhookTransport(hook, timeout=0.5)]
    result = reminders_sweep(now=ON_DAY, transports=transports)
    assert result.delivered == 6 and Notification.objects.count() == 3 and len(mail.outbox) == 3
    webhook = Delivery.objects.filter(transport="webhook")
    assert result.retried == 3 and {d.status for d in webhook} == {DeliveryStatus.PENDING}
    assert all(d.attempts == 1 and d.next_attempt_at > ON_DAY for d in webhook)
    assert all("timed out" in d.last_error for d in webhook)


def test_email_carries_its_idempotency_key_and_is_never_sent_twice(
    cam_giang: dict, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reporter = next(iter(cam_giang["reporters"].values()))
    reporter.email = "bao.cao@example.org"
    reporter.save()
    _on_day_reminders(cam_giang)
    first = reminders_sweep(now=ON_DAY, transports=[EmailTransport()])
    again = reminders_sweep(now=ON_DAY + timedelta(hours=1), transports=[EmailTransport()])
    [message] = mail.outbox
    delivery = Delivery.objects.get(transport="email", status=DeliveryStatus.SENT)
    assert message.extra_headers["Message-ID"].startswith(f"<{delivery.key}@")
    assert (first.delivered, first.skipped, again.delivered) == (1, 2, 0)
    skipped = Delivery.objects.filter(status=DeliveryStatus.SKIPPED)
    assert {d.last_error for d in skipped} == {"no e-mail address"}


def test_deactivated_recipients_are_skipped_and_recorded(cam_giang: dict) -> None:
    _on_day_reminders(cam_giang)
    reminders_sweep(now=ON_DAY - timedelta(days=1), transports=[InAppTransport()])
    first = next(iter(cam_giang["reporters"].values()))
    first.is_active = False  # leaves after the reminders were planned
    first.save()
    result = reminders_sweep(now=ON_DAY, transports=[InAppTransport()])
    assert (result.sent, result.delivered, result.skipped) == (3, 2, 1)
    skipped = Delivery.objects.get(status=DeliveryStatus.SKIPPED)
    assert skipped.last_error == "recipient deactivated" and skipped.reminder.recipient == first
    assert not Notification.objects.filter(recipient=first).exists()


def test_people_with_reminders_are_deactivated_not_deleted(cam_giang: dict) -> None:
    from django.db.models import ProtectedError

    _on_day_reminders(cam_giang)
    reporter = next(iter(cam_giang["reporters"].values()))
    with pytest.raises(ProtectedError):
        reporter.delete()
    assert Reminder.objects.filter(recipient=reporter).count() == 1


def test_a_sweep_killed_after_claiming_deliveries_is_finished_once_the_lease_runs_out(
    cam_giang: dict, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for user in cam_giang["reporters"].values():
        user.email = f"{user.username}@example.org"
        user.save()
    _on_day_reminders(cam_giang)
    reminders_sweep(now=ON_DAY, transports=[InAppTransport()])  # the e-mails wait
    Delivery.objects.all().delete()
    from reporting.deliveries import deliveries_fan_out

    deliveries_fan_out(
        reminders=Reminder.objects.filter(step="on_day"), transports=[EmailTransport()], now=ON_DAY
    )
    _claim("email", ON_DAY, 2)  # the sweeper dies here, holding two
    early = reminders_sweep(now=ON_DAY + timedelta(minutes=5), transports=[EmailTransport()])
    assert early.delivered == 1 and len(mail.outbox) == 1
    later = reminders_sweep(now=ON_DAY + timedelta(minutes=11), transports=[EmailTransport()])
    assert later.delivered == 2 and len(mail.outbox) == 3
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 3


def test_submitting_cancels_what_has_not_gone_out(cam_giang: dict, hook: str) -> None:
    _on_day_reminders(cam_giang)
    key = cam_giang["keys"][0]
    _Hook.statuses = [503, 503, 503]
    transport = WebhookTransport(hook, timeout=2)
    reminders_sweep(now=ON_DAY, transports=[transport])
    report_submit(user=cam_giang["reporters"][key], deadline=cam_giang["deadlines"][key])
    cancelled = Delivery.objects.get(reminder__deadline=cam_giang["deadlines"][key])
    assert cancelled.status == DeliveryStatus.CANCELLED
    result = reminders_sweep(now=ON_DAY + timedelta(hours=1), transports=[transport])
    assert result.delivered == 2 and len(_Hook.received) == 5


def test_a_repeated_nudge_is_a_new_round_with_new_keys(cam_giang: dict) -> None:
    key = cam_giang["keys"][0]
    deadline = cam_giang["deadlines"][key]
    leader = cam_giang["leader"]
    with time_machine.travel(ON_DAY, tick=False):
        deadline_nudge(user=leader, deadline=deadline)
        reminders_sweep(now=ON_DAY, transports=[InAppTransport()])
    later = ON_DAY + timedelta(hours=13)  # past the interval in which a nudge adds nothing
    with time_machine.travel(later, tick=False):
        deadline_nudge(user=leader, deadline=deadline)
        reminders_sweep(now=later, transports=[InAppTransport()])
    rounds = sorted(Delivery.objects.values_list("round", "status"))
    assert rounds == [(0, DeliveryStatus.SENT), (1, DeliveryStatus.SENT)]
    assert Notification.objects.filter(recipient=cam_giang["reporters"][key]).count() == 2
    assert Reminder.objects.get(step="nudge").status == ReminderStatus.SENT


def test_an_administrator_sees_dead_letters_and_sends_them_again(
    cam_giang: dict, hook: str, client: Any, superuser: Any
) -> None:
    _on_day_reminders(cam_giang)
    _Hook.statuses = [410, 410, 410]
    reminders_sweep(now=ON_DAY, transports=[WebhookTransport(hook, timeout=2)])
    dead = Delivery.objects.filter(status=DeliveryStatus.DEAD)
    assert dead.count() == 3
    client.force_login(superuser)
    listing = client.get("/admin/reporting/delivery/", {"status__exact": "dead"})
    assert listing.status_code == 200 and "HTTP 410" in listing.content.decode()
    done = client.post(
        "/admin/reporting/delivery/",
        {
            "action": "retry_dead_letters",
            "_selected_action": list(dead.values_list("pk", flat=True)),
        },
    )
    assert done.status_code == 302
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING, attempts=0).count() == 3
