"""Shared fixtures: the national catalogue and the five seed plans are loaded once per
test session; each test runs in a transaction rolled back at its end.

The personas (named users, described in tests/personas.py) are fixtures here and nowhere
else; the rows tests make are made by tests/builders.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from importlib import import_module
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests import personas
from tests.builders import member
from tests.builders import unit as unit  # re-exported for tests written before builders.py
from units.models import BodyTemplate, Unit

# CI runs the reporting and dashboard tests a second time with the clock moved two years
# ahead (PORTAL_TEST_CLOCK_SHIFT_DAYS=731): a test that depends on the real date fails there.
# Tests that need a particular "today" fix it themselves (time_machine or `today=`/`now=`).
CLOCK_SHIFT = timedelta(days=int(os.environ.get("PORTAL_TEST_CLOCK_SHIFT_DAYS", "0") or 0))


# PBKDF2, as in production, costs a quarter of a second per user made. No test checks the
# hasher in this process (tests/test_settings.py asks a fresh process for the production
# one); the fault and browser servers started as subprocesses keep their own settings.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True)
def _shifted_clock() -> Iterator[None]:
    if not CLOCK_SHIFT:
        yield
        return
    with time_machine.travel(datetime.now(UTC) + CLOCK_SHIFT, tick=True):
        yield


@pytest.fixture
def clock() -> Iterator[Any]:
    """A fixed clock (20/11/2026 09:00 in Hà Nội) the test can move with `clock.move_to`."""
    with time_machine.travel(
        datetime(2026, 11, 20, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ) as traveller:
        yield traveller


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        call_command("load_admin_units", "--legacy", verbosity=0)
        call_command("load_seed_plans", verbosity=0)


@pytest.fixture
def seeded_transactional_db(transactional_db: None) -> None:
    """Committed data for tests whose threads or servers use their own connections.

    A transactional test empties the database when it ends, with the body templates a data
    migration wrote; the next one puts them back and reloads the catalogue and the seed
    plans here.
    """
    if not BodyTemplate.objects.exists():
        import_module("units.migrations.0004_seed_body_templates").seed(django_apps, None)
    if not Unit.objects.filter(key="hy/btgdv").exists():
        call_command("load_admin_units", "--legacy", verbosity=0)
        call_command("load_seed_plans", verbosity=0)


@pytest.fixture
def make_member(db: None) -> Callable[..., User]:
    """`make_member(username, unit_ref, role="reporter")`: a user with one role in one unit."""
    return member


@pytest.fixture
def hy_editor(db: None) -> User:
    return personas.hy_editor()


@pytest.fixture
def hy_leader(db: None) -> User:
    return personas.hy_leader()


@pytest.fixture
def hy_reporter(db: None) -> User:
    return personas.hy_reporter()


@pytest.fixture
def btgdv_reporter(db: None) -> User:
    return personas.btgdv_reporter()


@pytest.fixture
def kyl_reporter(db: None) -> User:
    return personas.kyl_reporter()


@pytest.fixture
def kyl_editor(db: None) -> User:
    return personas.kyl_editor()


@pytest.fixture
def vhxh_editor(db: None) -> User:
    return personas.vhxh_editor()


@pytest.fixture
def ls_leader(db: None) -> User:
    return personas.ls_leader()


@pytest.fixture
def ct_member(db: None) -> User:
    return personas.ct_member()


@pytest.fixture
def cg_member(db: None) -> User:
    return personas.cg_member()


@pytest.fixture
def superuser(db: None) -> User:
    return personas.superuser()


ROOT = Path(__file__).resolve().parents[1]


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(db["NAME"])
    else:
        user = db.get("USER") or "postgres"
        host = db.get("HOST") or "127.0.0.1"
        port = db.get("PORT") or 5432
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{db['NAME']}"
    return env


@pytest.fixture
def worker_queue() -> Iterator[str]:
    queue = f"test-{uuid.uuid4().hex[:8]}"
    celery = Path(sys.executable).with_name("celery")
    process = subprocess.Popen(
        [
            str(celery),
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "-Q",
            queue,
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=_worker_env(),
    )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
