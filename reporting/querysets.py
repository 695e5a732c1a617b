from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from common.types import Viewer
from units.scope import scope_for

if TYPE_CHECKING:
    # Named in the quoted QuerySet["..."] bases, which ruff does not read.
    from .models import Deadline, Report  # noqa: F401


class DeadlineQuerySet(models.QuerySet["Deadline"]):
    def visible_to(self, user: Viewer) -> DeadlineQuerySet:
        """The deadlines of units the user sees, and those owed to a unit the user sees (the
        receiver reviews reports of units outside its own tree, such as communes reporting to
        a district committee)."""
        scope = scope_for(user)
        return self.filter(scope.subtree_q("unit__path") | scope.subtree_q("duty__receiver__path"))


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: Viewer) -> ReportQuerySet:
        scope = scope_for(user)
        return self.filter(
            scope.subtree_q("deadline__unit__path")
            | scope.subtree_q("deadline__duty__receiver__path")
        )


class OwnQuerySet(models.QuerySet[Any]):
    """Reminders and notifications belong to their recipient."""

    def visible_to(self, user: Viewer) -> OwnQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(recipient=user)
