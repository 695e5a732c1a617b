"""Writes on API tokens: issue, revoke, revoke a browser session's, note their use."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.settings import knox_settings

from common.exceptions import DomainError
from common.types import Person

from ..models import ApiToken

# last_used is a hint for the owner, not an audit trail: one write a minute at most.
TOUCH_INTERVAL = timedelta(minutes=1)


def session_hash(session_key: str) -> str:
    """Tokens keep only a hash of their session's key (the key itself is a credential)."""
    return hashlib.sha256(session_key.encode()).hexdigest()


@transaction.atomic
def api_token_issue(
    *,
    user: Person,
    name: str,
    session_key: str = "",
    session_expiry: datetime | None = None,
    now: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `user`, returned with its secret (shown once, never stored).

    It lives API_TOKEN_TTL_DAYS; bound to a browser session, it ends with that session.
    """
    now = now or timezone.now()
    if not user.is_active:
        raise DomainError(_("Tài khoản đã bị vô hiệu hóa."))
    # The user's row is the lock: two parallel issues cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and ApiToken.objects.owned_by(user).alive(now).count() >= limit:
        raise DomainError(
            _("Bạn đã có %(limit)d mã truy cập còn hiệu lực; hãy thu hồi bớt trước khi tạo mã mới.")
            % {"limit": limit}
        )
    lifetime = knox_settings.TOKEN_TTL
    if session_expiry is not None:
        lifetime = min(lifetime, session_expiry - now)
    if lifetime <= timedelta(0):
        raise DomainError(_("Phiên đăng nhập đã hết hạn; hãy đăng nhập lại."))
    # knox's create() returns the row and its secret, which is stored only as a digest.
    token, secret = ApiToken.objects.create(
        user=user,
        expiry=lifetime,
        prefix=knox_settings.TOKEN_PREFIX,
        name=name.strip()[:100] or _("Mã truy cập API"),
        session_hash=session_hash(session_key) if session_key else "",
    )
    return token, secret


def api_token_revoke(*, token: ApiToken) -> None:
    token.delete()


def api_tokens_revoke_for_session(*, session_key: str) -> int:
    if not session_key:
        return 0
    deleted: int
    deleted, _by_model = ApiToken.objects.filter(session_hash=session_hash(session_key)).delete()
    return deleted


def api_token_touch(*, token: ApiToken, now: datetime | None = None) -> None:
    """Note that the token was used; a conditional UPDATE, so parallel requests write once."""
    now = now or timezone.now()
    ApiToken.objects.filter(
        Q(last_used__isnull=True) | Q(last_used__lt=now - TOUCH_INTERVAL), pk=token.pk
    ).update(last_used=now)


@transaction.atomic
def profile_update(*, user: Person, full_name: str, email: str) -> Person:
    """The owner's own name and e-mail; an address another account uses is refused (the
    password reset and the roster import find people by it)."""
    email = email.strip()
    others = get_user_model().objects.filter(email__iexact=email).exclude(pk=user.pk)
    if email and others.exists():
        raise DomainError({"email": _("Địa chỉ này đã dùng cho một tài khoản khác.")})
    first, _sep, last = full_name.strip().rpartition(" ")
    user.first_name, user.last_name = first[:150], last[:150]
    user.email = email
    user.save(update_fields=["first_name", "last_name", "email"])
    return user
