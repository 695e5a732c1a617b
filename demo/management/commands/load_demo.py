"""`manage.py load_demo`: the persona logins, a few activities per assigned seed unit, work
waiting for every persona (demo/work.py) and an API token; a second run adds nothing.
Run after load_bodies; without it, the bodies of the demo's provinces are made here.
It fills every app, so it lives in this app above them all (import-linter layers)."""

import random
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from campaigns.models import Activity
from campaigns.services import EARLIEST_ACTIVITY
from common.env import env_str
from common.types import Person
from demo.answers import demo_answers_ensure
from demo.api_token import demo_token_ensure
from demo.personas import ADMIN, BODY_PROVINCES, PERSONAS, bodies_ensure, personas_ensure
from demo.plans import demo_plans_ensure
from demo.waiting import waiting_for
from demo.work import Draws, demo_work_make, drawn_activity_log
from directives.choices import AssignmentRole, DocumentStatus
from directives.models import Assignment, Channel

DEMO_TITLE = "Tuyên truyền (dữ liệu mẫu)"
SEED_DRAWS = Draws(quantity=10, participants=(10, 200), reach=(50, 400))


def _day_within(rng: random.Random, start: date, span: int) -> date:
    """A day from `start` to `span` days after it."""
    return start + timedelta(days=rng.randrange(span + 1))


class Command(BaseCommand):
    help = "Tạo tài khoản mẫu cho từng vai trò / create one demo login per persona."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=env_str("DEMO_PASSWORD", "tuyentruyen-demo"))

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"]
        today = timezone.localdate()
        var_dir = Path(settings.VAR_DIR)
        if bodies_ensure():
            self.stdout.write(f"Bodies made for provinces {', '.join(BODY_PROVINCES)}")
        users = personas_ensure(password=password, memo_path=var_dir / "demo_logins.json")
        admin = users[ADMIN]
        logged = self._activities(admin)
        plans = demo_plans_ensure(editors=users, admin=admin, today=today)
        demo_work_make(users=dict(users), plans=plans, today=today)
        answered = demo_answers_ensure(admin=admin, today=today)
        made = ", ".join(sorted(plans.made))
        secret, issued = demo_token_ensure(
            user=users["lanhdao.hungyen"], path=var_dir / "demo_api_token"
        )
        self.stdout.write(f"Demo activities logged: {logged}")
        self.stdout.write(f"Demo implementing plans issued: {answered}")
        self.stdout.write(f"Demo work waiting: {f'made now ({made})' if made else 'already there'}")
        self.stdout.write(f"Demo logins (password: {password}):")
        self.stdout.write(f"  {'username':<24} {'role':<9} {'unit':<42} waiting")
        for persona in PERSONAS:
            waiting = waiting_for(users[persona.username], today).describe()
            self.stdout.write(
                f"  {persona.username:<24} {persona.role:<9} {persona.description:<42} {waiting}"
            )
        self.stdout.write(f"  {ADMIN:<24} {'admin':<9} {'(superuser)':<42} -")
        self.stdout.write(
            f"Demo API token of lanhdao.hungyen{' (new)' if issued else ''}: {secret}\n"
            f"  curl -H 'Authorization: Token {secret}' http://127.0.0.1:8000/api/v1/deadlines/"
        )

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
                    drawn_activity_log(
                        rng,
                        user=admin,
                        assignment=assignment,
                        unit=unit,
                        channels=channels,
                        title=f"{DEMO_TITLE} {document.reference}",
                        started_on=partial(_day_within, rng, start, span),
                        draws=SEED_DRAWS,
                    )
                    logged += 1
        return logged
