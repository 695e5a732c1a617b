"""Report and extension workflows under concurrency: of two actions on the same state
exactly one is applied; the other is refused (409 on the API) and nothing is recorded twice."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from rest_framework.test import APIClient

from common.exceptions import Conflict
from reporting.choices import ExtensionStatus, ReportStatus
from reporting.extensions import extension_decide, extension_request
from reporting.models import Deadline, Extension, Report, ReportEvent
from reporting.services import (
    report_accept,
    report_return,
    report_submit,
)
from tests.builders import member, unit
from units.services import membership_add

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _clock() -> Any:
    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.mark.django_db
def test_a_decision_on_a_report_someone_else_just_decided_is_a_conflict(cam_giang: dict) -> None:
    key = cam_giang["keys"][0]
    report_submit(user=cam_giang["reporters"][key], deadline=cam_giang["deadlines"][key])
    seen_by_first = Report.objects.get(deadline=cam_giang["deadlines"][key])
    seen_by_second = Report.objects.get(pk=seen_by_first.pk)
    second_leader = _second_leader(cam_giang)
    report_accept(user=cam_giang["leader"], report=seen_by_first)
    with pytest.raises(Conflict):
        report_return(user=second_leader, report=seen_by_second, reason="Thiếu số liệu")
    deadline = Deadline.objects.get(pk=cam_giang["deadlines"][key].pk)
    assert Report.objects.get(pk=seen_by_first.pk).status == ReportStatus.ACCEPTED
    assert deadline.submitted_at is not None  # an accepted report's deadline stays submitted
    assert _actions(seen_by_first) == ["draft", "submitted", "accepted"]


@pytest.mark.django_db
def test_whoever_submitted_a_report_may_not_accept_it(cam_giang: dict, make_member: Any) -> None:
    key = cam_giang["keys"][0]
    # A person who is both the unit's reporter and a leader of the receiver.
    both = make_member("both-hats", key, "reporter")
    membership_add(user=both, unit=unit("cg/ubnd"), role="leader")
    report = report_submit(user=both, deadline=cam_giang["deadlines"][key])
    with pytest.raises(PermissionDenied):
        report_accept(user=both, report=report)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    accepted = report_accept(user=cam_giang["leader"], report=report)
    assert accepted.status == ReportStatus.ACCEPTED


@pytest.mark.django_db
def test_a_request_may_not_be_decided_by_whoever_asked(cam_giang: dict, make_member: Any) -> None:
    key = cam_giang["keys"][0]
    both = make_member("asks-and-decides", key, "reporter")
    membership_add(user=both, unit=unit("cg/ubnd"), role="leader")
    deadline = cam_giang["deadlines"][key]
    extension = extension_request(
        user=both, deadline=deadline, until=date(2026, 12, 20), reason="Chờ số liệu"
    )
    with pytest.raises(PermissionDenied):
        extension_decide(user=both, extension=extension, grant=True)
    assert Extension.objects.get(pk=extension.pk).status == ExtensionStatus.PENDING


@pytest.mark.django_db
def test_a_report_returned_and_submitted_again_is_not_accepted_from_the_old_view(
    cam_giang: dict,
) -> None:
    key = cam_giang["keys"][0]
    deadline = cam_giang["deadlines"][key]
    report_submit(user=cam_giang["reporters"][key], deadline=deadline)
    stale = Report.objects.get(deadline=deadline)
    report_return(user=_second_leader(cam_giang), report=stale, reason="Bổ sung")
    with time_machine.travel(TODAY + timedelta(days=1)):
        report_submit(user=cam_giang["reporters"][key], deadline=deadline)
    with pytest.raises(Conflict):
        report_accept(user=cam_giang["leader"], report=stale)  # saw the first submission
    assert Report.objects.get(pk=stale.pk).status == ReportStatus.SUBMITTED


@pytest.mark.django_db
def test_the_api_answers_409_to_a_decision_on_a_report_already_decided(cam_giang: dict) -> None:
    key = cam_giang["keys"][0]
    deadline = cam_giang["deadlines"][key]
    report_submit(user=cam_giang["reporters"][key], deadline=deadline)
    first, second = APIClient(), APIClient()
    first.force_authenticate(cam_giang["leader"])
    second.force_authenticate(_second_leader(cam_giang))
    assert first.post(f"/api/v1/deadlines/{deadline.pk}/accept/").status_code == 200
    late = second.post(f"/api/v1/deadlines/{deadline.pk}/return/", {"reason": "x"}, format="json")
    assert late.status_code == 409 and "tải lại" in late.json()["detail"]
    assert Report.objects.get(deadline=deadline).status == ReportStatus.ACCEPTED
    assert second.post(f"/api/v1/deadlines/{deadline.pk}/accept/").status_code == 200


def _second_leader(cam_giang: dict) -> Any:
    return member("cg-ubnd-leader-2", "cg/ubnd", "leader")


def _actions(report: Report) -> list[str]:
    return list(
        ReportEvent.objects.filter(report=report)
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def _race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at once, each on its own connection; returns results or exceptions."""
    outcomes: list[Any] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[i] = call()
        except Exception as exc:  # the loser's refusal is the point
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_parallel_submits_accepts_and_returns_apply_once(
    seeded_transactional_db: None, cam_giang: dict
) -> None:
    leaders = [cam_giang["leader"], _second_leader(cam_giang)]
    for key in cam_giang["keys"]:
        deadline = Deadline.objects.get(pk=cam_giang["deadlines"][key].pk)
        reporter = cam_giang["reporters"][key]
        # The same report submitted from two devices at once: recorded once.
        _race(
            lambda d=deadline, r=reporter: report_submit(user=r, deadline=d),
            lambda d=deadline, r=reporter: report_submit(user=r, deadline=d),
        )
        report = Report.objects.get(deadline=deadline)
        assert report.status == ReportStatus.SUBMITTED
        assert Counter(_actions(report))["submitted"] == 1
        # Two leaders decide at once, one accepting, the other returning: one decision.
        outcomes = _race(
            lambda rep=report: report_accept(user=leaders[0], report=rep),
            lambda rep=report: report_return(user=leaders[1], report=rep, reason="Bổ sung"),
        )
        assert sum(isinstance(o, Conflict) for o in outcomes) == 1, outcomes
        assert sum(isinstance(o, Report) for o in outcomes) == 1, outcomes
        report.refresh_from_db()
        deadline.refresh_from_db()
        decisions = Counter(_actions(report))
        assert decisions["accepted"] + decisions["returned"] == 1
        assert (deadline.submitted_at is None) == (report.status == ReportStatus.RETURNED)


