"""The REST API beyond activities and deadlines: units, documents, plans, assignments,
reports, notifications and the per-plan status; scoping, bad input and query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives.models import Document
from reporting.models import Notification
from tests.builders import api_as, unit, unit_tree
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_units_are_scoped_and_filtered(hy_leader: Any) -> None:
    api = api_as(hy_leader)
    top = unit("2025:33")
    children = api.get("/api/v1/units/", {"parent": top.pk, "page_size": 200}).json()
    assert children["count"] == Unit.objects.filter(parent=top).count() > 0
    assert {row["parent"] for row in children["results"]} == {top.pk}
    communes = api.get("/api/v1/units/", {"kind": "commune", "active": "true"}).json()
    assert communes["count"] > 0 and all(r["kind"] == "commune" for r in communes["results"])
    detail = api.get(f"/api/v1/units/{children['results'][0]['id']}/").json()
    assert [a["id"] for a in detail["ancestors"]] == [top.pk]
    assert api.get(f"/api/v1/units/{unit('ky-lua/ubnd').pk}/").status_code == 404
    bad = api.get("/api/v1/units/", {"level": "abc"})
    assert bad.status_code == 400 and "level" in bad.json()
    foreign_parent = api.get("/api/v1/units/", {"parent": unit("ky-lua/ubnd").pk})
    assert foreign_parent.status_code == 400 and "parent" in foreign_parent.json()
    beyond = api.get("/api/v1/units/", {"page": 9999})
    assert beyond.status_code == 200 and beyond.json()["results"] == []


def test_documents_plans_and_assignments(hy_leader: Any, kyl_reporter: Any) -> None:
    api = api_as(hy_leader)
    directive = Document.objects.get(key="57-NQ/TW")
    detail = api.get(f"/api/v1/documents/{directive.pk}/").json()
    assert detail["reference"] == directive.reference
    assert any(edge["kind"] == "implements" for edge in detail["referenced_by"])
    cascade = api.get(f"/api/v1/documents/{directive.pk}/cascade/").json()
    plan = Document.objects.get(key="seed-001")
    assert plan.pk in {row["document"]["id"] for row in cascade}
    body = api.get(f"/api/v1/plans/{plan.pk}/").json()
    assert body["document"]["id"] == plan.pk
    assert len(body["themes"]) == plan.plan.themes.count() > 0
    assert len(body["assignments"]) == plan.plan.assignments.count()
    assert len(body["duties"]) == plan.plan.duties.count()
    assigned = api.get("/api/v1/assignments/", {"plan": plan.pk}).json()
    assert assigned["count"] == plan.plan.assignments.count()
    other = Document.objects.get(key="seed-004")  # Kỳ Lừa: another province's plan
    assert api.get(f"/api/v1/plans/{other.pk}/").status_code == 404
    assert api_as(kyl_reporter).get(f"/api/v1/plans/{other.pk}/").status_code == 200
    assert api.get("/api/v1/documents/", {"kind": "XX"}).status_code == 400


def test_notifications_are_the_users_own(hy_leader: Any, kyl_reporter: Any) -> None:
    mine = Notification.objects.create(recipient=hy_leader, title="Một", url="/")
    theirs = Notification.objects.create(recipient=kyl_reporter, title="Hai", url="/")
    api = api_as(hy_leader)
    listed = api.get("/api/v1/notifications/", {"unread": "true"}).json()
    assert [n["id"] for n in listed["results"]] == [mine.pk]
    assert api.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert api.post(f"/api/v1/notifications/{mine.pk}/read/").json()["read_at"]
    assert api.get("/api/v1/notifications/", {"unread": "true"}).json()["count"] == 0
    assert api_as(kyl_reporter).post("/api/v1/notifications/read-all/").json() == {"read": 1}


def test_plan_status_lists_each_assigned_unit(hy_leader: Any) -> None:
    plan = Document.objects.get(key="seed-001")
    # The day before the 2025 reform: the districts it assigned still existed (after it
    # they are represented by their successors, see tests/dashboard/test_truth.py).
    response = api_as(hy_leader).get(
        f"/api/v1/plans/{plan.pk}/status/", {"page_size": 200, "on": "2025-06-30"}
    )
    assert response.status_code == 200
    rows = response.json()["results"]
    expected = Unit.objects.filter(assignments__plan__document=plan).distinct().count()
    assert len(rows) == expected > 0
    assert all(set(row) == {"unit", "roles", "plan", "activities", "deadlines"} for row in rows)
    assert api_as(hy_leader).get("/api/v1/plans/99999999/status/").status_code == 404
    foreign = Document.objects.get(key="seed-004")
    assert api_as(hy_leader).get(f"/api/v1/plans/{foreign.pk}/status/").status_code == 404
    assert api_as(hy_leader).get(f"/api/v1/documents/{foreign.pk}/").status_code == 404
    assert api_as(hy_leader).get(f"/api/v1/documents/{foreign.pk}/cascade/").status_code == 404


def test_plan_status_costs_the_same_queries_for_10_and_1000_units(superuser: Any) -> None:
    plan = Document.objects.get(key="seed-000")
    api = api_as(superuser)
    counts = []
    for size in (10, 1000):
        root = unit_tree(f"Trạng thái {size}", size, plan)
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/v1/plans/{plan.pk}/status/", {"page_size": 200})
        assert response.status_code == 200
        rows = response.json()["results"]
        assert len(rows) == min(200, response.json()["count"])
        mine = [r for r in rows if r["unit"]["name"].startswith(root.name)]
        assert mine and all(r["activities"][0]["count"] == 1 for r in mine)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_swagger_ui_is_served_from_local_static_files(hy_leader: Any, client: Any) -> None:
    client.force_login(hy_leader)
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "//unpkg" not in page
    from django.contrib.staticfiles import finders

    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
