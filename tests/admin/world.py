"""A small world for the admin's write rules, built with the services.

The persona is `kyl_admin`: staff, holder of every model permission Django has, and unit
admin of UBND phường Kỳ Lừa (Lạng Sơn) only, so whatever it may still not do is refused by
the unit rule, not by a missing permission. Around it, four units issue plans and report:

- own:     UBND phường Kỳ Lừa (a draft and an issued plan)
- sibling: UBND phường Lương Văn Tri, another ward under UBND tỉnh Lạng Sơn
- parent:  UBND tỉnh Lạng Sơn
- other:   UBND tỉnh Hưng Yên (another province)

Each issued plan has every part, a reporting duty owed by its unit, the deadline, a draft
report with an attachment and an extension request, reminders, an activity with a link, an
import batch and a rendition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Model
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from campaigns.models import ImportBatch
from campaigns.services import evidence_add_link
from directives.choices import ReferenceKind
from directives.models import (
    AudienceGroup,
    Channel,
    Document,
    Footnote,
    Rendition,
    SeedLoad,
)
from directives.services.parts import parts_apply
from directives.services.plans import plan_create, plan_issue
from directives.services.registers import reference_add
from reporting.choices import ReminderStep
from reporting.deadlines import deadlines_generate
from reporting.extensions import extension_request
from reporting.models import Deadline, Delivery, Notification, Reminder
from reporting.reminders import reminders_plan
from reporting.services import report_attach, report_draft
from tests import personas
from tests.builders import activity, member, png_upload, unit
from units.accounts.services import api_token_issue
from units.choices import Role, UnitKind, UnitSystem
from units.models import Membership, Unit
from units.services import unit_create

ISSUED_ON = date(2026, 1, 5)
DUE_ON = date(2026, 6, 30)
TIERS = ("own-draft", "own-issued", "sibling", "parent", "other")

# How each plan-bound model reaches its document.
DOCUMENT_LOOKUPS = {
    "directives.Document": "pk",
    "directives.Plan": "document",
    "directives.DocumentReference": "source",
    "directives.Recipient": "document",
    "directives.Rendition": "document",
    "directives.PlanSection": "plan__document",
    "directives.Purpose": "plan__document",
    "directives.Theme": "plan__document",
    "directives.AudienceItem": "plan__document",
    "directives.ChannelItem": "plan__document",
    "directives.RoadmapStep": "plan__document",
    "directives.BudgetItem": "plan__document",
    "directives.Assignment": "plan__document",
    "directives.ReportingDuty": "plan__document",
    "directives.Footnote": "plan__document",
    "directives.AssignmentTask": "assignment__plan__document",
    "directives.ChannelTarget": "item__plan__document",
}


@dataclass
class World:
    admin: Any
    units: dict[str, Unit]
    documents: dict[str, Document]
    objects: dict[str, dict[str, Model | None]] = field(default_factory=dict)

    def obj(self, tier: str, label: str) -> Model | None:
        return self.objects[tier].get(label)


def sibling_ward() -> Unit:
    territory = (
        Unit.objects.filter(parent=unit("2025:20"), kind=UnitKind.COMMUNE)
        .exclude(code="06187")
        .order_by("code")
        .first()
    )
    return unit_create(
        name="Ủy ban nhân dân phường Lương Văn Tri",
        short_name="UBND phường",
        kind=UnitKind.PEOPLES_COMMITTEE,
        system=UnitSystem.STATE,
        parent=unit("ls/ubnd"),
        territory=territory,
        symbol_code="UBND",
        key="lvt/ubnd",
    )


def plan_parts(owner: Unit, receiver: Unit) -> dict[str, list[dict[str, Any]]]:
    loudspeaker = Channel.objects.get(code="loudspeaker")
    return {
        "purposes": [{"position": 1, "label": "1.", "text": "Nâng cao nhận thức"}],
        "themes": [{"position": 1, "label": "1.", "text": "Nội dung Nghị quyết 57"}],
        "audiences": [{"position": 1, "label": "-", "text": "Cán bộ, đảng viên"}],
        "channels": [
            {"position": 1, "label": "-", "text": "Truyền thanh", "targets": [(loudspeaker, 12)]}
        ],
        "roadmap": [{"position": 1, "label": "-", "text": "Triển khai", "due_text": "Quý I"}],
        "budget": [{"position": 1, "label": "-", "text": "Kinh phí", "source": "Ngân sách"}],
        "assignments": [
            {
                "position": 1,
                "label": "1.",
                "title": owner.name,
                "role": "lead",
                "units": [owner],
                "tasks": ["Tổ chức tuyên truyền trên hệ thống truyền thanh"],
            }
        ],
        "duties": [
            {
                "position": 1,
                "phrase": "Báo cáo kết quả trước ngày 30/6/2026",
                "rule": "once",
                "due_on": DUE_ON,
                "receiver": receiver,
                "reporting_units": [owner],
            }
        ],
        "recipients": [{"position": 1, "text": "Lưu VT.", "is_archive": True}],
    }


def plan_with_parts(editor: Any, owner: Unit, receiver: Unit, title: str) -> Document:
    document = plan_create(user=editor, issuer=owner, title=title)
    parts_apply(plan=document.plan, parts=plan_parts(owner, receiver))
    Footnote.objects.create(plan=document.plan, marker="1", text="Chú thích")
    reference_add(
        source=document,
        target=Document.objects.get(key="57-NQ/TW"),
        kind=ReferenceKind.IMPLEMENTS,
    )
    Rendition.objects.create(document=document, format="pdf", snapshot={})
    return document


def plan_objects(document: Document) -> dict[str, Model | None]:
    from django.apps import apps

    return {
        label: apps.get_model(label)._default_manager.filter(**{lookup: document.pk}).first()
        for label, lookup in DOCUMENT_LOOKUPS.items()
    }


def reporting_objects(tier_unit: Unit, issued: Document, reporter: Any, admin: Any) -> dict:
    """The unit's deadline and everything hanging from it; reminders and notifications
    addressed to `admin` when it reports for the unit (its own ward), else to `reporter`."""
    duty = issued.plan.duties.get()
    deadlines_generate(duty=duty, until=date(2026, 12, 31))
    deadline = Deadline.objects.get(duty=duty, unit=tier_unit)
    assignment = issued.plan.assignments.get()
    activity_row = activity(
        reporter,
        assignment=assignment,
        where=tier_unit,
        title=f"Phát thanh ({tier_unit.name})",
        started_on=date(2026, 2, 2),
        quantity=2,
    )
    evidence = evidence_add_link(activity=activity_row, url="https://example.gov.vn/tin/57")
    report = report_draft(user=reporter, deadline=deadline)
    attachment = report_attach(user=reporter, deadline=deadline, upload=png_upload())
    extension = extension_request(
        user=reporter, deadline=deadline, until=date(2026, 7, 31), reason="Chờ số liệu"
    )
    reminders_plan(deadlines=[deadline], steps=(ReminderStep.BEFORE_7,))
    addressee = (
        admin if Membership.objects.filter(user=admin, unit=tier_unit).exists() else reporter
    )
    reminder = Reminder.objects.get(deadline=deadline, recipient=addressee)
    delivery = Delivery.objects.create(
        reminder=reminder,
        transport="email",
        key=f"test-{reminder.pk}",
        next_attempt_at=reminder.due_at,
    )
    notification = Notification.objects.create(recipient=addressee, title="Nhắc hạn báo cáo")
    batch = ImportBatch.objects.create(
        plan=issued.plan, created_by=addressee, file_name="hoat-dong.xlsx"
    )
    token, _secret = api_token_issue(user=addressee, name="Máy chủ báo cáo")
    return {
        "units.Unit": tier_unit,
        "units.Membership": Membership.objects.filter(user=reporter).first(),
        "units.ApiToken": token,
        "auth.User": reporter,
        "directives.Register": issued.register,
        "campaigns.Activity": activity_row,
        "campaigns.Evidence": evidence,
        "campaigns.ImportBatch": batch,
        "reporting.Deadline": deadline,
        "reporting.Report": report,
        "reporting.ReportEvent": report.events.first(),
        "reporting.ReportAttachment": attachment,
        "reporting.Extension": extension,
        "reporting.Reminder": reminder,
        "reporting.Delivery": delivery,
        "reporting.Notification": notification,
    }


def shared_objects() -> dict[str, Model | None]:
    """Rows that belong to no unit: the same object stands in every column."""
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    return {
        "auth.Group": Group.objects.create(name="Biên tập viên"),
        "directives.Channel": Channel.objects.get(code="loudspeaker"),
        "directives.AudienceGroup": AudienceGroup.objects.order_by("pk").first(),
        "directives.SeedLoad": SeedLoad.objects.order_by("pk").first(),
        "django_celery_beat.IntervalSchedule": interval,
        "django_celery_beat.CrontabSchedule": CrontabSchedule.objects.create(),
        "django_celery_beat.SolarSchedule": SolarSchedule.objects.create(
            event="sunrise", latitude=21, longitude=105
        ),
        "django_celery_beat.ClockedSchedule": ClockedSchedule.objects.create(
            clocked_time=datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
        ),
        "django_celery_beat.PeriodicTask": PeriodicTask.objects.create(
            name="Quét nhắc hạn", task="reporting.tasks.sweep", interval=interval
        ),
    }


def build_world() -> World:
    units = {
        "own": unit("ky-lua/ubnd"),
        "sibling": sibling_ward(),
        "parent": unit("ls/ubnd"),
        "other": unit("hy/ubnd"),
    }
    receivers = {
        "own": units["parent"],
        "sibling": units["parent"],
        "parent": unit("2025:20"),
        "other": unit("2025:33"),
    }
    admin = personas.kyl_admin()
    world = World(admin=admin, units=units, documents={})
    shared = shared_objects()
    for tier, tier_unit in units.items():
        editor = member(f"{tier}-editor", tier_unit, Role.EDITOR)
        reporter = member(f"{tier}-reporter", tier_unit, Role.REPORTER)
        issued = plan_with_parts(editor, tier_unit, receivers[tier], f"Kế hoạch ({tier})")
        plan_issue(user=editor, document=issued, on=ISSUED_ON)
        issued.refresh_from_db()
        draft = plan_with_parts(editor, tier_unit, receivers[tier], f"Dự thảo ({tier})")
        world.documents[f"{tier}-issued"] = issued
        world.documents[f"{tier}-draft"] = draft
        own_rows = {**shared, **reporting_objects(tier_unit, issued, reporter, admin)}
        if tier == "own":
            world.objects["own-draft"] = {**own_rows, **plan_objects(draft)}
            world.objects["own-issued"] = {**own_rows, **plan_objects(issued)}
        else:
            world.objects[tier] = {**own_rows, **plan_objects(issued)}
    return world
