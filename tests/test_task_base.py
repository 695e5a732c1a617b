"""Every task is a PortalTask, whose `enqueue_on_commit` records the send in the caller's
transaction (the outbox) and publishes nothing before the commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from common.models import OutboxMessage
from common.task_base import PortalTask
from config.celery import app
from units.tasks import ping

pytestmark = pytest.mark.django_db


def test_every_task_of_the_portal_has_the_one_base() -> None:
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert {"common.ping", "directives.render_rendition", "reporting.plan_deadlines"} <= set(ours)
    assert all(isinstance(task, PortalTask) for task in ours.values())


def test_enqueue_on_commit_records_the_send_and_publishes_it_only_after_the_commit(
    django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    published: list[int] = []
    monkeypatch.setattr(
        "common.outbox.outbox_dispatch", lambda *, message_id: published.append(message_id)
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = ping.enqueue_on_commit(key="ping:once")
        assert ping.enqueue_on_commit(key="ping:once") == message  # the same work, once
        assert published == []
    assert published == [message.pk]
    assert (message.task, message.args) == ("common.ping", [])


def test_a_rolled_back_transaction_sends_nothing() -> None:
    with transaction.atomic():
        ping.enqueue_on_commit(key="ping:rolled-back")
        transaction.set_rollback(True)
    assert not OutboxMessage.objects.filter(key="ping:rolled-back").exists()
