"""The bell of the leaders who must decide: a submitted report and an extension request
reach every leader of the receiving unit (or of a unit above it) once, with a link."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from reporting.access import may_receive
from reporting.extensions import extension_decide, extension_request
from reporting.models import Notification
from reporting.services import report_return, report_submit
from tests.builders import CamGiang, member
from units.choices import Role


def _unread(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, read_at__isnull=True))


def _leaders(cam_giang: CamGiang) -> list[Any]:
    """The receiver's own leader and a leader of the unit above it (who may decide too)."""
    receiver = cam_giang["duty"].receiver
    assert receiver is not None and receiver.parent is not None
    above = member("cg-tren-leader", receiver.parent, Role.LEADER)
    return [cam_giang["leader"], above]


def test_submitted_report_rings_each_receiver_leader_once(cam_giang: CamGiang, clock: Any) -> None:
    key = cam_giang["keys"][0]
    deadline, reporter = cam_giang["deadlines"][key], cam_giang["reporters"][key]
    leaders = _leaders(cam_giang)
    outsider = member("cg-other-reporter", cam_giang["keys"][1], Role.REPORTER)

    report_submit(user=reporter, deadline=deadline)
    report_submit(user=reporter, deadline=deadline)  # a retried request

    for leader in leaders:
        assert may_receive(leader, deadline)
        (bell,) = _unread(leader)
        assert bell.url == reverse("reporting:deadline", args=[deadline.pk])
        assert deadline.period_label in bell.title
    assert _unread(reporter) == [] and _unread(outsider) == []


def test_resubmission_after_a_return_rings_again(cam_giang: CamGiang, clock: Any) -> None:
    key = cam_giang["keys"][0]
    deadline, reporter, leader = (
        cam_giang["deadlines"][key],
        cam_giang["reporters"][key],
        cam_giang["leader"],
    )
    report = report_submit(user=reporter, deadline=deadline)
    report_return(user=leader, report=report, reason="Thiếu số liệu")
    report_submit(user=reporter, deadline=deadline)
    assert len(_unread(leader)) == 2


def test_extension_request_rings_each_receiver_leader_once(cam_giang: CamGiang, clock: Any) -> None:
    key = cam_giang["keys"][0]
    deadline, reporter = cam_giang["deadlines"][key], cam_giang["reporters"][key]
    leaders = _leaders(cam_giang)

    extension = extension_request(
        user=reporter, deadline=deadline, until=date(2027, 1, 15), reason="Bão lũ"
    )
    for leader in leaders:
        (bell,) = _unread(leader)
        assert bell.url == reverse("reporting:deadline", args=[deadline.pk])
        assert "15/01/2027" in bell.title and bell.body == "Bão lũ"

    extension_decide(user=leaders[0], extension=extension, grant=True)
    assert len(_unread(reporter)) == 1
    assert [len(_unread(leader)) for leader in leaders] == [1, 1]
