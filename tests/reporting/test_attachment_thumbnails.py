"""Attaching a file keeps the narrative typed so far, and attached photos show as small
images made by the server for those who may see the report."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from reporting.models import Report
from tests.builders import CamGiang, jpeg_bytes, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _photo(size: tuple[int, int] = (1600, 1200)) -> SimpleUploadedFile:
    return SimpleUploadedFile("anh hoi nghi.jpg", jpeg_bytes(size=size), content_type="image/jpeg")


def test_attaching_saves_the_text_typed_but_not_saved(cam_giang: CamGiang) -> None:
    key = cam_giang["keys"][0]
    deadline = cam_giang["deadlines"][key]
    reporter = signed_in(cam_giang["reporters"][key])
    typed = {"results": "Đã tổ chức 3 hội nghị.", "shortcomings": "Thiếu kinh phí", "proposals": ""}

    done = reporter.post(
        reverse("reporting:attachment_add", args=[deadline.pk]),
        {**typed, "action": "attach", "file": _photo()},
    )

    assert done.status_code == 302
    report = Report.objects.get(deadline=deadline)
    assert (report.results, report.shortcomings) == ("Đã tổ chức 3 hội nghị.", "Thiếu kinh phí")
    assert report.attachments.count() == 1
    page = reporter.get(done["Location"]).content.decode()
    assert "Đã tổ chức 3 hội nghị." in page


def test_a_refused_file_still_keeps_the_text(cam_giang: CamGiang) -> None:
    key = cam_giang["keys"][0]
    deadline = cam_giang["deadlines"][key]
    reporter = signed_in(cam_giang["reporters"][key])
    fake = SimpleUploadedFile("bao cao.pdf", b"not a pdf", content_type="application/pdf")

    refused = reporter.post(
        reverse("reporting:attachment_add", args=[deadline.pk]),
        {"results": "Nội dung đang soạn", "action": "attach", "file": fake},
    )

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Nội dung đang soạn" in page and "invalid-feedback" in page
    assert Report.objects.get(deadline=deadline).results == "Nội dung đang soạn"


def test_attached_photo_has_a_small_thumbnail_for_those_who_may_see_it(
    cam_giang: CamGiang, kyl_reporter: Any
) -> None:
    key = cam_giang["keys"][0]
    deadline = cam_giang["deadlines"][key]
    reporter = signed_in(cam_giang["reporters"][key])
    reporter.post(reverse("reporting:attachment_add", args=[deadline.pk]), {"file": _photo()})
    attachment = Report.objects.get(deadline=deadline).attachments.get()
    url = reverse("reporting:attachment_thumbnail", args=[deadline.pk, attachment.pk])

    page = reporter.get(reverse("reporting:deadline", args=[deadline.pk])).content.decode()
    assert f'<img src="{url}"' in page

    for viewer in (reporter, signed_in(cam_giang["leader"])):
        response = viewer.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        body = b"".join(response.streaming_content)
        assert len(body) < attachment.size
        with Image.open(io.BytesIO(body)) as thumb:
            assert max(thumb.size) <= 240
    assert signed_in(kyl_reporter).get(url).status_code == 404  # another province
