"""Shared fixtures: the national catalogue and the five seed plans are loaded once per
test session; each test runs in a transaction rolled back at its end.

Personas (named users) used across the suite:
- hy_editor:   editor of Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên (since 1/7/2025)
- hy_leader:   leader of Tỉnh Hưng Yên (the whole province tree)
- kyl_reporter: reporter of UBND phường Kỳ Lừa, Lạng Sơn
- ct_member:   reporter of Thành ủy Cần Thơ
- cg_member:   reporter of UBND xã Cẩm Giàng (successor of UBND huyện Cẩm Giàng)
- superuser
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from units.choices import Role
from units.models import Unit
from units.services import membership_add

# CI runs the reporting and dashboard tests a second time with the clock moved two years
# ahead (PORTAL_TEST_CLOCK_SHIFT_DAYS=731): a test that depends on the real date fails there.
# Tests that need a particular "today" fix it themselves (time_machine or `today=`/`now=`).
CLOCK_SHIFT = timedelta(days=int(os.environ.get("PORTAL_TEST_CLOCK_SHIFT_DAYS", "0") or 0))


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

    A transactional test empties the database when it ends; the next one reloads the
    catalogue and the seed plans here.
    """
    if not Unit.objects.filter(key="hy/btgdv").exists():
        call_command("load_admin_units", "--legacy", verbosity=0)
        call_command("load_seed_plans", verbosity=0)


def unit(ref: str) -> Unit:
    """A unit by key ("hy/btgdv") or by territory ("2025:33")."""
    scheme, sep, code = ref.partition(":")
    if sep:
        return Unit.objects.get(scheme=scheme, code=code)
    return Unit.objects.get(key=ref)


@pytest.fixture
def make_member(db: None) -> Callable[..., Any]:
    def factory(username: str, ref: str, role: str = Role.REPORTER) -> Any:
        user = get_user_model().objects.create_user(username=username, password="x-pass-123")
        membership_add(user=user, unit=unit(ref), role=role)
        return user

    return factory


@pytest.fixture
def hy_editor(make_member: Callable[..., Any]) -> Any:
    return make_member("hy_editor", "hy/btgdv", Role.EDITOR)


@pytest.fixture
def hy_leader(make_member: Callable[..., Any]) -> Any:
    return make_member("hy_leader", "2025:33", Role.LEADER)


@pytest.fixture
def kyl_reporter(make_member: Callable[..., Any]) -> Any:
    return make_member("kyl_reporter", "ky-lua/ubnd", Role.REPORTER)


@pytest.fixture
def ct_member(make_member: Callable[..., Any]) -> Any:
    return make_member("ct_member", "ct/thanh-uy", Role.REPORTER)


@pytest.fixture
def cg_member(make_member: Callable[..., Any]) -> Any:
    return make_member("cg_member", "hp/xa-cam-giang/ubnd", Role.REPORTER)


@pytest.fixture
def superuser(db: None) -> Any:
    return get_user_model().objects.create_superuser(username="root", password="x-pass-123")


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
