"""A Celery worker lives through a Redis restart and runs what is sent afterwards.

The test owns its Redis server (a free loopback port, no persistence) and a real worker
process with the prefork pool, as in production. The worker is busy with a late-acked
task when Redis goes away: with celery 5.7.0 that was fatal ("Unrecoverable error:
AttributeError('NoneType' object has no attribute 'hostname')": the worker closed the
broken connection after collecting it, and restoring the unacknowledged message needed
the transport it had just dropped).
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from .servers import (
    ROOT,
    RedisServer,
    run_marker,
    send_task,
    stop_process,
    wait_for,
    worker_env,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _start_worker(redis_url: str, queue: str, log: Path) -> subprocess.Popen[bytes]:
    env = worker_env(connection.settings_dict, connection.vendor, REDIS_URL=redis_url)
    command = [str(Path(sys.executable).with_name("celery")), "-A", "config", "worker"]
    command += ["--concurrency", "2", "-Q", queue, "--include", "tests.faults.tasks"]
    command += ["--loglevel", "INFO", "--without-mingle"]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)


def test_worker_busy_with_a_late_acked_task_survives_a_redis_restart(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    worker = _start_worker(redis_server.url, queue, log)
    try:
        run_marker(redis_server.url, tmp_path / "ready", queue=queue, timeout=120)
        held = tmp_path / "held"
        send_task(redis_server.url, "tests.faults.hold", str(held), 4, queue=queue)
        wait_for(held.exists, timeout=60, what="the long task to start")

        redis_server.stop()
        redis_server.start()
        # Long enough for the held task to end and its acknowledgement to fail.
        with pytest.raises(subprocess.TimeoutExpired):
            worker.wait(timeout=10)

        run_marker(redis_server.url, tmp_path / "after-restart", queue=queue, timeout=120)
        assert worker.poll() is None
        assert "Unrecoverable error" not in log.read_text(errors="replace")
    finally:
        stop_process(worker)
