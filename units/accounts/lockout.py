"""What a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE): a page on the portal
and the admin, JSON on the API; 429 with Retry-After in both cases."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_message(request: Any = None) -> str:
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0
    return _(
        "Tạm khóa đăng nhập: tài khoản này đã nhập sai mật khẩu %(limit)d lần từ địa chỉ của "
        "bạn. Vui lòng thử lại sau %(minutes)d phút, hoặc dùng chức năng quên mật khẩu."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    message = lockout_message(request)
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "registration/locked_out.html", {"message": message}, status=429)
    cool_off = get_cool_off(request)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
