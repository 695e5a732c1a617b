"""Password reset with a cap on e-mails, per submitted address and per client IP.

Counters live in the shared cache (Redis, or files on the embedded default) in clock-hour
windows. Past a cap the page says exactly what it says after a real e-mail, so the form
tells nothing about which addresses exist or are being limited.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect

from common.net import client_ip

WINDOW = 3600


def _within(key: str, limit: int, *, now: float) -> bool:
    """Count one more request under `key` in the current window; True while <= limit."""
    bucket = int(now // WINDOW)
    remaining = (bucket + 1) * WINDOW - int(now) + 60
    full_key = f"pwreset:{key}:{bucket}"
    cache.add(full_key, 0, timeout=remaining)
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add() and incr()
        cache.set(full_key, 1, timeout=remaining)
        count = 1
    # incr() on file and database caches rewrites the entry with the default timeout.
    cache.touch(full_key, timeout=remaining)
    return count <= limit


def password_reset_allowed(*, email: str, ip: str | None, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    by_address = _within(f"address:{address}", settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, now=now)
    by_ip = _within(f"ip:{ip}", settings.PASSWORD_RESET_LIMIT_PER_IP, now=now) if ip else True
    return by_address and by_ip


def _folded(address: str) -> str:
    return unicodedata.normalize("NFKC", address).casefold()


class PortalPasswordResetForm(PasswordResetForm):
    """Django's form, which also reaches an account made by a roster import whose owner
    never set a password (no usable password, never signed in): their welcome link may
    have expired. Django skips unusable passwords for outside sign-in; the portal has none."""

    def get_users(self, email: str) -> Iterator[Any]:
        candidates = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        for user in candidates:
            # As Django: iexact matches some look-alike addresses; compare them folded.
            same = _folded(user.email) == _folded(email)
            if same and (user.has_usable_password() or user.last_login is None):
                yield user


class LimitedPasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm

    def form_valid(self, form: Any) -> HttpResponse:
        allowed = password_reset_allowed(
            email=form.cleaned_data["email"], ip=client_ip(self.request)
        )
        if not allowed:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
