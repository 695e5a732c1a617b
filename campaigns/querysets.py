from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from common.types import Viewer
from units.scope import scope_for

if TYPE_CHECKING:
    # Named in the quoted QuerySet["..."] bases, which ruff does not read.
    from .models import Activity, Evidence, ImportBatch  # noqa: F401


class ActivityQuerySet(models.QuerySet["Activity"]):
    """Activities are seen by members of the logging unit's ancestors (its subtree rule),
    filtered on the path stored on the row so the query needs no join."""

    def visible_to(self, user: Viewer) -> ActivityQuerySet:
        return self.filter(scope_for(user).subtree_q("unit_path"))


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def visible_to(self, user: Viewer) -> EvidenceQuerySet:
        return self.filter(scope_for(user).subtree_q("activity__unit_path"))


class ImportBatchQuerySet(models.QuerySet["ImportBatch"]):
    def visible_to(self, user: Viewer) -> ImportBatchQuerySet:
        return self.filter(created_by=user) if user.is_authenticated else self.none()
