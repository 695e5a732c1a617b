"""The demo's API token: issued once, kept in `var/demo_api_token` (0600), printed each run.

Only a token's digest is stored in the database, so the secret is kept in a file beside it
(demo mode only) rather than derived from something guessable. A missing file, or a token
that expired or was revoked, gets a new token under the same name.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.contrib.auth.models import User
from knox.crypto import hash_token
from knox.settings import CONSTANTS

from units.accounts.services import api_token_issue
from units.models import ApiToken

TOKEN_NAME = "Dữ liệu mẫu (demo)"


def _alive(user: User, secret: str) -> bool:
    return bool(
        ApiToken.objects.owned_by(user)
        .alive()
        .filter(token_key=secret[: CONSTANTS.TOKEN_KEY_LENGTH], digest=hash_token(secret))
        .exists()
    )


def demo_token_ensure(*, user: User, path: Path) -> tuple[str, bool]:
    """The token's secret, and whether it was issued now."""
    try:
        secret = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        secret = ""
    if secret and _alive(user, secret):
        return secret, False
    ApiToken.objects.owned_by(user).filter(name=TOKEN_NAME).delete()
    _token, secret = api_token_issue(user=user, name=TOKEN_NAME)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
    return secret, True
