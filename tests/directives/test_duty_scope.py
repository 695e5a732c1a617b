"""A plan imposes reporting duties only on bodies its issuer may direct (its subtree, or the
bodies the plan itself assigns), and the reports go to the issuer or its superior."""

from __future__ import annotations

from typing import Any

import pytest

from common.exceptions import DomainError
from directives.choices import DutyRule
from directives.editor import receiver_choices
from directives.models import ReportingDuty
from directives.services.parts import parts_apply
from tests.builders import draft_plan, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward_plan(kyl_editor: Any) -> Any:
    return draft_plan(kyl_editor, "tuyên truyền chuyển đổi số", issuer="ky-lua/ubnd")


def _duty(*, receiver: str, reporting: list[str]) -> dict[str, Any]:
    return {
        "phrase": "Báo cáo kết quả trước ngày 10/12 hằng năm",
        "rule": DutyRule.ANNUAL,
        "day": 10,
        "month": 12,
        "receiver": unit(receiver),
        "reporting_units": [unit(key) for key in reporting],
    }


def test_a_ward_cannot_impose_a_duty_on_the_province_party_committee(ward_plan: Any) -> None:
    with pytest.raises(DomainError) as refused:
        parts_apply(
            plan=ward_plan.plan,
            parts={"duties": [_duty(receiver="ky-lua/ubnd", reporting=["ls/tinh-uy"])]},
        )
    assert "reporting_units" in refused.value.message_dict
    assert "Tỉnh ủy Lạng Sơn" in refused.value.message_dict["reporting_units"][0]


def test_the_receiver_is_the_issuer_or_its_superior(ward_plan: Any) -> None:
    with pytest.raises(DomainError) as refused:
        parts_apply(
            plan=ward_plan.plan,
            parts={"duties": [_duty(receiver="ky-lua/mttq", reporting=["ky-lua/phong-vhxh"])]},
        )
    assert list(refused.value.message_dict) == ["receiver"]
    parts_apply(
        plan=ward_plan.plan,
        parts={"duties": [_duty(receiver="ls/ubnd", reporting=["ky-lua/phong-vhxh"])]},
    )
    duty = ReportingDuty.objects.get(plan=ward_plan.plan)
    assert duty.receiver == unit("ls/ubnd")
    assert set(receiver_choices(ward_plan)) == {unit("ls/ubnd"), unit("ky-lua/ubnd")}


def test_a_body_the_plan_assigns_may_be_asked_to_report(ward_plan: Any) -> None:
    duty = _duty(receiver="ky-lua/ubnd", reporting=["ky-lua/mttq"])
    with pytest.raises(DomainError):
        parts_apply(plan=ward_plan.plan, parts={"duties": [duty]})
    parts_apply(
        plan=ward_plan.plan,
        parts={
            "assignments": [
                {
                    "label": "1.",
                    "title": "Ủy ban MTTQ phường",
                    "role": "lead",
                    "units": [unit("ky-lua/mttq")],
                }
            ],
            "duties": [duty],
        },
    )
    assert list(ReportingDuty.objects.get(plan=ward_plan.plan).reporting_units.all()) == [
        unit("ky-lua/mttq")
    ]


def test_every_seed_duty_keeps_to_the_rule() -> None:
    from directives.services.writer import duty_scope_check

    duties = ReportingDuty.objects.select_related("plan__document__issuer", "receiver")
    assert duties.count() >= 5
    for duty in duties:
        duty_scope_check(duty=duty)
