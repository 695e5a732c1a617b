"""Whether a page may offer the activity Excel import of a plan: a template tag, so a plan's
page (in `directives`, below this app) can show the link without importing `campaigns`."""

from __future__ import annotations

from typing import Any

from django import template

from campaigns.selectors import loggable_assignments

register = template.Library()


@register.simple_tag
def may_import_activities(user: Any, plan: Any) -> bool:
    """True when the user has an assignment of the plan to log against (one query)."""
    if plan is None or not getattr(user, "is_authenticated", False):
        return False
    return loggable_assignments(user).filter(plan=plan).exists()
