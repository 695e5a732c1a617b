"""The one error of backup and restore, worded for an operator at a terminal."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils import translation


class BackupError(CommandError):
    """The backup or restore was refused or failed; nothing was changed."""


def bilingual(message: str, /, **params: Any) -> str:
    """`message` (a Vietnamese source string marked with gettext_noop) in Vietnamese, then
    in English: whoever runs the command reads one of them, whatever the locale."""
    lines: list[str] = []
    for language in ("vi", "en"):
        with translation.override(language):
            text = translation.gettext(message)
        text = text % params if params else text
        if text not in lines:
            lines.append(text)
    return "\n".join(lines)


def refuse(message: str, /, **params: Any) -> BackupError:
    return BackupError(bilingual(message, **params))
