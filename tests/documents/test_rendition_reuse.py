"""A long plan's PDF is rendered once per snapshot: asking again while the render is queued,
running or done gets the same rendition; a changed plan, a failed render or a render whose
task was lost gets a new one."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from directives.choices import RenditionStatus
from directives.models import Document, Rendition
from tests.builders import member, signed_in

pytestmark = pytest.mark.django_db


def _long_plan() -> Document:
    """Seed 004 with a closing text long enough to be rendered in the background."""
    document = Document.objects.get(key="seed-004")
    plan = document.plan
    plan.closing_text = "\n".join(f"Đoạn văn thứ {i} " + "nội dung dài " * 40 for i in range(150))
    plan.save()
    return document


def _ask(client: Client, document: Document, capture: Any, fmt: str = "pdf") -> tuple[int, int]:
    """(the rendition the request was sent to, renders enqueued by the request)."""
    with capture() as callbacks:
        response = client.get(reverse("directives:plan_download", args=[document.pk, fmt]))
    assert response.status_code == 302, response.content[:200]
    rid = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    return rid, len(callbacks)


@pytest.fixture
def reporter_client(kyl_reporter: Any) -> Client:
    return signed_in(kyl_reporter)


def test_asking_again_while_queued_running_or_done_reuses_the_render(
    reporter_client: Client, django_capture_on_commit_callbacks: Any, ls_leader: Any
) -> None:
    document = _long_plan()
    first, enqueued = _ask(reporter_client, document, django_capture_on_commit_callbacks)
    assert enqueued == 1
    assert _ask(reporter_client, document, django_capture_on_commit_callbacks) == (first, 0)
    Rendition.objects.filter(pk=first).update(status=RenditionStatus.RUNNING, progress=30)
    assert _ask(reporter_client, document, django_capture_on_commit_callbacks) == (first, 0)
    rendition = Rendition.objects.get(pk=first)
    rendition.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    rendition.status = RenditionStatus.DONE
    rendition.save()
    other = signed_in(ls_leader)  # another reader of the same plan (Lạng Sơn) gets the same file
    assert _ask(other, document, django_capture_on_commit_callbacks) == (first, 0)
    assert Rendition.objects.filter(document=document).count() == 1


def test_a_changed_plan_a_failed_render_or_a_lost_task_renders_again(
    reporter_client: Client, django_capture_on_commit_callbacks: Any, clock: Any
) -> None:
    document = _long_plan()
    first, _ = _ask(reporter_client, document, django_capture_on_commit_callbacks)
    plan = document.plan
    plan.closing_text += "\nMột đoạn thêm."
    plan.save()
    changed, enqueued = _ask(reporter_client, document, django_capture_on_commit_callbacks)
    assert changed != first and enqueued == 1
    Rendition.objects.filter(pk=changed).update(status=RenditionStatus.FAILED, error="hết giờ")
    retried, enqueued = _ask(reporter_client, document, django_capture_on_commit_callbacks)
    assert retried not in (first, changed) and enqueued == 1
    clock.shift(timedelta(minutes=16))  # nobody ran it: its task was lost
    fresh, enqueued = _ask(reporter_client, document, django_capture_on_commit_callbacks)
    assert fresh != retried and enqueued == 1
    assert Rendition.objects.get(pk=retried).status == RenditionStatus.FAILED


def test_a_done_rendition_whose_file_is_gone_renders_again(
    reporter_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    document = _long_plan()
    first, _ = _ask(reporter_client, document, django_capture_on_commit_callbacks)
    rendition = Rendition.objects.get(pk=first)
    rendition.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    rendition.status = RenditionStatus.DONE
    rendition.save()
    rendition.file.delete(save=False)
    again, enqueued = _ask(reporter_client, document, django_capture_on_commit_callbacks)
    assert again != first and enqueued == 1


@pytest.mark.django_db(transaction=True)
def test_six_readers_asking_at_once_share_one_render(
    seeded_transactional_db: None, settings: Any
) -> None:
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    document = _long_plan()
    clients = []
    for i in range(6):
        clients.append(signed_in(member(f"doc-{i}", "ky-lua/phong-vhxh", "reporter")))
    barrier = threading.Barrier(len(clients))
    locations: list[str] = []
    errors: list[BaseException] = []

    def ask(client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            url = reverse("directives:plan_download", args=[document.pk, "pdf"])
            locations.append(client.get(url)["Location"])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(client,)) for client in clients]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    finally:
        app.conf.task_always_eager = False
    assert errors == [] and len(set(locations)) == 1
    [rendition] = Rendition.objects.filter(document=document)
    assert rendition.status == RenditionStatus.DONE
    assert rendition.file.open("rb").read(5) == b"%PDF-"
