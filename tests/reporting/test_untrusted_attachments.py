"""A report's attachments pass the same checks as activity evidence and are served as
downloads in a sandbox, never as a page of the portal."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from reporting.models import ReportAttachment
from tests.builders import signed_in
from tests.hostile_files import docx_bomb, huge_png


def _stored() -> set[Path]:
    return set(Path(settings.MEDIA_ROOT).rglob("*"))


def test_a_zip_bomb_or_a_huge_image_is_not_attached(cam_giang: dict) -> None:
    key = cam_giang["keys"][0]
    reporter = signed_in(cam_giang["reporters"][key])
    add = reverse("reporting:attachment_add", args=[cam_giang["deadlines"][key].pk])
    before = _stored()
    for name, content, message in [
        ("so-lieu.xlsx", docx_bomb(real_mb=150, declared=2048), "giải nén vượt 100 MB"),
        ("anh.png", huge_png(), "40 triệu điểm ảnh"),
    ]:
        response = reporter.post(add, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 400 and message in response.content.decode()
    assert not ReportAttachment.objects.exists() and _stored() == before


def test_an_attachment_is_a_sandboxed_download(cam_giang: dict) -> None:
    key = cam_giang["keys"][0]
    deadline = cam_giang["deadlines"][key]
    reporter = signed_in(cam_giang["reporters"][key])
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    add = reverse("reporting:attachment_add", args=[deadline.pk])
    upload = SimpleUploadedFile("ảnh họp.png", buffer.getvalue(), content_type="image/png")
    assert reporter.post(add, {"file": upload}).status_code == 302
    attachment = ReportAttachment.objects.get()
    response = signed_in(cam_giang["leader"]).get(
        reverse("reporting:attachment", args=[deadline.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert csp.startswith("default-src 'none'") and "sandbox" in csp
