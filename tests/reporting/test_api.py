"""The reporting API: deadlines with their timeliness, the report workflow and extensions,
with 4xx and clear messages on bad input and nothing saved lost."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from reporting.choices import ReportStatus
from reporting.models import Deadline, Extension, Report
from tests.builders import api_as, unit

pytestmark = pytest.mark.django_db

API = "/api/v1/deadlines/"


def test_deadlines_are_scoped_and_carry_their_timeliness(
    cam_giang: dict, kyl_reporter: Any
) -> None:
    key = cam_giang["keys"][0]
    mine = api_as(cam_giang["reporters"][key]).get(API).json()
    assert {row["unit"] for row in mine["results"]} == {unit(key).pk}
    row = mine["results"][0]
    assert row["timeliness"] in {"not_due", "overdue"} and row["report_status"] is None
    leader = api_as(cam_giang["leader"]).get(API, {"state": "open"}).json()
    assert leader["count"] == Deadline.objects.filter(duty=cam_giang["duty"]).count()
    assert api_as(kyl_reporter).get(API).json()["count"] == 0
    deadline = cam_giang["deadlines"][key]
    assert api_as(kyl_reporter).get(f"{API}{deadline.pk}/").status_code == 404
    assert api_as(kyl_reporter).post(f"{API}{deadline.pk}/submit/").status_code == 404
    assert api_as(kyl_reporter).get(f"{API}99999999999999999999/").status_code == 404
    assert api_as(cam_giang["leader"]).get(API, {"state": "bogus"}).status_code == 400


def test_report_workflow_and_its_bad_input(cam_giang: dict, clock: Any) -> None:
    key = cam_giang["keys"][0]
    deadline = cam_giang["deadlines"][key]
    reporter, leader = api_as(cam_giang["reporters"][key]), api_as(cam_giang["leader"])
    url = f"{API}{deadline.pk}/"

    assert reporter.get(f"{url}report/").status_code == 404
    saved = reporter.put(f"{url}report/", {"results": "Kết quả tốt"}, format="json")
    assert saved.status_code == 200 and saved.json()["status"] == "draft"
    too_long = reporter.patch(f"{url}report/", {"results": "x" * 20_001}, format="json")
    assert too_long.status_code == 400 and "results" in too_long.json()
    assert Report.objects.get(deadline=deadline).results == "Kết quả tốt"

    first = reporter.post(f"{url}submit/")
    second = reporter.post(f"{url}submit/")  # idempotent
    assert first.status_code == second.status_code == 200
    assert second.json()["status"] == "submitted"
    assert [e["action"] for e in second.json()["events"]] == ["draft", "submitted"]

    assert reporter.post(f"{url}accept/").status_code == 403
    no_reason = leader.post(f"{url}return/", {"reason": "   "}, format="json")
    assert no_reason.status_code == 400 and "lý do" in no_reason.json()["reason"][0]
    assert Report.objects.get(deadline=deadline).status == ReportStatus.SUBMITTED
    edit_submitted = reporter.patch(f"{url}report/", {"results": "đổi"}, format="json")
    assert edit_submitted.status_code == 400
    assert Report.objects.get(deadline=deadline).results == "Kết quả tốt"

    accepted = leader.post(f"{url}accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    after = reporter.post(f"{url}submit/")
    assert after.status_code == 400 and "tiếp nhận" in after.json()["non_field_errors"][0]
    english = api_as(cam_giang["reporters"][key], "en").post(f"{url}submit/")
    assert english.status_code == 400 and "accepted" in english.json()["non_field_errors"][0]
    detail = reporter.get(url).json()
    assert detail["report_status"] == "accepted" and detail["timeliness"] == "on_time"


def test_extensions_through_the_api(cam_giang: dict, clock: Any) -> None:
    key = cam_giang["keys"][1]
    deadline = cam_giang["deadlines"][key]
    reporter, leader = api_as(cam_giang["reporters"][key]), api_as(cam_giang["leader"])
    url = f"{API}{deadline.pk}/extensions/"
    past = reporter.post(url, {"requested_until": "2020-02-01", "reason": "x"}, format="json")
    assert past.status_code == 400 and "requested_until" in past.json()
    impossible = reporter.post(url, {"requested_until": "2026-02-31", "reason": "x"}, format="json")
    assert impossible.status_code == 400 and "requested_until" in impossible.json()
    until = deadline.due_on + timedelta(days=5)  # the clock is fixed at 20/11/2026
    created = reporter.post(
        url, {"requested_until": until.isoformat(), "reason": "Chờ số liệu"}, format="json"
    )
    assert created.status_code == 201
    twice = reporter.post(
        url, {"requested_until": until.isoformat(), "reason": "lần nữa"}, format="json"
    )
    assert twice.status_code == 400 and Extension.objects.filter(deadline=deadline).count() == 1
    eid = created.json()["id"]
    decide = f"{API}{deadline.pk}/extensions/{eid}/decide/"
    assert reporter.post(decide, {"decision": "grant"}, format="json").status_code == 403
    assert leader.post(decide, {"decision": "maybe"}, format="json").status_code == 400
    granted = leader.post(decide, {"decision": "grant", "note": "ok"}, format="json")
    assert granted.status_code == 200 and granted.json()["status"] == "granted"
    assert reporter.get(f"{API}{deadline.pk}/").json()["effective_due_on"] == until.isoformat()
    again = leader.post(decide, {"decision": "refuse"}, format="json")
    assert again.status_code == 400


def test_the_schema_lists_the_reporting_endpoints(cam_giang: dict) -> None:
    schema = api_as(cam_giang["leader"]).get("/api/schema/", {"format": "json"}).json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/deadlines/",
        "/api/v1/deadlines/{id}/report/",
        "/api/v1/deadlines/{id}/submit/",
        "/api/v1/deadlines/{id}/return/",
        "/api/v1/deadlines/{id}/accept/",
        "/api/v1/deadlines/{id}/extensions/",
    } <= paths


def test_deadlines_filter_by_a_unit_keeps_the_units_under_it(cam_giang: dict) -> None:
    first, second = cam_giang["keys"][:2]
    commune = unit(first)
    assert commune.parent is not None
    leader = api_as(cam_giang["leader"])
    own = leader.get(API, {"unit": commune.pk, "page_size": 500}).json()
    assert {row["unit"] for row in own["results"]} == {commune.pk}
    under_parent = leader.get(API, {"unit": commune.parent.pk, "page_size": 500}).json()
    assert {commune.pk, unit(second).pk} <= {row["unit"] for row in under_parent["results"]}
