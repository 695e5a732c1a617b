"""Five demo plans with dated reporting duties, written and issued through the plan services,
each implementing a seed document of its province (so the dashboard's Resolution 57 cascade
counts them).

The seed plans' duties have no date ("định kỳ") or belong to units dissolved on 1/7/2025, so
nobody owes a report. These plans, issued 40 days before the demo's today, give every unit
with a demo reporter a report due in a few days and one overdue, and every demo leader a
subordinate unit that owes it reports (one of them submitted, one overdue):

- UBND phường Kỳ Lừa: reports to UBND tỉnh Lạng Sơn; its Phòng Văn hóa - Xã hội reports to
  the ward;
- four Hưng Yên communes: reports owed to the province; Ban Tuyên giáo và Dân vận Tỉnh ủy:
  tasks and a duty of its own, for its editor to derive a plan from;
- Hội LHPN tỉnh Khánh Hòa: the Hội LHPN of a ward of Nha Trang reports to it;
- UBND xã Cẩm Giàng (Hải Phòng): reports to UBND thành phố; its Phòng Văn hóa - Xã hội
  reports to the commune;
- Thành ủy Cần Thơ: the Đảng ủy of phường Ninh Kiều reports to it; its Ban Tuyên giáo và
  Dân vận has tasks to derive a plan from.

The commune bodies come from `load_bodies` (units/bodies.py); when it has not run, the
bodies of the provinces the demo needs are made here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.core.management.base import CommandError

from common.types import Person
from directives.choices import AssignmentRole, DocumentStatus, DutyRule, ReferenceKind
from directives.content import AssignmentContent, DutyContent, PlanContent, TaskContent
from directives.models import Document
from directives.services.plans import basis_sentence, citation_of, plan_create, plan_issue
from directives.services.registers import reference_add
from directives.services.writer import plan_content_write
from reporting.deadlines import plan_deadlines
from units.models import Unit

from .personas import CG_OFFICE, CT_WARD_PARTY, HY_COMMUNES, KH_WARD_WOMEN, unit_by_ref

DEMO_MARK = "(dữ liệu mẫu)"
ISSUED_DAYS_AGO = 40


@dataclass(frozen=True)
class DemoPlans:
    kylua: Document
    hungyen: Document
    khanhhoa: Document
    camgiang: Document
    cantho: Document
    made: frozenset[str]  # the names of the plans made by this run (their work is to do)


def _duty(position: int, subject: str, due: date, receiver: Unit, units: list[Unit]) -> DutyContent:
    return DutyContent(
        position=position,
        phrase=f"Báo cáo {subject} về {receiver.name} trước ngày {due:%d/%m/%Y}",
        subject=subject,
        rule=DutyRule.ONCE,
        due_on=due,
        receiver_id=receiver.pk,
        receiver_text=receiver.name,
        reporting_units=tuple(u.pk for u in units),
        reporting_units_text=", ".join(u.name for u in units),
    )


def _tasks(*texts: str) -> tuple[TaskContent, ...]:
    return tuple(TaskContent(position=i, label="-", text=t) for i, t in enumerate(texts, 1))


def _owed_duties(
    first: int, today: date, receiver: Unit, units: list[Unit]
) -> tuple[DutyContent, ...]:
    """Three reports a subordinate unit owes: 10 days overdue (its demo reporter submits it
    or stays silent), 3 days overdue and due in 4 days (left as pre-filled drafts)."""
    return (
        _duty(first, "kết quả tuyên truyền tháng 10", today - timedelta(days=10), receiver, units),
        _duty(first + 1, "kết quả tuyên truyền đợt 1", today - timedelta(days=3), receiver, units),
        _duty(first + 2, "nhanh kết quả tuyên truyền", today + timedelta(days=4), receiver, units),
    )


def _khanhhoa_content(today: date) -> PlanContent:
    women, ward = unit_by_ref("kh/hlhpn"), unit_by_ref(KH_WARD_WOMEN)
    return PlanContent(
        items=(
            AssignmentContent(
                position=1,
                label="1.",
                title=women.name,
                role=AssignmentRole.LEAD,
                units=(women.pk,),
                tasks=_tasks(
                    "Biên soạn tài liệu tuyên truyền về chuyển đổi số cho hội viên phụ nữ.",
                    "Theo dõi, tổng hợp kết quả thực hiện của Hội LHPN các xã, phường.",
                ),
            ),
            AssignmentContent(
                position=2,
                label="2.",
                title="Hội Liên hiệp Phụ nữ các xã, phường",
                role=AssignmentRole.IMPLEMENT,
                units=(ward.pk,),
                tasks=_tasks("Tổ chức sinh hoạt chuyên đề về chuyển đổi số tại các chi hội."),
                duties=_owed_duties(1, today, women, [ward]),
            ),
        )
    )


def _camgiang_content(today: date) -> PlanContent:
    commune, office, city = (
        unit_by_ref("hp/xa-cam-giang/ubnd"),
        unit_by_ref(CG_OFFICE),
        unit_by_ref("hp/ubnd"),
    )
    return PlanContent(
        items=(
            AssignmentContent(
                position=1,
                label="1.",
                title=commune.name,
                role=AssignmentRole.LEAD,
                units=(commune.pk,),
                tasks=_tasks("Tuyên truyền trên hệ thống truyền thanh cơ sở của xã."),
                duties=(
                    _duty(
                        1, "nhanh kết quả tuyên truyền", today + timedelta(days=4), city, [commune]
                    ),
                    _duty(
                        2, "kết quả tuyên truyền đợt 1", today - timedelta(days=3), city, [commune]
                    ),
                ),
            ),
            AssignmentContent(
                position=2,
                label="2.",
                title=office.name,
                role=AssignmentRole.IMPLEMENT,
                units=(office.pk,),
                tasks=_tasks("Tổ chức tuyên truyền tại các thôn, khu dân cư."),
                duties=_owed_duties(3, today, commune, [office]),
            ),
        )
    )


def _cantho_content(today: date) -> PlanContent:
    city, board, ward = (
        unit_by_ref("ct/thanh-uy"),
        unit_by_ref("ct/btgdv"),
        unit_by_ref(CT_WARD_PARTY),
    )
    return PlanContent(
        items=(
            AssignmentContent(
                position=1,
                label="1.",
                title=board.name,
                role=AssignmentRole.LEAD,
                units=(board.pk,),
                tasks=_tasks(
                    "Hướng dẫn các đảng ủy xã, phường xây dựng kế hoạch tuyên truyền.",
                    "Theo dõi, tổng hợp kết quả thực hiện, báo cáo Ban Thường vụ Thành ủy.",
                ),
                duties=(
                    _duty(
                        1, "sơ kết công tác tuyên truyền", today + timedelta(days=25), city, [board]
                    ),
                ),
            ),
            AssignmentContent(
                position=2,
                label="2.",
                title="Đảng ủy các xã, phường",
                role=AssignmentRole.IMPLEMENT,
                units=(ward.pk,),
                tasks=_tasks("Quán triệt Nghị quyết đến chi bộ và đảng viên."),
                duties=_owed_duties(2, today, city, [ward]),
            ),
        )
    )


def _kylua_content(today: date) -> PlanContent:
    ward, office, province = (
        unit_by_ref("ky-lua/ubnd"),
        unit_by_ref("ky-lua/phong-vhxh"),
        unit_by_ref("ls/ubnd"),
    )
    return PlanContent(
        items=(
            AssignmentContent(
                position=1,
                label="1.",
                title=ward.name,
                role=AssignmentRole.LEAD,
                units=(ward.pk,),
                tasks=_tasks(
                    "Tổ chức tuyên truyền trên hệ thống loa truyền thanh và trang thông tin "
                    "điện tử của phường."
                ),
                duties=(
                    _duty(
                        1, "nhanh kết quả tuyên truyền", today + timedelta(days=4), province, [ward]
                    ),
                    _duty(
                        2, "kết quả tuyên truyền đợt 1", today - timedelta(days=3), province, [ward]
                    ),
                ),
            ),
            AssignmentContent(
                position=2,
                label="2.",
                title=office.name,
                role=AssignmentRole.IMPLEMENT,
                units=(office.pk,),
                tasks=_tasks("Tổ chức hội nghị, tọa đàm tuyên truyền tại các khu dân cư."),
                duties=(
                    _duty(
                        3,
                        "kết quả tuyên truyền tại khu dân cư",
                        today - timedelta(days=2),
                        ward,
                        [office],
                    ),
                    _duty(
                        4, "kết quả tuyên truyền đợt 1", today - timedelta(days=6), ward, [office]
                    ),
                    _duty(
                        5, "nhanh kết quả tuyên truyền", today + timedelta(days=5), ward, [office]
                    ),
                ),
            ),
        )
    )


def _hungyen_content(today: date) -> PlanContent:
    board, province = unit_by_ref("hy/btgdv"), unit_by_ref("2025:33")
    communes = [unit_by_ref(f"2025:{code}") for code in HY_COMMUNES]
    return PlanContent(
        items=(
            AssignmentContent(
                position=1,
                label="1.",
                title=board.name,
                role=AssignmentRole.LEAD,
                units=(board.pk,),
                tasks=_tasks(
                    "Hướng dẫn các cấp ủy, tổ chức đảng xây dựng kế hoạch tuyên truyền.",
                    "Theo dõi, đôn đốc, tổng hợp kết quả thực hiện của các xã, phường.",
                ),
                duties=(
                    _duty(
                        1,
                        "sơ kết công tác tuyên truyền",
                        today + timedelta(days=25),
                        province,
                        [board],
                    ),
                ),
            ),
            AssignmentContent(
                position=2,
                label="2.",
                title="Các xã, phường",
                role=AssignmentRole.IMPLEMENT,
                units=tuple(c.pk for c in communes),
                tasks=_tasks("Tổ chức tuyên truyền đến từng thôn, tổ dân phố."),
                duties=(
                    _duty(
                        2,
                        "kết quả tuyên truyền tháng",
                        today - timedelta(days=3),
                        province,
                        communes,
                    ),
                    _duty(
                        3,
                        "nhanh kết quả tuyên truyền",
                        today + timedelta(days=4),
                        province,
                        communes,
                    ),
                    _duty(
                        4,
                        "kết quả tuyên truyền đợt 1",
                        today - timedelta(days=8),
                        province,
                        communes,
                    ),
                ),
            ),
        )
    )


def _plan_ensure(
    *,
    user: Person,
    issuer: Unit,
    parent_key: str,
    title: str,
    content: Callable[[date], PlanContent],
    today: date,
) -> tuple[Document, bool]:
    """The issued demo plan of `issuer` with this title, implementing the seed document
    `parent_key` (so that it joins the Resolution 57 cascade the dashboard shows); written,
    issued and given its deadlines once (the deadlines now, rather than by the task the
    issue enqueues, since the demo reports on them at once; the task then adds nothing)."""
    existing = Document.objects.filter(
        issuer=issuer, title=title, status=DocumentStatus.ISSUED
    ).first()
    if existing is not None:
        return existing, False
    parent = Document.objects.filter(key=parent_key).first()
    if parent is None:
        raise CommandError(f"Document {parent_key} is missing: run load_seed_plans first.")
    document = plan_create(user=user, issuer=issuer, title=title)
    reference_add(
        source=document,
        target=parent,
        kind=ReferenceKind.IMPLEMENTS,
        position=1,
        citation=citation_of(parent),
    )
    plan_content_write(
        plan=document.plan,
        content=replace(content(today), basis_text=basis_sentence(parent, issuer)),
    )
    document = plan_issue(user=user, document=document, on=today - timedelta(days=ISSUED_DAYS_AGO))
    assert document.status == DocumentStatus.ISSUED
    plan_deadlines(document_id=document.pk)
    return document, True


_TOPIC = "Tuyên truyền Nghị quyết số 57-NQ/TW"


def demo_plans_ensure(*, editors: dict[str, Person], admin: Person, today: date) -> DemoPlans:
    """The five demo plans (each made once, in its own right: a database that has some of
    them gets the others)."""
    specs: dict[str, tuple[Person, str, str, str, Callable[[date], PlanContent]]] = {
        "kylua": (
            editors["bientap.kylua"],
            "ky-lua/ubnd",
            "seed-004",
            "Báo cáo kết quả tuyên truyền Nghị quyết số 57-NQ/TW trên địa bàn phường",
            _kylua_content,
        ),
        "hungyen": (
            admin,
            "hy/tinh-uy",
            "386-KH/TU@hung-yen",
            f"{_TOPIC} đến các xã, phường",
            _hungyen_content,
        ),
        "khanhhoa": (
            editors["bientap.hlhpn.khanhhoa"],
            "kh/hlhpn",
            "seed-000",
            f"{_TOPIC} đến hội viên phụ nữ các xã, phường",
            _khanhhoa_content,
        ),
        "camgiang": (
            admin,
            "hp/xa-cam-giang/ubnd",
            "seed-002",
            f"{_TOPIC} trên địa bàn xã Cẩm Giàng",
            _camgiang_content,
        ),
        "cantho": (
            admin,
            "ct/thanh-uy",
            "seed-003",
            f"{_TOPIC} đến đảng bộ các xã, phường",
            _cantho_content,
        ),
    }
    # The seed leaves the symbol of Hội LHPN tỉnh blank; an administrator fills it in the
    # unit's profile (admin) before its first plan is issued.
    Unit.objects.filter(key="kh/hlhpn", symbol_code="").update(symbol_code="HPN")
    plans: dict[str, Document] = {}
    made: set[str] = set()
    for name, (user, issuer, parent_key, title, content) in specs.items():
        plans[name], created = _plan_ensure(
            user=user,
            issuer=unit_by_ref(issuer),
            parent_key=parent_key,
            title=f"{title} {DEMO_MARK}",
            content=content,
            today=today,
        )
        if created:
            made.add(name)
    return DemoPlans(**plans, made=frozenset(made))
