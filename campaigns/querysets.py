from __future__ import annotations

from typing import Any

from django.db import models

from units.scope import scope_for


class ActivityQuerySet(models.QuerySet[Any]):
    """Activities are seen by members of the logging unit's ancestors (its subtree rule),
    filtered on the path stored on the row so the query needs no join."""

    def visible_to(self, user: Any) -> ActivityQuerySet:
        return self.filter(scope_for(user).subtree_q("unit_path"))


class EvidenceQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> EvidenceQuerySet:
        return self.filter(scope_for(user).subtree_q("activity__unit_path"))


class ImportBatchQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> ImportBatchQuerySet:
        return (
            self.filter(created_by=user)
            if getattr(user, "is_authenticated", False)
            else self.none()
        )
