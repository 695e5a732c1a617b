"""Who may see which units, documents and plans (`visible_to`)."""

from __future__ import annotations

from typing import Any

import pytest

from directives.models import (
    Assignment,
    AssignmentTask,
    Document,
    Plan,
    PlanSection,
    Purpose,
    Recipient,
    ReportingDuty,
    Theme,
)
from tests.builders import unit
from units.models import Membership, Unit

pytestmark = pytest.mark.django_db


def _can_ho(model: Any, user: Any, **cantho: Any) -> bool:
    return model.objects.visible_to(user).filter(**cantho).exists()


def test_lang_son_ward_member_cannot_reach_anything_of_can_tho(kyl_reporter: Any) -> None:
    can_tho_units = Unit.objects.filter(
        path__descendant_of=unit("legacy:92").path
    ) | Unit.objects.filter(path__descendant_of=unit("2025:92").path)
    assert can_tho_units.count() > 50
    assert not Unit.objects.visible_to(kyl_reporter).filter(pk__in=can_tho_units).exists()
    can_tho_plan = Document.objects.get(key="seed-003")
    assert not Document.objects.visible_to(kyl_reporter).filter(pk=can_tho_plan.pk).exists()
    assert not Plan.objects.visible_to(kyl_reporter).filter(pk=can_tho_plan.pk).exists()
    for model in (PlanSection, Purpose, Theme, Assignment, ReportingDuty):
        assert not model.objects.visible_to(kyl_reporter).filter(plan=can_tho_plan.pk).exists(), (
            model
        )
    assert (
        not AssignmentTask.objects.visible_to(kyl_reporter)
        .filter(assignment__plan=can_tho_plan.pk)
        .exists()
    )
    assert not Recipient.objects.visible_to(kyl_reporter).filter(document=can_tho_plan).exists()
    assert not Membership.objects.visible_to(kyl_reporter).filter(unit__in=can_tho_units).exists()


def test_can_tho_member_sees_their_own_city_plan(ct_member: Any) -> None:
    # ct/thanh-uy is the successor of the legacy Thành ủy that issued seed 003.
    assert Document.objects.visible_to(ct_member).filter(key="seed-003").exists()
    assert Unit.objects.visible_to(ct_member).filter(key="ct-legacy/btgdv").exists()


def test_ward_member_sees_their_subtree_not_their_superiors(kyl_reporter: Any) -> None:
    visible = Unit.objects.visible_to(kyl_reporter)
    assert visible.filter(key="ky-lua/phong-vhxh").exists()
    assert visible.filter(key="ky-lua/ubnd").exists()
    assert not visible.filter(key="ls/ubnd").exists()
    assert not visible.filter(key="ky-lua/mttq").exists()


def test_ward_member_reads_the_issued_plans_of_their_province(kyl_reporter: Any) -> None:
    visible = Document.objects.visible_to(kyl_reporter)
    assert visible.filter(key="seed-004").exists()
    assert visible.filter(key="238-KH/TU@lang-son").exists()
    assert visible.filter(key="06-KH/ĐU@ky-lua").exists()
    # central directives are visible to every member
    assert visible.filter(key="57-NQ/TW").exists()
    # but not other provinces' plans
    assert not visible.filter(key="seed-001").exists()
    assert not visible.filter(key="386-KH/TU@hung-yen").exists()


def test_drafts_stay_inside_the_issuers_subtree(kyl_reporter: Any, make_member: Any) -> None:
    draft = Document.objects.create(
        kind="KH",
        style="party",
        issuer=unit("ls/btgdv"),
        issuer_name="Ban Tuyên giáo và Dân vận",
        title="dự thảo",
        status="draft",
    )
    assert not Document.objects.visible_to(kyl_reporter).filter(pk=draft.pk).exists()
    drafter = make_member("ls_drafter", "ls/btgdv", "editor")
    assert Document.objects.visible_to(drafter).filter(pk=draft.pk).exists()


def test_successor_commune_sees_the_dissolved_districts_plan(cg_member: Any) -> None:
    visible = Document.objects.visible_to(cg_member)
    assert visible.filter(key="seed-002").exists()
    assert Unit.objects.visible_to(cg_member).filter(key="cg/phong-vhkhtt").exists()
    assert not visible.filter(key="seed-004").exists()


def test_province_leader_sees_every_unit_of_the_province(hy_leader: Any) -> None:
    visible = Unit.objects.visible_to(hy_leader)
    assert visible.filter(key="hy/btgdv").exists()
    assert visible.filter(key="hy-legacy/btgdv").exists()  # predecessor of hy/btgdv
    assert not visible.filter(key="ls/tinh-uy").exists()


def test_outsider_without_membership_sees_nothing(django_user_model: Any) -> None:
    nobody = django_user_model.objects.create_user(username="nobody", password="x-pass-123")
    assert not Unit.objects.visible_to(nobody).exists()
    assert not Document.objects.visible_to(nobody).exists()


def test_superuser_sees_everything(superuser: Any) -> None:
    assert Document.objects.visible_to(superuser).count() == Document.objects.count()
