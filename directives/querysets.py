"""Querysets of the directives app; every read in a view starts from `visible_to(user)`.

Visibility of documents:
- a draft (or withdrawn document) is seen only inside its issuer's subtree;
- an issued document is also seen by everyone in the same province tree (a ward reads
  the plans of its province's party committee and boards), and documents of central
  bodies or outside issuers are seen by every member of any unit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from common.types import Viewer
from units.choices import UnitKind
from units.scope import scope_for

from .choices import DocumentStatus

if TYPE_CHECKING:
    # Named in the quoted QuerySet["..."] bases, which ruff does not read.
    from .models import Document, DocumentReference, Register  # noqa: F401

PUBLISHED = (DocumentStatus.ISSUED, DocumentStatus.SUPERSEDED)


def document_visibility_q(user: Viewer, prefix: str = "") -> Q | None:
    """The visibility filter for documents reached through `prefix` (None: everything)."""
    scope = scope_for(user)
    if scope.everything:
        return None
    if scope.is_empty:
        return Q(pk__in=[])
    own = scope.subtree_q(f"{prefix}issuer__path")
    shared = Q(**{f"{prefix}status__in": PUBLISHED}) & (
        Q(**{f"{prefix}issuer__isnull": True})
        | Q(**{f"{prefix}issuer__kind": UnitKind.CENTRAL_BODY})
        | scope.top_q(f"{prefix}issuer__path")
    )
    return own | shared


class DocumentQuerySet(models.QuerySet["Document"]):
    def visible_to(self, user: Viewer) -> DocumentQuerySet:
        condition = document_visibility_q(user)
        return self.all() if condition is None else self.filter(condition)

    def plans(self) -> DocumentQuerySet:
        return self.filter(plan__isnull=False)

    def published(self) -> DocumentQuerySet:
        return self.filter(status__in=PUBLISHED)


class DocumentReferenceQuerySet(models.QuerySet["DocumentReference"]):
    def visible_to(self, user: Viewer) -> DocumentReferenceQuerySet:
        source = document_visibility_q(user, "source__")
        target = document_visibility_q(user, "target__")
        if source is None or target is None:
            return self.all()
        return self.filter(source).filter(target)


class RegisterQuerySet(models.QuerySet["Register"]):
    def visible_to(self, user: Viewer) -> RegisterQuerySet:
        return self.filter(scope_for(user).subtree_q("issuer__path"))


class PlanPartQuerySet(models.QuerySet[Any]):
    """For plan tables: visible when the document they belong to is."""

    document_prefix = "plan__document__"

    def visible_to(self, user: Viewer) -> PlanPartQuerySet:
        condition = document_visibility_q(user, self.document_prefix)
        return self.all() if condition is None else self.filter(condition)


class DocumentPartQuerySet(PlanPartQuerySet):
    document_prefix = "document__"


class TaskQuerySet(PlanPartQuerySet):
    document_prefix = "assignment__plan__document__"


class ChannelTargetQuerySet(PlanPartQuerySet):
    document_prefix = "item__plan__document__"
