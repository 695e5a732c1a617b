"""Shared by the reporting tests: the Cẩm Giàng annual duty (seed 002) with three communes'
reporters and the receiving UBND's leader, and a way to log their activities."""

from __future__ import annotations

from datetime import UTC, date
from typing import Any

import pytest
import time_machine

from campaigns.services import activity_log
from directives.choices import DutyRule
from directives.models import Assignment, Channel, Document, ReportingDuty
from reporting.deadlines import deadlines_generate
from reporting.models import Deadline
from tests.conftest import unit


@pytest.fixture
def cam_giang(make_member: Any) -> dict[str, Any]:
    duty = ReportingDuty.objects.get(plan__document__key="seed-002", rule=DutyRule.ANNUAL)
    deadlines_generate(duty=duty, until=date(2026, 12, 31))
    deadlines = {
        d.unit.key: d
        for d in Deadline.objects.filter(duty=duty, period_start=date(2026, 1, 1)).select_related(
            "unit"
        )
    }
    keys = sorted(deadlines)[:3]
    reporters = {key: make_member(f"rep-{key}", key, "reporter") for key in keys}
    leader = make_member("cg-ubnd-leader", "cg/ubnd", "leader")
    return {
        "duty": duty,
        "deadlines": deadlines,
        "keys": keys,
        "reporters": reporters,
        "leader": leader,
    }


def log_activity(user: Any, unit_key: str, quantity: int, day: date) -> None:
    """A loudspeaker activity of `unit_key` under seed 002's last assignment (UBND các xã)."""
    document = Document.objects.get(key="seed-002")
    assignment = Assignment.objects.filter(plan=document.plan).order_by("position").last()
    assignment.units.add(unit(unit_key))
    activity_log(
        user=user,
        assignment=assignment,
        unit=unit(unit_key),
        data={
            "channel": Channel.objects.get(code="loudspeaker"),
            "title": "Phát thanh",
            "started_on": day,
            "quantity": quantity,
            "reach": 100 * quantity,
        },
    )


def two_accepted_one_late(cam_giang: dict[str, Any]) -> list[str]:
    """The first two communes log 3 and 5 broadcasts and have their reports accepted; the
    third submits on 14/12/2026, four days after the 10/12 deadline."""
    from django.utils import timezone

    from reporting.services import report_accept, report_submit

    first, second, third = cam_giang["keys"]
    for key, quantity in ((first, 3), (second, 5)):
        log_activity(cam_giang["reporters"][key], key, quantity, date(2026, 6, 1))
        with time_machine.travel(timezone.datetime(2026, 12, 8, 9, tzinfo=UTC)):  # on time
            report_accept(
                user=cam_giang["leader"],
                report=report_submit(
                    user=cam_giang["reporters"][key], deadline=cam_giang["deadlines"][key]
                ),
            )
    Deadline.objects.filter(pk=cam_giang["deadlines"][third].pk).update(
        submitted_at=timezone.make_aware(timezone.datetime(2026, 12, 14, 9))
    )
    return [first, second, third]
