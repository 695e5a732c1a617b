"""API token authentication: django-rest-knox's hashed, expiring tokens, with the portal's
messages, the owner's "last used" note and a clean 401 for a malformed header."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from common.types import Person

from ..models import ApiToken
from .services import api_token_touch


class InactiveUser(exceptions.AuthenticationFailed):
    default_detail = _("Tài khoản đã bị vô hiệu hóa.")


class PortalTokenAuthentication(TokenAuthentication):
    invalid = _("Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")

    def authenticate_credentials(self, token: bytes) -> tuple[Person, ApiToken]:
        try:
            token.decode("utf-8")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(self.invalid) from None
        try:
            user, auth_token = super().authenticate_credentials(token)
        except InactiveUser:
            raise
        except exceptions.AuthenticationFailed:
            # Unknown, expired (knox deletes it as it meets it) or revoked: one answer.
            raise exceptions.AuthenticationFailed(self.invalid) from None
        api_token_touch(token=auth_token)
        return user, auth_token

    def validate_user(self, auth_token: ApiToken) -> tuple[Person, ApiToken]:
        if not auth_token.user.is_active:
            raise InactiveUser()
        return auth_token.user, auth_token


# drf-spectacular registers extensions in an unannotated __init_subclass__.
class PortalTokenScheme(KnoxTokenScheme):  # type: ignore[no-untyped-call]
    """The OpenAPI security scheme (drf-spectacular matches the exact class)."""

    target_class = "units.accounts.authentication.PortalTokenAuthentication"
    name = "tokenAuth"
