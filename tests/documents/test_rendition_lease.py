"""A background render holds a lease: a worker that dies leaves its rendition RUNNING only
until the lease runs out; then the beat sweep or the next request sends it again, and after
MAX_ATTEMPTS dead workers it fails with a message. Fixed clock, no sleeps; the render itself
is replaced (a worker "dies" by raising out of it)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from common.models import OutboxMessage
from directives.choices import RenditionStatus
from directives.models import Document, Rendition
from directives.services import renditions
from directives.services.renditions import (
    LEASE,
    MAX_ATTEMPTS,
    RENDER_TASK,
    rendition_request,
    rendition_run,
    renditions_reclaim,
)
from directives.tasks import reclaim_renditions

pytestmark = pytest.mark.django_db

PAST_LEASE = LEASE + timedelta(seconds=1)


class WorkerDied(BaseException):
    """What a killed worker looks like from the rendition's side: the render never ends."""


def _dying_render(*args: Any, **kwargs: Any) -> bytes:
    raise WorkerDied


def _die_while_rendering(rendition: Rendition) -> None:
    with pytest.raises(WorkerDied):
        rendition_run(rendition_id=rendition.pk)


@pytest.fixture
def rendition(kyl_reporter: Any, clock: Any, monkeypatch: pytest.MonkeyPatch) -> Rendition:
    monkeypatch.setattr(renditions, "render_bytes", _dying_render)
    document = Document.objects.get(key="seed-004")
    return rendition_request(user=kyl_reporter, document=document, fmt="pdf")


def test_a_worker_takes_a_lease_and_a_redelivered_task_leaves_it_alone(
    rendition: Rendition, clock: Any
) -> None:
    _die_while_rendering(rendition)
    rendition.refresh_from_db()
    assert rendition.status == RenditionStatus.RUNNING and rendition.attempts == 1
    assert rendition.lease_until is not None
    clock.shift(LEASE - timedelta(seconds=1))
    assert rendition_run(rendition_id=rendition.pk).attempts == 1  # still held: no render
    assert renditions_reclaim() == {"requeued": 0, "failed": 0}


def test_a_dead_worker_s_render_is_requeued_by_the_sweep_then_fails_after_the_last_attempt(
    rendition: Rendition, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for attempt in range(1, MAX_ATTEMPTS):
        _die_while_rendering(rendition)
        clock.shift(PAST_LEASE)
        with django_capture_on_commit_callbacks() as sent:
            assert reclaim_renditions() == {"requeued": 1, "failed": 0}
        assert len(sent) == 1
        assert OutboxMessage.objects.filter(key=f"{RENDER_TASK}:{rendition.pk}:{attempt}").exists()
        rendition.refresh_from_db()
        assert (rendition.status, rendition.attempts) == (RenditionStatus.QUEUED, attempt)
    _die_while_rendering(rendition)
    clock.shift(PAST_LEASE)
    assert renditions_reclaim() == {"requeued": 0, "failed": 1}
    rendition.refresh_from_db()
    assert rendition.status == RenditionStatus.FAILED and rendition.finished_at is not None
    assert f"{MAX_ATTEMPTS} lần" in rendition.error
    assert renditions_reclaim() == {"requeued": 0, "failed": 0}  # safe to run twice


def test_a_redelivered_task_takes_over_once_the_lease_has_run_out(
    rendition: Rendition, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _die_while_rendering(rendition)
    clock.shift(PAST_LEASE)
    monkeypatch.setattr(renditions, "render_bytes", lambda *a, **k: b"%PDF-1.7\n%%EOF\n")
    done = rendition_run(rendition_id=rendition.pk)
    assert (done.status, done.attempts, done.progress) == (RenditionStatus.DONE, 2, 100)


def test_a_worker_that_outlived_its_lease_writes_nothing(
    rendition: Rendition, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def slow_then_overtaken(*args: Any, **kwargs: Any) -> bytes:
        calls.append(len(calls))
        if len(calls) == 1:  # the first worker stalls; a second one takes the rendition over
            clock.shift(PAST_LEASE)
            rendition_run(rendition_id=rendition.pk)
            return b"%PDF-first"
        return b"%PDF-second"

    monkeypatch.setattr(renditions, "render_bytes", slow_then_overtaken)
    rendition_run(rendition_id=rendition.pk)
    rendition.refresh_from_db()
    assert (rendition.status, rendition.attempts) == (RenditionStatus.DONE, 2)
    assert rendition.file.open("rb").read() == b"%PDF-second"


def _ask(client: Client, document: Document, capture: Any) -> tuple[int, int]:
    with capture() as callbacks:
        response = client.get(reverse("directives:plan_download", args=[document.pk, "pdf"]))
    assert response.status_code == 302, response.content[:200]
    return int(response["Location"].rstrip("/").rsplit("/", 1)[-1]), len(callbacks)


def test_the_next_reader_sends_a_dead_render_again_and_gets_a_new_one_once_it_failed(
    kyl_reporter: Any,
    clock: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    document = Document.objects.get(key="seed-004")
    plan = document.plan
    plan.closing_text = "\n".join(f"Đoạn văn thứ {i} " + "nội dung dài " * 40 for i in range(150))
    plan.save()
    monkeypatch.setattr(renditions, "render_bytes", _dying_render)
    client = Client()
    client.force_login(kyl_reporter)
    first, _ = _ask(client, document, django_capture_on_commit_callbacks)
    rendition = Rendition.objects.get(pk=first)
    _die_while_rendering(rendition)
    assert _ask(client, document, django_capture_on_commit_callbacks) == (first, 0)  # leased
    clock.shift(PAST_LEASE)
    assert _ask(client, document, django_capture_on_commit_callbacks) == (first, 1)  # requeued
    assert Rendition.objects.get(pk=first).status == RenditionStatus.QUEUED
    Rendition.objects.filter(pk=first).update(attempts=MAX_ATTEMPTS - 1)
    _die_while_rendering(rendition)
    clock.shift(PAST_LEASE)
    fresh, enqueued = _ask(client, document, django_capture_on_commit_callbacks)
    assert fresh != first and enqueued == 1
    failed = Rendition.objects.get(pk=first)
    assert failed.status == RenditionStatus.FAILED and "dừng giữa chừng" in failed.error
    page = client.get(reverse("directives:rendition", args=[document.pk, first])).content
    assert "dừng giữa chừng" in page.decode()
