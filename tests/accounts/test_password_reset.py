"""Password reset: e-mails capped per address and per client IP; past a cap the page says
the same neutral thing and sends nothing; the link in the e-mail sets a new password."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

NEUTRAL = "Nếu địa chỉ đó thuộc một tài khoản đang hoạt động"


@pytest.fixture
def reporter(kyl_reporter: Any) -> Any:
    kyl_reporter.email = "baocao@kylua.langson.gov.vn"
    kyl_reporter.save()
    return kyl_reporter


def _without_csrf(page: Any) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", page.content.decode())


def _ask(email: str, ip: str = "203.0.113.5", client: Client | None = None) -> Any:
    return (client or Client()).post(
        reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip, follow=True
    )


def test_three_emails_an_hour_per_address_then_the_same_page_and_no_mail(
    reporter: Any, mailoutbox: list[Any]
) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 2, 5, tzinfo=UTC), tick=False) as clock:
        pages = [_ask("baocao@kylua.langson.gov.vn", ip=f"198.51.100.{n}") for n in range(3)]
        assert len(mailoutbox) == 3
        assert mailoutbox[0].to == ["baocao@kylua.langson.gov.vn"]
        # Another letter case and another IP: the same address, past its cap.
        capped = _ask("BaoCao@KyLua.LangSon.gov.vn", ip="198.51.100.99")
        assert len(mailoutbox) == 3
        assert capped.status_code == 200 and NEUTRAL in capped.content.decode()
        assert _without_csrf(capped) == _without_csrf(pages[0])
        clock.shift(timedelta(hours=1))
        _ask("baocao@kylua.langson.gov.vn")
        assert len(mailoutbox) == 4


def test_one_ip_is_capped_across_addresses(
    settings: Any, make_member: Any, mailoutbox: list[Any]
) -> None:
    settings.PASSWORD_RESET_LIMIT_PER_IP = 2
    for n in range(3):
        user = make_member(f"reporter{n}", "ky-lua/ubnd")
        user.email = f"r{n}@kylua.langson.gov.vn"
        user.save()
    with time_machine.travel(datetime(2026, 3, 2, 2, 5, tzinfo=UTC), tick=False):
        for n in range(3):
            assert NEUTRAL in _ask(f"r{n}@kylua.langson.gov.vn").content.decode()
        sent = [m.to[0] for m in mailoutbox]
        assert sent == ["r0@kylua.langson.gov.vn", "r1@kylua.langson.gov.vn"]
        _ask("r2@kylua.langson.gov.vn", ip="198.51.100.8")
        assert mailoutbox[-1].to == ["r2@kylua.langson.gov.vn"]


def test_an_unknown_address_gets_the_same_page_and_no_mail(mailoutbox: list[Any]) -> None:
    page = _ask("nobody@example.vn")
    assert page.status_code == 200 and NEUTRAL in page.content.decode()
    assert mailoutbox == []


def test_a_bad_address_is_a_clear_error(mailoutbox: list[Any]) -> None:
    page = Client().post(reverse("password_reset"), {"email": "not-an-address"})
    assert page.status_code == 200 and "Nhập một địa chỉ email hợp lệ" in page.content.decode()
    english = Client().post(
        reverse("password_reset"), {"email": "not-an-address"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Enter a valid email address" in english.content.decode()


def test_the_link_in_the_email_sets_a_new_password(reporter: Any, mailoutbox: list[Any]) -> None:
    login_page = Client().get(reverse("login")).content.decode()
    assert reverse("password_reset") in login_page  # "Quên mật khẩu?"
    _ask("baocao@kylua.langson.gov.vn")
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", mailoutbox[0].body)
    assert link is not None
    client = Client()
    form = client.get(link.group(1), follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Tuyen-truyen-2026!", "new_password2": "Tuyen-truyen-2026!"},
        follow=True,
    )
    assert "Đã đặt mật khẩu mới" in done.content.decode()
    assert get_user_model().objects.get(pk=reporter.pk).check_password("Tuyen-truyen-2026!")
    again = Client().get(link.group(1), follow=True).content.decode()
    assert "không hợp lệ hoặc đã được dùng" in again
