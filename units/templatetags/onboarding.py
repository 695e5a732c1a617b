"""`user|may_onboard`: whether the user menu offers the bulk import of people."""

from __future__ import annotations

from django import template

from common.types import Viewer

from ..accounts.roster import may_onboard as _may_onboard

register = template.Library()


@register.filter
def may_onboard(user: Viewer) -> bool:
    return _may_onboard(user)