@pytest.mark.django_db(transaction=True)
def test_parallel_extension_requests_and_decisions_apply_once(
    seeded_transactional_db: None, cam_giang: dict
) -> None:
    key = cam_giang["keys"][0]
    deadline = Deadline.objects.get(pk=cam_giang["deadlines"][key].pk)
    reporter = cam_giang["reporters"][key]
    until = deadline.due_on + timedelta(days=10)
    outcomes = _race(
        lambda: extension_request(user=reporter, deadline=deadline, until=until, reason="a"),
        lambda: extension_request(user=reporter, deadline=deadline, until=until, reason="b"),
    )
    assert sum(isinstance(o, Extension) for o in outcomes) == 1
    assert Extension.objects.filter(deadline=deadline).count() == 1
    extension = Extension.objects.get(deadline=deadline)
    leaders = [cam_giang["leader"], _second_leader(cam_giang)]
    outcomes = _race(
        lambda: extension_decide(user=leaders[0], extension=extension, grant=True),
        lambda: extension_decide(user=leaders[1], extension=extension, grant=False),
    )
    assert sum(isinstance(o, Extension) for o in outcomes) == 1
    assert sum(isinstance(o, (Conflict, ValidationError)) for o in outcomes) == 1
    extension.refresh_from_db()
    deadline.refresh_from_db()
    assert (deadline.extended_to == until) == (extension.status == ExtensionStatus.GRANTED)
