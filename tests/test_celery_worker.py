"""A real Celery worker process consumes the portal's queue and reads its database.

On the default set-up the broker is kombu's filesystem transport (no server); in the CI
PostgreSQL pass REDIS_URL points at the real Redis server, so the same test runs against
real Redis queues and PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from common.tasks import ping

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.django_db


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


def test_a_real_worker_runs_a_task_against_the_test_database(worker_queue: str) -> None:
    result = ping.apply_async(queue=worker_queue)
    assert result.get(timeout=120) == {"status": "pong", "provinces": 34}


def test_broker_matches_the_environment() -> None:
    if settings.REDIS_URL:
        assert settings.CELERY_BROKER_URL.startswith("redis://")
    else:
        assert settings.CELERY_BROKER_URL == "filesystem://"
    assert settings.CELERY_TASK_ACKS_LATE is True
