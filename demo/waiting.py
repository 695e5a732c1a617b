"""What waits for a demo login, counted with the same rules as the pages (reporting.access
roles, the receiver's inbox, the dashboard's overdue list): printed by load_demo and checked
by its tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from common.types import Person
from directives.choices import DocumentStatus
from directives.models import Document
from reporting.access import RECEIVER_ROLES
from reporting.choices import ExtensionStatus, ReportStatus
from reporting.models import Deadline, Extension, Notification
from reporting.reminders import REPORTER_ROLES
from units.models import Membership
from units.scope import scope_for
from units.selectors import EDIT_ROLES, related_identities


@dataclass(frozen=True)
class Waiting:
    open: int = 0  # deadlines to report on, not yet due
    overdue: int = 0  # deadlines to report on, past due
    prefilled: int = 0  # of those, with a draft report holding figures
    to_decide: int = 0  # submitted reports owed to a unit the user leads
    extensions: int = 0  # pending extension requests owed to such a unit
    overdue_below: int = 0  # overdue deadlines of units under the user, to nudge
    unread: int = 0  # unread notifications
    drafts: int = 0  # draft plans of units the user edits for
    to_derive: int = 0  # issued plans giving those units tasks, to implement
    awaiting: int = 0  # reports the user's units submitted, awaiting a decision

    def describe(self) -> str:
        parts = [
            (self.open, "open deadline(s)"),
            (self.overdue, "overdue"),
            (self.prefilled, "pre-filled draft(s)"),
            (self.awaiting, "submitted report(s) awaiting decision"),
            (self.to_decide, "report(s) to accept/return"),
            (self.extensions, "extension request(s)"),
            (self.overdue_below, "overdue unit(s) to nudge"),
            (self.drafts, "draft plan(s)"),
            (self.to_derive, "plan(s) addressed to the unit to derive from"),
            (self.unread, "unread notification(s)"),
        ]
        return ", ".join(f"{n} {label}" for n, label in parts if n) or "-"


def _as_reporter(user: Person, today: date) -> dict[str, int]:
    scope = scope_for(user)
    mine = Deadline.objects.filter(
        scope.role_q("unit__path", REPORTER_ROLES), submitted_at__isnull=True
    )
    drafts = mine.filter(report__status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED))
    return {
        "open": mine.filter(_not_due(today)).count(),
        "overdue": mine.exclude(_not_due(today)).count(),
        "prefilled": drafts.exclude(report__figures=[]).count(),
        "awaiting": Deadline.objects.filter(
            scope.role_q("unit__path", REPORTER_ROLES), report__status=ReportStatus.SUBMITTED
        ).count(),
    }


def _as_leader(user: Person, today: date) -> dict[str, int]:
    scope = scope_for(user)
    owed = scope.role_q("duty__receiver__path", RECEIVER_ROLES)
    below = scope.role_q("unit__path", RECEIVER_ROLES) | owed
    return {
        "to_decide": Deadline.objects.filter(owed, report__status=ReportStatus.SUBMITTED).count(),
        "extensions": Extension.objects.filter(
            scope.role_q("deadline__duty__receiver__path", RECEIVER_ROLES),
            status=ExtensionStatus.PENDING,
        ).count(),
        "overdue_below": Deadline.objects.filter(below, submitted_at__isnull=True)
        .exclude(_not_due(today))
        .count(),
    }


def _as_editor(user: Person) -> dict[str, int]:
    units = list(Membership.objects.filter(user=user, role__in=EDIT_ROLES).select_related("unit"))
    identities = set().union(*(related_identities(m.unit) for m in units))
    drafts = Document.objects.filter(
        status=DocumentStatus.DRAFT, issuer_id__in={m.unit_id for m in units}
    )
    parents = Document.objects.filter(
        status=DocumentStatus.ISSUED, plan__assignments__units__in=identities
    )
    return {"drafts": drafts.count(), "to_derive": parents.distinct().count()}


def _not_due(today: date) -> Q:
    return Q(extended_to__isnull=True, due_on__gte=today) | Q(extended_to__gte=today)


def waiting_for(user: Person, today: date) -> Waiting:
    """What waits for the user in each role the user holds (a few counts per role)."""
    roles = {role for _path, role in scope_for(user).roles}
    counts: dict[str, int] = {}
    if roles & set(REPORTER_ROLES):
        counts |= _as_reporter(user, today)
    if roles & set(RECEIVER_ROLES):
        counts |= _as_leader(user, today)
    if roles & set(EDIT_ROLES):
        counts |= _as_editor(user)
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return Waiting(unread=unread, **counts)
