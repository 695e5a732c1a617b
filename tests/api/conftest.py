"""Rows of every kind for the API's personas, made through the services at a fixed date.

- hy_leader and hy_editor (Hưng Yên) see a deadline of Ban Tuyên giáo và Dân vận with a
  draft report and a pending extension request, and an activity of that board.
- kyl_reporter (Kỳ Lừa) sees two deadlines of the ward's offices, one with a submitted
  report, the other with a pending extension request, and an activity.
- each of the three has a notification.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from campaigns.models import Activity
from directives.models import Assignment, Document, Plan
from reporting.extensions import extension_request
from reporting.models import Deadline, Extension, Notification, Report
from reporting.services import report_submit, report_update
from tests.builders import activity, once_duty_deadlines
from units.models import ApiToken, Unit


def _deadlines(plan_key: str, receiver: str, units: list[str]) -> list[Deadline]:
    return once_duty_deadlines(
        plan_key, receiver, units, due_on=date(2026, 12, 15), until=date(2026, 12, 31)
    )


@pytest.fixture
def world(
    clock: Any, hy_leader: Any, hy_editor: Any, kyl_reporter: Any, btgdv_reporter: Any
) -> dict[str, Any]:
    hy_reporter = btgdv_reporter
    (hy_deadline,) = _deadlines("seed-001", "2025:33", ["hy/btgdv"])
    report_update(user=hy_reporter, deadline=hy_deadline, data={"results": "Đã tuyên truyền"})
    extension_request(
        user=hy_reporter, deadline=hy_deadline, until=date(2026, 12, 30), reason="Chờ số liệu"
    )
    ward = ["ky-lua/phong-kthtdt", "ky-lua/phong-vhxh"]
    submitted, pending = _deadlines("seed-004", "ky-lua/ubnd", ward)
    report_update(user=kyl_reporter, deadline=submitted, data={"results": "Đã tuyên truyền"})
    report_submit(user=kyl_reporter, deadline=submitted)
    extension_request(
        user=kyl_reporter, deadline=pending, until=date(2026, 12, 30), reason="Chờ số liệu"
    )
    hy_plan = Assignment.objects.filter(plan__document__key="seed-001").order_by("position")
    activity(hy_reporter, assignment=hy_plan.first(), where="hy/btgdv")
    kyl_plan = Assignment.objects.filter(plan__document__key="seed-004")
    activity(kyl_reporter, assignment=kyl_plan.get(units__key="ky-lua/phong-vhxh"))
    for user in (hy_leader, hy_editor, kyl_reporter):
        Notification.objects.create(recipient=user, title="Nhắc hạn báo cáo", url="/")
    return {"hy_reporter": hy_reporter, "hy_deadline": hy_deadline, "kyl_deadline": pending}


def _ids(queryset: Any, field: str = "pk") -> list[int]:
    return list(queryset.order_by(field).values_list(field, flat=True)[:20])


def visible_ids(user: Any) -> dict[str, list[int]]:
    """Ids of rows the user may see, by the first path segment after /api/v1/ (and `eid`
    for extension requests)."""
    deadlines = Deadline.objects.visible_to(user)
    return {
        "units": _ids(Unit.objects.visible_to(user).filter(depth__lte=1)),
        "documents": _ids(Document.objects.visible_to(user)),
        "plans": _ids(Plan.objects.visible_to(user), "document_id"),
        "assignments": _ids(Assignment.objects.visible_to(user)),
        "activities": _ids(Activity.objects.visible_to(user)),
        "deadlines": _ids(deadlines),
        "reports": _ids(Report.objects.visible_to(user)),
        "notifications": _ids(Notification.objects.filter(recipient=user)),
        "auth": _ids(ApiToken.objects.owned_by(user)),
        "eid": _ids(Extension.objects.filter(deadline__in=deadlines)),
    }
