"""While a long print renders, its page says what is happening and polls; it turns into the
download link when the file is ready, and into the error with a retry when it failed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from directives.choices import RenditionStatus
from directives.models import Document, Rendition
from tests.builders import signed_in

pytestmark = pytest.mark.django_db


def _long_plan() -> Document:
    document = Document.objects.get(key="seed-004")
    plan = document.plan
    plan.closing_text = "\n".join(f"Đoạn văn thứ {i} " + "nội dung dài " * 40 for i in range(150))
    plan.save()
    return document


def _poll(client: Client, rendition: Rendition) -> str:
    url = reverse("directives:rendition", args=[rendition.document_id, rendition.pk])
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def test_the_print_page_polls_with_status_text_then_offers_the_file(kyl_reporter: Any) -> None:
    client = signed_in(kyl_reporter)
    document = _long_plan()
    asked = client.get(reverse("directives:plan_download", args=[document.pk, "pdf"]))
    rendition = Rendition.objects.get(pk=int(asked["Location"].rstrip("/").rsplit("/", 1)[-1]))

    page = client.get(asked["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Đang chờ đến lượt dựng bản in" in page

    Rendition.objects.filter(pk=rendition.pk).update(status=RenditionStatus.RUNNING, progress=30)
    running = _poll(client, rendition)
    assert "<html" not in running  # htmx gets the block only
    assert 'hx-trigger="every 2s"' in running and "Đang dựng bản in (30%)" in running
    assert 'data-width="30"' in running and "rendition-download" not in running

    rendition.refresh_from_db()
    rendition.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    rendition.status, rendition.progress = RenditionStatus.DONE, 100
    rendition.save()
    done = _poll(client, rendition)
    assert "hx-trigger" not in done and "Bản in đã sẵn sàng" in done
    assert reverse("directives:rendition_file", args=[document.pk, rendition.pk]) in done


def test_a_failed_print_shows_its_error_and_a_retry_that_renders_again(
    kyl_reporter: Any, hy_editor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in(kyl_reporter)
    document = _long_plan()
    asked = client.get(reverse("directives:plan_download", args=[document.pk, "pdf"]))
    rendition = Rendition.objects.get(pk=int(asked["Location"].rstrip("/").rsplit("/", 1)[-1]))
    Rendition.objects.filter(pk=rendition.pk).update(
        status=RenditionStatus.FAILED, error="Hết thời gian dựng bản in."
    )
    failed = _poll(client, rendition)
    retry = reverse("directives:rendition_retry", args=[document.pk, rendition.pk])
    assert "hx-trigger" not in failed and "Hết thời gian dựng bản in." in failed
    assert f'action="{retry}"' in failed

    assert signed_in(hy_editor).post(retry).status_code == 404  # another province's reader
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        again = client.post(retry)
    assert again.status_code == 302 and len(enqueued) == 1
    fresh = Rendition.objects.exclude(pk=rendition.pk).get(document=document)
    assert again["Location"] == reverse("directives:rendition", args=[document.pk, fresh.pk])
    assert fresh.status == RenditionStatus.QUEUED

    assert client.post(retry)["Location"].endswith(f"/renditions/{fresh.pk}/")  # no second one
    assert Rendition.objects.filter(document=document).count() == 2
