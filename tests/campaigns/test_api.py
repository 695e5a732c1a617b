"""The activity API: same rules and filters as the pages, 4xx on bad input, 404 outside."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from campaigns.models import Activity
from tests.builders import activity, api_as, photo, signed_in, unit
from units.accounts.services import api_token_issue

pytestmark = pytest.mark.django_db


def _api(user: Any) -> APIClient:
    client = APIClient()
    _token, secret = api_token_issue(user=user, name="test")
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def _payload(vhxh_assignment: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "assignment": vhxh_assignment.pk,
        "unit": unit("ky-lua/phong-vhxh").pk,
        "channel": "party-cell",
        "title": "Sinh hoạt chi bộ chuyên đề Nghị quyết 57",
        "started_on": "2025-10-10",
        "quantity": 1,
        "participants": 35,
        "audiences": ["dang-vien"],
        "links": ["https://kylua.langson.gov.vn/a"],
    }
    data.update(overrides)
    return data


def test_anonymous_requests_are_refused(client: Any) -> None:
    assert client.get("/api/v1/activities/").status_code in (401, 403)


def test_create_list_update_delete_with_token(kyl_reporter: Any, vhxh_assignment: Any) -> None:
    api = _api(kyl_reporter)
    created = api.post("/api/v1/activities/", _payload(vhxh_assignment), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["plan"] == vhxh_assignment.plan_id and body["evidence"][0]["kind"] == "link"
    listed = api.get("/api/v1/activities/", {"channel": Activity.objects.get().channel_id}).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    patched = api.patch(f"/api/v1/activities/{body['id']}/", {"quantity": 2}, format="json")
    assert patched.status_code == 200 and patched.json()["quantity"] == 2
    upload = api.post(
        f"/api/v1/activities/{body['id']}/evidence/",
        {"file": [photo(exif_date="2025:10:10 08:00:00")]},
        format="multipart",
    )
    assert upload.status_code == 201 and upload.json()[0]["captured_at"].startswith("2025-10-10")
    totals = api.get("/api/v1/activities/totals/").json()
    assert totals[0]["quantity"] == 2 and totals[0]["participants"] == 35
    assert api.delete(f"/api/v1/activities/{body['id']}/").status_code == 204
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quantity": -1}, "quantity"),
        ({"quantity": 10**12}, "quantity"),
        ({"started_on": "2099-01-01"}, "started_on"),
        ({"started_on": "2025-02-31"}, "started_on"),
        ({"channel": "khong-co"}, "channel"),
        ({"assignment": 999999}, "assignment"),
        ({"links": ["khong-phai-url"]}, "links"),
    ],
)
def test_bad_input_is_400_with_the_field_named(
    kyl_reporter: Any, vhxh_assignment: Any, overrides: dict, field: str
) -> None:
    response = _api(kyl_reporter).post(
        "/api/v1/activities/", _payload(vhxh_assignment, **overrides), format="json"
    )
    assert response.status_code == 400 and field in response.json()
    assert not Activity.objects.exists()


def test_bad_upload_is_400_and_stores_nothing(kyl_reporter: Any, vhxh_assignment: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = _api(kyl_reporter)
    activity_id = api.post("/api/v1/activities/", _payload(vhxh_assignment), format="json").json()[
        "id"
    ]
    fake = SimpleUploadedFile("anh.jpg", b"MZ" + b"\x00" * 100, "image/jpeg")
    response = api.post(
        f"/api/v1/activities/{activity_id}/evidence/", {"file": [photo(), fake]}, format="multipart"
    )
    assert response.status_code == 400 and "file" in response.json()
    assert Activity.objects.get().evidence.filter(kind="file").count() == 0


def test_other_province_gets_404_on_detail(
    kyl_reporter: Any, vhxh_assignment: Any, make_member: Any
) -> None:
    activity_id = (
        _api(kyl_reporter)
        .post("/api/v1/activities/", _payload(vhxh_assignment), format="json")
        .json()["id"]
    )
    outsider = _api(make_member("api_outsider", "2025:33", "reporter"))
    assert outsider.get(f"/api/v1/activities/{activity_id}/").status_code == 404
    assert (
        outsider.patch(
            f"/api/v1/activities/{activity_id}/", {"quantity": 9}, format="json"
        ).status_code
        == 404
    )
    assert outsider.delete(f"/api/v1/activities/{activity_id}/").status_code == 404
    assert outsider.get("/api/v1/activities/").json()["results"] == []
    assert (
        outsider.post("/api/v1/activities/", _payload(vhxh_assignment), format="json").status_code
        == 400
    )


def test_a_garbage_api_cursor_is_404_not_500(kyl_reporter: Any) -> None:
    client = api_as(kyl_reporter)
    for raw in (b"p=notadate", b"p=2025-13-45"):
        cursor = base64.b64encode(raw).decode()
        assert client.get("/api/v1/activities/", {"cursor": cursor}).status_code == 404


def test_ids_too_long_for_any_column_are_4xx(kyl_reporter: Any, vhxh_assignment: Any) -> None:
    huge = "99999999999999999999"
    client = signed_in(kyl_reporter)
    assert client.get(f"/activities/plans/{huge}/template.xlsx").status_code == 404
    assert client.get("/activities/", {"plan": huge}).status_code == 200
    api = api_as(kyl_reporter)
    assert api.get("/api/v1/activities/", {"plan": huge}).status_code == 400
    response = client.post(
        reverse("campaigns:activity_new"), {"assignment": vhxh_assignment.pk, "audiences": huge}
    )
    assert response.status_code == 400


def test_invalid_filter_is_400(kyl_reporter: Any) -> None:
    response = _api(kyl_reporter).get("/api/v1/activities/", {"date_from": "not-a-date"})
    assert response.status_code == 400 and "date_from" in response.json()


def test_schema_is_served(kyl_reporter: Any) -> None:
    response = _api(kyl_reporter).get("/api/schema/")
    assert response.status_code == 200 and b"/api/v1/activities/" in response.content


def test_activities_filter_by_a_unit_keeps_the_units_under_it(kyl_reporter: Any) -> None:
    logged = activity(kyl_reporter)
    office = logged.unit
    assert office.parent is not None
    api = api_as(kyl_reporter)
    sibling = office.parent.children.exclude(pk=office.pk).first()
    assert sibling is not None
    found = {
        where: [
            row["id"]
            for row in api.get("/api/v1/activities/", {"unit": where.pk}).json()["results"]
        ]
        for where in (office.parent, office, sibling)
    }
    assert found == {office.parent: [logged.pk], office: [logged.pk], sibling: []}
