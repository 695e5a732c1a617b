"""`manage.py load_demo`: one login per persona and a few activities per assigned seed unit.
It fills every app, so it lives in this app above them all (import-linter layers)."""

import random
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from campaigns.models import Activity
from campaigns.services import EARLIEST_ACTIVITY, activity_log
from common.env import env_str
from common.types import Person
from directives.choices import AssignmentRole, DocumentStatus
from directives.models import Assignment, Channel
from units.choices import Role
from units.models import Unit
from units.services import membership_add

# (username, full name, unit reference, role, description)
PERSONAS = [
    (
        "bientap.hungyen",
        "Nguyễn Thị Biên Tập",
        "hy/btgdv",
        Role.EDITOR,
        "provincial editor — Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên",
    ),
    (
        "lanhdao.hungyen",
        "Trần Văn Lãnh Đạo",
        "2025:33",
        Role.LEADER,
        "leader — Tỉnh Hưng Yên (whole province)",
    ),
    (
        "baocao.kylua",
        "Hoàng Thị Báo Cáo",
        "ky-lua/ubnd",
        Role.REPORTER,
        "ward reporter — UBND phường Kỳ Lừa, Lạng Sơn",
    ),
]


DEMO_TITLE = "Tuyên truyền (dữ liệu mẫu)"


class Command(BaseCommand):
    help = "Tạo tài khoản mẫu cho từng vai trò / create one demo login per persona."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=env_str("DEMO_PASSWORD", "tuyentruyen-demo"))

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"]
        User = get_user_model()
        rows = []
        for username, full_name, ref, role, description in PERSONAS:
            unit = self._unit(ref)
            user, _created = User.objects.get_or_create(username=username)
            user.first_name, _sep, user.last_name = full_name.rpartition(" ")
            user.set_password(password)
            user.save()
            membership_add(user=user, unit=unit, role=role)
            rows.append((username, description))
        admin, _created = User.objects.get_or_create(username="quantri")
        admin.is_staff = admin.is_superuser = True
        admin.first_name, admin.last_name = "Quản", "Trị"
        admin.set_password(password)
        admin.save()
        rows.append(("quantri", "administrator (superuser)"))
        logged = self._activities(admin)
        self.stdout.write(f"Demo activities logged: {logged}")
        self.stdout.write(f"Demo logins (password: {password}):")
        for username, description in rows:
            self.stdout.write(f"  {username:<18} {description}")

    @staticmethod
    def _unit(ref: str) -> Unit:
        scheme, sep, code = ref.partition(":")
        unit = (
            Unit.objects.filter(scheme=scheme, code=code).first()
            if sep
            else Unit.objects.filter(key=ref).first()
        )
        if unit is None:
            raise CommandError(
                f"Unit {ref} is missing: run load_admin_units and load_seed_plans first."
            )
        return unit

    @staticmethod
    def _activities(admin: Person) -> int:
        """A few activities per assigned unit of each issued seed plan, so that the
        dashboard, the assignments page and the reports have something to show. Dates fall
        between the plan's issue and today; a second run adds nothing."""
        if Activity.objects.filter(title__startswith=DEMO_TITLE).exists():
            return 0
        rng = random.Random(57)
        today = timezone.localdate()
        channels = list(Channel.objects.filter(is_active=True).order_by("pk"))
        assignments = (
            Assignment.objects.filter(
                plan__document__key__startswith="seed-",
                plan__document__status=DocumentStatus.ISSUED,
                role__in=[AssignmentRole.LEAD, AssignmentRole.IMPLEMENT],
            )
            .select_related("plan__document")
            .prefetch_related("units")
            .order_by("pk")
        )
        logged = 0
        for assignment in assignments:
            document = assignment.plan.document
            start = max(document.in_force_from or EARLIEST_ACTIVITY, EARLIEST_ACTIVITY)
            span = (today - start).days
            if span <= 0:
                continue
            for unit in list(assignment.units.all())[:6]:
                for _n in range(2):
                    quantity = rng.randint(1, 10)
                    activity_log(
                        user=admin,
                        assignment=assignment,
                        unit=unit,
                        data={
                            "channel": channels[rng.randrange(len(channels))],
                            "title": f"{DEMO_TITLE} {document.reference}",
                            "started_on": start + timedelta(days=rng.randrange(span + 1)),
                            "quantity": quantity,
                            "participants": rng.randint(10, 200),
                            "reach": quantity * rng.randint(50, 400),
                        },
                    )
                    logged += 1
        return logged
