"""With DEBUG off, the 404, 403, CSRF-failure and 500 pages speak Vietnamese in the site's
look, and English through the translation machinery for a user who chose English."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from django.views.defaults import permission_denied

from common.views import server_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_debug_off")]


@pytest.fixture
def _debug_off(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]


def _english() -> Client:
    return Client(headers={"accept-language": "en"})


def test_an_unknown_address_is_a_vietnamese_404_page() -> None:
    response = Client().get("/khong-co-trang-nay/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page and "navbar-portal" in page and "Về trang chủ" in page
    assert "Not Found" not in page


def test_the_404_page_is_english_for_an_english_reader() -> None:
    response = _english().get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_a_refusal_is_a_vietnamese_403_page() -> None:
    request = RequestFactory().get("/plans/")
    with translation.override("vi"):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Bạn không có quyền truy cập trang này" in response.content.decode()
    with translation.override("en"):
        english = permission_denied(request, PermissionDenied())
    assert "You may not open this page" in english.content.decode()


def test_a_form_sent_without_its_token_is_a_vietnamese_csrf_page() -> None:
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in response.content.decode()
    english = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    assert "The form could not be sent" in english.post("/accounts/login/").content.decode()


@override_settings(DATABASES={})
def test_the_500_page_is_vietnamese_and_needs_no_database() -> None:
    request = RequestFactory().get("/plans/")
    with translation.override("vi"):
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Đã xảy ra lỗi trên máy chủ" in page and "navbar-portal" in page
    with translation.override("en"):
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            english = server_error(request)
    assert "Server error" in english.content.decode()
