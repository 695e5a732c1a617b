"""A real Celery worker process consumes the portal's queue and reads its database.

On the default set-up the broker is kombu's filesystem transport (no server); in the CI
PostgreSQL pass REDIS_URL points at the real Redis server, so the same test runs against
real Redis queues and PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from units.tasks import ping

pytestmark = pytest.mark.django_db


def test_a_real_worker_runs_a_task_against_the_test_database(worker_queue: str) -> None:
    result = ping.apply_async(queue=worker_queue)
    assert result.get(timeout=120) == {"status": "pong", "provinces": 34}


def test_broker_matches_the_environment() -> None:
    if settings.REDIS_URL:
        assert settings.CELERY_BROKER_URL.startswith("redis://")
    else:
        assert settings.CELERY_BROKER_URL == "filesystem://"
    assert settings.CELERY_TASK_ACKS_LATE is True
