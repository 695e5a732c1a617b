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
from functools import partial

from django.core.management.base import CommandError

from common.types import Person
from directives.choices import AssignmentRole, DocumentStatus, DutyRule
from directives.content import AssignmentContent, DutyContent, PlanContent, TaskContent
from directives.models import Document
from directives.services.plans import basis_sentence, implements_add, plan_create, plan_issue
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


# Three reports a subordinate unit owes, (subject, due in days from today): 10 days overdue
# (its demo reporter submits it or stays silent), 3 days overdue and due in 4 days (left as
# pre-filled drafts).
_OWED: tuple[tuple[str, int], ...] = (
    ("kết quả tuyên truyền tháng 10", -10),
    ("kết quả tuyên truyền đợt 1", -3),
    ("nhanh kết quả tuyên truyền", 4),
)


@dataclass(frozen=True)
class _Part:
    """One assignment of a demo plan: its units (references for `unit_by_ref`), tasks and
    the reports (subject, due in days from today) its units owe `receiver`."""

    units: tuple[str, ...]
    tasks: tuple[str, ...]
    receiver: str = ""
    duties: tuple[tuple[str, int], ...] = ()
    title: str = ""  # blank: the name of its only unit


@dataclass(frozen=True)
class _PlanSpec:
    name: str  # the DemoPlans field
    editor: str  # the demo editor's username; blank: the administrator
    issuer: str
    parent_key: str  # the seed document the plan implements
    title: str
    parts: tuple[_Part, _Part]  # the lead assignment, then the implementing one


_TOPIC = "Tuyên truyền Nghị quyết số 57-NQ/TW"

_PLANS: tuple[_PlanSpec, ...] = (
    _PlanSpec(
        name="kylua",
        editor="bientap.kylua",
        issuer="ky-lua/ubnd",
        parent_key="seed-004",
        title="Báo cáo kết quả tuyên truyền Nghị quyết số 57-NQ/TW trên địa bàn phường",
        parts=(
            _Part(
                units=("ky-lua/ubnd",),
                tasks=(
                    "Tổ chức tuyên truyền trên hệ thống loa truyền thanh và trang thông tin "
                    "điện tử của phường.",
                ),
                receiver="ls/ubnd",
                duties=(("nhanh kết quả tuyên truyền", 4), ("kết quả tuyên truyền đợt 1", -3)),
            ),
            _Part(
                units=("ky-lua/phong-vhxh",),
                tasks=("Tổ chức hội nghị, tọa đàm tuyên truyền tại các khu dân cư.",),
                receiver="ky-lua/ubnd",
                duties=(
                    ("kết quả tuyên truyền tại khu dân cư", -2),
                    ("kết quả tuyên truyền đợt 1", -6),
                    ("nhanh kết quả tuyên truyền", 5),
                ),
            ),
        ),
    ),
    _PlanSpec(
        name="hungyen",
        editor="",
        issuer="hy/tinh-uy",
        parent_key="386-KH/TU@hung-yen",
        title=f"{_TOPIC} đến các xã, phường",
        parts=(
            _Part(
                units=("hy/btgdv",),
                tasks=(
                    "Hướng dẫn các cấp ủy, tổ chức đảng xây dựng kế hoạch tuyên truyền.",
                    "Theo dõi, đôn đốc, tổng hợp kết quả thực hiện của các xã, phường.",
                ),
                receiver="2025:33",
                duties=(("sơ kết công tác tuyên truyền", 25),),
            ),
            _Part(
                title="Các xã, phường",
                units=tuple(f"2025:{code}" for code in HY_COMMUNES),
                tasks=("Tổ chức tuyên truyền đến từng thôn, tổ dân phố.",),
                receiver="2025:33",
                duties=(
                    ("kết quả tuyên truyền tháng", -3),
                    ("nhanh kết quả tuyên truyền", 4),
                    ("kết quả tuyên truyền đợt 1", -8),
                ),
            ),
        ),
    ),
    _PlanSpec(
        name="khanhhoa",
        editor="bientap.hlhpn.khanhhoa",
        issuer="kh/hlhpn",
        parent_key="seed-000",
        title=f"{_TOPIC} đến hội viên phụ nữ các xã, phường",
        parts=(
            _Part(
                units=("kh/hlhpn",),
                tasks=(
                    "Biên soạn tài liệu tuyên truyền về chuyển đổi số cho hội viên phụ nữ.",
                    "Theo dõi, tổng hợp kết quả thực hiện của Hội LHPN các xã, phường.",
                ),
            ),
            _Part(
                title="Hội Liên hiệp Phụ nữ các xã, phường",
                units=(KH_WARD_WOMEN,),
                tasks=("Tổ chức sinh hoạt chuyên đề về chuyển đổi số tại các chi hội.",),
                receiver="kh/hlhpn",
                duties=_OWED,
            ),
        ),
    ),
    _PlanSpec(
        name="camgiang",
        editor="",
        issuer="hp/xa-cam-giang/ubnd",
        parent_key="seed-002",
        title=f"{_TOPIC} trên địa bàn xã Cẩm Giàng",
        parts=(
            _Part(
                units=("hp/xa-cam-giang/ubnd",),
                tasks=("Tuyên truyền trên hệ thống truyền thanh cơ sở của xã.",),
                receiver="hp/ubnd",
                duties=(("nhanh kết quả tuyên truyền", 4), ("kết quả tuyên truyền đợt 1", -3)),
            ),
            _Part(
                units=(CG_OFFICE,),
                tasks=("Tổ chức tuyên truyền tại các thôn, khu dân cư.",),
                receiver="hp/xa-cam-giang/ubnd",
                duties=_OWED,
            ),
        ),
    ),
    _PlanSpec(
        name="cantho",
        editor="",
        issuer="ct/thanh-uy",
        parent_key="seed-003",
        title=f"{_TOPIC} đến đảng bộ các xã, phường",
        parts=(
            _Part(
                units=("ct/btgdv",),
                tasks=(
                    "Hướng dẫn các đảng ủy xã, phường xây dựng kế hoạch tuyên truyền.",
                    "Theo dõi, tổng hợp kết quả thực hiện, báo cáo Ban Thường vụ Thành ủy.",
                ),
                receiver="ct/thanh-uy",
                duties=(("sơ kết công tác tuyên truyền", 25),),
            ),
            _Part(
                title="Đảng ủy các xã, phường",
                units=(CT_WARD_PARTY,),
                tasks=("Quán triệt Nghị quyết đến chi bộ và đảng viên.",),
                receiver="ct/thanh-uy",
                duties=_OWED,
            ),
        ),
    ),
)


