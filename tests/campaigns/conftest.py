from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from campaigns.services import activity_log
from directives.models import Assignment, Channel, Document
from tests.conftest import unit


@pytest.fixture
def vhxh_assignment(db: None) -> Assignment:
    """Seed 004: Phòng Văn hóa - Xã hội phường Kỳ Lừa leads the plan."""
    return Assignment.objects.get(plan__document__key="seed-004", units__key="ky-lua/phong-vhxh")


@pytest.fixture
def ls_leader(make_member: Any) -> Any:
    return make_member("ls_leader", "2025:20", "leader")


@pytest.fixture
def hy_reporter(make_member: Any) -> Any:
    return make_member("hy_reporter", "2025:33", "reporter")


def jpeg_bytes(*, exif_date: str | None = None, size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    if exif_date:
        exif = Image.Exif()
        exif.get_ifd(0x8769)[36867] = exif_date
        image.save(buffer, "JPEG", exif=exif.tobytes())
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def photo(name: str = "loa.jpg", **kwargs: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


@pytest.fixture
def logged(kyl_reporter: Any, vhxh_assignment: Assignment) -> Any:
    return activity_log(
        user=kyl_reporter,
        assignment=vhxh_assignment,
        unit=unit("ky-lua/phong-vhxh"),
        data={
            "channel": Channel.objects.get(code="loudspeaker"),
            "title": "Phát thanh Nghị quyết 57",
            "started_on": date(2025, 10, 6),
            "quantity": 3,
            "participants": 0,
            "reach": 1200,
        },
        links=["https://kylua.langson.gov.vn/tin-tuc/nghi-quyet-57"],
        files=[photo(exif_date="2025:10:06 07:30:00")],
    )


def seed_document(key: str) -> Document:
    return Document.objects.get(key=key)
