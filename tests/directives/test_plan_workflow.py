"""Drafting, deriving, saving without lost updates, issuing with register numbers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from common.exceptions import DomainError
from directives.choices import DocumentStatus, DutyRule, ReferenceKind
from directives.fidelity import fidelity_check
from directives.models import AssignmentTask, ChannelTarget, Document, Theme
from directives.services.plans import (
    EditConflict,
    PlanChanges,
    plan_create,
    plan_derive,
    plan_issue,
    plan_new_version,
    plan_update,
    plan_withdraw,
    user_can_edit,
)
from tests.builders import unit

pytestmark = pytest.mark.django_db


def test_derived_plan_cites_its_parent_in_the_vietnamese_form(hy_editor: Any) -> None:
    parent = Document.objects.get(key="386-KH/TU@hung-yen")
    child = plan_derive(user=hy_editor, parent=parent, issuer=unit("hy/btgdv"))
    assert child.plan.basis_text.startswith(
        "Thực hiện Kế hoạch số 386-KH/TU ngày 13/02/2025 của Ban Thường vụ Tỉnh ủy "
        "thực hiện Nghị quyết số 57-NQ/TW, Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên"
    )
    assert child.status == DocumentStatus.DRAFT and child.style == "party"
    assert child.outgoing_references.get().kind == ReferenceKind.IMPLEMENTS
    assert child.plan.derived_from == parent


def test_deriving_copies_parts_tasks_for_this_level_and_duties(vhxh_editor: Any) -> None:
    parent = Document.objects.get(key="seed-004")
    child = plan_derive(user=vhxh_editor, parent=parent, issuer=unit("ky-lua/phong-vhxh"))
    plan = child.plan
    assert plan.purposes.count() == 4 and plan.themes.count() == 5
    assert plan.channel_items.count() == 3
    assert ChannelTarget.objects.filter(item__plan=plan).count() == 7
    assert {t.origin_id for t in plan.themes.all()} == set(
        parent.plan.themes.values_list("pk", flat=True)
    )
    own = plan.assignments.get()
    assert own.role == "lead" and own.tasks.count() == 5  # what seed 004 asked of Phòng VH-XH
    duty = plan.duties.get()
    assert duty.rule == DutyRule.UNSCHEDULED and duty.receiver == unit("ky-lua/phong-vhxh")
    assert fidelity_check(child)[0].is_faithful


def test_fidelity_check_lists_exactly_what_the_child_dropped(vhxh_editor: Any) -> None:
    parent = Document.objects.get(key="seed-004")
    child = plan_derive(user=vhxh_editor, parent=parent, issuer=unit("ky-lua/phong-vhxh"))
    plan = child.plan
    dropped_theme = plan.themes.order_by("position")[1]
    dropped_theme_origin = dropped_theme.origin
    dropped_theme.delete()
    led = ChannelTarget.objects.get(item__plan=plan, channel__code="led-screen")
    led.delete()
    task = AssignmentTask.objects.filter(assignment__plan=plan).order_by("position").last()
    task_origin = task.origin
    task.delete()
    [report] = fidelity_check(child)
    assert report.parent == parent
    assert report.themes == [dropped_theme_origin]
    assert [c.code for c in report.channels] == ["led-screen"]
    assert report.tasks == [task_origin]
    assert report.audiences == [] and report.late_duties == []


def test_fidelity_check_warns_when_a_deadline_is_later_than_the_parents(make_member: Any) -> None:
    editor = make_member("ttvh_editor", "hp/xa-cam-giang/ubnd", "editor")
    parent = Document.objects.get(key="seed-002")  # annual, before 10/12
    child = plan_create(user=editor, issuer=unit("hp/xa-cam-giang/ubnd"), title="thử")
    from directives.services import reference_add

    reference_add(source=child, target=parent, kind=ReferenceKind.IMPLEMENTS)
    plan_update(
        user=editor,
        document=child,
        expected_version=child.lock_version,
        changes=PlanChanges(
            parts={
                "duties": [
                    {
                        "phrase": "trước ngày 15/12 hàng năm",
                        "rule": "annual",
                        "day": 15,
                        "month": 12,
                        "position": 1,
                    },
                ]
            }
        ),
    )
    late = fidelity_check(child)[0].late_duties
    assert len(late) == 1 and late[0][0].day == 15 and late[0][1].day == 10


def test_second_save_from_a_stale_page_is_refused_and_the_first_kept(hy_editor: Any) -> None:
    draft = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="bản đầu")
    opened = draft.lock_version
    plan_update(
        user=hy_editor,
        document=draft,
        expected_version=opened,
        changes=PlanChanges(header={"title": "bản của người thứ nhất"}),
    )
    with pytest.raises(EditConflict):
        plan_update(
            user=hy_editor,
            document=draft,
            expected_version=opened,
            changes=PlanChanges(header={"title": "bản của người thứ hai"}),
        )
    draft.refresh_from_db()
    assert draft.title == "bản của người thứ nhất" and draft.lock_version == opened + 1


def test_issuing_takes_the_next_number_of_an_empty_register(hy_editor: Any) -> None:
    first = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="tuyên truyền thứ nhất")
    second = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="tuyên truyền thứ hai")
    plan_issue(user=hy_editor, document=first, on=date(2026, 11, 20))
    plan_issue(user=hy_editor, document=second, on=date(2026, 11, 21))
    assert first.number_line == "Số 01-KH/BTGDVTU" and second.number_line == "Số 02-KH/BTGDVTU"
    assert first.date_text == "ngày 20 tháng 11 năm 2026"
    assert first.register.label == "2025-2030"
    assert not user_can_edit(hy_editor, first)
    with pytest.raises(DomainError):
        plan_update(
            user=hy_editor,
            document=first,
            expected_version=first.lock_version,
            changes=PlanChanges(header={"title": "sửa sau ban hành"}),
        )
    with pytest.raises(DomainError):
        plan_issue(user=hy_editor, document=first)


def test_a_new_version_of_an_issued_plan_supersedes_it_when_issued(hy_editor: Any) -> None:
    parent = Document.objects.get(key="186-HD/BTGTW")
    original = plan_derive(user=hy_editor, parent=parent, issuer=unit("hy/btgdv"))
    Theme.objects.create(plan=original.plan, text="nội dung một", position=1)
    plan_issue(user=hy_editor, document=original, on=date(2026, 1, 5))
    revised = plan_new_version(user=hy_editor, document=original)
    assert revised.status == DocumentStatus.DRAFT and revised.version_of == original
    assert revised.plan.themes.get().text == "nội dung một"
    assert revised.outgoing_references.filter(target=parent, kind="implements").exists()
    plan_issue(user=hy_editor, document=revised, on=date(2026, 2, 1))
    original.refresh_from_db()
    assert original.status == DocumentStatus.SUPERSEDED
    assert revised.number == "02"
    assert revised.outgoing_references.filter(target=original, kind="replaces").exists()


def test_withdrawing_a_draft(hy_editor: Any) -> None:
    draft = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="hủy")
    plan_withdraw(user=hy_editor, document=draft)
    assert draft.status == DocumentStatus.WITHDRAWN
    with pytest.raises(DomainError):
        plan_issue(user=hy_editor, document=draft)


def test_new_version_twice_gives_one_draft_and_withdraw_after_issue_is_refused(
    hy_editor: Any,
) -> None:
    document = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="một")
    stale = Document.objects.get(pk=document.pk)
    plan_issue(user=hy_editor, document=document, on=date(2026, 1, 2))
    with pytest.raises(DomainError):
        plan_withdraw(user=hy_editor, document=stale)
    document.refresh_from_db()
    assert document.status == DocumentStatus.ISSUED
    first = plan_new_version(user=hy_editor, document=document)
    second = plan_new_version(user=hy_editor, document=document)
    assert first.pk == second.pk


def test_only_editors_of_the_issuing_unit_may_draft(hy_leader: Any, kyl_reporter: Any) -> None:
    for user in (hy_leader, kyl_reporter):
        with pytest.raises(PermissionDenied):
            plan_create(user=user, issuer=unit("hy/btgdv"), title="không được")


def test_editor_changes_implements_and_free_sections(hy_editor: Any) -> None:
    draft = plan_derive(
        user=hy_editor, parent=Document.objects.get(key="186-HD/BTGTW"), issuer=unit("hy/btgdv")
    )
    hung_yen = Document.objects.get(key="386-KH/TU@hung-yen")
    plan_update(
        user=hy_editor,
        document=draft,
        expected_version=draft.lock_version,
        changes=PlanChanges(
            implements=[Document.objects.get(key="186-HD/BTGTW"), hung_yen],
            parts={
                "sections": [
                    {
                        "label": "VI.",
                        "title": "CHẾ ĐỘ THÔNG TIN",
                        "part": "free",
                        "intro": "Báo cáo định kỳ.",
                        "position": 99,
                    }
                ]
            },
        ),
    )
    targets = set(
        draft.outgoing_references.filter(kind="implements").values_list("target__key", flat=True)
    )
    assert targets == {"186-HD/BTGTW", "386-KH/TU@hung-yen"}
    free = draft.plan.sections.get(part="free")
    assert (free.title, free.intro) == ("CHẾ ĐỘ THÔNG TIN", "Báo cáo định kỳ.")
    plan_update(
        user=hy_editor,
        document=draft,
        expected_version=draft.lock_version,
        changes=PlanChanges(
            implements=[hung_yen], parts={"sections": [{"id": free.pk, "DELETE": True}]}
        ),
    )
    assert list(draft.outgoing_references.values_list("target__key", flat=True)) == [
        "386-KH/TU@hung-yen"
    ]
    assert not draft.plan.sections.filter(part="free").exists()
