"""The cascade reaches the communes: a Hưng Yên provincial plan assigns tasks and a
reporting duty to a commune's Party committee and Women's Union made by `load_bodies`,
through the plan editor page, and issuing it gives those bodies their deadlines."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from directives.editor import unit_choices
from directives.services.plans import plan_issue
from reporting.deadlines import deadlines_generate
from reporting.models import Deadline
from tests.builders import draft_plan, plan_form_data, signed_in, unit
from units.bodies import bodies_load
from units.models import Unit

pytestmark = pytest.mark.django_db


def _body(template: str, commune: Unit) -> Unit:
    return Unit.objects.get(body_template__key=template, territory=commune)


def test_a_provincial_plan_assigns_and_asks_reports_of_commune_bodies(
    hy_editor: Any, clock: Any
) -> None:
    before = unit_choices(draft_plan(hy_editor, "trước khi có cơ quan cấp xã")).count()
    bodies_load(province_codes=["33"])
    commune = Unit.objects.get(scheme="2025", kind="commune", code="11953")  # Phường Phố Hiến
    party, women = _body("xa-dang-uy", commune), _body("xa-hlhpn", commune)
    draft = draft_plan(hy_editor, "Tuyên truyền chuyển đổi số đến cấp xã")
    offered = unit_choices(draft)
    assert offered.count() > before + 800  # 28 provincial and 8 × 104 commune bodies
    assert {party, women} <= set(offered)

    data = plan_form_data(draft)
    data.update(
        {
            "assignments-TOTAL_FORMS": 1,
            "assignments-0-label": "1.",
            "assignments-0-title": "Tuyên truyền tại cơ sở",
            "assignments-0-role": "implement",
            "assignments-0-units": [party.pk, women.pk],
            "assignments-0-tasks": "Treo băng rôn, khẩu hiệu",
            "duties-TOTAL_FORMS": 1,
            "duties-0-phrase": "Báo cáo kết quả trước ngày 10/12/2026",
            "duties-0-rule": "once",
            "duties-0-due_on": "10/12/2026",
            "duties-0-receiver": unit("hy/btgdv").pk,
            "duties-0-reporting_units": [party.pk, women.pk],
        }
    )
    saved = signed_in(hy_editor).post(reverse("directives:plan_edit", args=[draft.pk]), data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assignment = draft.plan.assignments.get()
    assert set(assignment.units.all()) == {party, women}
    duty = draft.plan.duties.get()
    assert set(duty.reporting_units.all()) == {party, women}

    plan_issue(user=hy_editor, document=draft)
    deadlines_generate(duty=duty, until=date(2026, 12, 31))
    owed = Deadline.objects.filter(duty=duty)
    assert {d.unit for d in owed} == {party, women}
    assert {d.due_on for d in owed} == {date(2026, 12, 10)}
