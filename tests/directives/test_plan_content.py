"""The one writer of a plan's parts: rows update, create and delete by id, `replace` removes
what a content does not name, partial rows leave the rest alone, origins survive, and a new
version copies every part."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from common.exceptions import DomainError
from directives.choices import AssignmentRole, DutyRule, SectionPart
from directives.content import (
    ITEM_KINDS,
    AssignmentContent,
    AudienceContent,
    DutyContent,
    FootnoteContent,
    PlanContent,
    RecipientContent,
    SectionContent,
    ThemeContent,
    content_of,
)
from directives.models import AudienceGroup, Document, Plan, ReportingDuty, Theme
from directives.services.parts import parts_apply, plan_clone
from directives.services.plans import plan_create, plan_derive
from directives.services.writer import plan_content_write
from tests.builders import unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward_plan(kyl_editor: Any) -> Plan:
    issuer = unit("ky-lua/ubnd")
    return plan_create(user=kyl_editor, issuer=issuer, title="chuyển đổi số").plan


def _themes(plan: Plan) -> list[tuple[int, str]]:
    return list(plan.themes.order_by("position").values_list("pk", "text"))


def test_a_partial_row_changes_only_the_fields_it_gives(ward_plan: Plan) -> None:
    group = AudienceGroup.objects.order_by("pk").first()
    assert group is not None
    first = AudienceContent(
        position=1, label="-", title="Cán bộ", text="Cán bộ, đảng viên", groups=(group.pk,)
    )
    plan_content_write(plan=ward_plan, content=PlanContent(items=(first,)))
    stored = ward_plan.audiences.get()
    assert stored.section is not None and stored.section.part == SectionPart.AUDIENCES

    edit = AudienceContent(id=stored.pk, position=2, text="Đoàn viên thanh niên")
    plan_content_write(plan=ward_plan, content=PlanContent(items=(edit,)))
    stored.refresh_from_db()
    assert (stored.position, stored.label, stored.title, stored.text) == (
        2,
        "-",
        "Cán bộ",
        "Đoàn viên thanh niên",
    )
    assert list(stored.groups.values_list("pk", flat=True)) == [group.pk]


def test_rows_are_updated_created_and_deleted_by_id(ward_plan: Plan) -> None:
    two_themes = (ThemeContent(position=1, text="một"), ThemeContent(position=2, text="hai"))
    plan_content_write(plan=ward_plan, content=PlanContent(items=two_themes))
    (one, _), (two, _) = _themes(ward_plan)
    rows = (
        ThemeContent(id=one, position=1, text="một (sửa)"),
        ThemeContent(id=two, delete=True),
        ThemeContent(position=3, text="ba"),
    )
    plan_content_write(plan=ward_plan, content=PlanContent(items=rows))
    [(kept, kept_text), (new, new_text)] = _themes(ward_plan)
    assert (kept, kept_text, new_text) == (one, "một (sửa)", "ba")
    assert new not in (one, two)


def test_replace_removes_what_the_content_does_not_name(ward_plan: Plan) -> None:
    plan_content_write(
        plan=ward_plan,
        content=PlanContent(
            items=(ThemeContent(position=1, text="giữ"), ThemeContent(position=2, text="bỏ")),
            footnotes=(FootnoteContent(marker="1", text="chú thích"),),
            recipients=(RecipientContent(position=1, text="Lưu VT.", is_archive=True),),
        ),
    )
    keep = _themes(ward_plan)[0][0]
    plan_content_write(plan=ward_plan, content=PlanContent(items=(ThemeContent(position=3),)))
    assert len(_themes(ward_plan)) == 3  # without replace, unnamed rows stay

    section = SectionContent(
        position=1,
        label="I.",
        title="NỘI DUNG",
        part=SectionPart.THEMES,
        items=(ThemeContent(id=keep, position=2),),
    )
    plan_content_write(
        plan=ward_plan,
        content=PlanContent(sections=(section,), footnotes=()),
        replace=True,
    )
    assert _themes(ward_plan) == [(keep, "giữ")]
    [stored_section] = ward_plan.sections.all()
    assert stored_section.title == "NỘI DUNG"
    assert ward_plan.themes.get().section == stored_section
    assert not ward_plan.footnotes.exists()
    assert ward_plan.document.recipients.count() == 1  # recipients were not described


def test_an_edited_copy_keeps_its_origins(vhxh_editor: Any) -> None:
    parent = Document.objects.get(key="seed-004")
    child = plan_derive(user=vhxh_editor, parent=parent, issuer=unit("ky-lua/phong-vhxh")).plan
    theme = child.themes.order_by("position").first()
    assert theme is not None and theme.origin is not None
    origin = theme.origin
    own = child.assignments.get()
    first = own.tasks.order_by("position").first()
    assert first is not None and first.origin_id is not None
    parts_apply(
        plan=child,
        parts={
            "themes": [{"id": theme.pk, "position": theme.position, "text": "viết lại"}],
            "assignments": [{"id": own.pk, "position": 1, "tasks": ["việc mới", first.text]}],
        },
    )
    theme.refresh_from_db()
    assert (theme.text, theme.origin) == ("viết lại", origin)
    assert origin.plan_id == parent.pk
    tasks = list(own.tasks.order_by("position"))
    assert [(t.text, t.origin_id) for t in tasks] == [
        ("việc mới", None),
        (first.text, first.origin_id),
    ]
    assert tasks[1].pk == first.pk
    assert list(own.units.all()) == [unit("ky-lua/phong-vhxh")]


def test_a_duty_under_an_assignment_is_linked_and_checked_when_asked(ward_plan: Plan) -> None:
    duty = DutyContent(
        position=2,
        phrase="Báo cáo kết quả trước ngày 10/12 hằng năm",
        rule=DutyRule.ANNUAL,
        day=10,
        month=12,
        receiver_id=unit("ky-lua/ubnd").pk,
        reporting_units=(unit("ls/tinh-uy").pk,),
    )
    assignment = AssignmentContent(
        position=1,
        label="1.",
        title="Phòng Văn hóa - Xã hội",
        role=AssignmentRole.LEAD,
        units=(unit("ky-lua/phong-vhxh").pk,),
        duties=(duty,),
    )
    content = PlanContent(items=(assignment,))
    with pytest.raises(DomainError):
        plan_content_write(plan=ward_plan, content=content)
    assert not ward_plan.assignments.exists()
    plan_content_write(plan=ward_plan, content=content, check_duty_scope=False)
    stored = ward_plan.duties.get()
    assert stored.assignment == ward_plan.assignments.get()
    assert list(stored.reporting_units.all()) == [unit("ls/tinh-uy")]


def test_seed_duties_are_linked_to_the_assignment_they_are_written_under() -> None:
    duty = Plan.objects.get(document__key="seed-004").duties.get()
    assert duty.assignment is not None
    assert list(duty.assignment.units.values_list("key", flat=True)) == ["ky-lua/phong-vhxh"]


def _walk(sections: tuple[SectionContent, ...]) -> Iterator[SectionContent]:
    for section in sections:
        yield section
        yield from _walk(section.children)


def test_a_new_version_copies_every_part(hy_editor: Any) -> None:
    source = Document.objects.get(key="seed-004")
    plan = source.plan
    # What seed 004 leaves empty or at its defaults, so that every field is copied.
    duty = plan.duties.get()
    duty.via, duty.via_text = unit("ls/ubnd"), "qua UBND tỉnh"
    duty.reminder_steps, duty.data_window = ["before_3", "on_day"], True
    duty.save()
    theme = plan.themes.order_by("position").first()
    assert theme is not None
    theme.origin = Theme.objects.exclude(plan=plan).first()
    theme.save()
    extras = PlanContent(
        items=(
            AudienceContent(
                position=99, text="Nhân dân", groups=(AudienceGroup.objects.first().pk,)
            ),
        ),
        items_placed=False,
        footnotes=(FootnoteContent(marker="1", anchor="phường", text="chú thích"),),
        recipients=(RecipientContent(position=99, text="UBND tỉnh", unit_id=unit("ls/ubnd").pk),),
    )
    plan_content_write(plan=plan, content=extras, check_duty_scope=False)

    copy = plan_clone(user=hy_editor, source=source)
    before, after = content_of(plan, ids=False), content_of(copy.plan, ids=False)
    assert after == before

    sections = list(_walk(before.sections or ()))
    items = [item for s in sections for item in s.items] + list(before.items or ())
    assert {type(item) for item in items} == set(ITEM_KINDS)
    assert any(s.children for s in sections)
    assert before.items and not copy.plan.audiences.get().section  # loose stays loose
    duties = [d for i in items if isinstance(i, AssignmentContent) for d in i.duties]
    assert before.footnotes and before.recipients and duties
    assert duties[0].via_id == unit("ls/ubnd").pk
    # The duty stays linked to (the copy of) the assignment it was written under.
    copied = copy.plan.duties.get()
    assert copied.assignment is not None and copied.assignment.plan == copy.plan
    assert list(copied.assignment.units.values_list("key", flat=True)) == ["ky-lua/phong-vhxh"]
    assert any(isinstance(i, ThemeContent) and i.origin_id == theme.origin_id for i in items)
    assert not set(copy.plan.themes.values_list("pk", flat=True)) & set(
        plan.themes.values_list("pk", flat=True)
    )


def test_a_copy_takes_only_the_plans_own_duties(hy_editor: Any, ward_plan: Plan) -> None:
    """A duty of another plan linked (through the admin) to one of this plan's assignments
    is not copied into this plan's new version."""
    source = Document.objects.get(key="seed-004")
    assignment = source.plan.assignments.first()
    assert assignment is not None
    stray = ReportingDuty.objects.create(
        plan=ward_plan, assignment=assignment, phrase="báo cáo lạc", rule=DutyRule.UNSCHEDULED
    )
    own = set(source.plan.duties.values_list("phrase", flat=True))

    copy = plan_clone(user=hy_editor, source=source)

    assert set(copy.plan.duties.values_list("phrase", flat=True)) == own
    assert stray.phrase not in own
    assert [d.phrase for d in content_of(ward_plan).duties or ()] == [stray.phrase]
