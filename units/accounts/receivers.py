"""Logging out of a browser session (portal or admin, any path through django.contrib.auth's
logout()) revokes the API tokens issued for that session."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from .services import api_tokens_revoke_for_session


@receiver(user_logged_out, dispatch_uid="units.revoke_session_tokens")
def revoke_session_tokens(sender: Any, request: Any = None, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        api_tokens_revoke_for_session(session_key=session.session_key)
