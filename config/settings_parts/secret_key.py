"""The demo's signing key: random, made on the first start and kept under PORTAL_VAR_DIR.

A key in the source would be public (anyone could forge a session cookie of a demo that
is reachable on the network), and a new key on every start would sign everyone out on a
restart. So demo mode makes one with `secrets` once, keeps it in `var/secret_key` (0600,
readable by its owner only) and reads it back afterwards. Outside demo mode the key must come
from DJANGO_SECRET_KEY (config/settings.py stops start-up without it).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def demo_secret_key(path: Path) -> str:
    """The key stored in `path`, made there first if missing or empty."""
    key = _read(path)
    if key:
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    # Web, worker and beat may start at the same moment: each writes a complete key to its
    # own file and links it into place; a link never replaces a file, so the first one wins
    # and every process reads that one.
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(50) + "\n")
    try:
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
    finally:
        draft.unlink()
    key = _read(path)
    if not key:
        raise ImproperlyConfigured(
            f"The demo secret key file {path} is empty; remove it to make a new one."
        )
    return key


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ImproperlyConfigured(
            f"The demo secret key file {path} cannot be read ({exc}); remove it to make a new "
            "one (everyone signed in is signed out), or set DJANGO_SECRET_KEY."
        ) from exc
