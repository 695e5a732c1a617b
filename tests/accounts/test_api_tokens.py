"""API tokens (django-rest-knox, units.ApiToken): hashed, expiring, dead with a deactivated
user, listed and revoked by their owner on a page and through the API; a token issued for a
browser session is revoked when that session logs out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from units.accounts.services import api_token_issue
from units.models import ApiToken

pytestmark = pytest.mark.django_db

TOKENS = "/api/v1/auth/tokens/"
START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def _api(secret: str, language: str = "vi") -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {secret}", HTTP_ACCEPT_LANGUAGE=language)


def test_a_token_is_stored_hashed_and_notes_its_last_use(kyl_reporter: Any) -> None:
    token, secret = api_token_issue(user=kyl_reporter, name="sync")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("ctt_") and secret not in (stored.digest, stored.token_key)
    assert stored.last_used is None
    assert _api(secret).get("/api/v1/units/").status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used is not None


def test_an_expired_token_is_refused_with_401(kyl_reporter: Any, settings: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        token, secret = api_token_issue(user=kyl_reporter, name="sync")
        assert token.expiry == START + timedelta(days=30)
        clock.shift(timedelta(days=29, hours=23))
        assert _api(secret).get("/api/v1/units/").status_code == 200
        clock.shift(timedelta(hours=2))
        refused = _api(secret).get("/api/v1/units/")
        assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"
        assert "đã hết hạn" in refused.json()["detail"]
        english = _api(secret, "en").get("/api/v1/units/")
        assert "expired" in english.json()["detail"]


def test_a_revoked_token_is_refused_with_401(kyl_reporter: Any) -> None:
    _keep, keep_secret = api_token_issue(user=kyl_reporter, name="keep")
    gone, gone_secret = api_token_issue(user=kyl_reporter, name="gone")
    assert _api(keep_secret).delete(f"{TOKENS}{gone.pk}/").status_code == 204
    assert _api(gone_secret).get("/api/v1/units/").status_code == 401
    assert _api(keep_secret).get("/api/v1/units/").status_code == 200


def test_a_deactivated_users_token_is_refused_with_401(kyl_reporter: Any) -> None:
    _token, secret = api_token_issue(user=kyl_reporter, name="sync")
    kyl_reporter.is_active = False
    kyl_reporter.save()
    refused = _api(secret).get("/api/v1/units/")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Tài khoản đã bị vô hiệu hóa."


def test_the_owner_lists_and_revokes_their_tokens_through_the_api(
    kyl_reporter: Any, ct_member: Any
) -> None:
    mine, secret = api_token_issue(user=kyl_reporter, name="sync")
    other, _secret = api_token_issue(user=kyl_reporter, name="báo cáo")
    api_token_issue(user=ct_member, name="not yours")
    listed = _api(secret).get(TOKENS).json()
    assert [row["name"] for row in listed["results"]] == ["báo cáo", "sync"]
    row = next(row for row in listed["results"] if row["id"] == mine.pk)
    assert row["current"] is True and row["session_bound"] is False
    assert set(row) == {"id", "name", "created", "last_used", "expiry", "session_bound", "current"}
    assert _api(secret).delete(f"{TOKENS}{other.pk}/").status_code == 204
    assert [row["name"] for row in _api(secret).get(TOKENS).json()["results"]] == ["sync"]


def test_nobody_revokes_someone_elses_token(kyl_reporter: Any, ct_member: Any) -> None:
    theirs, their_secret = api_token_issue(user=ct_member, name="Cần Thơ")
    _mine, secret = api_token_issue(user=kyl_reporter, name="sync")
    assert _api(secret).delete(f"{TOKENS}{theirs.pk}/").status_code == 404
    assert _api(secret).get(f"{TOKENS}{theirs.pk}/").status_code == 404
    assert _api(secret).delete(f"{TOKENS}99999999999999999999/").status_code == 404
    page = Client()
    page.force_login(kyl_reporter)
    assert page.post(reverse("api_token_revoke", args=[theirs.pk])).status_code == 404
    assert _api(their_secret).get("/api/v1/units/").status_code == 200


def test_the_token_list_costs_the_same_queries_for_2_and_12_tokens(kyl_reporter: Any) -> None:
    _token, secret = api_token_issue(user=kyl_reporter, name="t0")
    api_token_issue(user=kyl_reporter, name="t1")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert _api(secret).get(TOKENS).status_code == 200
        return len(queries)

    few = count()
    for n in range(10):
        api_token_issue(user=kyl_reporter, name=f"more {n}")
    assert count() == few


def test_api_logout_revokes_the_token_it_is_called_with(kyl_reporter: Any) -> None:
    _token, secret = api_token_issue(user=kyl_reporter, name="sync")
    _other, other_secret = api_token_issue(user=kyl_reporter, name="other")
    assert _api(secret).post("/api/v1/auth/logout/").status_code == 204
    assert _api(secret).get("/api/v1/units/").status_code == 401
    assert _api(other_secret).get("/api/v1/units/").status_code == 200


def test_tokens_per_user_are_capped_with_a_message(kyl_reporter: Any, settings: Any) -> None:
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    api_token_issue(user=kyl_reporter, name="a")
    api_token_issue(user=kyl_reporter, name="b")
    page = Client()
    page.force_login(kyl_reporter)
    refused = page.post(reverse("api_tokens"), {"name": "c"})
    assert "còn hiệu lực" in refused.content.decode()
    assert ApiToken.objects.filter(user=kyl_reporter).count() == 2
    api = APIClient(REMOTE_ADDR="198.51.100.3").post(
        reverse("api-login"), {"username": "kyl_reporter", "password": "x-pass-123"}, format="json"
    )
    assert api.status_code == 400 and "còn hiệu lực" in api.json()["non_field_errors"][0]


def test_the_token_page_issues_lists_and_revokes(kyl_reporter: Any) -> None:
    page = Client()
    assert page.get(reverse("api_tokens")).status_code == 302  # sign-in first
    page.force_login(kyl_reporter)
    assert reverse("api_tokens") in page.get(reverse("home")).content.decode()  # user menu
    empty = page.post(reverse("api_tokens"), {"name": ""})
    assert "Trường này là bắt buộc" in empty.content.decode()
    issued = page.post(reverse("api_tokens"), {"name": "Phần mềm tổng hợp"})
    token = ApiToken.objects.get(user=kyl_reporter)
    html = issued.content.decode()
    secret = html.split('data-testid="new-token">')[1].split("<")[0]
    assert _api(secret).get("/api/v1/units/").status_code == 200
    listing = page.get(reverse("api_tokens")).content.decode()
    assert "Phần mềm tổng hợp" in listing and secret not in listing  # shown once
    assert token.expiry.astimezone().strftime("%d/%m/%Y") in listing
    revoked = page.post(reverse("api_token_revoke", args=[token.pk]), follow=True)
    assert "Đã thu hồi" in revoked.content.decode()
    assert _api(secret).get("/api/v1/units/").status_code == 401


def test_a_session_token_dies_with_the_browser_logout_and_a_personal_one_does_not(
    kyl_reporter: Any,
) -> None:
    page = Client()
    page.force_login(kyl_reporter)

    def issue(**data: Any) -> str:
        html = page.post(reverse("api_tokens"), data).content.decode()
        return html.split('data-testid="new-token">')[1].split("<")[0]

    session_secret = issue(name="Swagger", session_bound="on")
    personal_secret = issue(name="Phần mềm")
    bound = ApiToken.objects.get(name="Swagger")
    assert bound.session_bound and bound.expiry <= page.session.get_expiry_date()
    assert _api(session_secret).get("/api/v1/units/").status_code == 200
    assert page.post(reverse("logout")).status_code == 302
    assert _api(session_secret).get("/api/v1/units/").status_code == 401
    assert _api(personal_secret).get("/api/v1/units/").status_code == 200
