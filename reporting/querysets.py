from __future__ import annotations

from typing import Any

from django.db import models

from units.scope import scope_for


class DeadlineQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> DeadlineQuerySet:
        """The deadlines of units the user sees, and those owed to a unit the user sees (the
        receiver reviews reports of units outside its own tree, such as communes reporting to
        a district committee)."""
        scope = scope_for(user)
        return self.filter(scope.subtree_q("unit__path") | scope.subtree_q("duty__receiver__path"))


class ReportQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> ReportQuerySet:
        scope = scope_for(user)
        return self.filter(
            scope.subtree_q("deadline__unit__path")
            | scope.subtree_q("deadline__duty__receiver__path")
        )


class OwnQuerySet(models.QuerySet[Any]):
    """Reminders and notifications belong to their recipient."""

    def visible_to(self, user: Any) -> OwnQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(recipient=user)
