"""Checks on values people type that more than one app accepts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# A link kept as evidence is opened by whoever reviews it: web addresses only (no ftp:,
# file: or javascript:).
_web_url = URLValidator(schemes=["http", "https"])


def is_web_url(value: str) -> bool:
    """Whether `value` is an http or https address (as Django's URLValidator reads one)."""
    try:
        _web_url(value)
    except ValidationError:
        return False
    return True
