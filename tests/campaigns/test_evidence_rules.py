"""Who may add evidence, and when, is the service's rule: called directly, as the page and
the API call it, it refuses an outsider and a locked activity and keeps all files or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import Activity
from campaigns.services import evidence_add_files, evidence_add_link, may_edit
from common.validators import is_web_url
from tests.builders import api_as, photo

pytestmark = pytest.mark.django_db


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return set(root.rglob("*")) if root.exists() else set()


def _lock(activity: Activity) -> None:
    Activity.objects.filter(pk=activity.pk).update(locked=True)
    activity.refresh_from_db()


def test_ward_reporter_adds_photos_to_their_activity(kyl_reporter: Any, logged: Activity) -> None:
    added = evidence_add_files(
        user=kyl_reporter, activity=logged, uploads=[photo("a.jpg"), photo("b.jpg")]
    )
    assert [e.original_name for e in added] == ["a.jpg", "b.jpg"]
    assert logged.evidence.filter(kind="file").count() == 3


def test_province_leader_may_read_but_not_add_evidence(ls_leader: Any, logged: Activity) -> None:
    assert not may_edit(ls_leader, logged)
    with pytest.raises(PermissionDenied):
        evidence_add_files(user=ls_leader, activity=logged, uploads=[photo()])
    assert logged.evidence.filter(kind="file").count() == 1


def test_outsider_from_another_province_cannot_add_evidence(
    hy_reporter: Any, logged: Activity
) -> None:
    with pytest.raises(PermissionDenied):
        evidence_add_files(user=hy_reporter, activity=logged, uploads=[photo()])


def test_no_evidence_is_added_to_a_locked_activity(kyl_reporter: Any, logged: Activity) -> None:
    assert may_edit(kyl_reporter, logged)
    _lock(logged)
    assert not may_edit(kyl_reporter, logged)
    with pytest.raises(PermissionDenied):
        evidence_add_files(user=kyl_reporter, activity=logged, uploads=[photo()])
    assert logged.evidence.filter(kind="file").count() == 1


def test_an_upload_needs_a_file(kyl_reporter: Any, logged: Activity) -> None:
    with pytest.raises(ValidationError) as refused:
        evidence_add_files(user=kyl_reporter, activity=logged, uploads=[])
    assert "file" in refused.value.message_dict


def test_one_refused_file_keeps_none_not_even_on_disk(kyl_reporter: Any, logged: Activity) -> None:
    before = _stored_files()
    fake = SimpleUploadedFile("anh.jpg", b"MZ" + b"\x00" * 100, "image/jpeg")
    with pytest.raises(ValidationError):
        evidence_add_files(user=kyl_reporter, activity=logged, uploads=[photo(), fake])
    assert logged.evidence.filter(kind="file").count() == 1
    assert _stored_files() == before


def test_the_api_answers_the_services_refusals(ls_leader: Any, logged: Activity) -> None:
    response = api_as(ls_leader).post(
        f"/api/v1/activities/{logged.pk}/evidence/", {"file": [photo()]}, format="multipart"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Không có quyền thêm minh chứng."}


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://kylua.langson.gov.vn/tin-tuc/57", True),
        ("http://baolangson.vn/bai-viet", True),
        ("ftp://kylua.langson.gov.vn/tep", False),
        ("javascript:alert(1)", False),
        ("kylua.langson.gov.vn", False),
    ],
)
def test_only_web_links_are_kept_as_evidence(logged: Activity, url: str, kept: bool) -> None:
    assert is_web_url(url) is kept
    if kept:
        assert evidence_add_link(activity=logged, url=f"  {url} ").url == url
    else:
        with pytest.raises(ValidationError) as refused:
            evidence_add_link(activity=logged, url=url)
        assert "links" in refused.value.message_dict
