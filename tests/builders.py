"""Builders for the rows tests keep making: people with a role in a unit, signed-in clients,
plans, deadlines, activities, small uploads and large unit trees.

Plain typed functions that go through the portal's services wherever one exists, so a row
made here is a row the portal could have made. The named people of the suite are in
tests/personas.py; tests/conftest.py wraps both in fixtures.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, TypedDict

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from campaigns.models import Activity
from campaigns.services import activity_log
from directives.choices import AssignmentRole, DocumentStatus, DutyRule
from directives.models import (
    Assignment,
    Channel,
    Document,
    DocumentReference,
    Plan,
    ReportingDuty,
)
from directives.services.plans import plan_create
from reporting.deadlines import deadlines_generate
from reporting.models import Deadline
from reporting.services import report_accept, report_submit
from units.choices import Role, UnitKind, UnitSystem
from units.models import Unit
from units.services import membership_add
from units.tree import child_path, segment

PASSWORD = "x-pass-123"  # every persona's and member's password unless a test sets one

# --- units and people -------------------------------------------------------------------


def unit(ref: Unit | str) -> Unit:
    """A unit by key ("hy/btgdv") or by territory ("2025:33"); a Unit is returned as is."""
    if isinstance(ref, Unit):
        return ref
    scheme, sep, code = ref.partition(":")
    if sep:
        return Unit.objects.get(scheme=scheme, code=code)
    return Unit.objects.get(key=ref)


def member(
    username: str, where: Unit | str, role: str = Role.REPORTER, *, password: str = PASSWORD
) -> User:
    """A user with one role in one unit, granted through the membership service."""
    user: User = get_user_model().objects.create_user(username=username, password=password)
    membership_add(user=user, unit=unit(where), role=role)
    return user


def make_staff(user: User, *codenames: str) -> User:
    """Let `user` into the admin with the named model permissions (their units still rule)."""
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def unit_admin(username: str, where: Unit | str) -> User:
    """Staff with every model permission, unit admin of `where` only."""
    user = member(username, where, Role.UNIT_ADMIN)
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.all())
    fresh: User = get_user_model().objects.get(pk=user.pk)  # no cached permissions
    return fresh


# --- clients and time -------------------------------------------------------------------


def signed_in(user: User) -> Client:
    """A browser session of `user`."""
    client = Client()
    client.force_login(user)
    return client


def api_as(user: User, language: str = "vi") -> APIClient:
    """An API client authenticated as `user`, asking in `language`."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def at(day: str, hour: int = 8) -> datetime:
    """`hour` o'clock on an ISO `day`, local (Hà Nội) time."""
    return timezone.make_aware(
        datetime.combine(date.fromisoformat(day), datetime.min.time().replace(hour=hour))
    )


# --- plans ------------------------------------------------------------------------------


def draft_plan(editor: User, title: str, issuer: Unit | str = "hy/btgdv") -> Document:
    """A new draft plan of `issuer` (by default Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên)."""
    return plan_create(user=editor, issuer=unit(issuer), title=title)


def plan_form_data(document: Document) -> dict[str, Any]:
    """The plan editor form as the browser would submit it, untouched."""
    from directives.editor import build_forms

    header, formsets = build_forms(document, document.created_by)
    data: dict[str, Any] = {}
    for name in header.fields:
        value = header.initial.get(name, "")
        if isinstance(value, list):
            data[f"h-{name}"] = [v.pk for v in value]
        else:
            data[f"h-{name}"] = "" if value is None else value
    for part, formset in formsets.items():
        management = formset.management_form
        for name in management.fields:
            data[f"{part}-{name}"] = management.initial.get(name, 0)
        for form in formset.forms:
            data.update(_row_data(form))
    return data


