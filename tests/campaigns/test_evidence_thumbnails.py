"""Evidence photos show as thumbnails made by the server, cached, and served only to users
who may see the activity."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from directives.models import Assignment
from tests.builders import activity, photo, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_activity_page_shows_photo_thumbnails_to_its_unit_only(
    kyl_reporter: User, vhxh_assignment: Assignment, hy_editor: User
) -> None:
    logged = activity(
        kyl_reporter, assignment=vhxh_assignment, files=[photo("loa.jpg", size=(1200, 900))]
    )
    evidence = logged.evidence.get()
    url = reverse("campaigns:evidence_thumbnail", args=[logged.pk, evidence.pk])
    client = signed_in(kyl_reporter)

    page = client.get(reverse("campaigns:activity_detail", args=[logged.pk])).content.decode()
    assert f'<img src="{url}"' in page

    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(first.streaming_content))) as thumb:
        assert max(thumb.size) <= 240
    cached = f"thumbs/{evidence.sha256[:2]}/{evidence.sha256}.jpg"
    assert default_storage.exists(cached)
    assert client.get(url).status_code == 200  # from the cache

    assert signed_in(hy_editor).get(url).status_code == 404  # another province
    missing = reverse("campaigns:evidence_thumbnail", args=[logged.pk, evidence.pk + 1000])
    assert client.get(missing).status_code == 404
