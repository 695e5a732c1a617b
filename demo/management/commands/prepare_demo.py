"""`manage.py prepare_demo [--run]`: everything `make run` needs, in one process.

Each step is idempotent and cheap when nothing changed, so a restart costs seconds: the
migrations are skipped when none is pending, the loaders compare the files with the
database and write nothing, and `load_demo` keeps passwords that still match (a new
password hash would sign everyone out). Static files are not collected: WhiteNoise serves
them from the source folders (WHITENOISE_USE_FINDERS in config/settings.py); only the image
(Dockerfile) runs collectstatic.

Every step prints `phase <name> <seconds> s`, which bench/first_run.py reads. With --run
the portal starts in the same process afterwards (`run_portal`), saving a second start of
Django.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

# (phase, command, arguments): run in this order; each must be safe to run again.
STEPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("admin_units", "load_admin_units", ("--legacy",)),
    ("seed_plans", "load_seed_plans", ()),
    # After the seed plans: the bodies adopt the seed's units instead of duplicating them.
    ("bodies", "load_bodies", ()),
    ("demo_logins", "load_demo", ()),
    ("deadlines", "generate_deadlines", ()),
)


class Command(BaseCommand):
    help = (
        "Chuẩn bị dữ liệu mẫu cho `make run` (chỉ làm phần còn thiếu); với --run thì chạy "
        "luôn cổng thông tin. / Prepare the demo data (only what is missing); --run serves."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--run", action="store_true", help="then start run_portal")

    def handle(self, *args: Any, **options: Any) -> None:
        self._phase("migrate", self._migrate)
        for phase, command, arguments in STEPS:
            self._phase(phase, partial(self._call, command, *arguments))
        if options["run"]:
            self._call("run_portal")

    def _call(self, command: str, *arguments: str) -> None:
        call_command(command, *arguments, stdout=self.stdout, stderr=self.stderr)

    def _phase(self, name: str, step: Callable[[], object]) -> None:
        started = time.monotonic()
        step()
        self.stdout.write(f"phase {name} {time.monotonic() - started:.2f} s")
        self.stdout.flush()

    def _migrate(self) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        targets = executor.loader.graph.leaf_nodes()
        if executor.migration_plan(targets):
            self._call("migrate", "--noinput")
