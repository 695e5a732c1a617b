"""Work waiting for every persona, made through the services a person would use.

- every reporter: draft reports pre-filled from logged activities, one due in a few days,
  one overdue (and, for some, a report submitted, an extension asked or a report not made);
- every leader: a submitted report of a subordinate unit to accept or return, an overdue unit
  to nudge and the notifications in the bell (Hưng Yên's also an extension request);
- every editor: a plan addressed to the unit to derive from, and a derived draft begun.

Each plan's work is made once, in the run that made the plan (demo/plans.py).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from campaigns.services import activity_log
from common.types import Person
from directives.models import Assignment, Channel, Document
from directives.services.plans import plan_derive
from reporting.extensions import extension_request
from reporting.models import Deadline
from reporting.services import report_draft, report_submit, report_update
from units.models import Unit

from .personas import CG_OFFICE, CT_WARD_PARTY, HY_COMMUNES, KH_WARD_WOMEN, unit_by_ref
from .plans import ISSUED_DAYS_AGO, DemoPlans

WORK_TITLE = "Tuyên truyền tại cơ sở (dữ liệu mẫu)"


@dataclass(frozen=True)
class Draws:
    """The ranges a demo activity's figures are drawn from: quantity 1 to `quantity`,
    participants in `participants`, reach `reach` times the quantity."""

    quantity: int
    participants: tuple[int, int]
    reach: tuple[int, int]


def drawn_activity_log(
    rng: random.Random,
    *,
    user: Person,
    assignment: Assignment,
    unit: Unit,
    channels: list[Channel],
    title: str,
    started_on: Callable[[], date],
    draws: Draws,
) -> None:
    """Log one demo activity with figures drawn from `rng` (always in the same order, so a
    seed gives the same activities)."""
    quantity = rng.randint(1, draws.quantity)
    activity_log(
        user=user,
        assignment=assignment,
        unit=unit,
        data={
            "channel": channels[rng.randrange(len(channels))],
            "title": title,
            "started_on": started_on(),
            "quantity": quantity,
            "participants": rng.randint(*draws.participants),
            "reach": quantity * rng.randint(*draws.reach),
        },
    )


def _log(
    rng: random.Random, *, user: Person, assignment: Assignment, unit_ref: str, today: date
) -> None:
    """Three activities of the unit between the plan's issue and yesterday."""
    unit = unit_by_ref(unit_ref)
    channels = list(Channel.objects.filter(is_active=True).order_by("pk")[:6])
    for _n in range(3):
        drawn_activity_log(
            rng,
            user=user,
            assignment=assignment,
            unit=unit,
            channels=channels,
            title=WORK_TITLE,
            started_on=lambda: today - timedelta(days=rng.randint(1, ISSUED_DAYS_AGO - 5)),
            draws=Draws(quantity=8, participants=(20, 150), reach=(80, 300)),
        )


@dataclass(frozen=True)
class UnitWork:
    """What a demo reporter does on the deadlines of its unit under one assignment: submit,
    ask an extension for, or leave untouched some duties (by position); draft the others."""

    username: str
    unit_ref: str
    assignment: int
    submit: tuple[int, ...] = ()
    extend: tuple[int, ...] = ()
    silent: tuple[int, ...] = ()


