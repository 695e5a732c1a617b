"""After `load_demo`, the leaders' dashboard shows a campaign under way: some of the units the
seed plans assign have issued their implementing plan (on time or late), the others not yet;
the plan status API says the same of each unit; a second run issues nothing more."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo.answers import ANSWER_TITLE
from directives.models import Document
from tests.builders import api_as, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(clock: Any, settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    call_command("load_demo", password="demo-pass-123", stdout=io.StringIO())


def _status(user: Any, plan_id: int) -> dict[int, Any]:
    response = api_as(user).get(f"/api/v1/plans/{plan_id}/status/", {"page_size": 200})
    assert response.status_code == 200
    body = response.json()
    assert body.get("next") is None
    return {row["unit"]["id"]: row["plan"] for row in body["results"]}


def test_hung_yen_coverage_is_partial_and_agrees_with_the_status_api(demo: None) -> None:
    leader = get_user_model().objects.get(username="lanhdao.hungyen")
    response = signed_in(leader).get("/dashboard/")
    assert response.status_code == 200
    coverage = response.context["coverage"]
    assert 0 < coverage.issued < len(coverage.rows)
    assert 0 < coverage.percent < 100
    # Issued after the plan that assigns them, never before.
    assert all(row.lag is None or row.lag > 0 for row in coverage.rows if row.plan is not None)
    statuses: dict[int, dict[int, Any]] = {}
    for row in coverage.rows:
        assert row.assigned_by is not None
        status = statuses.setdefault(row.assigned_by.pk, _status(leader, row.assigned_by.pk))
        assert row.unit.pk in status, row.unit.name
        answered = status[row.unit.pk]
        if row.plan is None:
            assert answered is None, row.unit.name
        else:
            assert answered is not None and answered["id"] == row.plan.pk, row.unit.name


def test_a_second_run_issues_no_more_plans(demo: None) -> None:
    before = Document.objects.filter(title=ANSWER_TITLE).count()
    assert before > 0
    out = io.StringIO()
    call_command("load_demo", password="demo-pass-123", stdout=out)
    assert Document.objects.filter(title=ANSWER_TITLE).count() == before
    assert "Demo implementing plans issued: 0" in out.getvalue()
