"""The profile page: one's name, e-mail and roles, the way to change the password and the
API tokens (created with a name, shown once, revoked), and where a REST client reads how
to use a token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.builders import PASSWORD, member, signed_in
from units.choices import Role
from units.models import ApiToken

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profile/"


def test_the_profile_shows_ones_roles_and_links_from_the_user_menu(kyl_reporter: Any) -> None:
    member("someone_else", "hy/btgdv", Role.EDITOR)
    from tests.builders import unit
    from units.services import membership_add

    membership_add(user=kyl_reporter, unit=unit("ky-lua/phong-vhxh"), role=Role.LEADER)
    client = signed_in(kyl_reporter)
    assert Client().get(PROFILE).status_code == 302  # sign in first
    home = client.get(reverse("home")).content.decode()
    assert f'href="{PROFILE}"' in home and 'href="/accounts/password_change/"' in home
    page = client.get(PROFILE).content.decode()
    roles = page.split('data-testid="memberships"')[1].split("</ul>")[0]
    assert "Ủy ban nhân dân phường Kỳ Lừa" in roles and "Báo cáo, cập nhật hoạt động" in roles
    assert "Phòng Văn hóa - Xã hội phường Kỳ Lừa" in roles and "Lãnh đạo" in roles
    assert "Ban Tuyên giáo" not in roles
    assert "Hồ sơ cá nhân" in page and "Đổi mật khẩu" in page
    assert 'data-testid="roster-import-link"' not in page  # not a unit admin


def test_the_owner_changes_their_name_and_email(kyl_reporter: Any, ct_member: Any) -> None:
    ct_member.email = "ct@example.vn"
    ct_member.save()
    client = signed_in(kyl_reporter)
    saved = client.post(
        PROFILE, {"full_name": "Nguyễn Thị Lan", "email": "lan@example.vn", "password": PASSWORD}
    )
    assert saved.status_code == 302
    kyl_reporter.refresh_from_db()
    assert (kyl_reporter.get_full_name(), kyl_reporter.email) == (
        "Nguyễn Thị Lan",
        "lan@example.vn",
    )
    taken = client.post(
        PROFILE, {"full_name": "Lan", "email": "CT@example.vn", "password": PASSWORD}
    )
    assert taken.status_code == 400
    assert "đã dùng cho một tài khoản khác" in taken.content.decode()
    bad = client.post(PROFILE, {"full_name": "", "email": "khong-phai-thu"})
    assert bad.status_code == 400 and "Trường này là bắt buộc" in bad.content.decode()
    kyl_reporter.refresh_from_db()
    assert kyl_reporter.email == "lan@example.vn"


def test_tokens_are_created_named_and_revoked_from_the_profile(kyl_reporter: Any) -> None:
    client = signed_in(kyl_reporter)
    empty = client.post(PROFILE, {"action": "issue_token", "name": ""})
    assert empty.status_code == 400 and "Trường này là bắt buộc" in empty.content.decode()
    issued = client.post(PROFILE, {"action": "issue_token", "name": "Máy tổng hợp"})
    html = issued.content.decode()
    secret = html.split('data-testid="new-token">')[1].split("<")[0]
    token = ApiToken.objects.get(user=kyl_reporter)
    assert token.name == "Máy tổng hợp" and secret.startswith("ctt_")
    api = APIClient(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/units/").status_code == 200
    listing = client.get(PROFILE).content.decode()
    assert "Máy tổng hợp" in listing and secret not in listing  # shown once
    revoked = client.post(
        reverse("api_token_revoke", args=[token.pk]), {"back": "profile"}, follow=True
    )
    assert revoked.redirect_chain[-1][0] == PROFILE
    assert "Đã thu hồi mã truy cập “Máy tổng hợp”" in revoked.content.decode()
    assert api.get("/api/v1/units/").status_code == 401


def test_the_password_change_page_is_vietnamese_and_works(kyl_reporter: Any) -> None:
    client = signed_in(kyl_reporter)
    page = client.get(reverse("password_change")).content.decode()
    assert "<title>" in page and "Đổi mật khẩu" in page and "Mật khẩu cũ" in page
    wrong = client.post(
        reverse("password_change"),
        {
            "old_password": "sai",
            "new_password1": "Lang-Son-2026!",
            "new_password2": "Lang-Son-2026!",
        },
    )
    assert "Mật khẩu cũ không chính xác" in wrong.content.decode()
    done = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Lang-Son-2026!",
            "new_password2": "Lang-Son-2026!",
        },
        follow=True,
    )
    assert "Đã đổi mật khẩu" in done.content.decode()
    kyl_reporter.refresh_from_db()
    assert kyl_reporter.check_password("Lang-Son-2026!")


def test_the_sign_in_page_links_to_the_forgotten_password_form() -> None:
    page = Client().get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in page and "Quên mật khẩu?" in page
    form = Client().get(reverse("password_reset")).content.decode()
    assert "Gửi đường dẫn" in form


def test_the_api_docs_and_readme_say_how_to_use_a_token() -> None:
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    description = schema["info"]["description"]
    assert "curl" in description and "/accounts/tokens/" in description
    assert "Authorization: Token " in description and "/api/v1/units/" in description
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert 'curl -H "Authorization: Token ' in readme and "/accounts/tokens/" in readme


def test_a_new_email_address_needs_the_current_password(kyl_reporter: Any) -> None:
    """Password-reset links go to the address: a session alone may not change it."""
    kyl_reporter.email = "kyl@example.vn"
    kyl_reporter.save()
    client = signed_in(kyl_reporter)
    for password in ("", "sai-mat-khau"):
        refused = client.post(
            PROFILE, {"full_name": "Lan", "email": "attacker@example.vn", "password": password}
        )
        assert refused.status_code == 400
        assert "Nhập đúng mật khẩu hiện tại" in refused.content.decode()
    kyl_reporter.refresh_from_db()
    assert kyl_reporter.email == "kyl@example.vn" and kyl_reporter.get_full_name() != "Lan"
    renamed = client.post(PROFILE, {"full_name": "Nguyễn Lan", "email": "KYL@example.vn"})
    assert renamed.status_code == 302  # the same address (any case): no password needed
    kyl_reporter.refresh_from_db()
    assert kyl_reporter.get_full_name() == "Nguyễn Lan"