# Plan name (demo/plans.py) -> the reporters' work, and the editor deriving from the plan
# (with the unit the draft is for), if any.
WORK: dict[str, tuple[UnitWork, ...]] = {
    "kylua": (
        UnitWork("baocao.kylua", "ky-lua/ubnd", 1),
        UnitWork("baocao.vhxh.kylua", "ky-lua/phong-vhxh", 2, submit=(3,)),
    ),
    "hungyen": (
        UnitWork("baocao.phohien", f"2025:{HY_COMMUNES[0]}", 2, submit=(2,)),
        UnitWork("baocao.tanhung", f"2025:{HY_COMMUNES[1]}", 2, submit=(2,)),
        UnitWork("baocao.hongchau", f"2025:{HY_COMMUNES[2]}", 2, extend=(2,)),
        # It has not reported: it waits for the leader's nudge.
        UnitWork("baocao.sonnam", f"2025:{HY_COMMUNES[3]}", 2, silent=(2,)),
    ),
    "khanhhoa": (UnitWork("baocao.hlhpn.nhatrang", KH_WARD_WOMEN, 2, submit=(1,)),),
    "camgiang": (
        UnitWork("baocao.camgiang", "hp/xa-cam-giang/ubnd", 1),
        UnitWork("baocao.vhxh.camgiang", CG_OFFICE, 2, submit=(3,)),
    ),
    "cantho": (UnitWork("baocao.ninhkieu", CT_WARD_PARTY, 2, submit=(2,)),),
}
DERIVE: dict[str, tuple[str, str]] = {
    "kylua": ("bientap.kylua", "ky-lua/ubnd"),
    "hungyen": ("bientap.hungyen", "hy/btgdv"),
    "cantho": ("bientap.cantho", "ct/btgdv"),
}
# Hội LHPN tỉnh Khánh Hòa's editor derives from the seed plan of its predecessor.
SEED_DERIVE = ("bientap.hlhpn.khanhhoa", "seed-000", "kh/hlhpn")


def _assignment(document: Document, position: int) -> Assignment:
    return Assignment.objects.get(plan__document=document, position=position)


def _submit(user: Person, deadline: Deadline) -> None:
    report_draft(user=user, deadline=deadline)
    report_update(
        user=user,
        deadline=deadline,
        data={
            "results": "Đã tổ chức tuyên truyền đến các thôn, tổ dân phố; nhân dân đồng tình "
            "hưởng ứng.",
            "shortcomings": "Một số khu dân cư còn ít người tham dự.",
            "proposals": "Đề nghị cấp trên cung cấp thêm tài liệu tuyên truyền.",
        },
    )
    report_submit(user=user, deadline=deadline)


def _unit_work(
    work: UnitWork, user: Person, document: Document, today: date, rng: random.Random
) -> None:
    _log(
        rng,
        user=user,
        assignment=_assignment(document, work.assignment),
        unit_ref=work.unit_ref,
        today=today,
    )
    deadlines = (
        Deadline.objects.filter(duty__plan__document=document, unit=unit_by_ref(work.unit_ref))
        .select_related("unit", "duty__receiver", "duty__plan__document")
        .order_by("duty__position")
    )
    for deadline in deadlines:
        position = deadline.duty.position
        if position in work.submit:
            _submit(user, deadline)
        elif position in work.extend:
            extension_request(
                user=user,
                deadline=deadline,
                until=today + timedelta(days=7),
                reason="Địa phương đang tổ chức đợt tuyên truyền cao điểm, đề nghị gia hạn để "
                "tổng hợp đủ số liệu.",
            )
        elif position not in work.silent:
            report_draft(user=user, deadline=deadline)  # pre-filled, left for the phone


def demo_work_make(*, users: dict[str, Person], plans: DemoPlans, today: date) -> None:
    """The work on the plans this run made (plans.made); none on the others."""
    rng = random.Random(2026)
    documents = {
        "kylua": plans.kylua,
        "hungyen": plans.hungyen,
        "khanhhoa": plans.khanhhoa,
        "camgiang": plans.camgiang,
        "cantho": plans.cantho,
    }
    for name in sorted(plans.made, key=list(documents).index):
        document = documents[name]
        for work in WORK.get(name, ()):
            _unit_work(work, users[work.username], document, today, rng)
        if name in DERIVE:
            editor, unit_ref = DERIVE[name]
            plan_derive(user=users[editor], parent=document, issuer=unit_by_ref(unit_ref))
        if name == "khanhhoa":
            editor, parent_key, unit_ref = SEED_DERIVE
            parent = Document.objects.get(key=parent_key)
            plan_derive(user=users[editor], parent=parent, issuer=unit_by_ref(unit_ref))
