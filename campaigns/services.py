"""Writes on activities and their evidence. Every rule about who may log what lives here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import DomainError
from common.text import fold
from common.types import Person, Viewer
from common.validators import is_web_url
from directives.choices import DocumentStatus
from directives.models import Assignment
from units.choices import Role
from units.models import Unit
from units.scope import scope_for
from units.tree import SEGMENT, ancestor_ids

from .models import MAX_QUANTITY, Activity, Evidence
from .uploads import CheckedUpload, check_upload, upload_store

# No campaign of the portal predates Resolution 57 (22/12/2024); an earlier date is a typo.
EARLIEST_ACTIVITY = date(2024, 12, 22)
REPORT_ROLES = (Role.REPORTER, Role.UNIT_ADMIN, Role.EDITOR)
# Foreign keys the caller hands over as objects it already loaded within the user's scope;
# full_clean need not query each of them again (and validate_activity covers the date
# constraint, the table has no other unique or check rule).
RESOLVED = ["assignment", "plan", "unit", "root", "channel", "created_by", "place"]
ACTIVITY_FIELDS = (
    "channel",
    "title",
    "description",
    "started_on",
    "ended_on",
    "quantity",
    "participants",
    "reach",
    "views",
    "place",
    "place_text",
)


def may_report_for(user: Viewer, unit: Unit) -> bool:
    """A member with a reporting role in the unit or in one of its ancestors."""
    if not user.is_authenticated:
        return False
    # The user's memberships are already loaded with their scope (no query here).
    return scope_for(user).has_role_over(unit.path, REPORT_ROLES)


def assignable_units(assignment: Assignment) -> list[Unit]:
    """The units that may log against an assignment: its units (and what lies under them);
    an assignment to a group the plan names only in words takes the issuer's province."""
    units = list(assignment.units.all())
    if units:
        return units
    issuer = assignment.plan.document.issuer
    if issuer is None:
        return []
    return list(Unit.objects.filter(path=issuer.path[:SEGMENT]))


def _unit_fits(unit: Unit, assignment: Assignment) -> bool:
    return any(unit.path.startswith(u.path) for u in assignment_units_cache(assignment))


def assignment_units_cache(assignment: Assignment) -> list[Unit]:
    cached = getattr(assignment, "_assignable_units", None)
    if cached is None:
        cached = assignable_units(assignment)
        # Cached on the instance for the request: not a model attribute.
        assignment._assignable_units = cached  # type: ignore[attr-defined]
    return cached


def _earliest(assignment: Assignment) -> date | None:
    return assignment.plan.document.in_force_from


def _assignment_error(assignment: Assignment) -> str | None:
    if assignment.plan.document.status in (DocumentStatus.ISSUED, DocumentStatus.SUPERSEDED):
        return None
    return _("Kế hoạch này chưa ban hành; chưa ghi được hoạt động.")


def _unit_error(unit: Unit, assignment: Assignment) -> str | None:
    if _unit_fits(unit, assignment):
        return None
    return _("Đơn vị này không được giao nhiệm vụ này.")


def _started_error(started: date | None, earliest: date, today: date) -> str | None:
    if not started:
        return None
    if started > today:
        return _("Ngày thực hiện không được ở tương lai.")
    if started < earliest:
        return _("Ngày thực hiện trước ngày ban hành kế hoạch (%(d)s).") % {
            "d": earliest.strftime("%d/%m/%Y")
        }
    return None


def _ended_error(started: date | None, ended: date | None, today: date) -> str | None:
    if not ended:
        return None
    if started and ended < started:
        return _("Ngày kết thúc không được trước ngày bắt đầu.")
    if ended > today:
        return _("Ngày kết thúc không được ở tương lai.")
    return None


def _quantity_error(quantity: int | None) -> str | None:
    if quantity is None or 0 <= quantity <= MAX_QUANTITY:
        return None
    return _("Số lượng phải từ 0 đến %(max)s.") % {"max": f"{MAX_QUANTITY:,}".replace(",", ".")}


def validate_activity(data: dict[str, Any], assignment: Assignment, unit: Unit) -> None:
    """Field errors in one DomainError (names match the form and the API)."""
    today = timezone.localdate()
    started, ended = data.get("started_on"), data.get("ended_on")
    checks = {
        "assignment": _assignment_error(assignment),
        "unit": _unit_error(unit, assignment),
        "started_on": _started_error(started, _earliest(assignment) or EARLIEST_ACTIVITY, today),
        "ended_on": _ended_error(started, ended, today),
        "quantity": _quantity_error(data.get("quantity")),
    }
    errors = {name: message for name, message in checks.items() if message is not None}
    if errors:
        raise DomainError(errors)


def _root_id(unit: Unit) -> int:
    return ancestor_ids(unit.path)[0]


