"""Brute-force protection (django-axes): 5 failures lock that (user, IP) for a cool-off, on
the portal login, the admin login and the API login; other IPs and other users go on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from common.net import client_ip
from tests.builders import PASSWORD  # the personas' password

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.5"
ELSEWHERE = "198.51.100.7"
START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def _login(client: Client, username: str, password: str, ip: str = ATTACKER, **extra: Any) -> Any:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def _fail(client: Client, username: str, times: int, ip: str = ATTACKER) -> list[int]:
    return [_login(client, username, "wrong-password", ip).status_code for _ in range(times)]


def test_five_failures_lock_that_user_from_that_ip_only(kyl_reporter: Any, ct_member: Any) -> None:
    assert _fail(Client(), "kyl_reporter", 4) == [200] * 4  # the form again, with its error
    locked = _login(Client(), "kyl_reporter", "wrong-password")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tạm khóa đăng nhập" in page and "15 phút" in page
    assert locked["Retry-After"] == str(15 * 60)

    # Even the right password from that address is refused while the lock holds.
    client = Client()
    assert _login(client, "kyl_reporter", PASSWORD).status_code == 429
    assert client.get(reverse("home")).status_code == 302  # not signed in

    elsewhere = Client()
    assert _login(elsewhere, "kyl_reporter", PASSWORD, ELSEWHERE).status_code == 302
    assert elsewhere.get(reverse("home")).status_code == 200
    assert _login(Client(), "ct_member", PASSWORD).status_code == 302


def test_the_lockout_page_speaks_english_too(kyl_reporter: Any) -> None:
    _fail(Client(), "kyl_reporter", 5)
    page = _login(Client(), "kyl_reporter", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 429
    assert "Sign-in temporarily blocked" in page.content.decode()


def test_the_lock_ends_after_the_cool_off(kyl_reporter: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        _fail(Client(), "kyl_reporter", 5)
        clock.shift(timedelta(minutes=14))
        # An attempt during the lock counts as a failure and starts the cool-off again.
        assert _login(Client(), "kyl_reporter", PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=14))
        assert _login(Client(), "kyl_reporter", PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=16))
        assert _login(Client(), "kyl_reporter", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(kyl_reporter: Any) -> None:
    _fail(Client(), "kyl_reporter", 4)
    assert _login(Client(), "kyl_reporter", PASSWORD).status_code == 302
    assert _fail(Client(), "kyl_reporter", 4) == [200] * 4
    assert _login(Client(), "kyl_reporter", PASSWORD).status_code == 302


def test_admin_login_is_locked_too(superuser: Any) -> None:
    url = reverse("admin:login")
    data = {"username": "root", "password": "wrong-password", "next": "/admin/"}
    codes = [Client().post(url, data, REMOTE_ADDR=ATTACKER).status_code for _ in range(5)]
    assert codes == [200] * 4 + [429]
    right = {**data, "password": PASSWORD}
    refused = Client().post(url, right, REMOTE_ADDR=ATTACKER)
    assert refused.status_code == 429 and "Tạm khóa đăng nhập" in refused.content.decode()
    assert Client().post(url, right, REMOTE_ADDR=ELSEWHERE).status_code == 302


def test_api_login_issues_a_token_and_is_locked_with_429(kyl_reporter: Any) -> None:
    api = APIClient(REMOTE_ADDR=ATTACKER)
    url = reverse("api-login")
    wrong = {"username": "kyl_reporter", "password": "wrong-password"}
    codes = [api.post(url, wrong, format="json").status_code for _ in range(4)]
    assert codes == [400] * 4
    locked = api.post(url, wrong, format="json")
    assert locked.status_code == 429 and "Tạm khóa đăng nhập" in locked.json()["detail"]
    right = {"username": "kyl_reporter", "password": PASSWORD}
    english = api.post(url, right, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 429 and "Sign-in temporarily blocked" in english.json()["detail"]

    issued = APIClient(REMOTE_ADDR=ELSEWHERE).post(url, {**right, "name": "sync"}, format="json")
    assert issued.status_code == 200
    body = issued.json()
    assert body["name"] == "sync" and body["token"].startswith("ctt_") and body["expiry"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get("/api/v1/units/").status_code == 200


def test_api_login_refuses_bad_input_with_a_message(kyl_reporter: Any) -> None:
    api = APIClient(REMOTE_ADDR=ATTACKER)
    missing = api.post(reverse("api-login"), {"username": "kyl_reporter"}, format="json")
    assert missing.status_code == 400 and "password" in missing.json()
    wrong = api.post(
        reverse("api-login"), {"username": "kyl_reporter", "password": "nope"}, format="json"
    )
    assert wrong.json()["non_field_errors"] == ["Sai tên đăng nhập hoặc mật khẩu."]


def test_forwarded_for_counts_only_behind_a_trusted_proxy(settings: Any, kyl_reporter: Any) -> None:
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    assert client_ip(spoofed) == "10.0.0.2"
    # Served directly, a client that rotates the header still fails from one address.
    for n in range(5):
        _login(Client(), "kyl_reporter", "wrong-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert _login(Client(), "kyl_reporter", PASSWORD).status_code == 429

    settings.PORTAL_TRUST_PROXY = True
    # The proxy appends the address it saw: only the right-most entry is vouched for.
    assert client_ip(spoofed) == "5.6.7.8"
    garbled = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, junk")
    assert client_ip(garbled) == "10.0.0.2"
    proxied = Client()
    ok = _login(proxied, "kyl_reporter", PASSWORD, HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.50")
    assert ok.status_code == 302
