"""The dashboard's panels exported as XLSX and CSV carry the data, cell by cell: Hưng Yên's
leader downloads what Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên logged and owes, and what
Huyện ủy Khoái Châu issued, on a fixed day (20/11/2026)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Activity
from directives.models import Assignment, Channel, Document
from directives.services.plans import plan_derive, plan_issue
from reporting.models import Deadline
from tests.builders import activity, member, once_duty_deadlines, signed_in, unit
from units.choices import Role

pytestmark = pytest.mark.django_db

SEED = "seed-001"  # Hưng Yên's plan implementing 57-NQ/TW, issued 25/02/2025


def _sheet(client: Client, panel: str, params: Any = None) -> list[tuple[Any, ...]]:
    response = client.get(reverse("dashboard:export", args=[panel, "xlsx"]), params)
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def _csv(client: Client, panel: str, params: Any = None) -> list[list[str]]:
    response = client.get(reverse("dashboard:export", args=[panel, "csv"]), params)
    assert response.status_code == 200
    return list(csv.reader(response.content.decode("utf-8-sig").splitlines()))


def _both(client: Client, panel: str, params: Any = None) -> list[tuple[Any, ...]]:
    """The XLSX data rows, after checking that the CSV says the same."""
    rows = _sheet(client, panel, params)
    as_text = [["" if value is None else str(value) for value in row] for row in rows]
    assert _csv(client, panel, params) == as_text
    return rows[1:]


@pytest.fixture
def logged(btgdv_reporter: User) -> list[Activity]:
    """Two activities of the provincial board under seed 001: a broadcast in October 2025
    and banners in November."""
    assignment = Assignment.objects.filter(plan__document__key=SEED).order_by("position").first()
    broadcast = activity(
        btgdv_reporter,
        assignment=assignment,
        where="hy/btgdv",
        quantity=3,
        participants=20,
        reach=150,
    )
    banners = activity(
        btgdv_reporter,
        assignment=assignment,
        where="hy/btgdv",
        channel="banner",
        title="Treo băng rôn",
        started_on=date(2025, 11, 3),
        quantity=4,
        reach=50,
    )
    return [broadcast, banners]


def test_activity_panels_sum_the_logged_figures(
    clock: Any, hy_leader: User, logged: list[Activity]
) -> None:
    client = signed_in(hy_leader)
    loudspeaker, banner = (Channel.objects.get(code=c) for c in ("loudspeaker", "banner"))
    assert sorted(_both(client, "channels")) == sorted(
        [
            (loudspeaker.name, loudspeaker.measure, 1, 3, 20, 150),
            (banner.name, banner.measure, 1, 4, 0, 50),
        ]
    )
    assert _both(client, "months") == [("10/2025", 1, 3, 20, 150), ("11/2025", 1, 4, 0, 50)]
    # The board's figures count under its branch of the province: Tỉnh ủy Hưng Yên.
    branch = unit("hy/btgdv").parent
    assert branch is not None and branch.parent == unit("2025:33")
    assert branch.name == "Tỉnh ủy Hưng Yên"
    assert _both(client, "units") == [(branch.name, 2, 7, 20, 200)]


def test_overdue_and_timeliness_panels_name_the_late_unit_and_its_days(
    clock: Any, hy_leader: User
) -> None:
    (deadline,) = once_duty_deadlines(
        SEED, "2025:33", ["hy/btgdv"], due_on=date(2026, 10, 15), until=date(2026, 12, 31)
    )
    board = unit("hy/btgdv")
    plan = Document.objects.get(key=SEED)
    client = signed_in(hy_leader)
    overdue_days = (date(2026, 11, 20) - deadline.due_on).days
    assert overdue_days == 36
    assert _both(client, "overdue") == [
        (board.name, str(plan), deadline.period_label, "2026-10-15", overdue_days)
    ]
    assert board.name == "Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên"
    assert board.parent is not None  # the row is the board's branch: Tỉnh ủy Hưng Yên
    assert _both(client, "timeliness") == [(board.parent.name, deadline.period_label, 0, 0, 0, 1)]
    assert Deadline.objects.count() == 1  # the seeds owe nothing: the one row is this one


def test_coverage_panel_shows_who_issued_their_plan_when_and_how_late(
    clock: Any, hy_leader: User
) -> None:
    parent = Document.objects.get(key=SEED)
    khoai_chau = unit("hy-legacy/cap-uy/330")
    editor = member("kc-editor", khoai_chau, Role.EDITOR)
    child = plan_derive(user=editor, parent=parent, issuer=khoai_chau)
    plan_issue(user=editor, document=child, on=date(2025, 3, 27))
    child.refresh_from_db()
    client = signed_in(hy_leader)
    # Both were abolished on 30/6/2025 without a successor: a period running past that day
    # does not expect them to issue anything; the period before the reform shows them.
    assert _both(client, "coverage") == []
    rows = {row[0]: row for row in _both(client, "coverage", {"date_to": "2025-06-30"})}
    assert rows[khoai_chau.name] == (
        "Huyện ủy Khoái Châu",
        khoai_chau.get_kind_display(),
        parent.reference,
        "Có",
        child.reference,
        "2025-03-27",
        30,  # days after the province's plan of 25/02/2025
    )
    front = unit("hy-legacy/mttq")
    assert rows[front.name] == (
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hưng Yên",
        front.get_kind_display(),
        parent.reference,
        "Chưa",
        None,
        None,
        None,
    )