def _plan_content(spec: _PlanSpec, today: date) -> PlanContent:
    """The assignments of a demo plan: the lead one, then the implementing one; the duties
    numbered through the plan."""
    items: list[AssignmentContent] = []
    numbered = 0
    for position, part in enumerate(spec.parts, 1):
        units = [unit_by_ref(ref) for ref in part.units]
        receiver = unit_by_ref(part.receiver) if part.duties else None
        duties = tuple(
            _duty(numbered + i, subject, today + timedelta(days=days), receiver, units)
            for i, (subject, days) in enumerate(part.duties, 1)
            if receiver is not None
        )
        numbered += len(duties)
        items.append(
            AssignmentContent(
                position=position,
                label=f"{position}.",
                title=part.title or units[0].name,
                role=AssignmentRole.LEAD if position == 1 else AssignmentRole.IMPLEMENT,
                units=tuple(u.pk for u in units),
                tasks=tuple(
                    TaskContent(position=i, label="-", text=t) for i, t in enumerate(part.tasks, 1)
                ),
                duties=duties,
            )
        )
    return PlanContent(items=tuple(items))


def _plan_ensure(
    *,
    user: Person,
    issuer: Unit,
    parent_key: str,
    title: str,
    content: Callable[[], PlanContent],
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
    implements_add(document=document, parent=parent)
    plan_content_write(
        plan=document.plan,
        content=replace(content(), basis_text=basis_sentence(parent, issuer)),
    )
    document = plan_issue(user=user, document=document, on=today - timedelta(days=ISSUED_DAYS_AGO))
    assert document.status == DocumentStatus.ISSUED
    plan_deadlines(document_id=document.pk)
    return document, True


def demo_plans_ensure(*, editors: dict[str, Person], admin: Person, today: date) -> DemoPlans:
    """The five demo plans (each made once, in its own right: a database that has some of
    them gets the others)."""
    # The seed leaves the symbol of Hội LHPN tỉnh blank; an administrator fills it in the
    # unit's profile (admin) before its first plan is issued.
    Unit.objects.filter(key="kh/hlhpn", symbol_code="").update(symbol_code="HPN")
    plans: dict[str, Document] = {}
    made: set[str] = set()
    for spec in _PLANS:
        plans[spec.name], created = _plan_ensure(
            user=editors[spec.editor] if spec.editor else admin,
            issuer=unit_by_ref(spec.issuer),
            parent_key=spec.parent_key,
            title=f"{spec.title} {DEMO_MARK}",
            content=partial(_plan_content, spec, today),
            today=today,
        )
        if created:
            made.add(spec.name)
    return DemoPlans(**plans, made=frozenset(made))