@transaction.atomic
def activity_log(
    *,
    user: Person,
    assignment: Assignment,
    unit: Unit,
    data: dict[str, Any],
    audiences: Sequence[Any] = (),
    links: Sequence[str] = (),
    files: Sequence[Any] = (),
) -> Activity:
    if not may_report_for(user, unit):
        raise PermissionDenied(_("Bạn không có quyền ghi hoạt động cho đơn vị này."))
    validate_activity(data, assignment, unit)
    activity = Activity(
        assignment=assignment,
        plan=assignment.plan,
        unit=unit,
        unit_path=unit.path,
        root_id=_root_id(unit),
        created_by=user,
        **{name: data.get(name) for name in ACTIVITY_FIELDS if name in data},
    )
    # A new activity has no audiences to clear: set them only when there are some.
    return _activity_save(activity, audiences=list(audiences) or None, links=links, files=files)


def _edit_refusal(user: Viewer, activity: Activity) -> Exception | None:
    """Why the user may not change the activity or its evidence (None: they may)."""
    if not may_report_for(user, activity.unit):
        return PermissionDenied(_("Chỉ đơn vị đã ghi hoạt động mới được sửa hoặc xóa."))
    if activity.locked:
        return DomainError(
            _("Hoạt động đã được tính trong một báo cáo đã nộp nên không sửa, xóa được.")
        )
    return None


def may_edit(user: Viewer, activity: Activity) -> bool:
    """A unit that may report for the activity's unit, while no submitted report counts it."""
    return _edit_refusal(user, activity) is None


def _require_editable(user: Viewer, activity: Activity) -> None:
    refusal = _edit_refusal(user, activity)
    if refusal is not None:
        raise refusal


@transaction.atomic
def activity_update(
    *,
    user: Person,
    activity: Activity,
    data: dict[str, Any],
    audiences: Sequence[Any] | None = None,
    links: Sequence[str] = (),
    files: Sequence[Any] = (),
) -> Activity:
    _require_editable(user, activity)
    merged = {name: data.get(name, getattr(activity, name)) for name in ACTIVITY_FIELDS}
    validate_activity(merged, activity.assignment, activity.unit)
    for name, value in merged.items():
        setattr(activity, name, value)
    return _activity_save(activity, audiences=audiences, links=links, files=files)


def _activity_save(
    activity: Activity,
    *,
    audiences: Sequence[Any] | None,
    links: Sequence[str],
    files: Sequence[Any],
) -> Activity:
    """Validate and save a logged or edited activity, then its audiences (None: keep them)
    and its new evidence."""
    for name in ("description", "place_text"):
        if getattr(activity, name) is None:
            setattr(activity, name, "")
    activity.search_text = fold(f"{activity.title} {activity.description} {activity.place_text}")
    activity.full_clean(exclude=RESOLVED, validate_unique=False, validate_constraints=False)
    activity.save()
    if audiences is not None:
        activity.audiences.set(audiences)
    for url in links:
        evidence_add_link(activity=activity, url=url)
    _evidence_store(activity, files)
    return activity


@transaction.atomic
def activity_delete(*, user: Person, activity: Activity) -> None:
    _require_editable(user, activity)
    for evidence in activity.evidence.all():
        if evidence.file:
            evidence.file.delete(save=False)
    activity.delete()


@transaction.atomic
def evidence_add_files(
    *, user: Person, activity: Activity, uploads: Sequence[Any]
) -> list[Evidence]:
    """Add evidence files to a logged activity: all of them or, if one is refused, none."""
    if not may_edit(user, activity):
        raise PermissionDenied(_("Không có quyền thêm minh chứng."))
    if not uploads:
        raise DomainError({"file": _("Chưa chọn tệp.")})
    return _evidence_store(activity, uploads)


def _evidence_store(activity: Activity, uploads: Sequence[Any]) -> list[Evidence]:
    """Every upload is checked before any is stored (a refused one leaves no file behind)."""
    pairs: list[tuple[Any, CheckedUpload]] = [(u, check_upload(u)) for u in uploads]
    stored: list[Evidence] = []
    for upload, checked in pairs:
        evidence = Evidence(
            activity=activity, kind="file", captured_at=checked.captured_at, **checked.row_fields()
        )
        upload_store(row=evidence, upload=upload, checked=checked)
        stored.append(evidence)
    return stored


def evidence_add_link(*, activity: Activity, url: str) -> Evidence:
    url = url.strip()
    if not is_web_url(url):
        raise DomainError({"links": _("Đường dẫn không hợp lệ: %(url)s") % {"url": url[:120]}})
    return Evidence.objects.create(activity=activity, kind="link", url=url)


def evidence_remove(*, user: Person, evidence: Evidence) -> None:
    _require_editable(user, evidence.activity)
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()
