from __future__ import annotations

from typing import Any

from django.db import models

from units.scope import scope_for


class DeadlineQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> DeadlineQuerySet:
        return self.filter(scope_for(user).subtree_q("unit__path"))


class ReportQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> ReportQuerySet:
        return self.filter(scope_for(user).subtree_q("deadline__unit__path"))


class OwnQuerySet(models.QuerySet[Any]):
    """Reminders and notifications belong to their recipient."""

    def visible_to(self, user: Any) -> OwnQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(recipient=user)
