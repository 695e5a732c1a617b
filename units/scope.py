"""What part of the unit tree a user may see: `scope_for(user)`, the entry point for every
app. The rule and the Scope value live in units/visibility.py (which the unit querysets use
without importing the models); this module adds the unit model to compute it from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Unit
from .visibility import Scope, collapse, forget_scope, scope_of

if TYPE_CHECKING:
    from common.types import Viewer

__all__ = ["Scope", "collapse", "forget_scope", "scope_for"]


def scope_for(user: Viewer) -> Scope:
    """Computed once per user object (two small queries), then cached on it."""
    return scope_of(user, units=Unit.objects.all())
