"""Who acts on a deadline (its unit's reporters, its receiver's leaders) and who is told:
the checks and the in-app notifications the report and extension workflows share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from common.types import Viewer
from units.choices import Role
from units.models import Membership
from units.scope import scope_for
from units.tree import ancestor_paths

from .models import Deadline, Notification
from .reminders import REPORTER_ROLES

RECEIVER_ROLES = (Role.LEADER, Role.UNIT_ADMIN)


def may_report(user: Viewer, deadline: Deadline) -> bool:
    return scope_for(user).has_role_over(deadline.unit.path, REPORTER_ROLES)


def may_receive(user: Viewer, deadline: Deadline) -> bool:
    receiver = deadline.duty.receiver
    return receiver is not None and scope_for(user).has_role_over(receiver.path, RECEIVER_ROLES)


def require_reporter(user: Viewer, deadline: Deadline) -> None:
    if not may_report(user, deadline):
        raise PermissionDenied(_("Bạn không có quyền báo cáo cho đơn vị này."))


def require_receiver(user: Viewer, deadline: Deadline) -> None:
    if not may_receive(user, deadline):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị nhận báo cáo mới được xử lý."))


def receivers_of(deadline: Deadline) -> set[int]:
    """The users who may accept the deadline's report: leaders (and administrators) of the
    receiving unit or of a unit above it, the same people `may_receive` lets decide."""
    receiver = deadline.duty.receiver
    if receiver is None:
        return set()
    return set(
        Membership.objects.filter(
            unit__path__in=ancestor_paths(receiver.path), role__in=RECEIVER_ROLES
        ).values_list("user_id", flat=True)
    )


def reporters_of(deadline: Deadline) -> set[int]:
    """The users who report for the deadline's unit."""
    return set(
        Membership.objects.filter(unit_id=deadline.unit_id, role__in=REPORTER_ROLES).values_list(
            "user_id", flat=True
        )
    )


def notify(user_ids: set[int], title: str, deadline: Deadline, body: str = "", *, key: str) -> None:
    """In-app notifications about a report's workflow (reminders have their own transports),
    written in the caller's transaction with the state change they announce. `key` names the
    event: each person is told of it once, however often the action is retried or raced."""
    url = reverse("reporting:deadline", args=[deadline.pk])
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=uid, title=title[:300], body=body, url=url, key=f"{key}:{uid}"[:120]
            )
            for uid in sorted(user_ids)
        ],
        ignore_conflicts=True,
    )
