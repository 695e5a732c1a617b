"""The dashboard tells the truth about a province after the 2025 reform, and the plan status
API tells the same: dissolved units are represented by their successors, a dissolved unit
and its current namesake are one row, a unit is credited only with its own plan answering
the plan that assigns it, and both doors give the same units and numbers.

The province "Tỉnh Thử Nghiệm" (built here, on a fixed day, 20/11/2026):

- its party committee issues plan D (1/2/2025, implementing 57-NQ/TW), assigning itself
  (lead), communes An Bình, Bình Minh, Cũ Lạc, Sơn Hà (old), Phúc Thọ and district Đông Thử
  (implement), and Giao Thủy (coordinate only); on 1/8/2025 a second plan D2 implementing D
  assigns the current Sơn Hà;
- An Bình answers D with its own plan on 3/3/2025; Cũ Lạc answers D on 1/4/2025 and is
  merged into Tân Lạc on 30/6/2025; Phúc Thọ issues a plan implementing 57 directly, not D;
- the old Sơn Hà is dissolved without a successor link, the current Sơn Hà bears its name;
  district Đông Thử is abolished on 30/6/2025 with no successor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import Activity
from dashboard import selectors
from dashboard.selectors.succession import fold
from directives.choices import AssignmentRole, DocumentStatus
from directives.models import Assignment, Channel, Document, DocumentReference, Plan
from directives.models import ReportingDuty as Duty
from reporting.models import Deadline
from tests.builders import api_as, member, signed_in
from units.choices import Role, UnitKind, UnitSystem
from units.models import Unit
from units.services import unit_create

pytestmark = pytest.mark.django_db

URL = "/dashboard/"
REFORM = date(2025, 6, 30)
AFTER = {"date_from": "2025-01-01", "date_to": "2026-12-31"}
BEFORE = {"date_from": "2025-01-01", "date_to": "2025-06-30"}


@dataclass
class World:
    province: Unit
    committee: Unit
    units: dict[str, Unit]
    plan: Document  # D
    own: dict[str, Document]  # each commune's own plan
    leader: User


def _unit(name: str, parent: Unit, kind: str = UnitKind.COMMUNE) -> Unit:
    return unit_create(name=name, kind=kind, system=UnitSystem.TERRITORY, parent=parent)


def _dissolve(unit: Unit, *successors: Unit) -> None:
    # Straight to the rows: the dissolution's own transfer of deadlines is reporting's
    # business, tested there; here the deadlines stay where the test puts them.
    Unit.objects.filter(pk=unit.pk).update(valid_to=REFORM, is_active=False)
    unit.successors.add(*successors)


def _plan(issuer: Unit, day: date, implements: Document, number: str) -> Document:
    document = Document.objects.create(
        kind="KH",
        number=number,
        symbol="KH/TEST",
        issuer=issuer,
        issuer_name=issuer.name,
        status=DocumentStatus.ISSUED,
        issued_on=day,
        title=f"Kế hoạch {number}",
    )
    Plan.objects.create(document=document)
    DocumentReference.objects.create(source=document, target=implements, kind="implements")
    return document


def _assign(plan: Document, role: str, *units: Unit) -> Assignment:
    assignment = Assignment.objects.create(plan=plan.plan, role=role, title=role)
    assignment.units.add(*units)
    return assignment


def _activities(assignment: Assignment, root: Unit, *rows: tuple[Unit, int, date]) -> None:
    channel = Channel.objects.get(code="loudspeaker")
    Activity.objects.bulk_create(
        Activity(
            assignment=assignment,
            plan=assignment.plan,
            unit=unit,
            unit_path=unit.path,
            root=root,
            channel=channel,
            title="Phát thanh",
            started_on=day,
            quantity=quantity,
        )
        for unit, quantity, day in rows
    )


def _deadline(plan: Document, unit: Unit, due: date, submitted: date | None = None) -> None:
    duty = Duty.objects.create(plan=plan.plan, phrase="Báo cáo", rule="once", due_on=due)
    Deadline.objects.create(
        duty=duty,
        unit=unit,
        period_start=date(2025, 1, 1),
        period_end=due,
        period_label="Một lần",
        due_on=due,
        submitted_at=datetime(submitted.year, submitted.month, submitted.day, 3, tzinfo=UTC)
        if submitted
        else None,
    )


@pytest.fixture
def world(clock: Any) -> World:
    directive = Document.objects.get(key="57-NQ/TW")
    province = unit_create(
        name="Tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE, system=UnitSystem.TERRITORY
    )
    committee = unit_create(
        name="Tỉnh ủy Thử Nghiệm",
        kind=UnitKind.PARTY_COMMITTEE,
        system=UnitSystem.PARTY,
        parent=province,
    )
    names = {
        "an": "Xã An Bình",
        "binh": "Xã Bình Minh",
        "cu": "Xã Cũ Lạc",
        "tan": "Xã Tân Lạc",
        "son_old": "Xã Sơn Hà",
        "son": "Xã Sơn Hà",
        "phuc": "Xã Phúc Thọ",
        "giao": "Xã Giao Thủy",
    }
    units = {key: _unit(name, province) for key, name in names.items()}
    units["dong"] = _unit("Huyện Đông Thử", province, UnitKind.DISTRICT)
    plan = _plan(committee, date(2025, 2, 1), directive, "10")
    implement = _assign(
        plan, AssignmentRole.IMPLEMENT, *(units[k] for k in ("an", "binh", "cu", "son_old"))
    )
    implement.units.add(units["phuc"], units["dong"])
    _assign(plan, AssignmentRole.LEAD, committee)  # the issuer names itself: not expected
    _assign(plan, AssignmentRole.COORDINATE, units["giao"])
    second = _plan(committee, date(2025, 8, 1), plan, "20")
    _assign(second, AssignmentRole.IMPLEMENT, units["son"])
    own = {
        "an": _plan(units["an"], date(2025, 3, 3), plan, "01"),
        "cu": _plan(units["cu"], date(2025, 4, 1), plan, "02"),
        "phuc": _plan(units["phuc"], date(2025, 3, 10), directive, "03"),  # not an answer to D
    }
    _dissolve(units["cu"], units["tan"])
    _dissolve(units["son_old"])
    _dissolve(units["dong"])
    for key in ("cu", "son_old", "dong"):
        units[key].refresh_from_db()
    _activities(
        implement,
        province,
        (units["an"], 3, date(2025, 3, 20)),
        (units["an"], 4, date(2025, 10, 6)),
        (units["cu"], 5, date(2025, 5, 1)),
        (units["tan"], 2, date(2025, 9, 1)),
        (units["son_old"], 1, date(2025, 4, 2)),
        (units["dong"], 7, date(2025, 5, 5)),
    )
    _deadline(plan, units["an"], date(2025, 12, 31), submitted=date(2025, 12, 20))
    _deadline(plan, units["binh"], date(2025, 12, 31))
    _deadline(plan, units["tan"], date(2025, 12, 31))
    _deadline(plan, units["cu"], date(2025, 3, 31), submitted=date(2025, 4, 5))
    leader = member("leader-thu-nghiem", province, Role.LEADER)
    return World(province, committee, units, plan, own, leader)


def _page(world: World, **params: Any) -> Any:
    response = signed_in(world.leader).get(
        URL, {"unit": world.province.pk, "directive": world.plan.pk, **params}
    )
    assert response.status_code == 200
    return response.context


def _status(world: World, on: str) -> dict[str, dict[str, Any]]:
    response = api_as(world.leader).get(
        f"/api/v1/plans/{world.plan.pk}/status/", {"page_size": 200, "on": on}
    )
    assert response.status_code == 200
    return {row["unit"]["name"]: row for row in response.json()["results"]}


def test_dissolved_units_count_for_their_successors_after_the_reform(world: World) -> None:
    coverage = _page(world, **AFTER)["coverage"]
    rows = {r.unit.name: r for r in coverage.rows}
    assert set(rows) == {"Xã An Bình", "Xã Bình Minh", "Xã Tân Lạc", "Xã Sơn Hà", "Xã Phúc Thọ"}
    # Cũ Lạc's plan counts for Tân Lạc, which took it over; Đông Thử, abolished, is no row.
    assert rows["Xã Tân Lạc"].plan is not None
    assert rows["Xã Tân Lạc"].plan.pk == world.own["cu"].pk
    assert rows["Xã Tân Lạc"].lag == 59
    assert (coverage.issued, len(coverage.rows), coverage.percent) == (2, 5, 40)
    assert [(lv["issued"], lv["expected"]) for lv in coverage.levels] == [(2, 5)]


def test_before_the_reform_dissolved_units_show_as_they_existed(world: World) -> None:
    coverage = _page(world, **BEFORE)["coverage"]
    rows = {r.unit.name: r for r in coverage.rows}
    assert set(rows) == {
        "Xã An Bình",
        "Xã Bình Minh",
        "Xã Cũ Lạc",
        "Xã Sơn Hà",
        "Xã Phúc Thọ",
        "Huyện Đông Thử",
    }
    assert rows["Xã Cũ Lạc"].unit.pk == world.units["cu"].pk
    assert rows["Xã Cũ Lạc"].plan is not None and rows["Xã Cũ Lạc"].plan.pk == world.own["cu"].pk
    assert rows["Huyện Đông Thử"].plan is None
    assert [(lv["issued"], lv["expected"]) for lv in coverage.levels] == [(0, 1), (2, 5)]


def test_a_dissolved_unit_and_its_current_namesake_are_one_row(world: World) -> None:
    for period in (AFTER, BEFORE):
        context = _page(world, **period)
        names = [r.unit.name for r in context["coverage"].rows]
        assert names.count("Xã Sơn Hà") == 1
        (son,) = [r for r in context["coverage"].rows if r.unit.name == "Xã Sơn Hà"]
        assert son.unit.pk == world.units["son"].pk
        rows = [u.name for u in selectors.rows_of(context["scope"])]
        assert rows.count("Xã Sơn Hà") == 1
        assert ("Xã Cũ Lạc" in rows) == (period is BEFORE)
        by_unit = {r["name"]: r for r in context["by_unit"]}
        assert by_unit["Xã Sơn Hà"]["quantity"] == 1  # the old Sơn Hà's broadcast


def test_a_unit_is_credited_only_with_its_own_answer_to_the_assigning_plan(
    world: World,
) -> None:
    directive = Document.objects.get(key="57-NQ/TW")
    scope = selectors.make_scope(
        user=world.leader,
        root=world.province,
        directive=directive,
        date_from=date(2025, 1, 1),
        date_to=date(2026, 12, 31),
    )
    assert {world.plan.pk, world.own["phuc"].pk} <= scope.documents
    rows = {r.unit.pk: r for r in selectors.coverage(scope).rows}
    # The committee issued D and named itself in it: D is not its answer, it is no row.
    assert world.committee.pk not in rows
    # Phúc Thọ's plan is in 57's cascade but does not answer D, the plan assigning it.
    assert rows[world.units["phuc"].pk].plan is None
    an = rows[world.units["an"].pk]
    assert an.plan is not None and an.plan.pk == world.own["an"].pk
    assert an.assigned_by is not None and an.assigned_by.pk == world.plan.pk and an.lag == 30
    # The API says the same.
    status = _status(world, "2026-12-31")
    assert status["Xã Phúc Thọ"]["plan"] is None
    assert status["Xã An Bình"]["plan"]["id"] == world.own["an"].pk
    assert world.committee.name not in status


def test_the_dashboard_and_the_status_api_agree_unit_by_unit(world: World) -> None:
    for period, on in ((AFTER, "2026-12-31"), (BEFORE, "2025-06-30")):
        context = _page(world, **period)
        status = _status(world, on)
        coverage = {r.unit.pk: r for r in context["coverage"].rows}
        expected = {
            row["unit"]["id"]: row
            for row in status.values()
            if {"lead", "implement"} & set(row["roles"])
        }
        assert set(coverage) == set(expected)
        coordinating = set(status) - {row["unit"]["name"] for row in expected.values()}
        assert coordinating == {"Xã Giao Thủy"}
        for pk, row in coverage.items():
            plan = expected[pk]["plan"]
            assert (row.plan.pk if row.plan else None) == (plan["id"] if plan else None)
        if period is BEFORE:
            continue  # the API's figures are for all time: compare them over the whole period
        by_unit = {r["unit"].pk: r for r in context["by_unit"] if r["unit"] is not None}
        timeliness = {r["unit"].pk: r for r in context["timeliness"] if r["unit"] is not None}
        for pk, row in expected.items():
            counted = by_unit.get(pk, {"count": 0, "quantity": 0})
            assert sum(a["count"] for a in row["activities"]) == counted["count"]
            assert sum(a["quantity"] for a in row["activities"]) == counted["quantity"]
            states = [d["timeliness"] for d in row["deadlines"]]
            panel = timeliness.get(pk, dict.fromkeys(("on_time", "late", "not_due", "overdue"), 0))
            for state in ("on_time", "late", "not_due", "overdue"):
                assert states.count(state) == panel[state], (pk, state)
    after = _status(world, "2026-12-31")
    tan = after["Xã Tân Lạc"]
    assert sum(a["quantity"] for a in tan["activities"]) == 7  # its own 2 and Cũ Lạc's 5
    assert sorted(d["timeliness"] for d in tan["deadlines"]) == ["late", "overdue"]
    assert "Huyện Đông Thử" not in after and "Xã Cũ Lạc" not in after
    assert "Huyện Đông Thử" in _status(world, "2025-06-30")


def test_the_status_api_refuses_a_malformed_day(world: World) -> None:
    response = api_as(world.leader).get(
        f"/api/v1/plans/{world.plan.pk}/status/", {"on": "31/02/2025"}
    )
    assert response.status_code == 400 and "on" in response.json()


def test_folding_costs_the_same_queries_for_3_and_30_dissolved_units(
    world: World, superuser: Any
) -> None:
    counts = []
    for size in (3, 30):
        olds = [_unit(f"Xã Cũ {size}-{i}", world.province) for i in range(size)]
        news = [_unit(f"Xã Mới {size}-{i}", world.province) for i in range(size)]
        for old, new in zip(olds, news, strict=True):
            _dissolve(old, new)
        _assign(world.plan, AssignmentRole.IMPLEMENT, *olds)
        scope = selectors.make_scope(
            user=superuser,
            root=world.province,
            directive=world.plan,
            date_from=date(2025, 1, 1),
            date_to=date(2026, 12, 31),
        )
        with CaptureQueriesContext(connection) as queries:
            rows = selectors.rows_of(scope)
            coverage = selectors.coverage(scope)
            folding = fold([o.pk for o in olds], as_of=scope.date_to, within=scope.under("path"))
        assert {n.pk for n in news} <= {r.unit.pk for r in coverage.rows}
        assert {n.pk for n in news} <= {u.pk for u in rows}
        assert all(folding.stand_for[o.pk] == (n.pk,) for o, n in zip(olds, news, strict=True))
        with CaptureQueriesContext(connection) as api_queries:
            response = api_as(superuser).get(f"/api/v1/plans/{world.plan.pk}/status/")
        assert response.status_code == 200
        counts.append((len(queries), len(api_queries)))
    assert counts[0] == counts[1]
