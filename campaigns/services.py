"""Writes on activities and their evidence. Every rule about who may log what lives here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import fold
from directives.choices import DocumentStatus
from directives.models import Assignment, Channel
from units.choices import Role
from units.models import Unit
from units.scope import scope_for
from units.tree import SEGMENT, ancestor_ids

from .models import MAX_QUANTITY, Activity, Evidence
from .uploads import check_upload

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


def may_report_for(user: Any, unit: Unit) -> bool:
    """A member with a reporting role in the unit or in one of its ancestors."""
    if not getattr(user, "is_authenticated", False):
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
        assignment._assignable_units = cached  # type: ignore[attr-defined]
    return cached


def _earliest(assignment: Assignment) -> date | None:
    return assignment.plan.document.in_force_from


def validate_activity(data: dict[str, Any], assignment: Assignment, unit: Unit) -> None:
    """Field errors in one ValidationError (names match the form and the API)."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if assignment.plan.document.status not in (DocumentStatus.ISSUED, DocumentStatus.SUPERSEDED):
        errors["assignment"] = _("Kế hoạch này chưa ban hành; chưa ghi được hoạt động.")
    if not _unit_fits(unit, assignment):
        errors["unit"] = _("Đơn vị này không được giao nhiệm vụ này.")
    started, ended = data.get("started_on"), data.get("ended_on")
    earliest = _earliest(assignment) or EARLIEST_ACTIVITY
    if started and started > today:
        errors["started_on"] = _("Ngày thực hiện không được ở tương lai.")
    elif started and earliest and started < earliest:
        errors["started_on"] = _("Ngày thực hiện trước ngày ban hành kế hoạch (%(d)s).") % {
            "d": earliest.strftime("%d/%m/%Y")
        }
    if ended and started and ended < started:
        errors["ended_on"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
    elif ended and ended > today:
        errors["ended_on"] = _("Ngày kết thúc không được ở tương lai.")
    quantity = data.get("quantity")
    if quantity is not None and not 0 <= quantity <= MAX_QUANTITY:
        errors["quantity"] = _("Số lượng phải từ 0 đến %(max)s.") % {
            "max": f"{MAX_QUANTITY:,}".replace(",", ".")
        }
    if errors:
        raise ValidationError(errors)


def _root_id(unit: Unit) -> int:
    return ancestor_ids(unit.path)[0]


@transaction.atomic
def activity_log(
    *,
    user: Any,
    assignment: Assignment,
    unit: Unit,
    data: dict[str, Any],
    audiences: list[Any] = (),
    links: list[str] = (),
    files: list[Any] = (),  # type: ignore[assignment]
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
    for name in ("description", "place_text"):
        if getattr(activity, name) is None:
            setattr(activity, name, "")
    activity.search_text = fold(f"{activity.title} {activity.description} {activity.place_text}")
    activity.full_clean(exclude=RESOLVED, validate_unique=False, validate_constraints=False)
    activity.save()
    if audiences:
        activity.audiences.set(audiences)
    for url in links:
        evidence_add_link(activity=activity, url=url)
    for upload in files:
        evidence_add_file(activity=activity, upload=upload)
    return activity


def _require_editable(user: Any, activity: Activity) -> None:
    if not may_report_for(user, activity.unit):
        raise PermissionDenied(_("Chỉ đơn vị đã ghi hoạt động mới được sửa hoặc xóa."))
    if activity.locked:
        raise ValidationError(
            _("Hoạt động đã được tính trong một báo cáo đã nộp nên không sửa, xóa được.")
        )


@transaction.atomic
def activity_update(
    *,
    user: Any,
    activity: Activity,
    data: dict[str, Any],
    audiences: list[Any] | None = None,
    links: list[str] = (),
    files: list[Any] = (),  # type: ignore[assignment]
) -> Activity:
    _require_editable(user, activity)
    merged = {name: data.get(name, getattr(activity, name)) for name in ACTIVITY_FIELDS}
    validate_activity(merged, activity.assignment, activity.unit)
    for name, value in merged.items():
        setattr(
            activity, name, "" if value is None and name in ("description", "place_text") else value
        )
    activity.search_text = fold(f"{activity.title} {activity.description} {activity.place_text}")
    activity.full_clean(exclude=RESOLVED, validate_unique=False, validate_constraints=False)
    activity.save()
    if audiences is not None:
        activity.audiences.set(audiences)
    for url in links:
        evidence_add_link(activity=activity, url=url)
    for upload in files:
        evidence_add_file(activity=activity, upload=upload)
    return activity


@transaction.atomic
def activity_delete(*, user: Any, activity: Activity) -> None:
    _require_editable(user, activity)
    for evidence in activity.evidence.all():
        if evidence.file:
            evidence.file.delete(save=False)
    activity.delete()


def evidence_add_file(*, activity: Activity, upload: Any) -> Evidence:
    checked = check_upload(upload)
    evidence = Evidence(
        activity=activity,
        kind="file",
        original_name=checked.display_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        captured_at=checked.captured_at,
    )
    upload.seek(0)
    evidence.file.save(checked.stored_name, File(upload), save=False)
    evidence.save()
    return evidence


_url = URLValidator(schemes=["http", "https"])


def evidence_add_link(*, activity: Activity, url: str) -> Evidence:
    url = url.strip()
    try:
        _url(url)
    except ValidationError:
        raise ValidationError(
            {"links": _("Đường dẫn không hợp lệ: %(url)s") % {"url": url[:120]}}
        ) from None
    return Evidence.objects.create(activity=activity, kind="link", url=url)


def evidence_remove(*, user: Any, evidence: Evidence) -> None:
    _require_editable(user, evidence.activity)
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()


@dataclass
class ActivityInput:
    """What forms, the API and the spreadsheet import hand to the services."""

    assignment: Assignment
    unit: Unit
    data: dict[str, Any]
    audiences: list[Any]
    links: list[str]


def channel_by_code(code: str) -> Channel | None:
    return Channel.objects.filter(code=code, is_active=True).first()
