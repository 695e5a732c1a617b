"""The leader's dashboard over the seeds: coverage of 57-NQ/TW, activities, timeliness,
exports, the nudge, scoping, bad filters, and a query count independent of the unit count."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Activity
from dashboard import selectors
from directives.choices import AssignmentRole, DocumentStatus, DutyRule
from directives.models import (
    Document,
)
from reporting.choices import ReminderStatus, ReminderStep
from reporting.models import Deadline, Notification, Reminder
from reporting.reminders import reminders_sweep
from tests.builders import member, seed_duty, signed_in, unit, unit_tree
from units.choices import UnitKind
from units.models import Unit

pytestmark = pytest.mark.django_db

URL = "/dashboard/"


def test_hung_yen_leader_sees_the_coverage_of_57(hy_leader: Any) -> None:
    response = signed_in(hy_leader).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    directive = Document.objects.get(key="57-NQ/TW")
    assert str(directive) in page and 'data-testid="coverage-percent"' in page
    scope = response.context["scope"]
    assert scope.root == unit("2025:33") and scope.directive == directive
    # The cascade is cut to this province: Cần Thơ's plan implementing 57 is not in it.
    assert Document.objects.get(key="seed-001").pk in scope.documents
    assert Document.objects.get(key="seed-003").pk not in scope.documents
    assert (
        Document.objects.get(key="seed-003").pk
        in selectors.make_scope(
            user=hy_leader,
            root=unit("ct/thanh-uy"),
            directive=directive,
            date_from=date(2025, 1, 1),
            date_to=date(2025, 12, 31),
        ).documents
    )
    # Every unit the seeds' Hưng Yên plans assign was abolished on 30/6/2025 with no
    # successor: after that they are no rows of their own (not "not issued").
    assert scope.date_to > date(2025, 6, 30) and response.context["coverage"].rows == []
    assert "—" in page.split('data-testid="coverage-percent"')[1][:20]
    before = signed_in(hy_leader).get(URL, {"date_to": "2025-06-30"})
    scope = before.context["scope"]
    coverage = before.context["coverage"]
    assigned = set(
        Unit.objects.filter(
            scope.under("path"),
            assignments__plan__document_id__in=scope.documents,
            assignments__role__in=[AssignmentRole.LEAD, AssignmentRole.IMPLEMENT],
        ).values_list("pk", flat=True)
    )
    assert assigned and {r.unit.pk for r in coverage.rows} == assigned
    issued = {
        r.unit.pk
        for r in coverage.rows
        if Document.objects.filter(
            pk__in=scope.documents, issuer_id=r.unit.pk, status=DocumentStatus.ISSUED
        ).exists()
    }
    assert {r.unit.pk for r in coverage.rows if r.plan} == issued
    assert sum(level["expected"] for level in coverage.levels) == len(assigned)


def test_drill_down_and_scope(hy_leader: Any, kyl_reporter: Any) -> None:
    client = signed_in(hy_leader)
    child = Unit.objects.filter(parent=unit("2025:33")).order_by("pk").first()
    response = client.get(URL, {"unit": child.pk})
    assert response.status_code == 200 and response.context["scope"].root == child
    assert 'data-testid="drill-path"' in response.content.decode()
    foreign = unit("ky-lua/ubnd")
    assert client.get(URL, {"unit": foreign.pk}).status_code == 404
    assert client.get(URL, {"unit": 99999999}).status_code == 404
    malformed = client.get(URL, {"unit": "abc"})
    assert malformed.status_code == 400 and "Lựa chọn không hợp lệ" in malformed.content.decode()
    mine = signed_in(kyl_reporter).get(URL)
    assert mine.status_code == 200
    assert unit("2025:33").name not in mine.content.decode()


def test_bad_filters_name_the_field(hy_leader: Any) -> None:
    client = signed_in(hy_leader)
    bad_date = client.get(URL, {"date_from": "31/02/2025"})
    assert bad_date.status_code == 400 and 'id="id_date_from"' in bad_date.content.decode()
    reversed_range = client.get(URL, {"date_from": "2026-01-01", "date_to": "2025-01-01"})
    assert reversed_range.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in reversed_range.content.decode()
    assert client.get(URL, {"directive": "abc"}).status_code == 400
    draft_elsewhere = Document.objects.get(key="seed-004")  # Kỳ Lừa's plan: not Hưng Yên's
    assert client.get(URL, {"directive": draft_elsewhere.pk}).status_code == 404
    assert client.get(reverse("dashboard:export", args=["coverage", "pdf"])).status_code == 404
    export = client.get(reverse("dashboard:export", args=["coverage", "csv"]), {"unit": "x"})
    assert export.status_code == 400 and "unit" in export.content.decode()


def test_every_panel_exports_to_csv_and_xlsx(hy_leader: Any) -> None:
    client = signed_in(hy_leader)
    rows = client.get(URL).context["coverage"].rows
    text = (
        client.get(reverse("dashboard:export", args=["coverage", "csv"]))
        .content.decode("utf-8-sig")
        .splitlines()
    )
    parsed = list(csv.reader(text))
    assert parsed[0][0] == "Đơn vị" and len(parsed) == len(rows) + 1
    for panel in ("channels", "units", "months", "timeliness", "overdue", "coverage"):
        response = client.get(reverse("dashboard:export", args=[panel, "xlsx"]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert response.status_code == 200 and sheet.max_row >= 1 and sheet["A1"].value


def test_timeliness_and_the_nudge(make_member: Any) -> None:
    duty = seed_duty("seed-003", DutyRule.ONCE, until=date(2025, 12, 31))
    deadline = Deadline.objects.filter(duty=duty).select_related("unit").order_by("pk").first()
    reporter = make_member("ct-unit-reporter", deadline.unit.key, "reporter")
    leader = member("ct-leader", deadline.unit.parent, "leader")
    client = signed_in(leader)
    directive = Document.objects.get(key="57-NQ/TW")
    params = {"directive": directive.pk, "date_from": "2025-01-01", "date_to": "2025-12-31"}
    page = client.get(URL, params)
    assert page.status_code == 200
    overdue = page.context["overdue"]
    assert deadline in overdue and page.context["overdue_total"] >= len(overdue)
    assert sum(r["overdue"] for r in page.context["timeliness"]) == page.context["overdue_total"]

    assert (
        signed_in(reporter).post(reverse("dashboard:nudge", args=[deadline.pk])).status_code == 403
    )
    response = client.post(reverse("dashboard:nudge", args=[deadline.pk]))
    assert response.status_code == 302
    nudge = Reminder.objects.get(deadline=deadline, step=ReminderStep.NUDGE)
    assert nudge.recipient == reporter and nudge.status == ReminderStatus.PENDING
    client.post(reverse("dashboard:nudge", args=[deadline.pk]))  # twice: still one row
    assert Reminder.objects.filter(deadline=deadline, step=ReminderStep.NUDGE).count() == 1
    reminders_sweep()
    assert Notification.objects.filter(recipient=reporter, title__startswith="Đôn đốc").exists()
    outsider = make_member("hy-outsider", "2025:33", "leader")
    assert (
        signed_in(outsider).post(reverse("dashboard:nudge", args=[deadline.pk])).status_code == 404
    )


def test_panels_cost_the_same_queries_for_10_and_1000_units(superuser: Any) -> None:
    directive = Document.objects.get(key="57-NQ/TW")
    counts = []
    for size in (10, 1000):
        root = unit_tree(f"Thử {size}", size)
        scope = selectors.make_scope(
            user=superuser,
            root=root,
            directive=directive,
            date_from=date(2025, 1, 1),
            date_to=date(2025, 12, 31),
        )
        with CaptureQueriesContext(connection) as queries:
            rows = selectors.rows_of(scope)
            coverage = selectors.coverage(scope)
            by_unit = selectors.activities_by_unit(scope, rows)
            selectors.activities_by_channel(scope)
            selectors.activities_by_month(scope)
            timeliness = selectors.timeliness_by_unit(scope, rows)
            periods = selectors.timeliness_by_period(scope)
            _first, total = selectors.overdue(scope)
        assert len(rows) == size and len(coverage.rows) == size and len(by_unit) == size
        assert sum(r["overdue"] for r in timeliness) == total == size
        assert sum(r["overdue"] for r in periods) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_national_dataset_has_the_real_tree_shape_and_runs_once() -> None:
    from django.core.management import call_command

    call_command("generate_national_dataset", activities=3000, deadlines=500, stdout=io.StringIO())
    provinces = Unit.objects.filter(scheme="2025", kind=UnitKind.PROVINCE).count()
    communes = Unit.objects.filter(scheme="2025", kind=UnitKind.COMMUNE).count()
    assert Unit.objects.filter(key__startswith="nat/").count() == 2 * (provinces + communes)
    national = Document.objects.filter(key__startswith="nat/")
    assert national.filter(issuer__territory__kind=UnitKind.PROVINCE).count() == provinces
    assert Deadline.objects.filter(duty__plan__document__key__startswith="nat/").count() == 500
    activities = Activity.objects.filter(plan__document__key__startswith="nat/")
    assert activities.count() == 3000
    sample = list(activities.values_list("unit__kind", "quantity")[:200])
    assert {kind for kind, _q in sample} == {UnitKind.PARTY_COMMITTEE}
    assert all(1 <= q <= 20 for _kind, q in sample)
    call_command("generate_national_dataset", activities=3000, stdout=io.StringIO())
    assert activities.count() == 3000  # a second run adds nothing