def _row_data(form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value is None or name == "DELETE":
            continue
        key = f"{form.prefix}-{name}"
        if isinstance(value, list):
            data[key] = [getattr(v, "pk", v) for v in value]
        else:
            data[key] = getattr(value, "pk", value)
    return data


# --- deadlines --------------------------------------------------------------------------


def seed_duty(plan_key: str, rule: str, *, until: date) -> ReportingDuty:
    """A seed plan's reporting duty with its deadlines generated up to `until`."""
    duty = ReportingDuty.objects.get(plan__document__key=plan_key, rule=rule)
    deadlines_generate(duty=duty, until=until)
    return duty


def seed_annual_deadline() -> Deadline:
    """The 2026 annual report owed under seed 002 (Cẩm Giàng) by its first unit in the tree."""
    duty = seed_duty("seed-002", DutyRule.ANNUAL, until=date(2026, 12, 31))
    deadline = (
        Deadline.objects.filter(duty=duty, period_start=date(2026, 1, 1))
        .select_related("unit")
        .order_by("unit__path")
        .first()
    )
    assert deadline is not None
    return deadline


def once_duty_deadlines(
    plan_key: str, receiver: str, reporting: Sequence[str], *, due_on: date, until: date
) -> list[Deadline]:
    """A new one-off duty on a seed plan, owed by `reporting` to `receiver`: its deadlines,
    by unit key."""
    duty = ReportingDuty.objects.create(
        plan=Plan.objects.get(document__key=plan_key),
        phrase="Báo cáo kết quả thực hiện kế hoạch",
        rule=DutyRule.ONCE,
        due_on=due_on,
        receiver=unit(receiver),
    )
    duty.reporting_units.set([unit(key) for key in reporting])
    deadlines_generate(duty=duty, until=until)
    return list(Deadline.objects.filter(duty=duty).order_by("unit__key"))


# --- activities -------------------------------------------------------------------------


def ward_assignment() -> Assignment:
    """Seed 004's assignment led by Phòng Văn hóa - Xã hội phường Kỳ Lừa."""
    return Assignment.objects.get(plan__document__key="seed-004", units__key="ky-lua/phong-vhxh")


def activity(
    user: User,
    *,
    assignment: Assignment | None = None,
    where: Unit | str = "ky-lua/phong-vhxh",
    channel: str = "loudspeaker",
    title: str = "Phát thanh Nghị quyết 57",
    started_on: date = date(2025, 10, 6),
    quantity: int = 3,
    links: Sequence[str] = (),
    files: Sequence[Any] = (),
    **figures: Any,
) -> Activity:
    """An activity logged by `user` through the service (by default a loudspeaker broadcast
    of Kỳ Lừa's office under seed 004); `where` joins the assignment if it is not in it."""
    assignment = assignment or ward_assignment()
    place = unit(where)
    if not assignment.units.filter(pk=place.pk).exists():
        assignment.units.add(place)
    data = {
        "channel": Channel.objects.get(code=channel),
        "title": title,
        "started_on": started_on,
        "quantity": quantity,
        **figures,
    }
    return activity_log(
        user=user, assignment=assignment, unit=place, data=data, links=links, files=files
    )


def log_activity(user: User, unit_key: str, quantity: int, day: date) -> Activity:
    """A loudspeaker activity of `unit_key` under seed 002's last assignment (UBND các xã)."""
    last = Assignment.objects.filter(plan__document__key="seed-002").order_by("position").last()
    return activity(
        user,
        assignment=last,
        where=unit_key,
        title="Phát thanh",
        started_on=day,
        quantity=quantity,
        reach=100 * quantity,
    )


# --- the Cẩm Giàng annual report (seed 002) -----------------------------------------------


class CamGiang(TypedDict):
    duty: ReportingDuty
    deadlines: dict[str, Deadline]
    keys: list[str]
    reporters: dict[str, User]
    leader: User


def cam_giang_annual() -> CamGiang:
    """Seed 002's annual duty with its 2026 deadlines, a reporter for each of the first three
    communes and a leader of the receiving UBND huyện Cẩm Giàng."""
    duty = seed_duty("seed-002", DutyRule.ANNUAL, until=date(2026, 12, 31))
    deadlines: dict[str, Deadline] = {}
    for deadline in Deadline.objects.filter(
        duty=duty, period_start=date(2026, 1, 1)
    ).select_related("unit"):
        assert deadline.unit.key is not None  # every commune of the seed has a key
        deadlines[deadline.unit.key] = deadline
    keys = sorted(deadlines)[:3]
    reporters = {key: member(f"rep-{key}", key, Role.REPORTER) for key in keys}
    leader = member("cg-ubnd-leader", "cg/ubnd", Role.LEADER)
    return {
        "duty": duty,
        "deadlines": deadlines,
        "keys": keys,
        "reporters": reporters,
        "leader": leader,
    }


def two_accepted_one_late(cam_giang: CamGiang) -> list[str]:
    """The first two communes log 3 and 5 broadcasts and have their reports accepted; the
    third submits on 14/12/2026, four days after the 10/12 deadline."""
    first, second, third = cam_giang["keys"]
    for key, quantity in ((first, 3), (second, 5)):
        log_activity(cam_giang["reporters"][key], key, quantity, date(2026, 6, 1))
        with time_machine.travel(datetime(2026, 12, 8, 9, tzinfo=UTC)):  # on time
            report_accept(
                user=cam_giang["leader"],
                report=report_submit(
                    user=cam_giang["reporters"][key], deadline=cam_giang["deadlines"][key]
                ),
            )
    Deadline.objects.filter(pk=cam_giang["deadlines"][third].pk).update(
        submitted_at=timezone.make_aware(datetime(2026, 12, 14, 9))
    )
    return [first, second, third]


# --- uploads ----------------------------------------------------------------------------


def jpeg_bytes(*, exif_date: str | None = None, size: tuple[int, int] = (64, 48)) -> bytes:
    """A small red JPEG, with the camera's "taken at" when `exif_date` is given."""
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    if exif_date:
        exif = Image.Exif()
        exif.get_ifd(0x8769)[36867] = exif_date
        image.save(buffer, "JPEG", exif=exif.tobytes())
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def photo(name: str = "loa.jpg", **kwargs: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def png_upload(
    name: str = "bang.png", color: tuple[int, int, int] | str = (10, 120, 10)
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# --- large trees ------------------------------------------------------------------------


def unit_tree(name: str, children: int, plan_document: Document | None = None) -> Unit:
    """A root with `children` units, each assigned, with an activity and a deadline; the
    assigning plan is `plan_document`, or the root's own plan implementing 57-NQ/TW.

    Bulk-made (a thousand units in a second): only for tests of query counts."""
    root = Unit.objects.create(name=name, kind=UnitKind.PARTY_COMMITTEE, system=UnitSystem.PARTY)
    root.path, root.depth = segment(root.pk), 0
    root.save()
    plan = (plan_document or _issued_plan_of(root)).plan
    units = _bulk_children(root, children)
    assignment = Assignment.objects.create(plan=plan, role=AssignmentRole.IMPLEMENT, title=name)
    assignment.units.add(*units)
    duty = ReportingDuty.objects.create(
        plan=plan, phrase=name, rule="once", due_on=date(2025, 3, 7)
    )
    channel = Channel.objects.first()
    Activity.objects.bulk_create(
        Activity(
            assignment=assignment,
            plan=plan,
            unit=child,
            unit_path=child.path,
            root=child,
            channel=channel,
            title="x",
            started_on=date(2025, 3, 1),
            quantity=1,
        )
        for child in units
    )
    Deadline.objects.bulk_create(
        Deadline(
            duty=duty,
            unit=child,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 3, 7),
            period_label="Một lần",
            due_on=date(2025, 3, 7),
        )
        for child in units
    )
    return root


def _issued_plan_of(root: Unit) -> Document:
    document = Document.objects.create(
        kind="KH",
        issuer=root,
        issuer_name=root.name,
        status=DocumentStatus.ISSUED,
        issued_on=date(2025, 2, 1),
        title=root.name,
    )
    Plan.objects.create(document=document)
    DocumentReference.objects.create(
        source=document, target=Document.objects.get(key="57-NQ/TW"), kind="implements"
    )
    return document


def _bulk_children(root: Unit, count: int) -> list[Unit]:
    units = Unit.objects.bulk_create(
        Unit(
            name=f"{root.name} {i}",
            kind=UnitKind.PARTY_COMMITTEE,
            system=UnitSystem.PARTY,
            parent=root,
            path="",
        )
        for i in range(count)
    )
    if units[0].pk is None:  # backends without RETURNING
        units = list(Unit.objects.filter(parent=root).order_by("pk"))
    for child in units:
        child.path, child.depth = child_path(root.path, child.pk), 1
    Unit.objects.bulk_update(units, ["path", "depth"])
    return units
