"""The dashboard's scope: what it shows (a unit, a directive's cascade, two dates), and the
directive and dates it shows when the user has chosen none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from common.types import Viewer
from directives.choices import AssignmentRole, DocumentStatus, ReferenceKind
from directives.models import Document
from directives.selectors import cascade_ids, cascade_ids_near
from units.models import Unit
from units.scope import collapse, scope_for
from units.tree import SEGMENT

from .succession import fold

PLAN_ROLES = (AssignmentRole.LEAD, AssignmentRole.IMPLEMENT)
ISSUED = (DocumentStatus.ISSUED, DocumentStatus.SUPERSEDED)
DEFAULT_DIRECTIVE = "57-NQ/TW"


@dataclass(frozen=True)
class Scope:
    """What the dashboard shows: under `root` (None: every unit the user sees), for the
    cascade of `directive` (`documents`: it and every plan implementing it), activities and
    deadlines between the two dates."""

    user: Viewer
    root: Unit | None
    directive: Document
    date_from: date
    date_to: date
    documents: frozenset[int]
    paths: tuple[str, ...] = ()  # the root's and its predecessors' (before the 2025 reform)

    @property
    def prefix(self) -> int:
        """Length of a row's path: one segment below the root."""
        return (len(self.root.path) if self.root else 0) + SEGMENT

    def under(self, field: str) -> Q:
        if self.root is None:
            return Q()
        return reduce(or_, (Q(**{f"{field}__descendant_of": p}) for p in self.paths))


def make_scope(
    *, user: Viewer, root: Unit | None, directive: Document, date_from: date, date_to: date
) -> Scope:
    """The dashboard's scope; a unit stands for its predecessors too (Hưng Yên since 2025
    shows what the former Hưng Yên and Thái Bình did), as the visibility rules do."""
    if root is None and not scope_for(user).everything:
        raise PermissionDenied  # only who sees everything may look at no unit in particular
    paths: tuple[str, ...] = ()
    if root is None:
        documents = frozenset({directive.pk, *cascade_ids(directive.pk)})
    else:
        predecessors = Unit.objects.filter(successors__path__descendant_of=root.path)
        paths = collapse({root.path, *predecessors.values_list("path", flat=True)})
        tops = sorted({p[:SEGMENT] for p in paths})
        documents = frozenset(cascade_ids_near(directive.pk, tops))
    return Scope(user, root, directive, date_from, date_to, documents, paths)


class Rows(list[Unit]):
    """The drill-down rows, and `owner`: the row each branch (a child of the root or of one
    of its predecessors) counts for. A child dissolved before the period's end is no row of
    its own: its branch counts for the row of its successor (or of its current namesake);
    with neither, for the root's own figures. A dissolved child and its current namesake are
    one row in any period (succession.py)."""

    owner: dict[str, Unit]


def rows_of(scope: Scope) -> Rows:
    """The drill-down rows: the root's direct children the user sees (one query, and the
    folding of dissolved children when there are some)."""
    units = Unit.objects.visible_to(scope.user)
    if scope.root is None:
        units = units.filter(depth=0)
    else:
        level = [p for p in scope.paths if len(p) == len(scope.root.path)]
        units = units.filter(parent__path__in=level)
    children = list(units.order_by("kind", "name"))
    dissolved = [u.pk for u in children if u.valid_to is not None or not u.is_active]
    folding = fold(dissolved, as_of=scope.date_to, within=scope.under("path"))
    rows = Rows(u for u in children if folding.stand_for.get(u.pk, (u.pk,)) == (u.pk,))
    rows.owner = {u.path: u for u in rows}
    for gone in children:
        reps = folding.stand_for.get(gone.pk, ())
        branches = (folding.units[rep].path[: scope.prefix] for rep in reps)
        owner = next((rows.owner[p] for p in branches if p in rows.owner), None)
        if owner is not None:
            rows.owner.setdefault(gone.path, owner)
    return rows


def owners(rows: list[Unit]) -> dict[str, Unit]:
    """Which row each branch path counts for (rows not made by rows_of: their own paths)."""
    return getattr(rows, "owner", None) or {u.path: u for u in rows}


# --- what the dashboard shows by default ------------------------------------------------


def directive_choices(user: Viewer) -> QuerySet[Document]:
    """The directives the user may look at: visible documents that plans implement."""
    return (
        Document.objects.visible_to(user)
        .filter(incoming_references__kind=ReferenceKind.IMPLEMENTS)
        .distinct()
    )


def default_directive(user: Viewer) -> Document | None:
    """Resolution 57 if the user may read it, else the latest directive plans implement."""
    visible = Document.objects.visible_to(user)
    chosen: Document | None = visible.filter(key=DEFAULT_DIRECTIVE).first()
    if chosen is None:
        chosen = directive_choices(user).order_by("-issued_on", "-pk").first()
    return chosen


def default_period(directive: Document) -> tuple[date, date]:
    """From the directive's issue (1 January if it has no date) to the end of next year."""
    this_year = timezone.localdate().year
    return directive.issued_on or date(this_year, 1, 1), date(this_year + 1, 12, 31)
