"""What a user reported or decided is never deleted by a cascade: not with its plan, nor
with the person (people are deactivated, not deleted)."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError

from directives.models import Document
from reporting.models import Deadline, Report, ReportEvent
from reporting.services import report_accept, report_submit

pytestmark = pytest.mark.django_db


def _accepted(cam_giang: dict) -> Report:
    key = cam_giang["keys"][0]
    report = report_submit(user=cam_giang["reporters"][key], deadline=cam_giang["deadlines"][key])
    return report_accept(user=cam_giang["leader"], report=report)


def test_deleting_a_plan_keeps_its_accepted_reports_and_their_steps(cam_giang: dict) -> None:
    report = _accepted(cam_giang)
    document = Document.objects.get(key="seed-002")
    with pytest.raises(ProtectedError):
        document.delete()
    assert Report.objects.filter(pk=report.pk, status="accepted").exists()
    assert ReportEvent.objects.filter(report=report).count() == 3
    assert Deadline.objects.filter(pk=report.deadline_id, submitted_at__isnull=False).exists()


def test_a_plan_whose_deadlines_nobody_touched_can_still_go(cam_giang: dict) -> None:
    duty = cam_giang["duty"]
    untouched = Deadline.objects.filter(duty=duty, report__isnull=True, extensions__isnull=True)
    count = untouched.count()
    assert count > 0
    untouched.delete()  # nothing anybody reported or decided hangs on them
    assert not Deadline.objects.filter(duty=duty, report__isnull=True).exists()


def test_people_who_reported_or_decided_are_deactivated_not_deleted(cam_giang: dict) -> None:
    report = _accepted(cam_giang)
    reporter = report.events.get(action="submitted").actor
    leader = report.events.get(action="accepted").actor
    for person in (reporter, leader):
        with pytest.raises(ProtectedError):
            person.delete()
    reporter.is_active = False
    reporter.save()
    events = {e.action: e.actor for e in ReportEvent.objects.filter(report=report)}
    assert events["submitted"] == reporter and events["accepted"] == leader
