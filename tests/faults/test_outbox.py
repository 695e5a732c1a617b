"""Work that must follow a commit survives a broker that is down (common/outbox.py).

Issuing a plan records "generate its deadlines" in the same transaction; the broker (a
Redis server this test owns) is unreachable at commit time, so the user gets success and
the record waits; once Redis is up, the dispatch task run by a real worker sends it and
the deadlines are generated, once, even when the task is delivered twice.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from common.models import OutboxMessage
from common.outbox import enqueue_on_commit, outbox_dispatch_pending
from directives.choices import DocumentStatus, DutyRule
from directives.editor import unit_choices
from directives.models import Document, ReportingDuty
from directives.services.plans import plan_create
from reporting.models import Deadline
from tests.builders import unit

from .servers import (
    ROOT,
    RedisServer,
    portal_broker,
    run_marker,
    send_task,
    stop_process,
    wait_for,
    worker_env,
)


@pytest.fixture
def redis_down(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis server on a port where, for now, nothing listens."""
    server = RedisServer(tmp_path)
    with portal_broker(server.url):
        try:
            yield server
        finally:
            server.stop()


def _draft_with_a_monthly_duty(editor: Any) -> Document:
    draft = plan_create(user=editor, issuer=unit("hy/btgdv"), title="báo cáo hằng tháng")
    reporting_unit = unit_choices(draft).exclude(pk=unit("hy/btgdv").pk).exclude(key=None).first()
    duty = ReportingDuty.objects.create(
        plan=draft.plan,
        phrase="Báo cáo kết quả trước ngày 20 hằng tháng",
        rule=DutyRule.MONTHLY,
        day=20,
        receiver=unit("hy/btgdv"),
    )
    duty.reporting_units.add(reporting_unit)
    return draft


def _start_worker(redis_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = worker_env(connection.settings_dict, connection.vendor, REDIS_URL=redis_url)
    command = [str(Path(sys.executable).with_name("celery")), "-A", "config", "worker"]
    command += ["--pool", "solo", "--include", "tests.faults.tasks", "--loglevel", "INFO"]
    command += ["--without-mingle", "--without-gossip"]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)


def _dispatch_on_worker(redis_url: str, message: OutboxMessage) -> bool:
    """What beat runs every minute, here on the worker: it sends the recorded task."""
    send_task(redis_url, "common.dispatch_outbox")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.dispatched_at is not None:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.usefixtures("seeded_transactional_db")
def test_a_plan_issued_while_the_broker_is_down_gets_its_deadlines_once_it_is_back(
    hy_editor: Any, redis_down: RedisServer, tmp_path: Path
) -> None:
    draft = _draft_with_a_monthly_duty(hy_editor)
    client = Client()
    client.force_login(hy_editor)

    response = client.post(reverse("directives:plan_issue", args=[draft.pk]))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.ISSUED and draft.number_value
    message = OutboxMessage.objects.get(key=f"reporting.plan_deadlines:{draft.pk}")
    assert message.dispatched_at is None and message.attempts == 1
    assert message.last_error.startswith("broker:")
    assert not Deadline.objects.filter(duty__plan__document=draft).exists()

    redis_down.start()
    worker = _start_worker(redis_down.url, tmp_path / "worker.log")
    try:
        wait_for(
            lambda: _dispatch_on_worker(redis_down.url, message),
            timeout=120,
            what="the outbox message to be sent (after its backoff)",
        )
        assert message.last_error == ""
        deadlines = Deadline.objects.filter(duty__plan__document=draft)
        wait_for(deadlines.exists, timeout=120, what="the deadlines")
        run_marker(redis_down.url, tmp_path / "generated", timeout=120)
        generated = deadlines.count()

        # Delivered again (a worker died before acknowledging it), and the dispatcher run
        # again: nothing more is made.
        send_task(redis_down.url, "reporting.plan_deadlines", draft.pk, None)
        send_task(redis_down.url, "common.dispatch_outbox")
        run_marker(redis_down.url, tmp_path / "replayed", timeout=120)
        assert deadlines.count() == generated
        assert OutboxMessage.objects.filter(task="reporting.plan_deadlines").count() == 1
    finally:
        stop_process(worker)


@pytest.mark.django_db(transaction=True)
def test_work_is_recorded_once_per_key_and_not_at_all_when_the_transaction_rolls_back(
    redis_down: RedisServer,
) -> None:
    from django.db import transaction

    with transaction.atomic():
        first = enqueue_on_commit("common.ping", key="ping:once")
        again = enqueue_on_commit("common.ping", key="ping:once")
    assert first.pk == again.pk
    assert OutboxMessage.objects.filter(key="ping:once").count() == 1

    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit("common.ping", key="ping:rolled-back")
        raise RuntimeError("the change fails")
    assert not OutboxMessage.objects.filter(key="ping:rolled-back").exists()

    # The broker is down: the dispatcher stops at the first failure and keeps the row.
    assert outbox_dispatch_pending()["sent"] == 0
    assert OutboxMessage.objects.get(key="ping:once").dispatched_at is None
